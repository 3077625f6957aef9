"""``x[index]`` with ints, slices (steps, negatives), ``None``, ``...`` and index tensors (integer
arrays and boolean masks, numpy's advanced indexing)."""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from .. import shapes
from .._backend import Array, xp
from .._registry import primitive
from .._tensor import Tensor
from ..shapes.index import IndexItem
from ..shapes.select import index_out_of_bounds
from ._common import check_tensor, run


def _index_array(it: Any) -> Array | None:
    """An index tensor (or numpy array / list of ints or bools) as a read-only numpy array."""
    if isinstance(it, Tensor):
        arr = it._data
    elif isinstance(it, np.ndarray):
        arr = it.copy()  # the caller may mutate theirs before backward reads it
    elif isinstance(it, list):
        arr = np.asarray(it)
        if arr.size == 0:
            arr = arr.astype(np.intp)
    else:
        return None
    if arr.dtype.kind not in "iub":
        raise TypeError(f"getitem: index tensors must be integer or bool, got dtype {arr.dtype}")
    arr.flags.writeable = False
    return arr


def _normalize(index: Any) -> tuple[Any, ...]:
    items = index if isinstance(index, tuple) else (index,)
    out: list[Any] = []
    for it in items:
        if it is None or it is Ellipsis:
            out.append(it)
        elif isinstance(it, slice):
            try:
                parts = [None if p is None else operator.index(p) for p in (it.start, it.stop, it.step)]
            except TypeError:
                raise TypeError(f"getitem: slice bounds must be ints or None, got {it!r}") from None
            out.append(slice(*parts))
        elif isinstance(it, (bool, np.bool_)):
            out.append(_index_array(np.array(it)))  # a 0-d mask, as numpy treats it
        elif (arr := _index_array(it)) is not None:
            out.append(arr)
        else:
            try:
                out.append(operator.index(it))
            except TypeError:
                raise TypeError(
                    f"getitem: unsupported index item {it!r} ({type(it).__name__}); use ints, "
                    "slices, None, ... and integer or bool tensors"
                ) from None
    return tuple(out)


def _describe(it: Any) -> IndexItem:
    if isinstance(it, np.ndarray):
        if it.dtype == np.bool_:
            return shapes.MaskIndex(it.shape, int(it.sum()))
        return shapes.ArrayIndex(it.shape)
    return it  # type: ignore[no-any-return]


def _getitem_rule(op: str, shape: shapes.Shape, index: tuple[Any, ...]) -> shapes.Shape:
    return shapes.getitem(op, shape, tuple(_describe(it) for it in index))


def _check_bounds(shape: tuple[int, ...], index: tuple[Any, ...]) -> None:
    """Every integer index tensor's values fit the axis it indexes (the rule checks the rest)."""
    consumed = sum(it.ndim if isinstance(it, np.ndarray) and it.dtype == np.bool_ else 1
                   for it in index if it is not None and it is not Ellipsis)
    axis = 0
    for it in index:
        if it is Ellipsis:
            axis += len(shape) - consumed
        elif isinstance(it, np.ndarray):
            if it.dtype == np.bool_:
                axis += it.ndim
                continue
            if it.size and axis < len(shape):
                size = shape[axis]
                low, high = int(it.min()), int(it.max())
                if low < -size or high >= size:
                    bad = low if low < -size else high
                    raise index_out_of_bounds("getitem", "index", bad, axis, shape)
            axis += 1
        elif it is not None:
            axis += 1


def _getitem_vjp(g: Array, ans: Array, x: Array, index: tuple[Any, ...]) -> Array:
    out = xp.zeros(x.shape, dtype=g.dtype)
    if any(isinstance(it, np.ndarray) for it in index):
        # Index tensors may select an element more than once: each selection adds its gradient.
        xp.add.at(out, index, g)
    else:
        # Basic indexing selects each element at most once, so assignment scatters exactly.
        out[index] = g
    return out


_getitem = primitive("getitem", lambda x, index: x[index], _getitem_rule, _getitem_vjp)


def getitem(x: Tensor[Any, Any], index: Any) -> Tensor[Any, Any]:
    """``x[index]`` with numpy's basic and advanced indexing.

    Shapes: ``x: (A, B, C)``: ``x[0]`` -> ``(B, C)``; ``x[:, 1:3]`` -> ``(A, 2, C)``; ``x[None]`` ->
    ``(1, A, B, C)``; ``x[..., 0]`` -> ``(A, B)``; ``table[ids]`` with ``table: (V, D)`` and
    ``ids: (B, S)`` -> ``(B, S, D)``.

    Ints drop an axis, slices keep it, ``None`` inserts one, ``...`` fills the rest; integer tensors
    select elementwise (broadcast together; their dims replace the indexed ones in place when adjacent,
    else go first — numpy's rule) and a bool mask selects its True entries.

    PyTorch: ``x[index]``.
    """
    check_tensor(x, "getitem")
    items = _normalize(index)
    _getitem_rule("getitem", x.shape, items)
    _check_bounds(x.shape, items)
    return run(_getitem, x, index=items)
