"""Selection, masks and einsum: gather/select/take_along_axis/embedding, where, one_hot, roll,
tril/triu, argmax/argmin, and the einsum subscript language with letter binding.

Index *values* are only known at run time; :func:`index_out_of_bounds` builds the one message the
engine raises for them, so that message lives here with the others.
"""

from __future__ import annotations

from collections.abc import Sequence

from .broadcast import _expands, broadcast_dim
from .dims import Dim, Poly, Shape, Unknown, definitely_differ, format_dim, format_shape, is_known
from .errors import ShapeError
from .reduce import normalize_axis


def _fail(message: str) -> ShapeError:
    return ShapeError("shape", message)


class IndexOutOfBounds(ShapeError, IndexError):
    """An index tensor holds a value outside its axis (caught as ``IndexError`` too, as in numpy)."""

    def __init__(self, message: str) -> None:
        super().__init__("shape", message)

    def __reduce__(self) -> tuple[type[IndexOutOfBounds], tuple[str]]:  # type: ignore[override]
        return (type(self), (self.message,))


def index_out_of_bounds(op: str, arg: str, value: int, axis: int, shape: Shape) -> IndexOutOfBounds:
    """The error for an index value outside ``[-size, size)`` of ``shape[axis]``."""
    return IndexOutOfBounds(
        f"{op}: {arg} holds {value}, out of bounds for axis {axis} with size "
        f"{format_dim(shape[axis])} in {format_shape(shape)}"
    )


def gather(op: str, x: Shape, axis: int, index: Shape) -> Shape:
    """``torch.gather``: same rank; ``index`` no larger than ``x`` off ``axis``; result is ``index``'s
    shape. ``out[i, j] = x[index[i, j], j]`` for ``axis=0``."""
    if len(index) != len(x):
        raise _fail(f"{op}: index {format_shape(index)} must have the rank of the input {format_shape(x)}")
    ax = normalize_axis(op, x, axis)
    for i, (di, dx) in enumerate(zip(index, x)):
        if i != ax and isinstance(di, int) and isinstance(dx, int) and di > dx:
            raise _fail(
                f"{op}: index {format_shape(index)} is larger than the input {format_shape(x)} at dim "
                f"{i} ({di} > {dx}); only dim {ax} may differ"
            )
    return tuple(index)


def select(op: str, x: Shape, axis: int, index: Shape) -> Shape:
    """``np.take`` / ``torch.index_select``: the ``axis`` dim is replaced by ``index``'s dims."""
    ax = normalize_axis(op, x, axis)
    return (*x[:ax], *index, *x[ax + 1 :])


def take_along_axis(op: str, x: Shape, indices: Shape, axis: int) -> Shape:
    """``np.take_along_axis``: same rank; other dims broadcast; ``axis`` gets ``indices``' size."""
    if len(indices) != len(x):
        raise _fail(
            f"{op}: indices {format_shape(indices)} must have the rank of the input {format_shape(x)}"
        )
    ax = normalize_axis(op, x, axis)
    out: list[Dim] = []
    for i, (dx, di) in enumerate(zip(x, indices)):
        if i == ax:
            out.append(di)
            continue
        d = broadcast_dim(dx, di)
        if d is None:
            raise _fail(
                f"{op}: indices {format_shape(indices)} do not broadcast against the input "
                f"{format_shape(x)} at dim {i}: {format_dim(di)} != {format_dim(dx)}"
            )
        out.append(d)
    return tuple(out)


def embedding(op: str, indices: Shape, weight: Shape) -> Shape:
    """Rows of a ``(num, D)`` table looked up by an integer tensor: ``(B, S) -> (B, S, D)``."""
    if len(weight) != 2:
        raise _fail(f"{op}: weight must be (num_embeddings, embedding_dim), got {format_shape(weight)}")
    return (*indices, weight[1])


