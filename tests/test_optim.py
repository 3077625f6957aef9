"""Optimizers, schedules and clipping against torch.optim.

Parity: the same float32 model and the same gradients (fresh random ones each step) for 10 steps;
the parameters must agree after every step within rtol 1e-5 / atol 1e-6 (float32 rounding; the
worst difference measured over all configurations was 4.8e-7). Training: a small MLP trained
full-batch with each optimizer (forward and backward computed by each library) follows PyTorch's loss
curve over 30 steps within rtol 2e-6 (worst measured: 3.7e-7).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

import dfdx_typed as dt
from dfdx_typed import nn
from dfdx_typed.optim import MissingGradientError

RTOL, ATOL = 1e-5, 1e-6

OptFactory = Callable[[nn.Module], dt.optim.Optimizer]
TorchFactory = Callable[[list[torch.nn.Parameter]], torch.optim.Optimizer]

# (label, ours, torch, decoupled weight decay to emulate in torch: (lr, wd) or None)
CONFIGS: list[tuple[str, OptFactory, TorchFactory, tuple[float, float] | None]] = [
    ("sgd", lambda m: dt.optim.Sgd(m, lr=0.1), lambda p: torch.optim.SGD(p, lr=0.1), None),
    (
        "sgd-momentum",
        lambda m: dt.optim.Sgd(m, lr=0.1, momentum=0.9),
        lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
        None,
    ),
    (
        "sgd-dampening",
        lambda m: dt.optim.Sgd(m, lr=0.1, momentum=0.9, dampening=0.3),
        lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, dampening=0.3),
        None,
    ),
    (
        "sgd-nesterov",
        lambda m: dt.optim.Sgd(m, lr=0.1, momentum=0.9, nesterov=True),
        lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True),
        None,
    ),
    (
        "sgd-l2",
        lambda m: dt.optim.Sgd(m, lr=0.1, weight_decay=0.05),
        lambda p: torch.optim.SGD(p, lr=0.1, weight_decay=0.05),
        None,
    ),
    (
        "sgd-l2-nesterov",
        lambda m: dt.optim.Sgd(m, lr=0.1, momentum=0.8, nesterov=True, weight_decay=0.05),
        lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.8, nesterov=True, weight_decay=0.05),
        None,
    ),
    (
        "sgd-decoupled",
        lambda m: dt.optim.Sgd(m, lr=0.1, weight_decay=0.05, decoupled_weight_decay=True),
        lambda p: torch.optim.SGD(p, lr=0.1),
        (0.1, 0.05),
    ),
    (
        "sgd-decoupled-momentum",
        lambda m: dt.optim.Sgd(m, lr=0.1, momentum=0.9, weight_decay=0.05, decoupled_weight_decay=True),
        lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
        (0.1, 0.05),
    ),
    ("adam", lambda m: dt.optim.Adam(m, lr=1e-2), lambda p: torch.optim.Adam(p, lr=1e-2), None),
    (
        "adam-l2",
        lambda m: dt.optim.Adam(m, lr=1e-2, weight_decay=0.1),
        lambda p: torch.optim.Adam(p, lr=1e-2, weight_decay=0.1),
        None,
    ),
    (
        "adam-decoupled",
        lambda m: dt.optim.Adam(m, lr=1e-2, weight_decay=0.1, decoupled_weight_decay=True),
        lambda p: torch.optim.Adam(p, lr=1e-2, weight_decay=0.1, decoupled_weight_decay=True),
        None,
    ),
    (
        "adam-amsgrad",
        lambda m: dt.optim.Adam(m, lr=1e-2, amsgrad=True, weight_decay=0.1),
        lambda p: torch.optim.Adam(p, lr=1e-2, amsgrad=True, weight_decay=0.1),
        None,
    ),
    (
        "adam-betas",
        lambda m: dt.optim.Adam(m, lr=1e-2, betas=(0.3, 0.9), eps=1e-6),
        lambda p: torch.optim.Adam(p, lr=1e-2, betas=(0.3, 0.9), eps=1e-6),
        None,
    ),
    ("adamw", lambda m: dt.optim.AdamW(m, lr=1e-2), lambda p: torch.optim.AdamW(p, lr=1e-2), None),
    (
        "adamw-amsgrad",
        lambda m: dt.optim.AdamW(m, lr=1e-2, weight_decay=0.2, amsgrad=True),
        lambda p: torch.optim.AdamW(p, lr=1e-2, weight_decay=0.2, amsgrad=True),
        None,
    ),
    ("rmsprop", lambda m: dt.optim.RMSprop(m, lr=1e-2), lambda p: torch.optim.RMSprop(p, lr=1e-2), None),
    (
        "rmsprop-centered",
        lambda m: dt.optim.RMSprop(m, lr=1e-2, centered=True),
        lambda p: torch.optim.RMSprop(p, lr=1e-2, centered=True),
        None,
    ),
    (
        "rmsprop-momentum",
        lambda m: dt.optim.RMSprop(m, lr=1e-2, momentum=0.9, alpha=0.9),
        lambda p: torch.optim.RMSprop(p, lr=1e-2, momentum=0.9, alpha=0.9),
        None,
    ),
    (
        "rmsprop-all",
        lambda m: dt.optim.RMSprop(m, lr=1e-2, momentum=0.5, centered=True, weight_decay=0.1),
        lambda p: torch.optim.RMSprop(p, lr=1e-2, momentum=0.5, centered=True, weight_decay=0.1),
        None,
    ),
]
IDS = [c[0] for c in CONFIGS]


def _models(seed: int = 0) -> tuple[nn.Module, torch.nn.Module]:
    torch.manual_seed(seed)
    tm = torch.nn.Sequential(torch.nn.Linear(6, 16), torch.nn.Tanh(), torch.nn.Linear(16, 3))
    m = nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 3))
    m.load_state_dict({k: v.detach().numpy() for k, v in tm.state_dict().items()})
    return m, tm


def _assert_same_params(m: nn.Module, tm: torch.nn.Module, context: str) -> None:
    for name, p in tm.named_parameters():
        np.testing.assert_allclose(
            m.state_dict()[name].numpy(),
            p.detach().numpy(),
            rtol=RTOL,
            atol=ATOL,
            err_msg=f"{context}: {name}",
        )


@pytest.mark.parametrize("label, make, make_torch, decoupled", CONFIGS, ids=IDS)
def test_optimizer_matches_torch_over_ten_steps(
    label: str, make: OptFactory, make_torch: TorchFactory, decoupled: tuple[float, float] | None
) -> None:
    m, tm = _models()
    opt, topt = make(m), make_torch(list(tm.parameters()))
    rng = np.random.default_rng(1)
    for step in range(10):
        grads = {k: rng.standard_normal(p.shape).astype(np.float32) for k, p in m.named_parameters()}
        opt.update(m, grads)
        with torch.no_grad():
            for name, p in tm.named_parameters():
                p.grad = torch.tensor(grads[name])
                if decoupled is not None:  # torch.optim.SGD has no decoupled decay: apply it as AdamW does
                    lr, wd = decoupled
                    p.mul_(1 - lr * wd)
        topt.step()
        _assert_same_params(m, tm, f"{label} step {step + 1}")


@pytest.mark.parametrize("label, make, make_torch, decoupled", CONFIGS, ids=IDS)
def test_training_an_mlp_follows_the_torch_loss_curve(
    label: str, make: OptFactory, make_torch: TorchFactory, decoupled: tuple[float, float] | None
) -> None:
    m, tm = _models(seed=2)
    opt, topt = make(m), make_torch(list(tm.parameters()))
    data = np.random.default_rng(3).standard_normal((32, 6)).astype(np.float32)
    target = np.sin(data[:, :3] * 2).astype(np.float32)
    x, y = dt.from_numpy(data), dt.from_numpy(target)
    tx, ty = torch.tensor(data), torch.tensor(target)
    ours, theirs = [], []
    for _ in range(30):
        loss = dt.losses.mse_loss(m(x.trace()), y)
        opt.update(m, loss.backward())
        ours.append(loss.item())
        topt.zero_grad()
        tloss = torch.nn.functional.mse_loss(tm(tx), ty)
        tloss.backward()
        if decoupled is not None:
            with torch.no_grad():
                for p in tm.parameters():
                    p.mul_(1 - decoupled[0] * decoupled[1])
        topt.step()
        theirs.append(tloss.item())
    np.testing.assert_allclose(ours, theirs, rtol=2e-6, atol=0)
    assert ours[-1] < 0.8 * ours[0], f"{label} did not train: {ours[0]} -> {ours[-1]}"


# --- gradients that are missing, misshapen or misnamed ------------------------------------------------


def test_a_parameter_without_a_gradient_is_an_error_naming_it() -> None:
    model = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2), nn.Linear(2, 2))
    x = dt.randn((5, 3)).trace()
    grads = model[1](model[0](x)).sum().backward()  # layer 2 unused
    opt = dt.optim.Adam(model, lr=0.1)
    before = model.state_dict()
    with pytest.raises(
        MissingGradientError,
        match=r"Adam\.update: no gradient for parameter '2\.weight' \(2, 2\), '2\.bias' \(2,\)"
        r".*allow_missing=True",
    ):
        opt.update(model, grads)
    assert all(model.state_dict()[k] is v for k, v in before.items())  # nothing changed
    untraced = model(x.detach()).sum()
    assert not untraced.is_traced
    skipping = dt.optim.Adam(model, lr=0.1, allow_missing=True)
    skipping.update(model, grads)
    assert model[2].weight is before["2.weight"] and model[0].weight is not before["0.weight"]
    assert "2.weight" not in skipping.state and skipping.state["0.weight"]["step"] == 1


def test_gradients_by_name_are_checked() -> None:
    model = nn.Linear(3, 2)
    opt = dt.optim.Sgd(model, lr=0.1)
    with pytest.raises(
        ValueError, match=r"the gradient of 'weight' has shape \(3, 2\) but the parameter has \(2, 3\)"
    ):
        opt.update(model, {"weight": np.zeros((3, 2), np.float32), "bias": np.zeros(2, np.float32)})
    with pytest.raises(KeyError, match=r"gradients given for \['wieght'\]"):
        opt.update(model, {"wieght": np.zeros((2, 3), np.float32), "bias": np.zeros(2, np.float32)})


def test_state_is_keyed_by_parameter_name_and_survives_replacement() -> None:
    model = nn.Linear(3, 2)
    opt = dt.optim.Sgd(model, lr=0.1, momentum=0.9)
    first = model.weight
    x = dt.randn((4, 3)).trace()
    opt.update(model, model(x).sum().backward())
    assert model.weight is not first  # a new tensor in the slot
    assert set(opt.state) == {"weight", "bias"}
    buf = opt.state["weight"]["momentum_buffer"].copy()
    opt.update(model, model(x).sum().backward())
    assert not np.array_equal(opt.state["weight"]["momentum_buffer"], buf)


# --- schedules ---------------------------------------------------------------------------------------------


def _schedule_pair(
    make: Callable[[dt.optim.Optimizer], Any], make_torch: Callable[[torch.optim.Optimizer], Any], steps: int
) -> tuple[list[float], list[float]]:
    m, tm = _models()
    opt = dt.optim.Sgd(m, lr=0.5)
    topt = torch.optim.SGD(tm.parameters(), lr=0.5)
    sched, tsched = make(opt), make_torch(topt)
    ours, theirs = [opt.lr], [topt.param_groups[0]["lr"]]
    for _ in range(steps):
        sched.step()
        topt.step()
        tsched.step()
        ours.append(opt.lr)
        theirs.append(topt.param_groups[0]["lr"])
    return ours, theirs


SCHEDULES = [
    ("step", lambda o: dt.optim.StepLR(o, 3, 0.5), lambda o: torch.optim.lr_scheduler.StepLR(o, 3, 0.5)),
    (
        "cosine",
        lambda o: dt.optim.CosineAnnealingLR(o, 10, eta_min=0.01),
        lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 10, eta_min=0.01),
    ),
    (
        "linear-warmup",
        lambda o: dt.optim.LinearLR(o, 0.1, 1.0, 5),
        lambda o: torch.optim.lr_scheduler.LinearLR(o, 0.1, 1.0, 5),
    ),
    (
        "warmup-then-cosine",
        lambda o: dt.optim.SequentialLR(
            o, [dt.optim.LinearLR(o, 0.1, 1.0, 4), dt.optim.CosineAnnealingLR(o, 8)], [4]
        ),
        lambda o: torch.optim.lr_scheduler.SequentialLR(
            o,
            [
                torch.optim.lr_scheduler.LinearLR(o, 0.1, 1.0, 4),
                torch.optim.lr_scheduler.CosineAnnealingLR(o, 8),
            ],
            [4],
        ),
    ),
]


@pytest.mark.parametrize("label, make, make_torch", SCHEDULES, ids=[s[0] for s in SCHEDULES])
def test_schedules_match_torch(label: str, make: Any, make_torch: Any) -> None:
    ours, theirs = _schedule_pair(make, make_torch, 16)
    # PyTorch's cosine schedule is computed recursively; the closed form here agrees to float rounding.
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


def test_the_schedule_drives_the_update() -> None:
    model = nn.Linear(2, 1)
    opt = dt.optim.Sgd(model, lr=1.0)
    sched = dt.optim.StepLR(opt, 1, 0.5)
    sched.step()
    w = model.weight.numpy()
    opt.update(model, {"weight": np.ones((1, 2), np.float32), "bias": np.ones(1, np.float32)})
    np.testing.assert_allclose(model.weight.numpy(), w - 0.5)


# --- clipping ------------------------------------------------------------------------------------------


def _same_gradients(m: nn.Module, tm: torch.nn.Module) -> dt.Gradients:
    """Our gradients of a batch, and the very same arrays set as torch's ``.grad``."""
    x = np.random.default_rng(0).standard_normal((8, 6)).astype(np.float32)
    grads = m(dt.from_numpy(x).trace()).sum().backward()
    tparams = dict(tm.named_parameters())
    for name, p in m.named_parameters():
        tparams[name].grad = torch.tensor(grads[p].numpy())
    return grads


