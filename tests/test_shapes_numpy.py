"""Every shape rule against numpy itself (or PyTorch, for the ops with torch semantics) on random shapes.

For each rule two things are checked on every example: the rule raises ``ShapeError`` exactly when
the reference raises, and when neither raises the shapes are equal. Arrays are ``np.empty`` with
dims 0..5 and ranks 0..4, so zero-size cases come up often and cost nothing.

One deliberate difference from numpy is pinned by its own test below: numpy (and torch) accept a
single int axis 0 or -1 on a 0-d array for reductions and squeeze (a legacy special case); the
rules treat it as out of range, like every other function taking an axis.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pytest
import torch
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from dfdx_typed import shapes
from dfdx_typed.shapes import ShapeError

PROPERTY = settings(deadline=None, max_examples=300)

# numpy reports shape errors as ValueError or IndexError (AxisError is both); arange(step=0) divides
# by zero. torch uses RuntimeError and IndexError.
NUMPY_ERRORS: tuple[type[Exception], ...] = (ValueError, IndexError, ZeroDivisionError)
TORCH_ERRORS: tuple[type[Exception], ...] = (RuntimeError, IndexError, ValueError)

R = TypeVar("R")


def reference(fn: Callable[[], R], errors: tuple[type[Exception], ...] = NUMPY_ERRORS) -> R | None:
    """The reference library's answer, or None when it raises."""
    try:
        return fn()
    except errors:
        return None


def rule(op: str, fn: Callable[[], R]) -> R | None:
    """The rule's answer, or None when it raises a ``shape`` error naming the op."""
    try:
        return fn()
    except ShapeError as e:
        assert e.code == "shape"
        assert e.message.startswith(f"{op}: "), e.message
        return None


dims = st.integers(0, 5)
any_shape = st.lists(dims, max_size=4).map(tuple)
axis_int = st.integers(-5, 5)
axis_arg = st.one_of(st.none(), axis_int, st.lists(axis_int, max_size=4).map(tuple))


def axis_near(rank: int) -> st.SearchStrategy[int]:
    """An axis for a tensor of ``rank`` dims: valid, or out of range by one on either side."""
    return st.integers(-rank - 1, rank)


def rank0_legacy_axis(shape: tuple[int, ...], axis: object) -> bool:
    return shape == () and type(axis) is int and axis in (0, -1)


# --- broadcast ----------------------------------------------------------------------------------


