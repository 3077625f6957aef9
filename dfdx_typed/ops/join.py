"""Joining and splitting along an axis: concat, stack, split."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import shapes
from .._backend import Array, xp
from .._registry import composite, primitive
from .._tensor import Tensor
from ._common import check_tensor, run
from .index import getitem
from .shape_ops import unsqueeze


def _concat_rule(op: str, *shape_list: shapes.Shape, axis: int) -> shapes.Shape:
    return shapes.concat(op, shape_list, axis)


def _concat_vjp(i: int, g: Array, ans: Array, *arrays: Array, axis: int) -> Array:
    ax = axis % g.ndim
    start = sum(a.shape[ax] for a in arrays[:i])
    index = [slice(None)] * g.ndim
    index[ax] = slice(start, start + arrays[i].shape[ax])
    return g[tuple(index)]


_concat = primitive("concat", lambda *arrays, axis: xp.concat(arrays, axis=axis), _concat_rule)
_concat.variadic_vjp = _concat_vjp


def _tensors(op: str, tensors: Sequence[Tensor[Any, Any]]) -> list[Tensor[Any, Any]]:
    if isinstance(tensors, Tensor):
        raise TypeError(f"{op}: expected a list or tuple of tensors, got a single Tensor")
    return [check_tensor(t, op, f"tensors[{i}]") for i, t in enumerate(tensors)]


def concat(tensors: Sequence[Tensor[Any, Any]], axis: int = 0) -> Tensor[Any, Any]:
    """Join along an existing ``axis``; the other dims must agree.

    Shapes: ``tensors: [(B, N1), (B, N2)]``, ``axis=1`` -> ``(B, Add[N1, N2])`` (``(2, 3)`` and
    ``(2, 4)`` give ``(2, 7)``).

    PyTorch: ``torch.cat(tensors, dim=axis)``.
    """
    ts = _tensors("concat", tensors)
    if not ts:
        shapes.concat("concat", [], axis)
    return run(_concat, *ts, axis=axis)


_stack = composite("stack", shapes.stack)


def stack(tensors: Sequence[Tensor[Any, Any]], axis: int = 0) -> Tensor[Any, Any]:
    """Join equal shapes along a new ``axis``.

    Shapes: ``tensors: [(N, D)] * K``, ``axis=0`` -> ``(K, N, D)`` (two ``(3,)`` give ``(2, 3)``).

    PyTorch: ``torch.stack(tensors, dim=axis)``.
    """
    ts = _tensors("stack", tensors)
    shapes.stack("stack", [t.shape for t in ts], axis)
    ax = axis % (ts[0].ndim + 1)
    return concat([unsqueeze(t, ax) for t in ts], axis=ax)


_split = composite("split", shapes.split)


def split(
    x: Tensor[Any, Any], split_size_or_sections: int | Sequence[int], axis: int = 0
) -> list[Tensor[Any, Any]]:
    """Split along ``axis`` into chunks of one size (the last may be smaller) or of given sizes.

    Shapes: ``x: (10, 4)``, ``[3, 7]`` -> ``[(3, 4), (7, 4)]``; ``3`` -> ``[(3, 4), (3, 4), (3, 4), (1, 4)]``.

    PyTorch: ``torch.split(x, split_size_or_sections, dim=axis)``.
    """
    check_tensor(x, "split")
    parts = shapes.split("split", x.shape, split_size_or_sections, axis)
    ax = axis % x.ndim
    out = []
    start = 0
    for p in parts:
        n = p[ax]
        assert isinstance(n, int)
        index = (slice(None),) * ax + (slice(start, start + n),)
        out.append(getitem(x, index))
        start += n
    return out