@pytest.mark.parametrize("norm_type", [2.0, 1.0, float("inf")])
@pytest.mark.parametrize("max_norm", [0.5, 100.0])
def test_clip_grad_norm_matches_torch(norm_type: float, max_norm: float) -> None:
    m, tm = _models()
    grads = _same_gradients(m, tm)
    clipped, total = dt.optim.clip_grad_norm(m, grads, max_norm, norm_type=norm_type)
    ttotal = torch.nn.utils.clip_grad_norm_(tm.parameters(), max_norm, norm_type=norm_type)
    # The norm is summed in float64 here and in float32 by PyTorch.
    np.testing.assert_allclose(total, ttotal.item(), rtol=1e-6)
    assert isinstance(clipped, dt.Gradients)
    for name, p in m.named_parameters():
        tgrad = dict(tm.named_parameters())[name].grad
        np.testing.assert_allclose(clipped[p].numpy(), tgrad.numpy(), rtol=1e-6, atol=0, err_msg=name)
    # Clipped gradients feed the optimizer like any others.
    dt.optim.Sgd(m, lr=0.1).update(m, clipped)


def test_clip_grad_value_matches_torch_and_keeps_the_form_given() -> None:
    m, tm = _models()
    grads = _same_gradients(m, tm)
    clipped = dt.optim.clip_grad_value(m, grads, 0.3)
    torch.nn.utils.clip_grad_value_(tm.parameters(), 0.3)
    for name, p in m.named_parameters():
        np.testing.assert_array_equal(clipped[p].numpy(), dict(tm.named_parameters())[name].grad.numpy())
    by_name = {k: grads[p] for k, p in m.named_parameters()}
    clipped_by_name = dt.optim.clip_grad_value(m, by_name, 0.3)
    assert isinstance(clipped_by_name, dict) and set(clipped_by_name) == set(by_name)
    with pytest.raises(ValueError, match="non-finite|inf"):
        bad = {k: np.full(p.shape, np.inf, np.float32) for k, p in m.named_parameters()}
        dt.optim.clip_grad_norm(m, bad, 1.0, error_if_nonfinite=True)


def test_schedules_built_one_after_another_share_the_initial_rate() -> None:
    m, _ = _models()
    opt = dt.optim.Sgd(m, lr=0.5)
    warmup = dt.optim.LinearLR(opt, 0.1, 1.0, 4)
    assert opt.lr == pytest.approx(0.05)
    cosine = dt.optim.CosineAnnealingLR(opt, 8)
    assert warmup.base_lr == cosine.base_lr == 0.5  # not the warmed-down 0.05
