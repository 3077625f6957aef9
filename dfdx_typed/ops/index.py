"""``x[index]`` with ints, slices (steps, negatives), ``None`` and ``...``."""

from __future__ import annotations

import operator
from typing import Any

from .. import shapes
from .._backend import Array, xp
from .._registry import primitive
from .._tensor import Tensor
from ._common import check_tensor, run


def _normalize(index: Any) -> tuple[Any, ...]:
    items = index if isinstance(index, tuple) else (index,)
    out: list[Any] = []
    for it in items:
        if it is None or it is Ellipsis:
            out.append(it)
        elif isinstance(it, slice):
            parts = [None if p is None else operator.index(p) for p in (it.start, it.stop, it.step)]
            out.append(slice(*parts))
        elif isinstance(it, bool):
            raise TypeError("getitem: boolean scalars are not supported as indices")
        else:
            try:
                out.append(operator.index(it))
            except TypeError:
                raise TypeError(
                    f"getitem: unsupported index item {it!r} ({type(it).__name__}); use ints, "
                    "slices, None and ..."
                ) from None
    return tuple(out)


def _getitem_rule(op: str, shape: shapes.Shape, index: tuple[Any, ...]) -> shapes.Shape:
    return shapes.getitem(op, shape, index)


def _getitem_vjp(g: Array, ans: Array, x: Array, index: tuple[Any, ...]) -> Array:
    # Basic indexing selects each element at most once, so assignment scatters exactly.
    out = xp.zeros(x.shape, dtype=g.dtype)
    out[index] = g
    return out


_getitem = primitive("getitem", lambda x, index: x[index], _getitem_rule, _getitem_vjp)


def getitem(x: Tensor[Any, Any], index: Any) -> Tensor[Any, Any]:
    """``x[index]``: ints drop an axis, slices keep it, ``None`` inserts one, ``...`` fills the rest.

    PyTorch: ``x[index]``.
    """
    return run(_getitem, check_tensor(x, "getitem"), index=_normalize(index))
