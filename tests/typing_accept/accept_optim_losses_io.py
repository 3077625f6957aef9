"""Must-accept: dt.optim (optimizers, schedules, clipping), dt.losses (tapes joined over prediction and
target), checkpoint files, and ``@dt.shapecheck``.

Type-checked with zero errors by pyright (strict) and by mypy without the plugin (tests/test_stubs.py),
and executed. `assert_type` is used only where both checkers agree on the type.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, assert_type
from typing import Literal as L

import numpy as np

import dfdx_typed as dt
from dfdx_typed import Gradients, NoneTape, OwnedTape, Tensor

nn = dt.nn
B = TypeVar("B", bound=int)
T = TypeVar("T")

Pred = Tensor[tuple[L[4], L[3]]]
Scalar = Tensor[tuple[()], OwnedTape]


def regression_losses(p: Pred, target: Pred) -> None:
    pt = p.trace()
    # 0-d results; traced when the prediction or the target is (the tapes join).
    assert_type(dt.losses.mse_loss(pt, target), Scalar)
    assert_type(dt.losses.mse_loss(p, target), Tensor[tuple[()], NoneTape])
    assert_type(dt.losses.mse_loss(p, target.trace()), Scalar)
    assert_type(dt.losses.rmse_loss(pt, target), Scalar)
    assert_type(dt.losses.mae_loss(pt, target, reduction="sum"), Scalar)
    assert_type(dt.losses.huber_loss(pt, target, delta=0.5), Scalar)
    assert_type(dt.losses.smooth_l1_loss(pt, target, beta=0.5), Scalar)
    # An `Any`-shaped target (a constructor's result) joins the same way.
    loss = dt.losses.mse_loss(pt, dt.zeros((4, 3)))
    assert_type(loss, Scalar)
    loss.backward()


def classification_losses(logits: Pred, labels: Tensor[tuple[L[4]]], probs: Pred) -> None:
    lt = logits.trace()
    # Class indices carry no gradient: the loss has the logits' tape.
    assert_type(dt.losses.cross_entropy(lt, labels, label_smoothing=0.1), Scalar)
    assert_type(dt.losses.cross_entropy(logits, labels), Tensor[tuple[()], NoneTape])
    assert_type(dt.losses.nll_loss(lt.log_softmax(), labels, ignore_index=-1), Scalar)
    assert_type(dt.losses.cross_entropy_with_logits(lt, probs), Scalar)
    assert_type(dt.losses.kl_div_with_logits(logits, probs.trace()), Scalar)
    assert_type(dt.losses.binary_cross_entropy_with_logits(lt, probs), Scalar)
    weight: Tensor[tuple[L[3]]] = dt.full((3,), 2.0)
    untraced = dt.losses.binary_cross_entropy_with_logits(logits, probs, pos_weight=weight)
    assert_type(untraced, Tensor[tuple[()], NoneTape])
    assert_type(dt.losses.binary_cross_entropy_with_logits(logits, probs, weight.trace()), Scalar)


def generic_loss(pred: Tensor[tuple[B, L[3]], T], target: Tensor[tuple[B, L[3]]]) -> Tensor[tuple[()], T]:
    # Generic in the tape: an untraced target keeps the prediction's tape.
    return dt.losses.mse_loss(pred, target)


def optimizers() -> None:
    x: Tensor[tuple[L[8], L[2]]] = dt.randn((8, 2))
    y: Tensor[tuple[L[8], L[1]]] = dt.randn((8, 1))
    makers: list[Callable[[nn.Module], dt.optim.Optimizer]] = [
        lambda m: dt.optim.Sgd(m, lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4),
        lambda m: dt.optim.Sgd(m, lr=0.1, weight_decay=1e-2, decoupled_weight_decay=True),
        lambda m: dt.optim.Adam(m, lr=1e-2, betas=(0.9, 0.99), amsgrad=True),
        lambda m: dt.optim.AdamW(m, lr=1e-2, weight_decay=1e-2),
        lambda m: dt.optim.RMSprop(m, lr=1e-2, alpha=0.9, centered=True, momentum=0.5),
    ]
    for make in makers:
        model: nn.Linear[L[2], L[1]] = nn.Linear(2, 1)
        opt = make(model)
        schedule = dt.optim.CosineAnnealingLR(opt, T_max=4, eta_min=1e-4)
        losses: list[float] = []
        for _ in range(3):
            loss = dt.losses.mse_loss(model(x.trace()), y)
            grads = loss.backward()
            assert_type(grads, Gradients)
            assert_type(grads[model.weight], Tensor[tuple[L[1], L[2]], NoneTape])
            opt.update(model, grads)
            schedule.step()
            losses.append(float(loss.item()))
        assert losses[-1] < losses[0] and schedule.get_last_lr() == opt.lr


def schedules_and_clipping() -> None:
    model = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 1))
    opt = dt.optim.Sgd(model, lr=0.1)
    warmup = dt.optim.LinearLR(opt, start_factor=0.5, total_iters=2)
    decay = dt.optim.StepLR(opt, step_size=2, gamma=0.5)
    schedule = dt.optim.SequentialLR(opt, [warmup, decay], milestones=[2])
    assert isinstance(schedule, dt.optim.LRScheduler) and math.isclose(opt.lr, 0.05)
    x: Tensor[tuple[L[3], L[2]]] = dt.randn((3, 2))
    grads = model(x.trace()).sum().backward()
    # Clipping returns gradients of the kind it was given.
    clipped, norm = dt.optim.clip_grad_norm(model, grads, max_norm=0.5)
    assert_type(clipped, Gradients)
    assert norm >= 0.0
    by_value = dt.optim.clip_grad_value(model, grads, 0.1)
    assert_type(by_value, Gradients)
    named = {name: np.ones(p.shape, dtype=np.float32) for name, p in model.named_parameters()}
    as_dict, _ = dt.optim.clip_grad_norm(model, named, max_norm=1.0, norm_type=math.inf)
    assert_type(as_dict, dict[str, Tensor[Any, NoneTape]])
    opt.update(model, as_dict)
    opt.update(model, dt.optim.clip_grad_value(model, named, 0.5))
    schedule.step()
    # A parameter without a gradient is an error unless the optimizer opts out.
    partial = (model[0].parameters()[0].trace() * 2.0).sum().backward()
    try:
        opt.update(model, partial)
    except dt.optim.MissingGradientError as e:
        assert "no gradient" in str(e)
    else:
        raise AssertionError("a parameter without a gradient must be an error")
    any_grads: dt.optim.GradsLike = partial
    dt.optim.Adam(model, allow_missing=True).update(model, any_grads)


def checkpoints() -> None:
    model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))
    other = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.npz"
        dt.save(model, path)
        dt.load(other, str(path))
        dt.load(other, path, strict=False)
        (Path(tmp) / "broken.npz").write_bytes(b"not a checkpoint")
        try:
            dt.load(other, Path(tmp) / "broken.npz")
        except dt.CheckpointError as e:
            assert "broken.npz" in str(e)
        else:
            raise AssertionError("loading a corrupt file must raise CheckpointError")
    a, b = model.state_dict(), other.state_dict()
    assert all(np.array_equal(a[k].numpy(), b[k].numpy()) for k in a)


@dt.shapecheck
def scale_rows(x: Tensor[tuple[B, L[3]], T], w: Tensor[tuple[L[3]]]) -> Tensor[tuple[B, L[3]], T]:
    return x * w


def boundary_checks() -> None:
    # The decorator keeps the function's type: calls are checked statically and at run time.
    x: Tensor[tuple[L[2], L[3]]] = dt.ones((2, 3))
    w: Tensor[tuple[L[3]]] = dt.ones((3,))
    assert_type(scale_rows(x.trace(), w), Tensor[tuple[L[2], L[3]], OwnedTape])
    wrong: Tensor[Any, NoneTape] = dt.ones((2, 4))
    try:
        scale_rows(wrong, w)
    except dt.ShapecheckError as e:
        assert e.function == "scale_rows" and isinstance(e, dt.ShapeError)
    else:
        raise AssertionError("a (2, 4) input must fail the (B, 3) annotation")
    assert dt.shapecheck.enabled

    @dt.shapecheck(typechecker=None)
    def double(v: Tensor[tuple[B]]) -> Tensor[tuple[B]]:
        return v * 2.0

    assert double(dt.ones((2,))).shape == (2,)
    dt.shapecheck.check(x, Tensor[tuple[L[2], L[3]]], "x")


def main() -> None:
    dt.manual_seed(0)
    p: Pred = dt.randn((4, 3))
    regression_losses(p, dt.randn((4, 3)))
    classification_losses(p, dt.tensor([0, 2, 1, 0]), dt.full((4, 3), 1.0 / 3))
    assert generic_loss(p.trace(), p).item() == 0.0
    optimizers()
    schedules_and_clipping()
    checkpoints()
    boundary_checks()


if __name__ == "__main__":
    main()