def where(op: str, cond: Shape, a: Shape, b: Shape) -> Shape:
    """numpy broadcasting of three shapes. A result larger than every operand (two-sided expansion,
    the ``(N,)`` vs ``(N, 1)`` bug) is a ``broadcast`` error."""
    operands = (("condition", cond), ("x", a), ("y", b))
    rank = max(len(s) for _, s in operands)
    out: list[Dim] = []
    for i in range(rank):
        dim: Dim | None = None
        for _, s in operands:
            k = i - (rank - len(s))
            if k < 0:
                continue
            if dim is None:
                dim = s[k]
                continue
            merged = broadcast_dim(dim, s[k])
            if merged is None:
                listing = ", ".join(f"{n} {format_shape(t)}" for n, t in operands)
                raise _fail(f"{op}: shapes do not broadcast at dim {i - rank}: {listing}")
            dim = merged
        assert dim is not None
        out.append(dim)
    result = tuple(out)
    padded = [[None] * (rank - len(s)) + list(s) for _, s in operands]
    if all(any(_expands(d, o) for d, o in zip(p, result)) for p in padded):
        listing = ", ".join(f"{n} {format_shape(s)}" for n, s in operands)
        raise ShapeError(
            "broadcast",
            f"{op}: broadcast expands every operand: {listing} give {format_shape(result)}; if that "
            f"is intended, broadcast_to({format_shape(result)}) one of them explicitly",
        )
    return result


def one_hot(op: str, indices: Shape, num_classes: int) -> Shape:
    """``(...) -> (..., num_classes)``."""
    if not isinstance(num_classes, int) or isinstance(num_classes, bool) or num_classes < 1:
        raise _fail(f"{op}: num_classes must be a positive int, got {num_classes!r}")
    return (*indices, num_classes)


def roll(op: str, x: Shape, shifts: int | Sequence[int], axis: int | Sequence[int] | None = None) -> Shape:
    """``torch.roll``/``np.roll``: same shape; one shift per axis (``axis=None`` rolls the flat tensor)."""
    if axis is None:
        if not isinstance(shifts, int):
            raise _fail(f"{op}: with axis=None, shifts must be a single int, got {shifts!r}")
        return x
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    shift_list = (shifts,) if isinstance(shifts, int) else tuple(shifts)
    if len(axes) != len(shift_list):
        raise _fail(f"{op}: {len(shift_list)} shifts given for {len(axes)} axes ({shifts!r}, {axis!r})")
    for a in axes:
        normalize_axis(op, x, a)
    return x


def triangle(op: str, x: Shape, diagonal: int = 0) -> Shape:
    """``tril``/``triu``: the last two dims are the matrix; the shape is kept."""
    if len(x) < 2:
        raise _fail(f"{op}: expected at least 2 dims, got {format_shape(x)}")
    return x


def arg_reduce(op: str, x: Shape, axis: int | None = None, keepdims: bool = False) -> Shape:
    """``argmax``/``argmin``: one axis (or ``None`` for the flattened tensor); int64 result."""
    if axis is None:
        return tuple(1 for _ in x) if keepdims else ()
    if not isinstance(axis, int):
        raise _fail(f"{op}: axis must be an int or None, got {axis!r}")
    ax = normalize_axis(op, x, axis)
    if keepdims:
        return tuple(1 if i == ax else d for i, d in enumerate(x))
    return tuple(d for i, d in enumerate(x) if i != ax)


def same_shape(op: str, x: Shape, **params: object) -> Shape:
    """Ops that keep their input's shape (dropout)."""
    return x


# --- einsum -----------------------------------------------------------------------------------------


def _letters(op: str, term: str, where_text: str) -> tuple[str | None, ...]:
    """The labels of one term; ``None`` stands for ``...``."""
    out: list[str | None] = []
    i = 0
    while i < len(term):
        if term.startswith("...", i):
            if None in out:
                raise _fail(f"{op}: {where_text} '{term}' has more than one '...'")
            out.append(None)
            i += 3
        elif term[i].isalpha() and term[i].isascii():
            out.append(term[i])
            i += 1
        else:
            raise _fail(f"{op}: invalid character {term[i]!r} in {where_text} '{term}'")
    return tuple(out)


EINSUM_MAX_DIMS = 52
"""Distinct dims one einsum can bind: one ASCII letter each (``A-Z``, ``a-z``)."""


