"""Selection and masks: gather, select, take_along_axis, embedding, where, comparisons, tril/triu,
roll, one_hot, argmax/argmin and dropout.

Index tensors and conditions have no gradient (``NONDIFF``); gradients of selections scatter back
with ``np.add.at``, so an index used twice accumulates both contributions. Comparisons, argmax/argmin
and one_hot return untraced tensors: nothing flows back through them.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .. import shapes
from .._backend import Array, xp
from .._registry import NONDIFF, composite, primitive
from .._tensor import Tensor
from ..shapes.select import index_out_of_bounds
from ._common import as_tensor_or_scalar, check_tensor, run
from .creation import default_rng

# --- argument checks --------------------------------------------------------------------------------


def _is_int(v: Any) -> bool:
    """A Python or numpy integer; bools are refused, as PyTorch does (``int(1.5)`` would truncate)."""
    return isinstance(v, numbers.Integral) and not isinstance(v, (bool, np.bool_))


def _int_arg(op: str, name: str, v: Any) -> int:
    if not _is_int(v):
        raise TypeError(f"{op}: {name} must be an int, got {type(v).__name__} {v!r}")
    return int(v)


def _int_or_ints(op: str, name: str, v: Any) -> int | tuple[int, ...]:
    if _is_int(v):
        return int(v)
    if isinstance(v, (tuple, list)) and all(_is_int(e) for e in v):
        return tuple(int(e) for e in v)
    raise TypeError(f"{op}: {name} must be an int or a tuple of ints, got {type(v).__name__} {v!r}")


# --- index checks -----------------------------------------------------------------------------------


def check_indices(op: str, arg: str, index: Array, axis: int, shape: tuple[int, ...]) -> None:
    """``index`` is an integer array with every value in ``[-size, size)`` of ``shape[axis]``."""
    if index.dtype.kind not in "iu":
        raise TypeError(f"{op}: {arg} must be an integer tensor, got dtype {index.dtype}")
    if index.size == 0:
        return
    size = shape[axis]
    low, high = int(index.min()), int(index.max())
    if low < -size:
        raise index_out_of_bounds(op, arg, low, axis, shape)
    if high >= size:
        raise index_out_of_bounds(op, arg, high, axis, shape)


def _scatter_along(g: Array, shape: tuple[int, ...], axis: int, index: Array) -> Array:
    """Adjoint of ``take_along_axis`` into a ``shape`` tensor; ``index`` has ``g``'s shape and the
    other axes of ``shape`` either match ``g`` or are 1 (broadcast, so their gradients sum)."""
    grid = []
    for d, n in enumerate(g.shape):
        if d == axis:
            grid.append(index)
            continue
        ax = xp.arange(n) if shape[d] == n else xp.zeros(n, dtype=np.intp)
        grid.append(ax.reshape((1,) * d + (n,) + (1,) * (g.ndim - d - 1)))
    out = xp.zeros(shape, dtype=g.dtype)
    xp.add.at(out, tuple(grid), g)
    return out


# --- gather / select / take_along_axis / embedding --------------------------------------------------


def _gather_fwd(x: Array, index: Array, axis: int) -> Array:
    ax = axis % x.ndim
    window = tuple(slice(None) if d == ax else slice(0, n) for d, n in enumerate(index.shape))
    return xp.take_along_axis(x[window], index, axis=ax)


def _gather_vjp(g: Array, ans: Array, x: Array, index: Array, axis: int) -> Array:
    ax = axis % x.ndim
    grid = [xp.arange(n).reshape((1,) * d + (n,) + (1,) * (g.ndim - d - 1)) for d, n in enumerate(g.shape)]
    grid[ax] = index
    out = xp.zeros(x.shape, dtype=g.dtype)
    xp.add.at(out, tuple(grid), g)
    return out


_gather = primitive(
    "gather", _gather_fwd, lambda op, x, index, axis: shapes.gather(op, x, axis, index), _gather_vjp,
    NONDIFF,
)


def gather(x: Tensor[Any, Any], axis: int, index: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """``out[i][j] = x[index[i][j]][j]`` (for ``axis=0``); negative indices count from the end.

    Shapes: ``x: (B, N)``, ``index: (B, K)`` with ``axis=1`` -> ``(B, K)``: ``index`` has ``x``'s rank,
    is no larger off ``axis``, and gives the result its shape.

    PyTorch: ``torch.gather(x, dim=axis, index=index)``.
    """
    check_tensor(x, "gather")
    check_tensor(index, "gather", "index")
    shapes.gather("gather", x.shape, axis, index.shape)
    check_indices("gather", "index", index._data, axis % x.ndim, x.shape)
    return run(_gather, x, index.detach(), axis=axis)


_select = primitive(
    "select",
    lambda x, index, axis: xp.take(x, index, axis=axis),
    lambda op, x, index, axis: shapes.select(op, x, axis, index),
    lambda g, ans, x, index, axis: _select_vjp(g, x, index, axis),
    NONDIFF,
)


def _select_vjp(g: Array, x: Array, index: Array, axis: int) -> Array:
    out = xp.zeros(x.shape, dtype=g.dtype)
    where: Any = (slice(None),) * (axis % x.ndim) + (index,)
    xp.add.at(out, where, g)
    return out


def select(x: Tensor[Any, Any], axis: int, index: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """Entries ``index`` along ``axis``: the ``axis`` dim is replaced by ``index``'s dims.

    Shapes: ``x: (N, D)``, ``index: (B, K)``, ``axis=0`` -> ``(B, K, D)`` (``(5, 3)`` with a ``(2, 4)``
    index on axis 0 gives ``(2, 4, 3)``).

    PyTorch: ``torch.index_select(x, axis, index)`` (for a 1-d index).
    """
    check_tensor(x, "select")
    check_tensor(index, "select", "index")
    shapes.select("select", x.shape, axis, index.shape)
    check_indices("select", "index", index._data, axis % x.ndim, x.shape)
    return run(_select, x, index.detach(), axis=axis)


def _take_along_fwd(x: Array, indices: Array, axis: int) -> Array:
    return xp.take_along_axis(x, indices, axis=axis)


def _take_along_vjp(g: Array, ans: Array, x: Array, indices: Array, axis: int) -> Array:
    ax = axis % x.ndim
    return _scatter_along(g, x.shape, ax, xp.broadcast_to(indices, g.shape))


_take_along_axis = primitive(
    "take_along_axis", _take_along_fwd, shapes.take_along_axis, _take_along_vjp, NONDIFF
)


def take_along_axis(x: Tensor[Any, Any], indices: Tensor[Any, Any], axis: int) -> Tensor[Any, Any]:
    """``out[i, j] = x[i, indices[i, j]]`` (for ``axis=1``); other dims broadcast.

    Shapes: ``x: (B, N)``, ``indices: (B, K)``, ``axis=1`` -> ``(B, K)``.

    PyTorch: ``torch.take_along_dim(x, indices, dim=axis)`` (numpy: ``np.take_along_axis``).
    """
    check_tensor(x, "take_along_axis")
    check_tensor(indices, "take_along_axis", "indices")
    shapes.take_along_axis("take_along_axis", x.shape, indices.shape, axis)
    check_indices("take_along_axis", "indices", indices._data, axis % x.ndim, x.shape)
    return run(_take_along_axis, x, indices.detach(), axis=axis)


_embedding = composite("embedding", shapes.embedding)


def embedding(indices: Tensor[Any, Any], weight: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """Rows of ``weight`` at integer ``indices``; ``weight[indices]`` does the same.

    Shapes: ``indices: (...)``, ``weight: (num, D)`` -> ``(..., D)`` (``(B, S)`` ids give ``(B, S, D)``).

    PyTorch: ``F.embedding(indices, weight)``.
    """
    check_tensor(indices, "embedding", "indices")
    check_tensor(weight, "embedding", "weight")
    shapes.embedding("embedding", indices.shape, weight.shape)
    check_indices("embedding", "indices", indices._data, 0, weight.shape)
    return run(_select, weight, indices.detach(), axis=0)


# --- where and comparisons ----------------------------------------------------------------------------


def _where_rule(op: str, cond: shapes.Shape, a: shapes.Shape, b: shapes.Shape) -> shapes.Shape:
    return shapes.where(op, cond, a, b)


_where = primitive(
    "where",
    xp.where,
    _where_rule,
    NONDIFF,
    lambda g, ans, cond, a, b: xp.where(cond, g, 0),
    lambda g, ans, cond, a, b: xp.where(cond, 0, g),
    unbroadcast=True,
)


def where(condition: Tensor[Any, Any], x: Any, y: Any) -> Tensor[Any, Any]:
    """``x`` where ``condition`` holds, else ``y``, broadcast together.

    Shapes: ``condition: (...)``, ``x: (...)``, ``y: (...)`` -> their broadcast shape (``x``/``y`` may
    be Python numbers).

    ``condition`` is a bool tensor (no gradient flows through it).

    PyTorch: ``torch.where(condition, x, y)``.
    """
    check_tensor(condition, "where", "condition")
    if condition.dtype != np.bool_:
        raise TypeError(f"where: condition must be a bool tensor, got dtype {condition.dtype}")
    a = as_tensor_or_scalar(x, "where")
    b = as_tensor_or_scalar(y, "where")
    if not isinstance(a, Tensor) and not isinstance(b, Tensor):
        raise TypeError("where: at least one of x and y must be a Tensor")
    return run(_where, condition.detach(), a, b)


def _comparison(name: str, fn: Any) -> Callable[[Any, Any], Tensor[Any, Any]]:
    prim = primitive(name, fn, shapes.broadcast, NONDIFF, NONDIFF)

    def compare(a: Any, b: Any) -> Tensor[Any, Any]:
        a = as_tensor_or_scalar(a, name)
        b = as_tensor_or_scalar(b, name)
        if not isinstance(a, Tensor) and not isinstance(b, Tensor):
            raise TypeError(f"{name}: at least one operand must be a Tensor")
        # A comparison has no gradient: its result is never traced.
        a = a.detach() if isinstance(a, Tensor) else a
        b = b.detach() if isinstance(b, Tensor) else b
        return run(prim, a, b)

    return compare


lt = _comparison("lt", xp.less)
lt.__doc__ = """``a < b`` elementwise, broadcast; a bool tensor (never traced).

