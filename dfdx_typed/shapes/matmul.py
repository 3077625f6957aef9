"""numpy matmul: 1-D, 2-D, and batched with broadcast batch dims."""

from __future__ import annotations

from .broadcast import broadcast_dim
from .dims import Dim, Shape, definitely_differ, format_dim, format_shape
from .errors import ShapeError


def matmul(op: str, a: Shape, b: Shape) -> Shape:
    """``a @ b`` as numpy.matmul: ``(..., n, k) @ (..., k, m) -> (..., n, m)``.

    A 1-D left operand is a row vector and a 1-D right operand a column vector; their added dim is
    removed from the result. Batch dims broadcast (in both directions: that is how batched matmul is
    meant to be used).
    """
    if len(a) == 0 or len(b) == 0:
        raise ShapeError(
            "shape",
            f"{op}: operands must have at least 1 dim: {format_shape(a)} @ {format_shape(b)}",
        )
    ka = a[-1]
    kb = b[0] if len(b) == 1 else b[-2]
    if definitely_differ(ka, kb):
        raise ShapeError(
            "shape",
            f"{op}: inner dims differ: {format_shape(a)} @ {format_shape(b)} — "
            f"{format_dim(ka)} != {format_dim(kb)}",
        )
    batch_a = a[:-2] if len(a) > 2 else ()
    batch_b = b[:-2] if len(b) > 2 else ()
    rank = max(len(batch_a), len(batch_b))
    pa: list[Dim | None] = [None] * (rank - len(batch_a)) + list(batch_a)
    pb: list[Dim | None] = [None] * (rank - len(batch_b)) + list(batch_b)
    batch: list[Dim] = []
    for i, (da, db) in enumerate(zip(pa, pb)):
        if da is None or db is None:
            d = db if da is None else da
            assert d is not None
            batch.append(d)
            continue
        pair = broadcast_dim(da, db)
        if pair is None:
            raise ShapeError(
                "shape",
                f"{op}: batch dims do not broadcast: {format_shape(a)} @ {format_shape(b)} — "
                f"{format_dim(da)} != {format_dim(db)} at batch dim {i - rank}",
            )
        batch.append(pair)
    rows: tuple[Dim, ...] = (a[-2],) if len(a) >= 2 else ()
    cols: tuple[Dim, ...] = (b[-1],) if len(b) >= 2 else ()
    return tuple(batch) + rows + cols
