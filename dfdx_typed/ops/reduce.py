"""Reductions (sum, max, min primitives; mean, var, std, logsumexp composed) and the softmax family."""

from __future__ import annotations

from typing import Any

from .. import shapes
from .._backend import Array, xp
from .._registry import composite, primitive
from .._tensor import Tensor
from ._common import check_tensor, run
from .elementwise import exp, log, sqrt

Axis = int | tuple[int, ...] | None


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
    """Sum over ``axis`` (int, tuple, negative, or None for all). ``(B, N).sum(axis=1) -> (B,)``.

    PyTorch: ``torch.sum(x, dim=axis, keepdim=keepdims)``.
    """
    return run(_sum, check_tensor(x, "sum"), axis=axis, keepdims=keepdims)


def max(x: Tensor[Any, Any], axis: Axis = None, keepdims: bool = False) -> Tensor[Any, Any]:
    """Maximum over ``axis``; tied maxima share the gradient. PyTorch: ``torch.amax``."""
    return run(_max, check_tensor(x, "max"), axis=axis, keepdims=keepdims)


def min(x: Tensor[Any, Any], axis: Axis = None, keepdims: bool = False) -> Tensor[Any, Any]:
    """Minimum over ``axis``; tied minima share the gradient. PyTorch: ``torch.amin``."""
    return run(_min, check_tensor(x, "min"), axis=axis, keepdims=keepdims)


_mean = composite("mean", shapes.reduce)


def mean(x: Tensor[Any, Any], axis: Axis = None, keepdims: bool = False) -> Tensor[Any, Any]:
    """Mean over ``axis``. PyTorch: ``torch.mean(x, dim=axis, keepdim=keepdims)``."""
    check_tensor(x, "mean")
    shapes.reduce("mean", x.shape, axis, keepdims)
    return run(_sum, x, axis=axis, keepdims=keepdims) * (1.0 / _count("mean", x, axis))


_var = composite("var", shapes.reduce)


def var(x: Tensor[Any, Any], axis: Axis = None, keepdims: bool = False, ddof: int = 0) -> Tensor[Any, Any]:
    """Variance over ``axis`` with ``ddof`` (numpy's default 0, i.e. biased).

    PyTorch: ``torch.var(x, dim=axis, keepdim=keepdims, correction=ddof)``.
    """
    check_tensor(x, "var")
    shapes.reduce("var", x.shape, axis, keepdims)
    centered = x - mean(x, axis=axis, keepdims=True)
    n = _count("var", x, axis)
    return run(_sum, centered * centered, axis=axis, keepdims=keepdims) * (1.0 / (n - ddof))


_std = composite("std", shapes.reduce)


def std(x: Tensor[Any, Any], axis: Axis = None, keepdims: bool = False, ddof: int = 0) -> Tensor[Any, Any]:
    """Standard deviation over ``axis``. PyTorch: ``torch.std(x, dim=axis, correction=ddof)``."""
    check_tensor(x, "std")
    shapes.reduce("std", x.shape, axis, keepdims)
    return sqrt(var(x, axis=axis, keepdims=keepdims, ddof=ddof))


_logsumexp = composite("logsumexp", shapes.reduce)


def logsumexp(x: Tensor[Any, Any], axis: Axis = None, keepdims: bool = False) -> Tensor[Any, Any]:
    """``log(sum(exp(x)))`` over ``axis``, stable for large logits (the max is subtracted first).

    PyTorch: ``torch.logsumexp(x, dim=axis, keepdim=keepdims)``.
    """
    check_tensor(x, "logsumexp")
    shapes.reduce("logsumexp", x.shape, axis, keepdims)
    # The shift is a constant: the gradient of logsumexp does not depend on it.
    m = max(x.detach(), axis=axis, keepdims=True)
    out = log(sum(exp(x - m), axis=axis, keepdims=True)) + m
    if keepdims:
        return out
    from .shape_ops import squeeze

    return squeeze(out, axis=_axes(x.ndim, axis)) if x.ndim else out


_softmax = composite("softmax", shapes.same_axis)


def softmax(x: Tensor[Any, Any], axis: int = -1) -> Tensor[Any, Any]:
    """``exp(x) / sum(exp(x))`` along ``axis``, shape of ``x``. PyTorch: ``torch.softmax(x, dim)``."""
    check_tensor(x, "softmax")
    shapes.same_axis("softmax", x.shape, axis)  # so an error names softmax, not log_softmax
    return exp(log_softmax(x, axis=axis))


_log_softmax = composite("log_softmax", shapes.same_axis)


def log_softmax(x: Tensor[Any, Any], axis: int = -1) -> Tensor[Any, Any]:
    """``x - logsumexp(x)`` along ``axis``, shape of ``x``. PyTorch: ``torch.log_softmax(x, dim)``."""
    check_tensor(x, "log_softmax")
    shapes.same_axis("log_softmax", x.shape, axis)
    # (x - m) - log(sum(exp(x - m))), not x - logsumexp(x): adding the max back into logsumexp and
    # subtracting it from x again rounds at the max's magnitude (1e-3 for logits near 1e4 in float32).
    shifted = x - max(x.detach(), axis=axis, keepdims=True)
    return shifted - log(sum(exp(shifted), axis=axis, keepdims=True))


_normalize = composite("normalize", shapes.same_axis)


def normalize(x: Tensor[Any, Any], axis: int = -1, eps: float = 1e-5) -> Tensor[Any, Any]:
    """``(x - mean) / sqrt(var + eps)`` along ``axis`` (layer norm without the affine part).

    PyTorch: ``torch.nn.functional.layer_norm(x, x.shape[-1:], eps=eps)`` for ``axis=-1``.
    """
    check_tensor(x, "normalize")
    shapes.same_axis("normalize", x.shape, axis)
    centered = x - mean(x, axis=axis, keepdims=True)
    return centered / sqrt(mean(centered * centered, axis=axis, keepdims=True) + eps)
