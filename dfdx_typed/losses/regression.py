"""Regression losses: squared, absolute, Huber and smooth-L1 errors, averaged (or summed) to a 0-d tensor."""

from __future__ import annotations

from typing import Any

from .. import ops
from .._tensor import Tensor
from ..ops._common import check_tensor
from ..shapes.losses import same_shape


def reduce(op: str, loss: Tensor[Any, Any], reduction: str) -> Tensor[Any, Any]:
    """``mean`` (default) or ``sum`` of the per-element losses; both are 0-d."""
    if reduction == "mean":
        return ops.mean(loss)
    if reduction == "sum":
        return ops.sum(loss)
    raise ValueError(f"{op}: reduction must be 'mean' or 'sum', got {reduction!r}")


def _pair(op: str, prediction: Any, target: Any) -> tuple[Tensor[Any, Any], Tensor[Any, Any]]:
    p = check_tensor(prediction, op, "prediction")
    t = check_tensor(target, op, "target")
    same_shape(op, p.shape, t.shape)
    return p, t


def mse_loss(prediction: Any, target: Any, reduction: str = "mean") -> Tensor[Any, Any]:
    """Mean of ``(prediction - target)²`` (or the sum, with ``reduction="sum"``).

    Shapes: ``prediction: (...)``, ``target: (...)`` of the same shape -> ``()``.

    PyTorch: ``F.mse_loss(prediction, target)``.
    """
    p, t = _pair("mse_loss", prediction, target)
    return reduce("mse_loss", ops.square(p - t), reduction)


def rmse_loss(prediction: Any, target: Any) -> Tensor[Any, Any]:
    """``sqrt(mse_loss(prediction, target))``.

    Shapes: ``prediction: (...)``, ``target: (...)`` of the same shape -> ``()``.

    PyTorch: ``torch.sqrt(F.mse_loss(prediction, target))``.
    """
    return ops.sqrt(mse_loss(prediction, target))


def mae_loss(prediction: Any, target: Any, reduction: str = "mean") -> Tensor[Any, Any]:
    """Mean of ``|prediction - target|`` (or the sum, with ``reduction="sum"``).

    Shapes: ``prediction: (...)``, ``target: (...)`` of the same shape -> ``()``.

    PyTorch: ``F.l1_loss(prediction, target)``.
    """
    p, t = _pair("mae_loss", prediction, target)
    return reduce("mae_loss", ops.abs(p - t), reduction)


def _huber(diff: Tensor[Any, Any], delta: float) -> Tensor[Any, Any]:
    # 0.5 d² below delta, delta (|d| - 0.5 delta) above, written without a branch: with q = min(|d|,
    # delta), 0.5 q² + delta (|d| - q) is both pieces (and its gradient is continuous at |d| = delta).
    a = ops.abs(diff)
    q = ops.minimum(a, delta)
    return 0.5 * ops.square(q) + delta * (a - q)


def huber_loss(
    prediction: Any, target: Any, delta: float = 1.0, reduction: str = "mean"
) -> Tensor[Any, Any]:
    """Huber loss: quadratic for small errors, linear for large ones, averaged (or summed).

    Shapes: ``prediction: (...)``, ``target: (...)`` of the same shape -> ``()``.

    Per element ``0.5 d²`` where ``|d| < delta`` and ``delta (|d| - 0.5 delta)`` elsewhere
    (``d = prediction - target``).

    PyTorch: ``F.huber_loss(prediction, target, delta=delta)``.
    """
    if delta <= 0:
        raise ValueError(f"huber_loss: delta must be positive, got {delta}")
    p, t = _pair("huber_loss", prediction, target)
    return reduce("huber_loss", _huber(p - t, delta), reduction)


def smooth_l1_loss(
    prediction: Any, target: Any, beta: float = 1.0, reduction: str = "mean"
) -> Tensor[Any, Any]:
    """Smooth L1 loss: ``huber_loss / beta``, averaged (or summed); ``beta = 0`` is L1.

    Shapes: ``prediction: (...)``, ``target: (...)`` of the same shape -> ``()``.

    Per element ``0.5 d² / beta`` where ``|d| < beta`` and ``|d| - 0.5 beta`` elsewhere.

    PyTorch: ``F.smooth_l1_loss(prediction, target, beta=beta)``.
    """
    if beta < 0:
        raise ValueError(f"smooth_l1_loss: beta must be >= 0, got {beta}")
    p, t = _pair("smooth_l1_loss", prediction, target)
    if beta == 0:
        return reduce("smooth_l1_loss", ops.abs(p - t), reduction)
    return reduce("smooth_l1_loss", _huber(p - t, beta) * (1.0 / beta), reduction)
