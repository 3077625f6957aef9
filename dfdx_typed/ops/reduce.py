"""Reductions (sum, max, min primitives; mean, var, std, logsumexp composed) and the softmax family."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from .. import shapes
from .._backend import Array, xp
from .._registry import composite, primitive
from .._tensor import Tensor
from ..shapes.reduce import axis_int, axis_tuple
from ._common import check_tensor, run
from .elementwise import _float_input, exp, log, sqrt

Axis = int | tuple[int, ...] | None


def _axis_param(op: str, axis: Any) -> Axis:
    """The ``axis`` argument as ``None``, an int or a tuple of ints (``numpy.int64`` axes become
    ints; a float, bool, list or string is a ``TypeError`` naming the op)."""
    if axis is None:
        return None
    if isinstance(axis, tuple):
        return axis_tuple(op, axis)
    return axis_tuple(op, axis)[0]


def _no_empty_extreme(op: str, x: Tensor[Any, Any], axis: Axis) -> None:
    """A maximum or minimum over no elements is undefined (PyTorch and numpy refuse it too)."""
    for a in _axes(x.ndim, axis):
        if x.shape[a] == 0:
            raise shapes.ShapeError(
                "shape",
                f"{op}: cannot reduce over axis {a} of {shapes.format_shape(x.shape)}: it has size 0 "
                "(the extreme of no elements is undefined)",
            )


def _axes(ndim: int, axis: Axis) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(ndim))
    given = (axis,) if isinstance(axis, int) else axis
    return tuple(a % ndim for a in given)


def _expand(g: Array, x: Array, axis: Axis, keepdims: bool) -> Array:
    """Put back the reduced axes of ``g`` as size 1 so it broadcasts against ``x``."""
    if keepdims or x.ndim == 0:
        return g
    return xp.expand_dims(g, _axes(x.ndim, axis))


def _sum_fwd(x: Array, axis: Axis, keepdims: bool) -> Array:
    return xp.sum(x, axis=axis, keepdims=keepdims)


def _sum_vjp(g: Array, ans: Array, x: Array, axis: Axis, keepdims: bool) -> Array:
    return xp.broadcast_to(_expand(g, x, axis, keepdims), x.shape)


def _extreme_vjp(g: Array, ans: Array, x: Array, axis: Axis, keepdims: bool) -> Array:
    # Ties share the gradient evenly, as torch.amax/amin do.
    hit = x == _expand(ans, x, axis, keepdims)
    count = xp.sum(hit, axis=axis, keepdims=True)
    return _expand(g, x, axis, keepdims) * hit / count.astype(g.dtype)  # type: ignore[no-any-return]


_sum = primitive("sum", _sum_fwd, shapes.reduce, _sum_vjp)
_max = primitive(
    "max", lambda x, axis, keepdims: xp.max(x, axis=axis, keepdims=keepdims), shapes.reduce, _extreme_vjp
)
_min = primitive(
    "min", lambda x, axis, keepdims: xp.min(x, axis=axis, keepdims=keepdims), shapes.reduce, _extreme_vjp
)


def _count(op: str, x: Tensor[Any, Any], axis: Axis) -> int:
    n = 1
    for a in _axes(x.ndim, axis):
        n *= x.shape[a]
    return n


def sum(x: Tensor[Any, Any], axis: Axis = None, keepdims: bool = False) -> Tensor[Any, Any]:
    """Sum over ``axis`` (int, tuple, negative, or None for all).

    Shapes: ``x: (B, N)``, ``axis=1`` -> ``(B,)``; ``keepdims=True``: ``(B, 1)``; ``axis=None``: ``()``.

    PyTorch: ``torch.sum(x, dim=axis, keepdim=keepdims)``.
    """
    return run(_sum, check_tensor(x, "sum"), axis=_axis_param("sum", axis), keepdims=keepdims)


def max(x: Tensor[Any, Any], axis: Axis = None, keepdims: bool = False) -> Tensor[Any, Any]:
    """Maximum over ``axis``; tied maxima share the gradient. An empty axis is a ``ShapeError``.

    Shapes: ``x: (B, N)``, ``axis=1`` -> ``(B,)``; ``keepdims=True``: ``(B, 1)``; ``axis=None``: ``()``.

    PyTorch: ``torch.amax(x, dim=axis, keepdim=keepdims)``.
    """
    axis = _axis_param("max", axis)
    if check_tensor(x, "max").size == 0:
        shapes.reduce("max", x.shape, axis, keepdims)
        _no_empty_extreme("max", x, axis)
    return run(_max, x, axis=axis, keepdims=keepdims)


def min(x: Tensor[Any, Any], axis: Axis = None, keepdims: bool = False) -> Tensor[Any, Any]:
    """Minimum over ``axis``; tied minima share the gradient. An empty axis is a ``ShapeError``.

    Shapes: ``x: (B, N)``, ``axis=1`` -> ``(B,)``; ``keepdims=True``: ``(B, 1)``; ``axis=None``: ``()``.

    PyTorch: ``torch.amin(x, dim=axis, keepdim=keepdims)``.
    """
    axis = _axis_param("min", axis)
    if check_tensor(x, "min").size == 0:
        shapes.reduce("min", x.shape, axis, keepdims)
        _no_empty_extreme("min", x, axis)
    return run(_min, x, axis=axis, keepdims=keepdims)


_mean = composite("mean", shapes.reduce)


def mean(x: Tensor[Any, Any], axis: Axis = None, keepdims: bool = False) -> Tensor[Any, Any]:
    """Mean over ``axis``; the mean of an empty axis is NaN, as in numpy and PyTorch.

    Shapes: ``x: (B, N)``, ``axis=1`` -> ``(B,)``; ``keepdims=True``: ``(B, 1)``; ``axis=None``: ``()``.

    PyTorch: ``torch.mean(x, dim=axis, keepdim=keepdims)``.
    """
    check_tensor(x, "mean")
    axis = _axis_param("mean", axis)
    shapes.reduce("mean", x.shape, axis, keepdims)
    n = _count("mean", x, axis)
    return run(_sum, x, axis=axis, keepdims=keepdims) * (1.0 / n if n else float("nan"))


_var = composite("var", shapes.reduce)


def var(x: Tensor[Any, Any], axis: Axis = None, keepdims: bool = False, ddof: int = 0) -> Tensor[Any, Any]:
    """Variance over ``axis`` with ``ddof`` (numpy's default 0, i.e. biased).

    Shapes: ``x: (B, N)``, ``axis=1`` -> ``(B,)``; ``keepdims=True``: ``(B, 1)``; ``axis=None``: ``()``.

    With ``ddof`` at or above the count the divisor is 0: inf, or NaN for no spread, as numpy and
    PyTorch give.

    PyTorch: ``torch.var(x, dim=axis, keepdim=keepdims, correction=ddof)``.
    """
    check_tensor(x, "var")
    axis = _axis_param("var", axis)
    if isinstance(ddof, bool) or not isinstance(ddof, numbers.Real):
        raise TypeError(f"var: ddof must be a number, got {type(ddof).__name__} {ddof!r}")
    shapes.reduce("var", x.shape, axis, keepdims)
    centered = x - mean(x, axis=axis, keepdims=True)
    divisor = _count("var", x, axis) - ddof
    return run(_sum, centered * centered, axis=axis, keepdims=keepdims) * (
        1.0 / divisor if divisor > 0 else float("inf")
    )


_std = composite("std", shapes.reduce)


def std(x: Tensor[Any, Any], axis: Axis = None, keepdims: bool = False, ddof: int = 0) -> Tensor[Any, Any]:
    """Standard deviation over ``axis`` with ``ddof`` (default 0, biased; see ``var``).

    Shapes: ``x: (B, N)``, ``axis=1`` -> ``(B,)``; ``keepdims=True``: ``(B, 1)``; ``axis=None``: ``()``.

    PyTorch: ``torch.std(x, dim=axis, keepdim=keepdims, correction=ddof)``.
    """
    check_tensor(x, "std")
    axis = _axis_param("std", axis)
    shapes.reduce("std", x.shape, axis, keepdims)
    return sqrt(var(x, axis=axis, keepdims=keepdims, ddof=ddof))


_logsumexp = composite("logsumexp", shapes.reduce)


def logsumexp(x: Tensor[Any, Any], axis: Axis = None, keepdims: bool = False) -> Tensor[Any, Any]:
    """``log(sum(exp(x)))`` over ``axis``, stable for large logits (the max is subtracted first).

    Shapes: ``x: (B, N)``, ``axis=1`` -> ``(B,)``; ``keepdims=True``: ``(B, 1)``; ``axis=None``: ``()``.

    PyTorch: ``torch.logsumexp(x, dim=axis, keepdim=keepdims)``.
    """
    x = _float_input(check_tensor(x, "logsumexp"), "logsumexp")
    axis = _axis_param("logsumexp", axis)
    shapes.reduce("logsumexp", x.shape, axis, keepdims)
    if _count("logsumexp", x, axis) == 0:
        with np.errstate(divide="ignore"):  # log(0): -inf, the logsumexp of nothing (as PyTorch)
            out = log(sum(exp(x), axis=axis, keepdims=True))
    else:
        # The shift is a constant: the gradient of logsumexp does not depend on it.
        m = max(x.detach(), axis=axis, keepdims=True)
        out = log(sum(exp(x - m), axis=axis, keepdims=True)) + m
    if keepdims:
        return out
    from .shape_ops import squeeze

    return squeeze(out, axis=_axes(x.ndim, axis)) if x.ndim else out


_softmax = composite("softmax", shapes.same_axis)


def softmax(x: Tensor[Any, Any], axis: int = -1) -> Tensor[Any, Any]:
    """``exp(x) / sum(exp(x))`` along ``axis``, computed stably.

    Shapes: ``x: (...)`` -> same shape as ``x``.

    PyTorch: ``torch.softmax(x, dim=axis)``.
    """
    x = _float_input(check_tensor(x, "softmax"), "softmax")
    shapes.same_axis("softmax", x.shape, axis)  # so an error names softmax, not log_softmax
    return exp(log_softmax(x, axis=axis))


_log_softmax = composite("log_softmax", shapes.same_axis)


def log_softmax(x: Tensor[Any, Any], axis: int = -1) -> Tensor[Any, Any]:
    """``x - logsumexp(x)`` along ``axis``, computed stably.

    Shapes: ``x: (...)`` -> same shape as ``x``.

    PyTorch: ``torch.log_softmax(x, dim=axis)``.
    """
    x = _float_input(check_tensor(x, "log_softmax"), "log_softmax")
    axis = axis_int("log_softmax", axis)
    shapes.same_axis("log_softmax", x.shape, axis)
    if x.size == 0:
        return x  # nothing to normalise (an empty axis, or an empty batch): the empty result
    # (x - m) - log(sum(exp(x - m))), not x - logsumexp(x): adding the max back into logsumexp and
    # subtracting it from x again rounds at the max's magnitude (1e-3 for logits near 1e4 in float32).
    shifted = x - max(x.detach(), axis=axis, keepdims=True)
    return shifted - log(sum(exp(shifted), axis=axis, keepdims=True))


_normalize = composite("normalize", shapes.same_axis)


def normalize(x: Tensor[Any, Any], axis: int = -1, eps: float = 1e-5) -> Tensor[Any, Any]:
    """``(x - mean) / sqrt(var + eps)`` along ``axis`` (layer norm without the affine part).

    Shapes: ``x: (...)`` -> same shape as ``x``.

    PyTorch: ``torch.nn.functional.layer_norm(x, x.shape[-1:], eps=eps)`` for ``axis=-1``.
    """
    x = _float_input(check_tensor(x, "normalize"), "normalize")
    shapes.same_axis("normalize", x.shape, axis)
    if x.size == 0:
        return x
    centered = x - mean(x, axis=axis, keepdims=True)
    return centered / sqrt(mean(centered * centered, axis=axis, keepdims=True) + eps)
