"""Indexing: ints, slices (steps, negatives), None and Ellipsis, and index tensors (integer arrays
and boolean masks) with numpy's advanced-indexing rules."""

from __future__ import annotations

from dataclasses import dataclass
from types import EllipsisType
from typing import TypeAlias

from .broadcast import broadcast_dim
from .dims import UNKNOWN, Dim, Shape, Unknown, definitely_differ, format_shape
from .errors import ShapeError
from .select import IndexOutOfBounds


@dataclass(frozen=True)
class ArrayIndex:
    """An integer index tensor of the given shape (its values are checked at run time)."""

    shape: Shape


@dataclass(frozen=True)
class MaskIndex:
    """A boolean mask of the given shape; ``count`` is its number of True entries (UNKNOWN statically)."""

    shape: Shape
    count: Dim = UNKNOWN


IndexItem: TypeAlias = int | Unknown | slice | None | EllipsisType | ArrayIndex | MaskIndex
"""One item of an index: an int (UNKNOWN when not a literal), a slice whose bounds are ints, None or
UNKNOWN, ``None`` (new axis), ``...``, or an index tensor (:class:`ArrayIndex`, :class:`MaskIndex`)."""


def _slice_len(op: str, shape: Shape, axis: int, d: Dim, s: slice) -> Dim:
    parts = (s.start, s.stop, s.step)
    if s.step == 0:
        raise ShapeError("shape", f"{op}: slice step cannot be zero (axis {axis} of {format_shape(shape)})")
    if any(isinstance(p, Unknown) for p in parts):
        return UNKNOWN
    if isinstance(d, int) and d >= 0:  # (a negative dim, from an odd annotation, is no size)
        return len(range(*s.indices(d)))
    # A symbolic or unknown dim keeps its size only under a full slice.
    if s.start is None and s.stop is None and s.step in (None, 1):
        return d
    return UNKNOWN


def _width(it: IndexItem) -> int:
    """How many dims of the indexed tensor an item consumes."""
    if it is None or it is Ellipsis:
        return 0
    if isinstance(it, MaskIndex):
        return len(it.shape)
    return 1


def _advanced_shape(op: str, shape: Shape, parts: list[tuple[IndexItem, Shape]]) -> Shape:
    """Broadcast the index tensors' shapes (ints count as 0-d), numpy-style (no two-sided check:
    ``x[rows[:, None], cols]`` is the idiom for an outer selection)."""
    rank = max(len(s) for _, s in parts)
    out: list[Dim] = []
    for i in range(rank):
        dim: Dim = 1
        for _, s in parts:
            k = i - (rank - len(s))
            if k < 0:
                continue
            merged = broadcast_dim(dim, s[k])
            if merged is None:
                listing = ", ".join(format_shape(s) for _, s in parts)
                raise ShapeError(
                    "shape",
                    f"{op}: index tensors of shapes {listing} do not broadcast together "
                    f"(indexing {format_shape(shape)})",
                )
            dim = merged
        out.append(dim)
    return tuple(out)


def getitem(op: str, shape: Shape, index: tuple[IndexItem, ...]) -> Shape:
    """The shape of ``x[index]`` under numpy indexing, with bounds checks on int indices.

    Index tensors (and the ints among them) select elementwise after broadcasting together; the
    broadcast dims replace the indexed dims in place when all those items are adjacent, and go first
    otherwise (numpy's rule). A boolean mask consumes as many dims as it has, which must equal them,
    and contributes one dim: its number of True entries (a bool scalar is a 0-d mask).
    """
    # A bool scalar is a 0-d mask: it consumes no dim and adds one of length 1 (True) or 0 (False).
    index = tuple(MaskIndex((), int(it)) if isinstance(it, bool) else it for it in index)
    n_ellipsis = sum(1 for it in index if it is Ellipsis)
    if n_ellipsis > 1:
        raise ShapeError(
            "shape", f"{op}: an index can only have a single ellipsis ('...'), indexing {format_shape(shape)}"
        )
    consumed = sum(_width(it) for it in index)
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
    has_tensor = any(isinstance(it, (ArrayIndex, MaskIndex)) for it in items)
    out: list[Dim] = []
    advanced: list[tuple[IndexItem, Shape]] = []
    positions: list[int] = []  # where each advanced item stands among the items
    insert_at = 0
    axis = 0
    for pos, it in enumerate(items):
        n_advanced = len(advanced)
        if it is None:
            out.append(1)
            continue
        if isinstance(it, MaskIndex):
            dims = shape[axis : axis + len(it.shape)]
            if any(definitely_differ(m, d) for m, d in zip(it.shape, dims)):
                raise ShapeError(
                    "shape",
                    f"{op}: boolean index {format_shape(it.shape)} does not match the indexed dims "
                    f"{format_shape(dims)} (from axis {axis}) of {format_shape(shape)}",
                )
            advanced.append((it, (it.count,)))
        elif isinstance(it, ArrayIndex):
            advanced.append((it, it.shape))
        elif isinstance(it, slice):
            out.append(_slice_len(op, shape, axis, shape[axis], it))
        else:
            d = shape[axis]
            if isinstance(it, int) and isinstance(d, int) and not -d <= it < d:
                # An IndexError too (as numpy's and PyTorch's): `for row in x` stops on it.
                raise IndexOutOfBounds(
                    f"{op}: index {it} is out of bounds for axis {axis} with size {d} in "
                    f"{format_shape(shape)}",
                )
            if has_tensor:
                advanced.append((it, ()))  # with index tensors around, an int is a 0-d index
        if len(advanced) > n_advanced:
            if not positions:
                insert_at = len(out)
            positions.append(pos)
        axis += _width(it)
    if not has_tensor:
        return tuple(out)
    block = _advanced_shape(op, shape, advanced)
    adjacent = positions == list(range(positions[0], positions[0] + len(positions)))
    at = insert_at if adjacent else 0
    return (*out[:at], *block, *out[at:])