Shapes: ``a: (...)``, ``b: (...)`` -> their broadcast shape (either may be a Python number).

PyTorch: ``torch.lt(a, b)``.
"""
le = _comparison("le", xp.less_equal)
le.__doc__ = """``a <= b`` elementwise, broadcast; a bool tensor (never traced).

Shapes: ``a: (...)``, ``b: (...)`` -> their broadcast shape (either may be a Python number).

PyTorch: ``torch.le(a, b)``.
"""
gt = _comparison("gt", xp.greater)
gt.__doc__ = """``a > b`` elementwise, broadcast; a bool tensor (never traced).

Shapes: ``a: (...)``, ``b: (...)`` -> their broadcast shape (either may be a Python number).

PyTorch: ``torch.gt(a, b)``.
"""
ge = _comparison("ge", xp.greater_equal)
ge.__doc__ = """``a >= b`` elementwise, broadcast; a bool tensor (never traced).

Shapes: ``a: (...)``, ``b: (...)`` -> their broadcast shape (either may be a Python number).

PyTorch: ``torch.ge(a, b)``.
"""
eq = _comparison("eq", xp.equal)
eq.__doc__ = """``a == b`` elementwise, broadcast; a bool tensor (never traced).

Shapes: ``a: (...)``, ``b: (...)`` -> their broadcast shape (either may be a Python number).