@st.composite
def broadcast_pairs(draw: st.DrawFn) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Mostly compatible pairs, some with a clashing dim, some random.

    Each dim of a common result is kept by both operands or set to 1 in one of them; each operand
    then keeps a suffix (the dims it drops are "missing", as for a lower-rank operand).
    """
    out = draw(any_shape)
    a, b = [], []
    for d in out:
        which = draw(st.sampled_from(["both", "a1", "b1"]))
        a.append(1 if which == "a1" else d)
        b.append(1 if which == "b1" else d)
    a = a[draw(st.integers(0, len(a))) :] if draw(st.booleans()) else a
    b = b[draw(st.integers(0, len(b))) :] if draw(st.booleans()) else b
    if b and draw(st.integers(0, 5)) == 0:
        b[draw(st.integers(0, len(b) - 1))] = draw(dims)
    if draw(st.integers(0, 7)) == 0:
        return draw(any_shape), draw(any_shape)
    return tuple(a), tuple(b)


def stretched(operand: tuple[int, ...], out: tuple[int, ...]) -> bool:
    """The definition under test: a dim of ``operand`` that is 1 or missing becomes > 1 in ``out``."""
    padded: tuple[int | None, ...] = (None,) * (len(out) - len(operand)) + operand
    return any(o > 1 and d in (None, 1) for d, o in zip(padded, out))


def stretched_by_numpy(operand: tuple[int, ...], out: tuple[int, ...]) -> bool:
    """Independent oracle: numpy.broadcast_to gives a stretched axis of length > 1 a zero stride.

    The source gets explicit non-zero strides (a fresh zero-size array has all-zero strides); it is
    never read, so its buffer size does not matter.
    """
    source = np.lib.stride_tricks.as_strided(
        np.zeros(1), shape=operand, strides=tuple(8 * (i + 1) for i in range(len(operand))),
        writeable=False,
    )
    view = np.broadcast_to(source, out)
    return any(o > 1 and s == 0 for o, s in zip(out, view.strides))


@PROPERTY
@given(broadcast_pairs())
def test_stretched_definition_matches_numpy_strides(pair: tuple[tuple[int, ...], ...]) -> None:
    a, b = pair
    out = reference(lambda: np.broadcast_shapes(a, b))
    assume(out is not None)
    assert out is not None
    assert stretched(a, out) == stretched_by_numpy(a, out)
    assert stretched(b, out) == stretched_by_numpy(b, out)


@PROPERTY
@given(broadcast_pairs())
@example(((3,), (3, 1)))  # both stretched: the (N,) - (N, 1) bug
@example(((4, 3), (4,)))  # incompatible
@example(((4, 3), (3,)))  # one side stretched
@example(((1, 0), (3, 1)))  # both "stretched" by the definition, though the result is empty
def test_broadcast_matches_numpy(pair: tuple[tuple[int, ...], ...]) -> None:
    a, b = pair
    expected = reference(lambda: np.broadcast_shapes(a, b))
    try:
        got, code = shapes.broadcast("add", a, b), None
    except ShapeError as e:
        got, code = None, e.code
        assert e.message.startswith("add: ")
    if expected is None:
        assert code == "shape"
    elif stretched(a, expected) and stretched(b, expected):
        assert code == "broadcast"
    else:
        assert code is None and got == expected


@st.composite
def broadcast_to_args(draw: st.DrawFn) -> tuple[tuple[int, ...], tuple[int, ...]]:
    target = list(draw(any_shape))
    if target and draw(st.integers(0, 9)) == 0:
        target[draw(st.integers(0, len(target) - 1))] = draw(st.integers(-2, -1))
    if draw(st.integers(0, 3)) == 0:
        return draw(any_shape), tuple(target)
    k = draw(st.integers(0, len(target)))
    src = tuple(1 if draw(st.booleans()) else max(d, 0) for d in target[len(target) - k :])
    return src, tuple(target)


@PROPERTY
@given(broadcast_to_args())
def test_broadcast_to_matches_numpy(args: tuple[tuple[int, ...], tuple[int, ...]]) -> None:
    src, target = args
    expected = reference(lambda: np.broadcast_to(np.empty(src), target).shape)
    assert rule("broadcast_to", lambda: shapes.broadcast_to("broadcast_to", src, target)) == expected


# --- axes: reduce, same_axis, permute, transpose, T, mT --------------------------------------------


@PROPERTY
@given(any_shape, axis_arg, st.booleans())
def test_reduce_matches_numpy(shape: tuple[int, ...], axis: Any, keepdims: bool) -> None:
    assume(not rank0_legacy_axis(shape, axis))
    expected = reference(lambda: np.sum(np.empty(shape), axis=axis, keepdims=keepdims).shape)
    assert rule("sum", lambda: shapes.reduce("sum", shape, axis, keepdims)) == expected


@PROPERTY
@given(any_shape, axis_int)
def test_same_axis_matches_numpy(shape: tuple[int, ...], axis: int) -> None:
    assume(not rank0_legacy_axis(shape, axis))
    expected = reference(lambda: np.cumsum(np.empty(shape), axis=axis).shape)
    assert rule("softmax", lambda: shapes.same_axis("softmax", shape, axis)) == expected


@pytest.mark.parametrize("axis", [0, -1])
def test_rank0_axis_is_out_of_range_unlike_numpy_legacy(axis: int) -> None:
    # numpy accepts these (a special case for 0-d arrays); the rules say the axis is out of range.
    assert np.sum(np.empty(()), axis=axis).shape == ()
    assert np.squeeze(np.empty(()), axis=axis).shape == ()
    message = f"sum: axis {axis} is out of range for () (rank 0)"
    with pytest.raises(ShapeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        shapes.reduce("sum", (), axis)
    with pytest.raises(ShapeError):
        shapes.squeeze("squeeze", (), axis)


@st.composite
def permute_args(draw: st.DrawFn) -> tuple[tuple[int, ...], tuple[int, ...]]:
    shape = draw(any_shape)
    if draw(st.integers(0, 2)) > 0:
        perm = draw(st.permutations(range(len(shape))))
        return shape, tuple(a - len(shape) if draw(st.booleans()) else a for a in perm)
    return shape, tuple(draw(st.lists(axis_int, max_size=5)))


@PROPERTY
@given(permute_args())
def test_permute_matches_numpy(args: tuple[tuple[int, ...], tuple[int, ...]]) -> None:
    shape, axes = args
    expected = reference(lambda: np.transpose(np.empty(shape), axes).shape)
    assert rule("permute", lambda: shapes.permute("permute", shape, axes)) == expected


@PROPERTY
@given(any_shape, axis_int, axis_int)
def test_transpose_T_mT_match_numpy(shape: tuple[int, ...], a: int, b: int) -> None:
    x = np.empty(shape)
    expected = reference(lambda: np.swapaxes(x, a, b).shape)
    assert rule("transpose", lambda: shapes.transpose("transpose", shape, a, b)) == expected
    assert rule("T", lambda: shapes.T("T", shape)) == x.T.shape
    assert rule("mT", lambda: shapes.mT("mT", shape)) == reference(lambda: x.mT.shape)


# --- matmul -------------------------------------------------------------------------------------


@st.composite
def matmul_pairs(draw: st.DrawFn) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Mostly well-formed (shared inner dim, broadcastable batch), sometimes perturbed or random."""
    n, k, m = draw(dims), draw(dims), draw(dims)
    batch = draw(st.lists(dims, max_size=2))

    def batch_part() -> tuple[int, ...]:
        j = draw(st.integers(0, len(batch)))
        return tuple(1 if draw(st.booleans()) else d for d in batch[len(batch) - j :])

    a = (k,) if draw(st.integers(0, 3)) == 0 else batch_part() + (n, k)
    b = (k,) if draw(st.integers(0, 3)) == 0 else batch_part() + (k, m)
    if draw(st.integers(0, 4)) == 0:
        b = b[:-2] + (draw(dims),) + b[-1:] if len(b) >= 2 else (draw(dims),)
    if draw(st.integers(0, 5)) == 0:
        a = draw(any_shape)
    if draw(st.integers(0, 5)) == 0:
        b = draw(any_shape)
    return a, b