def parse_einsum(op: str, subscripts: str, ranks: Sequence[int]) -> tuple[list[list[str]], list[str]]:
    """Labels per operand and of the output, with each ``...`` expanded into labels ``"0"``, ``"1"``...

    The expanded labels are right-aligned across operands (numpy broadcasting); without ``->`` the
    output is ``...`` followed by the letters used exactly once, in alphabetical (ASCII) order.
    """
    text = subscripts.replace(" ", "")
    if text.count("->") > 1:
        raise _fail(f"{op}: subscripts '{subscripts}' have more than one '->'")
    lhs, arrow, rhs = text.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(ranks):
        raise _fail(f"{op}: subscripts '{subscripts}' name {len(terms)} operands, {len(ranks)} given")
    parsed = [_letters(op, t, f"operand {i} term") for i, t in enumerate(terms)]
    ell_rank = 0
    for i, (labels, rank) in enumerate(zip(parsed, ranks)):
        named = sum(1 for lab in labels if lab is not None)
        if None in labels:
            if rank < named:
                raise _fail(f"{op}: operand {i} has {rank} dims but '{terms[i]}' names {named}")
            ell_rank = max(ell_rank, rank - named)
        elif rank != named:
            raise _fail(f"{op}: operand {i} has {rank} dims but '{terms[i]}' names {named}")
    ell_all = [str(k) for k in range(ell_rank)]
    operands: list[list[str]] = []
    for labels, rank in zip(parsed, ranks):
        named = sum(1 for lab in labels if lab is not None)
        expanded: list[str] = []
        for lab in labels:
            expanded.extend(ell_all[ell_rank - (rank - named) :] if lab is None else [lab])
        operands.append(expanded)
    distinct = len({lab for op_labels in operands for lab in op_labels})
    if distinct > EINSUM_MAX_DIMS:
        # The run time hands each distinct dim one of the 52 ASCII letters numpy's einsum takes.
        raise _fail(
            f"{op}: subscripts '{subscripts}' on operands of ranks {tuple(ranks)} bind {distinct} "
            f"distinct dims (named letters and dims under '...'); at most {EINSUM_MAX_DIMS} are supported"
        )
    if arrow:
        out_labels = _letters(op, rhs, "output term")
        if ell_rank and None not in out_labels:
            raise _fail(f"{op}: operands have '...' dims, so the output '{rhs}' needs '...' too")
        output: list[str] = []
        for lab in out_labels:
            output.extend(ell_all if lab is None else [lab])
        used = {lab for op_labels in operands for lab in op_labels}
        for k, lab in enumerate(output):
            if lab in output[:k]:
                raise _fail(f"{op}: output '{rhs}' repeats the letter '{lab}'")
            if lab not in used:
                raise _fail(f"{op}: output letter '{lab}' does not appear in any operand of '{subscripts}'")
    else:
        counts: dict[str, int] = {}
        for op_labels in operands:
            for label in op_labels:
                if not label.isdigit():
                    counts[label] = counts.get(label, 0) + 1
        output = ell_all + sorted(label for label, c in counts.items() if c == 1)
    return operands, output


def einsum(op: str, subscripts: str, *shapes: Shape) -> Shape:
    """Bind every letter to one dim across operands; the output lists the output letters' dims.

    A letter bound to two different dims is an error naming the letter and both operands' shapes.
    Dims under ``...`` broadcast (size 1 stretches); named letters must match exactly.
    """
    operands, output = parse_einsum(op, subscripts, [len(s) for s in shapes])
    bound: dict[str, tuple[Dim, int]] = {}
    for i, (labels, shape) in enumerate(zip(operands, shapes)):
        for lab, d in zip(labels, shape):
            if lab not in bound:
                bound[lab] = (d, i)
                continue
            prev, j = bound[lab]
            if lab.isdigit():
                merged = broadcast_dim(prev, d)
                if merged is None:
                    raise _fail(
                        f"{op}: '...' dims do not broadcast: operand {j} {format_shape(shapes[j])} "
                        f"and operand {i} {format_shape(shape)} ({format_dim(prev)} vs {format_dim(d)})"
                    )
                bound[lab] = (merged, j)
            elif definitely_differ(prev, d):
                raise _fail(
                    f"{op}: letter '{lab}' is {format_dim(prev)} in operand {j} {format_shape(shapes[j])} "
                    f"but {format_dim(d)} in operand {i} {format_shape(shape)} ('{subscripts}')"
                )
            elif (isinstance(prev, Unknown) and is_known(d)) or (
                isinstance(prev, Poly) and isinstance(d, int)
            ):
                bound[lab] = (d, i)  # keep the most specific of the dims bound to the letter
    return tuple(bound[lab][0] for lab in output)
