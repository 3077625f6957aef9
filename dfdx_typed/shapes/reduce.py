"""Axis arguments: reductions (sum, mean, max, ...) and single-axis ops (softmax family)."""

from __future__ import annotations

import operator
from typing import Any

from .dims import Shape, format_shape
from .errors import ShapeError


def axis_int(op: str, axis: Any, name: str = "axis") -> int:
    """An axis argument as an int: ints and integer-likes (``numpy.int64``) pass, a bool, float or
    anything else is a ``TypeError`` naming the op (numpy refuses a bool axis too)."""
    if isinstance(axis, bool) or not hasattr(type(axis), "__index__"):
        raise TypeError(f"{op}: {name} must be an int, got {type(axis).__name__} {axis!r}")
    return operator.index(axis)


def axis_tuple(op: str, axis: Any) -> tuple[int, ...]:
    """An ``int | tuple[int, ...]`` axis argument as a tuple of ints (a ``TypeError`` otherwise)."""
    if isinstance(axis, tuple):
        return tuple(axis_int(op, a) for a in axis)
    if isinstance(axis, bool) or not hasattr(type(axis), "__index__"):
        raise TypeError(
            f"{op}: axis must be an int, a tuple of ints or None, got {type(axis).__name__} {axis!r}"
        )
    return (operator.index(axis),)


def normalize_axis(op: str, shape: Shape, axis: int) -> int:
    """``axis`` in ``[-rank, rank)`` mapped to ``[0, rank)``; anything else is a ``shape`` error
    (and a non-int axis a ``TypeError``)."""
    axis = axis_int(op, axis)
    rank = len(shape)
    if not -rank <= axis < rank:
        raise ShapeError(
            "shape",
            f"{op}: axis {axis} is out of range for {format_shape(shape)} (rank {rank})",
        )
    return axis % rank


def normalize_new_axis(op: str, shape: Shape, axis: int, added: int = 1) -> int:
    """An axis of the result of inserting ``added`` new axes into ``shape`` (unsqueeze, stack).

    The message names the operand's shape (not a placeholder of the result's rank).
    """
    axis = axis_int(op, axis)
    rank = len(shape) + added
    if not -rank <= axis < rank:
        new = "1 new axis" if added == 1 else f"{added} new axes"
        raise ShapeError(
            "shape",
            f"{op}: axis {axis} is out of range for {format_shape(shape)} plus {new} (rank {rank})",
        )
    return axis % rank


def _axes(op: str, shape: Shape, axis: int | tuple[int, ...] | None) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(len(shape)))
    given = axis_tuple(op, axis)
    axes = tuple(normalize_axis(op, shape, a) for a in given)
    if len(set(axes)) != len(axes):
        raise ShapeError(
            "shape", f"{op}: repeated axis in {given} for {format_shape(shape)}"
        )
    return axes


def reduce(
    op: str, shape: Shape, axis: int | tuple[int, ...] | None = None, keepdims: bool = False
) -> Shape:
    """numpy reduction: drop (or keep as 1) the reduced axes. ``axis=None`` reduces everything."""
    if keepdims not in (True, False):
        raise TypeError(f"{op}: keepdims must be a bool, got {type(keepdims).__name__} {keepdims!r}")
    axes = _axes(op, shape, axis)
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def same_axis(op: str, shape: Shape, axis: int) -> Shape:
    """An op along one axis that keeps the shape (softmax, log_softmax, normalize, cumsum)."""
    normalize_axis(op, shape, axis)
    return shape
