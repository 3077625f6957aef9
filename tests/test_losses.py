"""Losses against torch.nn.functional: value and gradients in float64 (rtol 1e-10 / atol 1e-12), at
extreme logits in float32 (finite, rtol 1e-5 / atol 1e-6), shape errors naming the loss and both
shapes, and 0-d results that carry the tape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import dfdx_typed as dt
from dfdx_typed import losses

RTOL, ATOL = 1e-10, 1e-12


def _rand(shape: tuple[int, ...], seed: int, scale: float = 1.0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(shape) * scale


def _probs(shape: tuple[int, ...], seed: int, zeros: bool = False) -> np.ndarray:
    p = np.exp(_rand(shape, seed))
    if zeros:
        p[..., 0] = 0.0  # 0·log 0 must count as 0
    return p / p.sum(-1, keepdims=True)


def _check(
    ours: Callable[..., dt.Tensor[Any, Any]],
    theirs: Callable[..., torch.Tensor],
    prediction: np.ndarray,
    target: np.ndarray,
    rtol: float = RTOL,
    atol: float = ATOL,
    trace_target: bool = False,
) -> None:
    x = dt.from_numpy(prediction).trace()
    y = dt.from_numpy(target).trace() if trace_target else dt.from_numpy(target)
    loss = ours(x, y)
    assert loss.shape == () and loss.is_traced
    tx = torch.tensor(prediction, requires_grad=True)
    ty = torch.tensor(target, requires_grad=trace_target)
    tloss = theirs(tx, ty)
    np.testing.assert_allclose(loss.item(), tloss.item(), rtol=rtol, atol=atol, err_msg="value")
    grads = loss.backward()
    tloss.backward()
    np.testing.assert_allclose(grads[x].numpy(), tx.grad.numpy(), rtol=rtol, atol=atol, err_msg="gradient")
    if trace_target:
        np.testing.assert_allclose(
            grads[y].numpy(), ty.grad.numpy(), rtol=rtol, atol=atol, err_msg="target gradient"
        )


REGRESSION: list[tuple[str, Callable[..., Any], Callable[..., Any]]] = [
    ("mse", losses.mse_loss, F.mse_loss),
    (
        "mse-sum",
        lambda a, b: losses.mse_loss(a, b, reduction="sum"),
        lambda a, b: F.mse_loss(a, b, reduction="sum"),
    ),
    ("rmse", losses.rmse_loss, lambda a, b: torch.sqrt(F.mse_loss(a, b))),
    ("mae", losses.mae_loss, F.l1_loss),
    ("huber", losses.huber_loss, F.huber_loss),
    (
        "huber-delta",
        lambda a, b: losses.huber_loss(a, b, delta=0.3),
        lambda a, b: F.huber_loss(a, b, delta=0.3),
    ),
    ("smooth-l1", losses.smooth_l1_loss, F.smooth_l1_loss),
    (
        "smooth-l1-beta",
        lambda a, b: losses.smooth_l1_loss(a, b, beta=0.4),
        lambda a, b: F.smooth_l1_loss(a, b, beta=0.4),
    ),
    (
        "smooth-l1-beta0",
        lambda a, b: losses.smooth_l1_loss(a, b, beta=0.0),
        lambda a, b: F.smooth_l1_loss(a, b, beta=0.0),
    ),
]


@pytest.mark.parametrize("name, ours, theirs", REGRESSION, ids=[r[0] for r in REGRESSION])
def test_regression_losses_match_torch(name: str, ours: Any, theirs: Any) -> None:
    _check(ours, theirs, _rand((4, 5), 1), _rand((4, 5), 2), trace_target=True)


def test_huber_at_the_joint_matches_torch() -> None:
    # |d| exactly equal to delta: the two pieces meet, and so must the gradients.
    pred = np.array([1.0, -1.0, 0.5, 2.0, 0.0])
    _check(losses.huber_loss, F.huber_loss, pred, np.zeros(5))


CLASSIFICATION: list[tuple[str, Callable[..., Any], Callable[..., Any], Callable[[int], np.ndarray]]] = [
    ("cross-entropy", losses.cross_entropy, F.cross_entropy, lambda s: np.array([0, 4, 2, 1, 3, 4])),
    (
        "cross-entropy-ignore",
        lambda a, b: losses.cross_entropy(a, b, ignore_index=-1),
        lambda a, b: F.cross_entropy(a, b, ignore_index=-1),
        lambda s: np.array([0, -1, 2, 1, -1, 4]),
    ),
    (
        "cross-entropy-smoothing",
        lambda a, b: losses.cross_entropy(a, b, label_smoothing=0.2),
        lambda a, b: F.cross_entropy(a, b, label_smoothing=0.2),
        lambda s: np.array([0, 4, 2, 1, 3, 4]),
    ),
    (
        "cross-entropy-smoothing-ignore",
        lambda a, b: losses.cross_entropy(a, b, ignore_index=2, label_smoothing=0.1, reduction="sum"),
        lambda a, b: F.cross_entropy(a, b, ignore_index=2, label_smoothing=0.1, reduction="sum"),
        lambda s: np.array([0, 4, 2, 1, 3, 2]),
    ),
    ("nll", losses.nll_loss, F.nll_loss, lambda s: np.array([0, 4, 2, 1, 3, 4])),
    (
        "nll-ignore",
        lambda a, b: losses.nll_loss(a, b, ignore_index=4),
        lambda a, b: F.nll_loss(a, b, ignore_index=4),
        lambda s: np.array([0, 4, 2, 1, 3, 4]),
    ),
]


@pytest.mark.parametrize("scale", [1.0, 1e4], ids=["normal", "extreme"])
@pytest.mark.parametrize("name, ours, theirs, target", CLASSIFICATION, ids=[c[0] for c in CLASSIFICATION])
def test_class_index_losses_match_torch(name: str, ours: Any, theirs: Any, target: Any, scale: float) -> None:
    logits = _rand((6, 5), 3, scale)
    if name.startswith("nll"):
        logits = (
            logits
            - np.log(np.exp(logits - logits.max(-1, keepdims=True)).sum(-1, keepdims=True))
            - logits.max(-1, keepdims=True)
        )
    _check(ours, theirs, logits, target(0))


def test_cross_entropy_takes_the_class_axis_last() -> None:
    logits, target = _rand((2, 3, 5), 4), np.array([[0, 1, 2], [3, 4, -100]])
    _check(
        losses.cross_entropy,
        lambda a, b: F.cross_entropy(a.reshape(-1, 5), b.reshape(-1)),
        logits,
        target,
    )


PROBABILITY: list[tuple[str, Callable[..., Any], Callable[..., Any]]] = [
    ("cross-entropy-probs", losses.cross_entropy_with_logits, F.cross_entropy),
    (
        "kl-div",
        losses.kl_div_with_logits,
        lambda a, b: F.kl_div(F.log_softmax(a, -1), b, reduction="batchmean"),
    ),
]


@pytest.mark.parametrize("zeros", [False, True], ids=["dense", "with-zeros"])
@pytest.mark.parametrize("name, ours, theirs", PROBABILITY, ids=[p[0] for p in PROBABILITY])
def test_probability_target_losses_match_torch(name: str, ours: Any, theirs: Any, zeros: bool) -> None:
    _check(ours, theirs, _rand((4, 6), 5, 3.0), _probs((4, 6), 6, zeros))
    _check(ours, theirs, _rand((4, 6), 5, 1e4), _probs((4, 6), 6, zeros))


@pytest.mark.parametrize("scale", [1.0, 50.0, 1e4], ids=["normal", "large", "extreme"])
def test_binary_cross_entropy_with_logits_matches_torch(scale: float) -> None:
    logits = _rand((5, 3), 7, scale)
    target = (np.random.default_rng(8).random((5, 3)) > 0.5).astype(np.float64)
    target[0] = [0.2, 0.7, 1.0]  # soft labels too
    _check(
        losses.binary_cross_entropy_with_logits,
        F.binary_cross_entropy_with_logits,
        logits,
        target,
        trace_target=True,
    )
    pos_weight = np.array([0.5, 2.0, 3.0])
    _check(
        lambda a, b: losses.binary_cross_entropy_with_logits(a, b, pos_weight=dt.from_numpy(pos_weight)),
        lambda a, b: F.binary_cross_entropy_with_logits(a, b, pos_weight=torch.tensor(pos_weight)),
        logits,
        target,
    )


def test_extreme_logits_in_float32_stay_finite_and_match_torch() -> None:
    logits = np.array([[1e4, -1e4, 0.0], [-3e4, 3e4, 3e4], [80.0, -80.0, 1e-3]], np.float32)
    rtol, atol = 1e-5, 1e-6
    _check(losses.cross_entropy, F.cross_entropy, logits, np.array([1, 0, 2]), rtol=rtol, atol=atol)
    probs = np.array([[0.0, 1.0, 0.0], [0.5, 0.25, 0.25], [1 / 3, 1 / 3, 1 / 3]], np.float32)
    _check(losses.cross_entropy_with_logits, F.cross_entropy, logits, probs, rtol=rtol, atol=atol)
    _check(
        losses.kl_div_with_logits,
        lambda a, b: F.kl_div(F.log_softmax(a, -1), b, reduction="batchmean"),
        logits,
        probs,
        rtol=rtol,
        atol=atol,
    )
    _check(
        losses.binary_cross_entropy_with_logits,
        F.binary_cross_entropy_with_logits,
        logits,
        (probs > 0.3).astype(np.float32),
        rtol=rtol,
        atol=atol,
    )


def test_all_targets_ignored_gives_nan_as_torch() -> None:
    logits = dt.randn((3, 4)).trace()
    loss = losses.cross_entropy(logits, dt.tensor([-100, -100, -100]))
    assert np.isnan(loss.item())
    assert np.isnan(F.cross_entropy(torch.randn(3, 4), torch.tensor([-100, -100, -100])).item())


def test_target_class_out_of_range_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"cross_entropy: target \(3,\) holds the class 5, outside \[0, 4\)"):
        losses.cross_entropy(dt.randn((3, 4)), dt.tensor([0, 5, 1]))
    with pytest.raises(TypeError, match="integer class indices"):
        losses.nll_loss(dt.randn((3, 4)), dt.tensor([0.0, 1.0, 1.0]))


SHAPE_ERRORS = [
    (
        lambda: losses.mse_loss(dt.zeros((8,)), dt.zeros((8, 1))),
        r"^mse_loss: target \(8, 1\) does not match prediction \(8,\); they must have the same shape$",
    ),
    (
        lambda: losses.huber_loss(dt.zeros((4, 3)), dt.zeros((4, 2))),
        r"^huber_loss: target \(4, 2\) does not match prediction \(4, 3\)",
    ),
    (
        lambda: losses.binary_cross_entropy_with_logits(dt.zeros((4,)), dt.zeros((4, 1))),
        r"^binary_cross_entropy_with_logits: target \(4, 1\) does not match prediction \(4,\)",
    ),
    (
        lambda: losses.cross_entropy(dt.zeros((8, 10)), dt.zeros((8, 1), dtype=np.int64)),
        r"^cross_entropy: target \(8, 1\) does not fit logits \(8, 10\): expected \(8,\) "
        r"\(the logits without their class axis\)$",
    ),
    (
        lambda: losses.nll_loss(dt.zeros((8, 10)), dt.zeros((10,), dtype=np.int64)),
        r"^nll_loss: target \(10,\) does not fit logits \(8, 10\)",
    ),
    (
        lambda: losses.cross_entropy_with_logits(dt.zeros((8, 10)), dt.zeros((8, 9))),
        r"^cross_entropy_with_logits: target \(8, 9\) does not match logits \(8, 10\)",
    ),
    (
        lambda: losses.kl_div_with_logits(dt.zeros((8, 10)), dt.zeros((10,))),
        r"^kl_div_with_logits: target \(10,\) does not match logits \(8, 10\)",
    ),
]


@pytest.mark.parametrize(
    "call, message", SHAPE_ERRORS, ids=[m.split(":")[0].strip("^") for _, m in SHAPE_ERRORS]
)
def test_shape_mismatch_names_the_loss_and_both_shapes(call: Callable[[], Any], message: str) -> None:
    with pytest.raises(dt.ShapeError, match=message) as err:
        call()
    assert err.value.code == "shape"


def test_loss_rules_on_symbolic_shapes() -> None:
    from dfdx_typed.shapes import sym
    from dfdx_typed.shapes.losses import LOSS_RULES

    b = sym("B")
    assert set(LOSS_RULES) == {
        n for n in losses.__dict__ if n.endswith("_loss") or n.endswith("_logits") or n == "cross_entropy"
    }
    assert LOSS_RULES["cross_entropy"]("cross_entropy", (b, 10), (b,)) == ()
    with pytest.raises(dt.ShapeError, match=r"mse_loss: target \(B, 1\) does not match prediction \(B,\)"):
        LOSS_RULES["mse_loss"]("mse_loss", (b,), (b, 1))
    assert LOSS_RULES["mse_loss"]("mse_loss", (b, dt.shapes.UNKNOWN), (b, 3)) == ()  # never a false error


def test_losses_of_untraced_inputs_record_nothing() -> None:
    loss = losses.mse_loss(dt.ones((3,)), dt.zeros((3,)))
    assert loss.shape == () and not loss.is_traced and loss.item() == 1.0
