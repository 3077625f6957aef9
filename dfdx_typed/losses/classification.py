"""Classification losses on logits, stable for extreme logits (everything goes through log_softmax
or a softplus written with ``exp(-|x|)``). The class axis is the last one."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import ops
from .._tensor import Tensor
from ..ops._common import check_tensor
from ..shapes.losses import class_indices, probabilities, same_shape
from .regression import reduce


def _rows_mean(per_row: Tensor[Any, Any]) -> Tensor[Any, Any]:
    return ops.mean(per_row) if per_row.ndim else per_row


def _picked(
    op: str, log_probs: Tensor[Any, Any], target: Tensor[Any, Any], ignore_index: int
) -> tuple[Tensor[Any, Any], Tensor[Any, Any], int]:
    """``log_probs`` at each target class (0 where ignored), the 0/1 weight of each row, and how many
    rows count."""
    if target.dtype.kind not in "iu":
        raise TypeError(f"{op}: target must hold integer class indices, got dtype {target.dtype}")
    classes = log_probs.shape[-1]
    data = target._data
    bad = data[(data != ignore_index) & ((data < 0) | (data >= classes))]
    if bad.size:
        raise ValueError(
            f"{op}: target {tuple(target.shape)} holds the class {int(bad.flat[0])}, outside "
            f"[0, {classes}) for logits {tuple(log_probs.shape)} (and not ignore_index={ignore_index})"
        )
    target = target.detach()
    valid = ops.ne(target, ignore_index)
    safe = ops.where(valid, target, 0)
    picked = ops.take_along_axis(log_probs, ops.unsqueeze(safe, -1), axis=-1)
    weight = ops.astype(valid, log_probs.dtype)
    return ops.squeeze(picked, -1) * weight, weight, int(valid._data.sum())


def _mean_over(op: str, loss: Tensor[Any, Any], count: int, reduction: str) -> Tensor[Any, Any]:
    if reduction == "sum":
        return ops.sum(loss)
    if reduction != "mean":
        raise ValueError(f"{op}: reduction must be 'mean' or 'sum', got {reduction!r}")
    # Every row ignored: 0/0, NaN as in PyTorch.
    return ops.sum(loss) * (1.0 / count if count else float("nan"))


def cross_entropy(
    logits: Any,
    target: Any,
    ignore_index: int = -100,
    label_smoothing: float = 0.0,
    reduction: str = "mean",
) -> Tensor[Any, Any]:
    """Cross-entropy of ``logits`` against integer class indices ``target``.

    Shapes: ``logits: (..., C)``, ``target: (...)`` -> ``()`` (``(B, T, V)`` logits take ``(B, T)``
    targets: the class axis is the last one).

    Rows whose target is ``ignore_index`` count for nothing (the mean is over the others). With
    ``label_smoothing = e`` the target is ``(1 - e)`` on the class plus ``e / C`` spread over all
    classes.

    PyTorch: ``F.cross_entropy(logits.reshape(-1, C), target.reshape(-1), ignore_index=...,
    label_smoothing=...)``.
    """
    op = "cross_entropy"
    x = check_tensor(logits, op, "logits")
    t = check_tensor(target, op, "target")
    class_indices(op, x.shape, t.shape)
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"{op}: label_smoothing must be in [0, 1], got {label_smoothing}")
    log_probs = ops.log_softmax(x, axis=-1)
    picked, weight, count = _picked(op, log_probs, t, ignore_index)
    loss = -picked
    if label_smoothing > 0:
        uniform = ops.sum(log_probs, axis=-1) * (-1.0 / x.shape[-1]) * weight
        loss = (1.0 - label_smoothing) * loss + label_smoothing * uniform
    return _mean_over(op, loss, count, reduction)


def nll_loss(
    log_probs: Any, target: Any, ignore_index: int = -100, reduction: str = "mean"
) -> Tensor[Any, Any]:
    """Negative log-likelihood of integer ``target`` classes under ``log_probs``.

    Shapes: ``log_probs: (..., C)``, ``target: (...)`` -> ``()`` (the class axis is the last one).

    ``-log_probs`` at the target classes, averaged over rows not equal to ``ignore_index``.

    PyTorch: ``F.nll_loss(log_probs.reshape(-1, C), target.reshape(-1), ignore_index=...)``.
    """
    op = "nll_loss"
    x = check_tensor(log_probs, op, "log_probs")
    t = check_tensor(target, op, "target")
    class_indices(op, x.shape, t.shape)
    picked, _, count = _picked(op, x, t, ignore_index)
    return _mean_over(op, -picked, count, reduction)


def cross_entropy_with_logits(logits: Any, target: Any) -> Tensor[Any, Any]:
    """Cross-entropy against a probability target (dfdx's form), averaged over the rows.

    Shapes: ``logits: (..., C)``, ``target: (..., C)`` -> ``()``.

    The loss is ``-sum(target * log_softmax(logits))`` over the class axis, averaged over the rest.

    PyTorch: ``F.cross_entropy(logits, target_probs)`` for 2-D input.
    """
    op = "cross_entropy_with_logits"
    x = check_tensor(logits, op, "logits")
    t = check_tensor(target, op, "target")
    probabilities(op, x.shape, t.shape)
    return _rows_mean(-ops.sum(t * ops.log_softmax(x, axis=-1), axis=-1))


def kl_div_with_logits(logits: Any, target: Any) -> Tensor[Any, Any]:
    """KL divergence of ``softmax(logits)`` from the ``target`` distribution, averaged over the rows.

    Shapes: ``logits: (..., C)``, ``target: (..., C)`` -> ``()``.

    The loss is ``sum(target * (log(target) - log_softmax(logits)))`` over the class axis, averaged
    over the rest (``0 log 0 = 0``).

    PyTorch: ``F.kl_div(F.log_softmax(logits, -1), target, reduction="batchmean")`` for 2-D input.
    """
    op = "kl_div_with_logits"
    x = check_tensor(logits, op, "logits")
    t = check_tensor(target, op, "target")
    probabilities(op, x.shape, t.shape)
    # t log t with 0 log 0 = 0: clamping t at the smallest normal float keeps log finite where t = 0,
    # and the factor t makes that term exactly 0.
    tiny = float(np.finfo(t.dtype).tiny) if t.dtype.kind == "f" else float(np.finfo(np.float32).tiny)
    entropy_term = t * ops.log(ops.clamp(t, min=tiny))
    return _rows_mean(ops.sum(entropy_term - t * ops.log_softmax(x, axis=-1), axis=-1))


def binary_cross_entropy_with_logits(
    logits: Any, target: Any, pos_weight: Any = None, reduction: str = "mean"
) -> Tensor[Any, Any]:
    """Binary cross-entropy on logits, stable for any logit, averaged (or summed).

    Shapes: ``logits: (...)``, ``target: (...)`` of the same shape, ``pos_weight: (C,)`` (broadcast
    against the last axis) -> ``()``.

    The loss is ``-(w y log σ(x) + (1 - y) log(1 - σ(x)))`` with ``w = pos_weight`` (1 by default),
    using ``-log σ(x) = max(-x, 0) + log(1 + e^-|x|)``.

    PyTorch: ``F.binary_cross_entropy_with_logits(logits, target, pos_weight=pos_weight)``.
    """
    op = "binary_cross_entropy_with_logits"
    x = check_tensor(logits, op, "logits")
    y = check_tensor(target, op, "target")
    same_shape(op, x.shape, y.shape)
    # -log σ(x) = max(-x, 0) + log(1 + e^-|x|). `maximum` splits its gradient at the tie x = 0, so
    # the two kinks add up to the true derivative there (-1/2); relu's 0 at 0 would give 0.
    softplus_neg = ops.maximum(-x, 0.0) + ops.log(1.0 + ops.exp(-ops.abs(x)))
    if pos_weight is None:
        loss = (1.0 - y) * x + softplus_neg
    else:
        w = check_tensor(pos_weight, op, "pos_weight")
        loss = (1.0 - y) * x + (1.0 + (w - 1.0) * y) * softplus_neg
    return reduce(op, loss, reduction)