@PROPERTY
@given(matmul_pairs())
def test_matmul_matches_numpy(pair: tuple[tuple[int, ...], tuple[int, ...]]) -> None:
    a, b = pair
    expected = reference(lambda: np.matmul(np.zeros(a), np.zeros(b)).shape)
    assert rule("matmul", lambda: shapes.matmul("matmul", a, b)) == expected


# --- reshape, flatten, squeeze, unsqueeze ---------------------------------------------------------


@st.composite
def reshape_args(draw: st.DrawFn, lowest: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Regroupings of the dims (same count), with 1s, a -1 or an off-by-one; or random dims."""
    shape = draw(any_shape)
    if draw(st.integers(0, 2)) == 0:
        return shape, tuple(draw(st.lists(st.integers(lowest, 6), max_size=4)))
    new: list[int] = []
    for d in draw(st.permutations(shape)):
        if len(new) > 0 and draw(st.booleans()):
            new[-1] *= d
        else:
            new.append(d)
    if draw(st.booleans()):
        new.insert(draw(st.integers(0, len(new))), 1)
    if len(new) > 0 and draw(st.booleans()):
        new[draw(st.integers(0, len(new) - 1))] = -1
    if new and draw(st.integers(0, 3)) == 0:
        new[draw(st.integers(0, len(new) - 1))] = draw(st.integers(lowest, 6))
    return shape, tuple(new)


@PROPERTY
@given(reshape_args(lowest=-1))
def test_reshape_matches_numpy(args: tuple[tuple[int, ...], tuple[int, ...]]) -> None:
    shape, new = args
    expected = reference(lambda: np.empty(shape).reshape(new).shape)
    assert rule("reshape", lambda: shapes.reshape("reshape", shape, new)) == expected


@PROPERTY
@given(reshape_args(lowest=-3))
def test_reshape_matches_torch_including_dims_below_minus_one(
    args: tuple[tuple[int, ...], tuple[int, ...]],
) -> None:
    # numpy takes any negative dim as "infer"; torch (and the rule) accept only -1.
    shape, new = args
    expected = reference(lambda: tuple(torch.empty(shape).reshape(new).shape), TORCH_ERRORS)
    assert rule("reshape", lambda: shapes.reshape("reshape", shape, new)) == expected


@PROPERTY
@given(any_shape, axis_int, axis_int)
def test_flatten_matches_torch(shape: tuple[int, ...], start: int, end: int) -> None:
    expected = reference(lambda: tuple(torch.flatten(torch.empty(shape), start, end).shape), TORCH_ERRORS)
    assert rule("flatten", lambda: shapes.flatten("flatten", shape, start, end)) == expected


squeezable_shape = st.lists(st.sampled_from([0, 1, 1, 2, 3]), max_size=4).map(tuple)


@PROPERTY
@given(squeezable_shape, axis_arg)
def test_squeeze_matches_numpy(shape: tuple[int, ...], axis: Any) -> None:
    assume(not rank0_legacy_axis(shape, axis))
    expected = reference(lambda: np.squeeze(np.empty(shape), axis=axis).shape)
    assert rule("squeeze", lambda: shapes.squeeze("squeeze", shape, axis)) == expected


@PROPERTY
@given(any_shape, st.one_of(st.integers(-6, 6), st.lists(st.integers(-6, 6), max_size=3).map(tuple)))
def test_unsqueeze_matches_numpy(shape: tuple[int, ...], axis: Any) -> None:
    expected = reference(lambda: np.expand_dims(np.empty(shape), axis).shape)
    assert rule("unsqueeze", lambda: shapes.unsqueeze("unsqueeze", shape, axis)) == expected


# --- concat, stack, split -----------------------------------------------------------------------


@st.composite
def join_args(draw: st.DrawFn, vary_axis: bool) -> tuple[list[tuple[int, ...]], int]:
    """0..4 shapes equal to one base shape, the axis dim varied (concat), some perturbed."""
    base = draw(any_shape if draw(st.integers(0, 9)) == 0 else st.lists(dims, min_size=1, max_size=4))
    axis = draw(axis_near(len(base) + (0 if vary_axis else 1)))
    out = []
    for _ in range(draw(st.integers(0, 4) if draw(st.integers(0, 9)) == 0 else st.integers(1, 4))):
        s = list(base)
        if vary_axis and -len(s) <= axis < len(s):
            s[axis] = draw(dims)
        if draw(st.integers(0, 9)) == 0:
            s = list(draw(any_shape))
        out.append(tuple(s))
    return out, axis


@PROPERTY
@given(join_args(vary_axis=True))
def test_concat_matches_numpy(args: tuple[list[tuple[int, ...]], int]) -> None:
    parts, axis = args
    expected = reference(lambda: np.concatenate([np.empty(s) for s in parts], axis=axis).shape)
    assert rule("concat", lambda: shapes.concat("concat", parts, axis)) == expected


@PROPERTY
@given(join_args(vary_axis=False))
def test_stack_matches_numpy(args: tuple[list[tuple[int, ...]], int]) -> None:
    parts, axis = args
    expected = reference(lambda: np.stack([np.empty(s) for s in parts], axis=axis).shape)
    assert rule("stack", lambda: shapes.stack("stack", parts, axis)) == expected


@st.composite
def split_args(draw: st.DrawFn) -> tuple[tuple[int, ...], int | list[int], int]:
    shape = draw(any_shape)
    axis = draw(axis_near(len(shape)))
    if draw(st.booleans()):
        return shape, draw(st.integers(-1, 6)), axis
    n = shape[axis] if -len(shape) <= axis < len(shape) else draw(dims)
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=3)))
    sections = [b - a for a, b in zip([0, *cuts], [*cuts, n])]
    if draw(st.integers(0, 3)) == 0:
        i = draw(st.integers(0, len(sections) - 1))
        sections[i] += draw(st.sampled_from([-2, -1, 1]))
    return shape, sections, axis


@PROPERTY
@given(split_args())
def test_split_matches_torch(args: tuple[tuple[int, ...], int | list[int], int]) -> None:
    shape, arg, axis = args
    expected = reference(
        lambda: [tuple(t.shape) for t in torch.split(torch.empty(shape), arg, dim=axis)], TORCH_ERRORS
    )
    assert rule("split", lambda: shapes.split("split", shape, arg, axis)) == expected


# --- indexing -----------------------------------------------------------------------------------

bound = st.one_of(st.none(), st.integers(-7, 7))
index_item = st.one_of(
    st.integers(-6, 6),
    st.builds(slice, bound, bound, st.one_of(st.none(), st.integers(-3, 3))),
    st.none(),
    st.just(Ellipsis),
)


@PROPERTY
@given(any_shape, st.lists(index_item, max_size=5).map(tuple))
def test_getitem_matches_numpy(shape: tuple[int, ...], index: tuple[Any, ...]) -> None:
    expected = reference(lambda: np.empty(shape)[index].shape)
    assert rule("getitem", lambda: shapes.getitem("getitem", shape, index)) == expected


@pytest.mark.parametrize(("shape", "index"), [((3,), (True,)), ((3,), (False,)), ((2, 3), (0, True))])
def test_getitem_bool_scalar_index_matches_numpy(shape: tuple[int, ...], index: tuple[Any, ...]) -> None:
    expected = reference(lambda: np.empty(shape)[index].shape)
    assert rule("getitem", lambda: shapes.getitem("getitem", shape, index)) == expected


# --- creation -----------------------------------------------------------------------------------

arange_number = st.one_of(st.integers(-6, 6), st.floats(-6, 6).map(lambda v: round(v, 2)))
arange_step = st.one_of(st.integers(-3, 3), st.sampled_from([0.1, -0.1, 0.25, -0.3, 0.5, 1.5, -2.5]))


@PROPERTY
@given(arange_number, st.one_of(st.none(), arange_number), arange_step)
def test_arange_matches_numpy(start: float, stop: float | None, step: float) -> None:
    expected = reference(lambda: np.arange(start, stop, step).shape)
    assert rule("arange", lambda: shapes.arange("arange", start, stop, step)) == expected


@PROPERTY
@given(st.integers(-2, 5), st.one_of(st.none(), st.integers(-2, 5)))
def test_eye_matches_numpy(n: int, m: int | None) -> None:
    expected = reference(lambda: np.eye(n, m).shape)
    assert rule("eye", lambda: shapes.eye("eye", n, m)) == expected


def nest(shape: tuple[int, ...]) -> Any:
    return 0.0 if not shape else [nest(shape[1:]) for _ in range(shape[0])]


@st.composite
def nested_lists(draw: st.DrawFn) -> Any:
    """Regular nested lists with one element sometimes added or dropped somewhere; or any nesting."""
    if draw(st.integers(0, 2)) == 0:
        return draw(st.recursive(st.just(0.0), lambda kids: st.lists(kids, max_size=3), max_leaves=12))
    data = nest(tuple(draw(st.lists(st.integers(0, 3), max_size=3))))
    node = data
    while isinstance(node, list) and node and draw(st.booleans()):
        node = node[draw(st.integers(0, len(node) - 1))]
    if isinstance(node, list) and draw(st.booleans()):
        if len(node) > 0 and draw(st.booleans()):
            node.pop()
        else:
            node.append(draw(st.sampled_from([0.0, [], [0.0]])))
    return data


@PROPERTY
@given(nested_lists())
def test_nested_shape_matches_numpy(data: Any) -> None:
    expected = reference(lambda: np.array(data, dtype=float).shape)
    assert rule("tensor", lambda: shapes.nested_shape("tensor", data)) == expected


@PROPERTY
@given(st.lists(st.integers(-2, 5), max_size=4).map(tuple))
def test_new_shape_matches_numpy(shape: tuple[int, ...]) -> None:
    expected = reference(lambda: np.zeros(shape).shape)
    assert rule("zeros", lambda: shapes.new_shape("zeros", shape)) == expected