PyTorch: ``torch.eq(a, b)``.
"""
ne = _comparison("ne", xp.not_equal)
ne.__doc__ = """``a != b`` elementwise, broadcast; a bool tensor (never traced).

Shapes: ``a: (...)``, ``b: (...)`` -> their broadcast shape (either may be a Python number).

PyTorch: ``torch.ne(a, b)``.
"""


# --- tril / triu / roll -------------------------------------------------------------------------------

_tril = primitive(
    "tril",
    lambda x, diagonal: xp.tril(x, diagonal),
    shapes.triangle,
    lambda g, ans, x, diagonal: xp.tril(g, diagonal),
)
_triu = primitive(
    "triu",
    lambda x, diagonal: xp.triu(x, diagonal),
    shapes.triangle,
    lambda g, ans, x, diagonal: xp.triu(g, diagonal),
)


def tril(x: Tensor[Any, Any], diagonal: int = 0) -> Tensor[Any, Any]:
    """Zero above the ``diagonal``-th diagonal of the last two dims.

    Shapes: ``x: (..., M, N)`` -> same shape as ``x``.

    PyTorch: ``torch.tril(x, diagonal)``.
    """
    return run(_tril, check_tensor(x, "tril"), diagonal=_int_arg("tril", "diagonal", diagonal))


def triu(x: Tensor[Any, Any], diagonal: int = 0) -> Tensor[Any, Any]:
    """Zero below the ``diagonal``-th diagonal of the last two dims.

    Shapes: ``x: (..., M, N)`` -> same shape as ``x``.

    PyTorch: ``torch.triu(x, diagonal)``.
    """
    return run(_triu, check_tensor(x, "triu"), diagonal=_int_arg("triu", "diagonal", diagonal))


def _negated(shifts: int | tuple[int, ...]) -> int | tuple[int, ...]:
    return -shifts if isinstance(shifts, int) else tuple(-s for s in shifts)


_roll = primitive(
    "roll",
    lambda x, shifts, axis: xp.roll(x, shifts, axis=axis),
    shapes.roll,
    lambda g, ans, x, shifts, axis: xp.roll(g, _negated(shifts), axis=axis),
)


def roll(
    x: Tensor[Any, Any], shifts: int | Sequence[int], axis: int | Sequence[int] | None = None
) -> Tensor[Any, Any]:
    """Shift entries along ``axis`` cyclically (``axis=None``: the flattened tensor).

    Shapes: ``x: (...)`` -> same shape as ``x``.

    PyTorch: ``torch.roll(x, shifts, dims=axis)``.
    """
    check_tensor(x, "roll")
    s = _int_or_ints("roll", "shifts", shifts)
    a = None if axis is None else _int_or_ints("roll", "axis", axis)
    return run(_roll, x, shifts=s, axis=a)


# --- one_hot / argmax / argmin --------------------------------------------------------------------------


def _one_hot_fwd(indices: Array, num_classes: int) -> Array:
    return xp.asarray(indices[..., None] == xp.arange(num_classes), dtype=xp.float32)


_one_hot = primitive("one_hot", _one_hot_fwd, shapes.one_hot, NONDIFF)


def one_hot(indices: Tensor[Any, Any], num_classes: int) -> Tensor[Any, Any]:
    """Integer classes in ``[0, num_classes)`` to float32 one-hot rows.

    Shapes: ``indices: (...)`` -> ``(..., num_classes)``.

    PyTorch: ``F.one_hot(indices, num_classes).float()``.
    """
    check_tensor(indices, "one_hot", "indices")
    shapes.one_hot("one_hot", indices.shape, num_classes)
    data = indices._data
    if data.dtype.kind not in "iu":
        raise TypeError(f"one_hot: indices must be an integer tensor, got dtype {data.dtype}")
    if data.size and (int(data.min()) < 0 or int(data.max()) >= num_classes):
        bad = int(data.min()) if int(data.min()) < 0 else int(data.max())
        raise shapes.ShapeError(
            "shape",
            f"one_hot: indices {shapes.format_shape(indices.shape)} hold the class {bad}, outside "
            f"[0, {num_classes})",
        )
    return run(_one_hot, indices.detach(), num_classes=num_classes)


_argmax = primitive(
    "argmax",
    lambda x, axis, keepdims: xp.asarray(xp.argmax(x, axis=axis, keepdims=keepdims), dtype=xp.int64),
    shapes.arg_reduce,
    NONDIFF,
)
_argmin = primitive(
    "argmin",
    lambda x, axis, keepdims: xp.asarray(xp.argmin(x, axis=axis, keepdims=keepdims), dtype=xp.int64),
    shapes.arg_reduce,
    NONDIFF,
)


def argmax(x: Tensor[Any, Any], axis: int | None = None, keepdims: bool = False) -> Tensor[Any, Any]:
    """Index (int64) of the first maximum along ``axis`` (``None``: of the flattened tensor).

    Shapes: ``x: (B, N)``, ``axis=1`` -> ``(B,)``; ``keepdims=True``: ``(B, 1)``; ``axis=None``: ``()``.

    PyTorch: ``torch.argmax(x, dim=axis, keepdim=keepdims)``.
    """
    return run(_argmax, check_tensor(x, "argmax").detach(), axis=axis, keepdims=keepdims)


def argmin(x: Tensor[Any, Any], axis: int | None = None, keepdims: bool = False) -> Tensor[Any, Any]:
    """Index (int64) of the first minimum along ``axis`` (``None``: of the flattened tensor).

    Shapes: ``x: (B, N)``, ``axis=1`` -> ``(B,)``; ``keepdims=True``: ``(B, 1)``; ``axis=None``: ``()``.

    PyTorch: ``torch.argmin(x, dim=axis, keepdim=keepdims)``.
    """
    return run(_argmin, check_tensor(x, "argmin").detach(), axis=axis, keepdims=keepdims)


# --- dropout ------------------------------------------------------------------------------------------

_dropout = composite("dropout", shapes.same_shape)


def dropout(x: Tensor[Any, Any], p: float = 0.5, rng: np.random.Generator | None = None) -> Tensor[Any, Any]:
    """Zero each entry with probability ``p`` and scale the rest by ``1 / (1 - p)``, when traced.

    Shapes: ``x: (...)`` -> same shape as ``x``.

    Only a traced ``x`` is dropped (training); an untraced ``x`` is returned as is (inference). The
    mask comes from ``rng``, or the generator seeded by ``dt.manual_seed``.

    PyTorch: ``F.dropout(x, p, training=x.requires_grad)``.
    """
    check_tensor(x, "dropout")
    if not isinstance(p, numbers.Real) or isinstance(p, (bool, np.bool_)):
        raise TypeError(f"dropout: p must be a float in [0, 1], got {type(p).__name__} {p!r}")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout: p must be in [0, 1], got {p!r}")
    if not x.is_traced or p == 0.0:
        return x
    gen = default_rng() if rng is None else rng
    keep = gen.random(x.shape) >= p
    scale = 0.0 if p == 1.0 else 1.0 / (1.0 - p)
    mask = xp.asarray(keep * scale, dtype=x.dtype)
    mask.flags.writeable = False
    return x * Tensor._wrap(mask)
