"""Numpy broadcasting, and the two-sided broadcast that is almost always a bug."""

from __future__ import annotations

from .creation import check_rank
from .dims import UNKNOWN, Dim, Poly, Shape, Unknown, definitely_equal, format_shape, is_one
from .errors import ShapeError


def broadcast_dim(a: Dim, b: Dim) -> Dim | None:
    """The broadcast of two aligned dims, or None when they definitely cannot broadcast."""
    if definitely_equal(a, b) or is_one(b):
        return a
    if is_one(a):
        return b
    if isinstance(a, int) and isinstance(b, int):
        return None
    # At least one side is symbolic or unknown: it may equal the other side or be 1. Either way the
    # result is the other side when that side is a concrete size; otherwise it is not known.
    if isinstance(b, int) and not isinstance(a, int):
        return b
    if isinstance(a, int) and not isinstance(b, int):
        return a
    return UNKNOWN


def _expands(src: Dim | None, out: Dim) -> bool:
    """The operand dim (None when the operand has fewer dims) is definitely stretched to ``out``.

    A symbolic ``out`` counts as a size greater than one: symbols stand for batch sizes, and code
    that is only right when the batch is 1 is the bug this check exists for.
    """
    if src is not None and not is_one(src):
        return False
    if isinstance(out, Unknown):
        return False
    return isinstance(out, Poly) or out > 1


def broadcast(op: str, a: Shape, b: Shape) -> Shape:
    """numpy.broadcast_shapes(a, b), rejecting a broadcast that stretches both operands.

    ``(4, 3) + (3,)`` is fine; ``(4, 3) + (4,)`` is a ``shape`` error; ``(N,) - (N, 1)`` (which numpy
    silently turns into ``(N, N)``) is a ``broadcast`` error, fixed by an explicit ``broadcast_to``.
    """
    rank = max(len(a), len(b))
    pa: list[Dim | None] = [None] * (rank - len(a)) + list(a)
    pb: list[Dim | None] = [None] * (rank - len(b)) + list(b)
    out: list[Dim] = []
    for i, (da, db) in enumerate(zip(pa, pb)):
        if da is None:
            assert db is not None
            out.append(db)
            continue
        if db is None:
            out.append(da)
            continue
        d = broadcast_dim(da, db)
        if d is None:
            raise ShapeError(
                "shape",
                f"{op}: shapes {format_shape(a)} and {format_shape(b)} do not broadcast: "
                f"{da} != {db} at dim {i - rank}",
            )
        out.append(d)
    result = tuple(out)
    if any(_expands(d, o) for d, o in zip(pa, result)) and any(
        _expands(d, o) for d, o in zip(pb, result)
    ):
        raise ShapeError(
            "broadcast",
            f"{op}: broadcast expands both operands: {format_shape(a)} and {format_shape(b)} give "
            f"{format_shape(result)}; if that is intended, broadcast_to({format_shape(result)}) "
            "one of them explicitly",
        )
    return result


def broadcast_to(op: str, shape: Shape, target: Shape) -> Shape:
    """numpy.broadcast_to: every dim of ``shape`` equals the aligned target dim or is 1."""
    check_rank(op, len(target))
    if len(shape) > len(target):
        raise ShapeError(
            "shape",
            f"{op}: cannot broadcast {format_shape(shape)} to {format_shape(target)}: "
            f"rank {len(shape)} > rank {len(target)}",
        )
    for t in target:
        if isinstance(t, int) and t < 0:
            raise ShapeError(
                "shape",
                f"{op}: cannot broadcast {format_shape(shape)} to {format_shape(target)}: "
                f"negative dimension {t}",
            )
    offset = len(target) - len(shape)
    for i, d in enumerate(shape):
        t = target[offset + i]
        if isinstance(d, int) and isinstance(t, int) and d != t and d != 1:
            raise ShapeError(
                "shape",
                f"{op}: cannot broadcast {format_shape(shape)} to {format_shape(target)}: "
                f"{d} != {t} at dim {i - len(shape)}",
            )
    return tuple(target)
