"""Reordering axes: permute, transpose, .T and .mT."""

from __future__ import annotations

from .dims import Shape, format_shape
from .errors import ShapeError
from .reduce import normalize_axis


def permute(op: str, shape: Shape, axes: tuple[int, ...]) -> Shape:
    """``x.permute(*axes)``: ``axes`` must name every axis exactly once (negatives allowed)."""
    if len(axes) != len(shape):
        raise ShapeError(
            "shape",
            f"{op}: expected {len(shape)} axes for {format_shape(shape)}, got {len(axes)}: {axes}",
        )
    norm = [normalize_axis(op, shape, a) for a in axes]
    if sorted(norm) != list(range(len(shape))):
        raise ShapeError(
            "shape", f"{op}: {axes} is not a permutation of the axes of {format_shape(shape)}"
        )
    return tuple(shape[a] for a in norm)


def transpose(op: str, shape: Shape, axis0: int, axis1: int) -> Shape:
    """Swap two axes (``torch.transpose(x, a, b)`` / ``numpy.swapaxes``)."""
    a = normalize_axis(op, shape, axis0)
    b = normalize_axis(op, shape, axis1)
    out = list(shape)
    out[a], out[b] = out[b], out[a]
    return tuple(out)


def T(op: str, shape: Shape) -> Shape:
    """numpy's ``.T``: all axes reversed."""
    return tuple(reversed(shape))


def mT(op: str, shape: Shape) -> Shape:
    """The last two axes swapped (a batch of matrices transposed); needs rank >= 2."""
    if len(shape) < 2:
        raise ShapeError(
            "shape", f"{op}: needs a tensor of rank >= 2, got {format_shape(shape)}"
        )
    return transpose(op, shape, -2, -1)
