"""Shapes of constructors: explicit shapes, arange, eye, nested lists."""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

from .dims import Dim, Shape, format_shape
from .errors import ShapeError

MAX_RANK = 64
"""numpy's limit on the number of dims (``NPY_MAXDIMS``): a larger rank is an error everywhere."""


MAX_SIZE = 2**63 - 1
"""The most elements (and the largest dim) numpy can index."""


def check_rank(op: str, rank: int) -> None:
    """A result of ``rank`` dims must fit numpy's :data:`MAX_RANK`."""
    if rank > MAX_RANK:
        raise ShapeError(
            "shape", f"{op}: the result would have {rank} dims, more than numpy's maximum of {MAX_RANK}"
        )


def new_shape(op: str, shape: Sequence[Dim]) -> Shape:
    """A shape given to ``zeros``/``ones``/``full``/``rand``/``randn``: no negative sizes, at most
    :data:`MAX_RANK` dims, fewer than 2**63 elements."""
    check_rank(op, len(shape))
    size = 1
    for d in shape:
        if isinstance(d, int) and d < 0:
            raise ShapeError("shape", f"{op}: negative dimension {d} in {format_shape(tuple(shape))}")
        if isinstance(d, int):
            size *= d
    if any(isinstance(d, int) and d > MAX_SIZE for d in shape) or size > MAX_SIZE:
        raise ShapeError(
            "shape", f"{op}: {format_shape(tuple(shape))} has more elements than numpy can index"
        )
    return tuple(shape)


def arange(op: str, start: float, stop: float | None = None, step: float = 1) -> Shape:
    """``arange(stop)`` / ``arange(start, stop, step)``: ``ceil((stop - start) / step)`` elements."""
    if stop is None:
        start, stop = 0, start
    for name, v in (("start", start), ("stop", stop), ("step", step)):
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise TypeError(f"{op}: {name} must be a number, got {type(v).__name__} {v!r}")
        if not isinstance(v, numbers.Integral) and not math.isfinite(v):
            raise ValueError(f"{op}: {name} must be finite, got {v}")
    if step == 0:
        raise ShapeError("shape", f"{op}: step cannot be zero")
    if all(isinstance(v, numbers.Integral) for v in (start, stop, step)):
        return (max(0, -((int(start) - int(stop)) // int(step))),)  # exact for any int size
    return (max(0, math.ceil((stop - start) / step)),)


def eye(op: str, n: Dim, m: Dim | None = None) -> Shape:
    return new_shape(op, (n, n if m is None else m))


def nested_shape(op: str, data: object) -> Shape:
    """The shape of a nested list of numbers; ragged nesting is a ``shape`` error naming where, and
    so is nesting deeper than :data:`MAX_RANK` (a list that contains itself included)."""

    def walk(x: object, path: tuple[int, ...]) -> Shape:
        if isinstance(x, (list, tuple)):
            if len(path) == MAX_RANK:
                where = "".join(f"[{p}]" for p in path)
                raise ShapeError(
                    "shape",
                    f"{op}: the nested list is deeper than numpy's maximum of {MAX_RANK} dims "
                    f"(data{where} is still a list)",
                )
            if not x:
                return (0,)
            shapes = [walk(e, path + (i,)) for i, e in enumerate(x)]
            for i, s in enumerate(shapes[1:], start=1):
                if s != shapes[0]:
                    where = "".join(f"[{p}]" for p in path)
                    raise ShapeError(
                        "shape",
                        f"{op}: ragged nested list: data{where}[{i}] has shape {format_shape(s)} "
                        f"but data{where}[0] has shape {format_shape(shapes[0])}",
                    )
            return (len(x),) + shapes[0]
        return ()

    return walk(data, ())
