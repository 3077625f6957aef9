"""``linear``: ``x @ weight.T + bias`` as one op (PyTorch's ``F.linear``)."""

from __future__ import annotations

from .dims import Shape, definitely_differ, format_dim, format_shape
from .errors import ShapeError


def linear(op: str, x: Shape, w: Shape, b: Shape | None = None) -> Shape:
    """``(..., in) @ (out, in).T + (out,) -> (..., out)``; a 1-D ``x`` gives ``(out,)``.

    The weight is a matrix in PyTorch's layout ``(out_features, in_features)``; the bias, when
    given, is ``(out_features,)``. ``x`` needs at least one dim (its last is ``in_features``).
    """
    if len(x) == 0 or len(w) != 2:
        raise ShapeError(
            "shape",
            f"{op}: x needs at least 1 dim and weight exactly 2 (out_features, in_features): "
            f"{format_shape(x)} @ {format_shape(w)}.T",
        )
    if definitely_differ(x[-1], w[1]):
        raise ShapeError(
            "shape",
            f"{op}: inner dims differ: {format_shape(x)} @ {format_shape(w)}.T — "
            f"{format_dim(x[-1])} != {format_dim(w[1])}",
        )
    if b is not None and (len(b) != 1 or definitely_differ(b[0], w[0])):
        raise ShapeError(
            "shape",
            f"{op}: bias must be (out_features,) = ({format_dim(w[0])},): weight "
            f"{format_shape(w)}, bias {format_shape(b)}",
        )
    return tuple(x[:-1]) + (w[0],)
