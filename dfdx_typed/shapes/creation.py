"""Shapes of constructors: explicit shapes, arange, eye, nested lists."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .dims import Dim, Shape, format_shape
from .errors import ShapeError


def new_shape(op: str, shape: Sequence[Dim]) -> Shape:
    """A shape given to ``zeros``/``ones``/``full``/``rand``/``randn``: no negative sizes."""
    for d in shape:
        if isinstance(d, int) and d < 0:
            raise ShapeError("shape", f"{op}: negative dimension {d} in {format_shape(tuple(shape))}")
    return tuple(shape)


def arange(op: str, start: float, stop: float | None = None, step: float = 1) -> Shape:
    """``arange(stop)`` / ``arange(start, stop, step)``: ``ceil((stop - start) / step)`` elements."""
    if stop is None:
        start, stop = 0, start
    if step == 0:
        raise ShapeError("shape", f"{op}: step cannot be zero")
    return (max(0, math.ceil((stop - start) / step)),)


def eye(op: str, n: Dim, m: Dim | None = None) -> Shape:
    return new_shape(op, (n, n if m is None else m))


def nested_shape(op: str, data: object) -> Shape:
    """The shape of a nested list of numbers; ragged nesting is a ``shape`` error naming where."""

    def walk(x: object, path: tuple[int, ...]) -> Shape:
        if isinstance(x, (list, tuple)):
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
