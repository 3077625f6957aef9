"""Basic indexing: ints, slices (steps, negatives), None and Ellipsis."""

from __future__ import annotations

from types import EllipsisType
from typing import TypeAlias

from .dims import UNKNOWN, Dim, Shape, Unknown, format_shape
from .errors import ShapeError

IndexItem: TypeAlias = int | Unknown | slice | None | EllipsisType
"""One item of an index: an int (UNKNOWN when not a literal), a slice whose bounds are ints, None or
UNKNOWN, ``None`` (new axis) or ``...``."""


def _slice_len(op: str, shape: Shape, axis: int, d: Dim, s: slice) -> Dim:
    parts = (s.start, s.stop, s.step)
    if s.step == 0:
        raise ShapeError("shape", f"{op}: slice step cannot be zero (axis {axis} of {format_shape(shape)})")
    if any(isinstance(p, Unknown) for p in parts):
        return UNKNOWN
    if isinstance(d, int):
        return len(range(*s.indices(d)))
    # A symbolic or unknown dim keeps its size only under a full slice.
    if s.start is None and s.stop is None and s.step in (None, 1):
        return d
    return UNKNOWN


def getitem(op: str, shape: Shape, index: tuple[IndexItem, ...]) -> Shape:
    """The shape of ``x[index]`` under numpy basic indexing, with bounds checks on int indices."""
    n_ellipsis = sum(1 for it in index if it is Ellipsis)
    if n_ellipsis > 1:
        raise ShapeError("shape", f"{op}: an index can only have a single ellipsis ('...')")
    consumed = sum(1 for it in index if it is not None and it is not Ellipsis)
    if consumed > len(shape):
        raise ShapeError(
            "shape",
            f"{op}: too many indices for {format_shape(shape)}: {consumed} given for rank "
            f"{len(shape)}",
        )
    items: list[IndexItem] = []
    for it in index:
        if it is Ellipsis:
            items.extend([slice(None)] * (len(shape) - consumed))
        else:
            items.append(it)
    if not n_ellipsis:
        items.extend([slice(None)] * (len(shape) - consumed))
    out: list[Dim] = []
    axis = 0
    for it in items:
        if it is None:
            out.append(1)
            continue
        d = shape[axis]
        if isinstance(it, slice):
            out.append(_slice_len(op, shape, axis, d, it))
        elif isinstance(it, int) and isinstance(d, int) and not -d <= it < d:
            raise ShapeError(
                "shape",
                f"{op}: index {it} is out of bounds for axis {axis} with size {d} in "
                f"{format_shape(shape)}",
            )
        axis += 1
    return tuple(out)
