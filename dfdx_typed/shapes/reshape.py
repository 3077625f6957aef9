"""Element-count preserving ops: reshape (one -1 inferred), flatten, squeeze, unsqueeze, realize."""

from __future__ import annotations

from .creation import check_rank
from .dims import (
    UNKNOWN,
    Dim,
    Shape,
    Unknown,
    constant_ratio,
    definitely_differ,
    exact_div,
    format_dim,
    format_shape,
    is_known,
    product,
)
from .errors import ShapeError, Undetermined
from .reduce import axis_tuple, normalize_axis, normalize_new_axis


def reshape(op: str, shape: Shape, new: tuple[Dim, ...]) -> Shape:
    """``x.reshape(new)``: the element count is kept; at most one ``-1`` is inferred.

    Counts are compared as polynomials, so ``(B, 784) -> (B, 28, 28)`` is accepted and
    ``(B, 784) -> (B, 28, 27)`` rejected for every batch size.
    """
    check_rank(op, len(new))
    holes = [i for i, d in enumerate(new) if d == -1]
    if len(holes) > 1:
        raise ShapeError(
            "shape",
            f"{op}: cannot reshape {format_shape(shape)} into {format_shape(new)}: "
            "only one dim can be -1",
        )
    for d in new:
        if isinstance(d, int) and d < -1:
            raise ShapeError(
                "shape",
                f"{op}: cannot reshape {format_shape(shape)} into {format_shape(new)}: "
                f"invalid dim {d}",
            )
    total = product(shape)
    known = product([d for d in new if d != -1])
    if not holes:
        if definitely_differ(total, known):
            raise ShapeError(
                "shape",
                f"{op}: cannot reshape {format_shape(shape)} into {format_shape(new)}: "
                f"{format_dim(total)} elements != {format_dim(known)}",
            )
        return tuple(new)
    inferred: Dim
    if not (is_known(total) and is_known(known)):
        inferred = UNKNOWN
    else:
        q = exact_div(total, known)
        if q is None:
            ratio = constant_ratio(total, known)
            if (isinstance(total, int) and isinstance(known, int)) or (
                ratio is not None and ratio.denominator != 1
            ):
                raise ShapeError(
                    "shape",
                    f"{op}: cannot reshape {format_shape(shape)} into {format_shape(new)}: "
                    f"{format_dim(total)} elements are not a multiple of {format_dim(known)}",
                )
            inferred = UNKNOWN
        else:
            inferred = q
    out = list(new)
    out[holes[0]] = inferred
    return tuple(out)


def flatten(op: str, shape: Shape, start_dim: int = 0, end_dim: int = -1) -> Shape:
    """``torch.flatten(x, start_dim, end_dim)``: dims ``start..end`` merged into their product."""
    if len(shape) == 0:
        # torch.flatten takes a 0-d tensor as rank 1 for its dim arguments (0 or -1) and gives (1,).
        for a in (start_dim, end_dim):
            if a not in (0, -1):
                raise ShapeError(
                    "shape", f"{op}: axis {a} is out of range for () (a 0-d tensor takes 0 or -1)"
                )
        return (1,)
    s = normalize_axis(op, shape, start_dim)
    e = normalize_axis(op, shape, end_dim)
    if s > e:
        raise ShapeError(
            "shape",
            f"{op}: start_dim {start_dim} comes after end_dim {end_dim} in {format_shape(shape)}",
        )
    return shape[:s] + (product(shape[s : e + 1]),) + shape[e + 1 :]


def squeeze(op: str, shape: Shape, axis: int | tuple[int, ...] | None = None) -> Shape:
    """numpy.squeeze: remove size-1 axes; naming an axis whose size is not 1 is an error."""
    if axis is None:
        if not all(isinstance(d, int) for d in shape):
            raise Undetermined(f"{op}: which dims of {format_shape(shape)} are 1 is not known")
        return tuple(d for d in shape if d != 1)
    given = axis_tuple(op, axis)
    axes = {normalize_axis(op, shape, a) for a in given}
    if len(axes) != len(given):
        raise ShapeError("shape", f"{op}: repeated axis in {given} for {format_shape(shape)}")
    for a in sorted(axes):
        d = shape[a]
        if isinstance(d, int) and d != 1:
            raise ShapeError(
                "shape",
                f"{op}: cannot squeeze axis {a} of {format_shape(shape)}: its size is {d}, not 1",
            )
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def unsqueeze(op: str, shape: Shape, axis: int | tuple[int, ...]) -> Shape:
    """numpy.expand_dims: insert size-1 axes at positions of the *result*."""
    given = axis_tuple(op, axis)
    rank = len(shape) + len(given)
    check_rank(op, rank)
    positions = {normalize_new_axis(op, shape, a, len(given)) for a in given}
    if len(positions) != len(given):
        raise ShapeError("shape", f"{op}: repeated axis in {given} for {format_shape(shape)}")
    it = iter(shape)
    return tuple(1 if i in positions else next(it) for i in range(rank))


def realize(op: str, shape: Shape, target: tuple[Dim, ...]) -> Shape:
    """Narrow dims known only at run time to the given ones: ``(int, 10) -> (4, 10)``."""
    if len(shape) != len(target):
        raise ShapeError(
            "shape",
            f"{op}: {format_shape(shape)} cannot be realized as {format_shape(target)}: "
            f"rank {len(shape)} != {len(target)}",
        )
    for d, t in zip(shape, target):
        if definitely_differ(d, t):
            raise ShapeError(
                "shape",
                f"{op}: {format_shape(shape)} cannot be realized as {format_shape(target)}: "
                f"{format_dim(d)} != {format_dim(t)}",
            )
    return tuple(t if not isinstance(t, Unknown) else d for d, t in zip(shape, target))
