"""Joining and splitting: concat, stack, split."""

from __future__ import annotations

from collections.abc import Sequence

from .creation import check_rank
from .dims import Dim, Shape, add, definitely_differ, format_dim, format_shape
from .errors import ShapeError, Undetermined
from .reduce import axis_int, normalize_axis, normalize_new_axis


def _same_rank(op: str, shapes: Sequence[Shape]) -> None:
    if not shapes:
        raise ShapeError("shape", f"{op}: expected at least one tensor, got none")
    for i, s in enumerate(shapes[1:], start=1):
        if len(s) != len(shapes[0]):
            raise ShapeError(
                "shape",
                f"{op}: tensor {i} has rank {len(s)} but tensor 0 has rank {len(shapes[0])}: "
                f"{format_shape(shapes[0])} vs {format_shape(s)}",
            )


def concat(op: str, shapes: Sequence[Shape], axis: int = 0) -> Shape:
    """numpy.concatenate: all dims but ``axis`` equal; the ``axis`` dims add up."""
    _same_rank(op, shapes)
    ax = normalize_axis(op, shapes[0], axis)
    total: Dim = 0
    for i, s in enumerate(shapes):
        for j, (d0, d) in enumerate(zip(shapes[0], s)):
            if j != ax and definitely_differ(d0, d):
                raise ShapeError(
                    "shape",
                    f"{op}: tensor {i} differs from tensor 0 in dim {j}: "
                    f"{format_shape(shapes[0])} vs {format_shape(s)} — "
                    f"{format_dim(d0)} != {format_dim(d)}",
                )
        total = add(total, s[ax])
    return shapes[0][:ax] + (total,) + shapes[0][ax + 1 :]


def stack(op: str, shapes: Sequence[Shape], axis: int = 0) -> Shape:
    """numpy.stack: all shapes equal; a new axis of length ``len(shapes)`` is inserted."""
    _same_rank(op, shapes)
    for i, s in enumerate(shapes):
        for j, (d0, d) in enumerate(zip(shapes[0], s)):
            if definitely_differ(d0, d):
                raise ShapeError(
                    "shape",
                    f"{op}: tensor {i} differs from tensor 0 in dim {j}: "
                    f"{format_shape(shapes[0])} vs {format_shape(s)} — "
                    f"{format_dim(d0)} != {format_dim(d)}",
                )
    check_rank(op, len(shapes[0]) + 1)
    ax = normalize_new_axis(op, shapes[0], axis)
    return shapes[0][:ax] + (len(shapes),) + shapes[0][ax:]


def split(
    op: str, shape: Shape, split_size_or_sections: int | Sequence[Dim], axis: int = 0
) -> list[Shape]:
    """``torch.split``: chunks of one size (the last may be smaller), or explicit section sizes
    that must add up to the axis length."""
    ax = normalize_axis(op, shape, axis)
    n = shape[ax]
    arg: object = split_size_or_sections
    sections = isinstance(arg, (tuple, list))
    items = list(arg) if isinstance(arg, (tuple, list)) else [arg]
    if any(isinstance(s, (bool, float, str, bytes)) for s in items) or not (
        sections or hasattr(type(arg), "__index__")
    ):
        raise TypeError(
            f"{op}: split_size_or_sections must be an int or a list of ints, got "
            f"{type(arg).__name__} {arg!r}"
        )
    if not sections:
        size = axis_int(op, arg, "split_size_or_sections")
        # torch.split accepts a size of 0 only for an empty axis (one empty chunk).
        if size < 0 or (size == 0 and isinstance(n, int) and n != 0):
            raise ShapeError(
                "shape",
                f"{op}: split size must be positive, got {size} for axis {ax} of "
                f"{format_shape(shape)}",
            )
        if not isinstance(n, int):
            raise Undetermined(f"{op}: number of chunks of {format_dim(n)} is not known")
        sizes: list[Dim] = []
        if n == 0:
            sizes = [0]  # torch.split of an empty axis gives one empty chunk
        else:
            sizes += [size] * (n // size) + ([n % size] if n % size else [])
    else:
        sizes = list(items)  # type: ignore[arg-type]  # checked above: ints or dims
        for s in sizes:
            if isinstance(s, int) and s < 0:
                raise ShapeError(
                    "shape",
                    f"{op}: section sizes must be >= 0, got ({', '.join(format_dim(s) for s in sizes)}) "
                    f"for axis {ax} of {format_shape(shape)}",
                )
        total: Dim = 0
        for s in sizes:
            total = add(total, s)
        if definitely_differ(total, n):
            raise ShapeError(
                "shape",
                f"{op}: sections ({', '.join(format_dim(s) for s in sizes)}) add up to "
                f"{format_dim(total)}, but axis {ax} of {format_shape(shape)} is {format_dim(n)}",
            )
    return [shape[:ax] + (s,) + shape[ax + 1 :] for s in sizes]
