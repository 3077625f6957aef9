"""The polynomial dim algebra, and the shape rules on symbolic and unknown dims.

Symbols stand for positive sizes. Properties evaluate polynomials at random positive symbol values
and compare with plain integer arithmetic; a second family abstracts random concrete rule calls
(dims replaced by UNKNOWN, by a symbol with the same value, or by a polynomial of that value) and
requires the symbolic answer never to contradict the concrete one: no error the concrete call does
not also raise, and every dim it does compute evaluates to the concrete dim.
"""

from __future__ import annotations

import math
import pickle
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dfdx_typed import shapes
from dfdx_typed.shapes import UNKNOWN, Poly, ShapeError, Undetermined, format_dim, format_shape, sym
from dfdx_typed.shapes.dims import (
    Dim,
    add,
    definitely_differ,
    definitely_equal,
    exact_div,
    floordiv,
    mul,
    neg,
    product,
    sub,
)

PROPERTY = settings(deadline=None, max_examples=200)

B, C, H, W = sym("B"), sym("C"), sym("H"), sym("W")
SYMBOLS = ("A", "B", "C")
Env = dict[str, int]


def evaluate(d: Dim, env: Env) -> int:
    """The value of a known dim with every symbol set to its value in ``env``."""
    if isinstance(d, int):
        return d
    assert isinstance(d, Poly)
    return sum(c * math.prod(env[s] ** p for s, p in mono) for mono, c in d.terms)


def assert_canonical(d: Dim) -> None:
    """A constant is a plain int; a Poly has sorted, non-zero terms over sorted positive powers."""
    if isinstance(d, int):
        return
    assert isinstance(d, Poly)
    assert d.terms and list(d.terms) == sorted(d.terms)
    assert any(mono for mono, _ in d.terms), "a constant must be an int, not a Poly"
    for mono, coef in d.terms:
        assert coef != 0
        assert list(mono) == sorted(mono) and len({s for s, _ in mono}) == len(mono)
        assert all(p >= 1 for _, p in mono)


def build(terms: list[tuple[int, list[str]]]) -> Dim:
    out: Dim = 0
    for coef, names in terms:
        out = add(out, mul(coef, product([sym(n) for n in names])))
    return out


polys = st.lists(
    st.tuples(st.integers(-4, 4), st.lists(st.sampled_from(SYMBOLS), max_size=3)), max_size=4
).map(build)
envs = st.fixed_dictionaries({s: st.integers(1, 6) for s in SYMBOLS})


# --- the algebra --------------------------------------------------------------------------------


def test_constants_fold_to_int() -> None:
    assert mul(28, 28) == 784 and type(mul(28, 28)) is int
    assert product((28, 28)) == 784
    assert add(mul(2, B), mul(-2, B)) == 0 and type(add(mul(2, B), mul(-2, B))) is int
    assert sub(add(B, 5), B) == 5
    assert mul(B, 0) == 0


def test_canonical_form_makes_equal_polynomials_identical() -> None:
    assert mul(B, 784) == mul(784, B) == product((B, 28, 28)) == mul(mul(28, B), 28)
    assert hash(mul(B, 784)) == hash(product((28, B, 28)))
    assert mul(B, C) == mul(C, B)
    assert add(mul(B, C), C) == mul(C, add(B, 1))
    assert mul(B, 784) != mul(B, 756)


def test_unknown_absorbs_except_times_zero() -> None:
    assert add(UNKNOWN, 3) is UNKNOWN and mul(B, UNKNOWN) is UNKNOWN
    assert mul(UNKNOWN, 0) == 0 and mul(0, UNKNOWN) == 0
    assert exact_div(UNKNOWN, 2) is UNKNOWN and exact_div(B, UNKNOWN) is UNKNOWN
    assert not definitely_differ(UNKNOWN, 3) and not definitely_equal(UNKNOWN, UNKNOWN)
    assert pickle.loads(pickle.dumps(UNKNOWN)) is UNKNOWN


def test_shape_error_pickles_with_code() -> None:
    err = pickle.loads(pickle.dumps(ShapeError("broadcast", "add: message")))
    assert (type(err), err.code, err.message) == (ShapeError, "broadcast", "add: message")


def test_exact_div() -> None:
    assert exact_div(mul(784, B), 28) == mul(28, B)
    assert exact_div(mul(784, B), B) == 784
    assert exact_div(add(mul(B, C), C), add(B, 1)) == C
    # (a + b)^2 / (a + b): needs a true monomial order in the division (a regression test).
    a_plus_b = add(sym("A"), B)
    assert exact_div(mul(a_plus_b, a_plus_b), a_plus_b) == a_plus_b
    assert exact_div(add(mul(B, B), mul(-1, 1)), add(B, -1)) == add(B, 1)  # B^2 - 1 = (B - 1)(B + 1)
    assert exact_div(mul(3, B), 2) is None  # not exact for odd B
    assert exact_div(add(B, 1), B) is None
    assert exact_div(6, B) is None
    assert exact_div(7, 2) is None and exact_div(8, 2) == 4
    assert exact_div(B, 0) is None and exact_div(0, 0) is None
    assert floordiv(7, 2) == 3 and floordiv(mul(4, B), 2) == mul(2, B) and floordiv(B, 2) is UNKNOWN


def test_definitely_differ_assumes_positive_symbols() -> None:
    assert definitely_differ(mul(784, B), mul(756, B))
    assert definitely_differ(add(B, 1), B)
    assert definitely_differ(3, 4) and not definitely_differ(4, 4)
    assert not definitely_differ(B, 3)  # B may be 3
    assert not definitely_differ(B, B)
    assert not definitely_differ(mul(B, B), B)  # equal at B = 1
    assert not definitely_differ(B, C)


def test_formatting() -> None:
    assert format_dim(add(mul(784, B), 1)) == "784·B + 1"
    assert format_shape((B, product((C, H, W)))) == "(B, C·H·W)"
    assert format_shape((784,)) == "(784,)"
    assert format_shape(()) == "()"
    assert format_shape((UNKNOWN, 3)) == "(int, 3)"
    assert format_dim(mul(B, B)) == "B^2"
    assert format_dim(sub(3, B)) == "-B + 3"
    assert format_dim(sub(B, 1)) == "B - 1"


@PROPERTY
@given(polys, polys, envs)
def test_add_sub_mul_evaluate_like_ints(p: Dim, q: Dim, env: Env) -> None:
    for result, value in [
        (add(p, q), evaluate(p, env) + evaluate(q, env)),
        (sub(p, q), evaluate(p, env) - evaluate(q, env)),
        (mul(p, q), evaluate(p, env) * evaluate(q, env)),
        (neg(p), -evaluate(p, env)),
    ]:
        assert_canonical(result)
        assert evaluate(result, env) == value


@PROPERTY
@given(polys, polys, polys)
def test_ring_laws_hold_structurally(p: Dim, q: Dim, r: Dim) -> None:
    assert add(p, q) == add(q, p) and mul(p, q) == mul(q, p)
    assert mul(mul(p, q), r) == mul(p, mul(q, r))
    assert mul(p, add(q, r)) == add(mul(p, q), mul(p, r))
    assert hash(mul(p, add(q, r))) == hash(add(mul(p, q), mul(p, r)))


@PROPERTY
@given(polys, polys, envs)
def test_exact_div_finds_every_exact_quotient(p: Dim, q: Dim, env: Env) -> None:
    if q == 0:
        assert exact_div(mul(p, q), q) is None
        return
    quotient = exact_div(mul(p, q), q)
    assert quotient == p
    assert evaluate(mul(p, q), env) == evaluate(quotient, env) * evaluate(q, env)


@PROPERTY
@given(polys, polys, envs)
def test_exact_div_result_is_exact_when_given(a: Dim, b: Dim, env: Env) -> None:
    quotient = exact_div(a, b)
    if isinstance(a, int) and isinstance(b, int):
        assert (quotient is None) == (b == 0 or a % b != 0)
    if quotient is not None:
        assert_canonical(quotient)
        assert mul(quotient, b) == a
        assert evaluate(quotient, env) * evaluate(b, env) == evaluate(a, env)


@PROPERTY
@given(polys, polys, envs)
def test_definite_comparisons_hold_for_every_positive_assignment(p: Dim, q: Dim, env: Env) -> None:
    if definitely_differ(p, q):
        assert evaluate(p, env) != evaluate(q, env)
    if definitely_equal(p, q):
        assert evaluate(p, env) == evaluate(q, env)
    assert definitely_differ(p, add(p, 1)) and definitely_equal(p, add(sub(p, q), q))


# --- rules on symbolic and unknown dims: examples --------------------------------------------------


def raises_shape(fn: Callable[[], object], message: str, code: str = "shape") -> None:
    with pytest.raises(ShapeError, match="^" + re.escape(message) + "$") as info:
        fn()
    assert info.value.code == code


def test_broadcast_symbolic() -> None:
    assert shapes.broadcast("add", (B,), (3,)) == (3,)  # B may be 3 (or 1): silent, gives 3
    assert shapes.broadcast("add", (B, 3), (3,)) == (B, 3)
    assert shapes.broadcast("add", (UNKNOWN, 4), (3, 1)) == (3, 4)
    assert shapes.broadcast("add", (B,), (C,)) == (UNKNOWN,)
    assert shapes.broadcast("add", (UNKNOWN,), (UNKNOWN, 1)) == (UNKNOWN, UNKNOWN)
    raises_shape(
        lambda: shapes.broadcast("sub", (B,), (B, 1)),
        "sub: broadcast expands both operands: (B,) and (B, 1) give (B, B); if that is intended, "
        "broadcast_to((B, B)) one of them explicitly",
        code="broadcast",
    )
    raises_shape(
        lambda: shapes.broadcast("add", (B, 3), (B, 4)),
        "add: shapes (B, 3) and (B, 4) do not broadcast: 3 != 4 at dim -1",
    )
    assert shapes.broadcast_to("broadcast_to", (B, 1), (B, 5)) == (B, 5)


def test_matmul_symbolic() -> None:
    assert shapes.matmul("matmul", (B, 784), (784, 10)) == (B, 10)
    assert shapes.matmul("matmul", (B, UNKNOWN), (3, 4)) == (B, 4)
    assert shapes.matmul("matmul", (B, C, 4), (B, 4, 5)) == (B, C, 5)
    assert shapes.matmul("matmul", (B, C, 4), (1, 4, 5)) == (B, C, 5)
    assert shapes.matmul("matmul", (B, C, 4), (H, 4, 5)) == (UNKNOWN, C, 5)  # B or H may be 1
    raises_shape(
        lambda: shapes.matmul("matmul", (B, 784), (512, 10)),
        "matmul: inner dims differ: (B, 784) @ (512, 10) — 784 != 512",
    )


def test_reshape_symbolic() -> None:
    assert shapes.reshape("reshape", (B, 784), (B, 28, 28)) == (B, 28, 28)
    raises_shape(
        lambda: shapes.reshape("reshape", (B, 784), (B, 28, 27)),
        "reshape: cannot reshape (B, 784) into (B, 28, 27): 784·B elements != 756·B",
    )
    assert shapes.reshape("reshape", (B, 784), (B, -1, 28)) == (B, 28, 28)
    assert shapes.reshape("reshape", (B, 784), (-1, 28, 28)) == (B, 28, 28)
    assert shapes.reshape("reshape", (B, C, 4), (-1, 4)) == (mul(B, C), 4)
    assert shapes.reshape("reshape", (B, 3), (-1, 2)) == (UNKNOWN, 2)  # 3·B/2 is exact only for even B
    assert shapes.reshape("reshape", (B, UNKNOWN), (-1, 7)) == (UNKNOWN, 7)
    assert shapes.reshape("reshape", (B, UNKNOWN), (B, 5, 3)) == (B, 5, 3)


def test_flatten_symbolic() -> None:
    flat = shapes.flatten("flatten", (B, C, H, W), 1)
    assert flat == (B, product((C, H, W)))
    assert format_shape(flat) == "(B, C·H·W)"
    assert shapes.flatten("flatten", (B, 28, 28)) == (mul(784, B),)
    assert format_shape(shapes.flatten("flatten", (B, 28, 28))) == "(784·B,)"


def test_concat_stack_split_symbolic() -> None:
    assert shapes.concat("concat", [(B, 3), (C, 3)], 0) == (add(B, C), 3)
    assert shapes.concat("concat", [(B, 3), (B, 3), (1, 3)], 0) == (add(mul(2, B), 1), 3)
    assert format_shape(shapes.concat("concat", [(B, 3), (B, 3), (1, 3)], 0)) == "(2·B + 1, 3)"
    assert shapes.concat("concat", [(B, 3), (C, 3)], 1) == (B, 6)  # B may equal C
    raises_shape(
        lambda: shapes.concat("concat", [(B, 3), (B, 4)], 0),
        "concat: tensor 1 differs from tensor 0 in dim 1: (B, 3) vs (B, 4) — 3 != 4",
    )
    assert shapes.stack("stack", [(B, 3), (B, 3)], 1) == (B, 2, 3)
    assert shapes.split("split", (add(B, 3), 4), [B, 3]) == [(B, 4), (3, 4)]
    assert shapes.split("split", (add(B, 3), 4), [C, 3]) == [(C, 4), (3, 4)]  # C may equal B
    raises_shape(
        lambda: shapes.split("split", (add(B, 3), 4), [B, 2]),
        "split: sections (B, 2) add up to B + 2, but axis 0 of (B + 3, 4) is B + 3",
    )
    with pytest.raises(Undetermined):
        shapes.split("split", (B, 4), 2)


def test_squeeze_unsqueeze_realize_symbolic() -> None:
    with pytest.raises(Undetermined):
        shapes.squeeze("squeeze", (B, 1, 3))
    with pytest.raises(Undetermined):
        shapes.squeeze("squeeze", (UNKNOWN, 3))
    assert shapes.squeeze("squeeze", (B, 1, 3), 1) == (B, 3)
    assert shapes.squeeze("squeeze", (B, 1, 3), 0) == (1, 3)  # B may be 1: checked at run time
    assert shapes.unsqueeze("unsqueeze", (B, C), -1) == (B, C, 1)
    assert shapes.realize("realize", (UNKNOWN, 10), (4, 10)) == (4, 10)
    assert shapes.realize("realize", (B, 10), (UNKNOWN, 10)) == (B, 10)
    raises_shape(
        lambda: shapes.realize("realize", (add(B, 1), 10), (B, 10)),
        "realize: (B + 1, 10) cannot be realized as (B, 10): B + 1 != B",
    )


def test_messages_name_the_operand_shape() -> None:
    raises_shape(
        lambda: shapes.unsqueeze("unsqueeze", (B, C), 3),
        "unsqueeze: axis 3 is out of range for (B, C) plus 1 new axis (rank 3)",
    )
    raises_shape(
        lambda: shapes.unsqueeze("unsqueeze", (B,), (0, -4)),
        "unsqueeze: axis -4 is out of range for (B,) plus 2 new axes (rank 3)",
    )
    raises_shape(
        lambda: shapes.stack("stack", [(B,), (B,)], 2),
        "stack: axis 2 is out of range for (B,) plus 1 new axis (rank 2)",
    )
    raises_shape(
        lambda: shapes.squeeze("squeeze", (1, B), (0, -2)),
        "squeeze: repeated axis in (0, -2) for (1, B)",
    )
    raises_shape(
        lambda: shapes.broadcast_to("broadcast_to", (B, 1), (B, -1)),
        "broadcast_to: cannot broadcast (B, 1) to (B, -1): negative dimension -1",
    )
    raises_shape(
        lambda: shapes.split("split", (B, 4), 0, 1),
        "split: split size must be positive, got 0 for axis 1 of (B, 4)",
    )
    raises_shape(
        lambda: shapes.reshape("reshape", (B, 6), (-1, -1)),
        "reshape: cannot reshape (B, 6) into (-1, -1): only one dim can be -1",
    )
    raises_shape(
        lambda: shapes.reshape("reshape", (B, 6), (B, -2)),
        "reshape: cannot reshape (B, 6) into (B, -2): invalid dim -2",
    )
    raises_shape(
        lambda: shapes.split("split", (B, 4), [B, -2], 0),
        "split: section sizes must be >= 0, got (B, -2) for axis 0 of (B, 4)",
    )
    raises_shape(
        lambda: shapes.flatten("flatten", (), 1),
        "flatten: axis 1 is out of range for () (a 0-d tensor takes 0 or -1)",
    )


# --- rules on symbolic and unknown dims: never contradict the concrete answer -----------------------


def abstract_dim(draw: st.DrawFn, d: int, env: Env) -> Dim:
    """``d`` itself (half the time), UNKNOWN, or a polynomial over ``env``'s symbols of value ``d``."""
    if draw(st.booleans()):
        return d
    options: list[Dim] = [UNKNOWN]
    for s, v in env.items():
        if v == d:
            options.append(sym(s))
        if 0 < v < d:
            options.append(add(sym(s), d - v))
        if 2 * v == d:
            options.append(mul(2, sym(s)))
        for t, u in env.items():
            if t < s and v * u == d:
                options.append(mul(sym(s), sym(t)))
    return draw(st.sampled_from(options))


def abstract(draw: st.DrawFn, shape: tuple[int, ...], env: Env) -> tuple[Dim, ...]:
    return tuple(d if d == -1 else abstract_dim(draw, d, env) for d in shape)


small = st.lists(st.integers(0, 5), max_size=4).map(tuple)
nonempty = st.lists(st.integers(0, 5), min_size=1, max_size=4).map(tuple)


def near(draw: st.DrawFn, shape: tuple[int, ...]) -> tuple[int, ...]:
    """``shape`` with one dim set to 1 or to another value (or left as is), or a suffix of it."""
    out = list(shape)
    if len(out) > 0 and draw(st.booleans()):
        out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 5))
    return tuple(out[draw(st.integers(0, len(out))) :] if draw(st.booleans()) else out)


# Each case: (rule on the shapes, concrete shapes drawn). Every shape argument is abstracted.
Case = tuple[Callable[..., Any], list[Any]]


def case(kind: str, draw: st.DrawFn) -> Case:
    s = draw(nonempty)
    rank = len(s)
    ax = draw(st.integers(-rank, rank - 1))
    if kind == "broadcast":
        # Each dim kept by both operands or set to 1 in one of them (so both may be stretched).
        ones = [draw(st.sampled_from([None, 0, 1])) for _ in s]
        a = tuple(1 if o == 0 else d for o, d in zip(ones, s))
        b = tuple(1 if o == 1 else d for o, d in zip(ones, s))
        return (lambda a, b: shapes.broadcast("add", a, b)), [near(draw, a), b]
    if kind == "broadcast_to":
        return (lambda a, t: shapes.broadcast_to("broadcast_to", a, t)), [near(draw, s), s]
    if kind == "matmul":
        other = (s[-1],) if rank == 1 or draw(st.booleans()) else near(draw, s[:-2]) + (s[-1], 3)
        return (lambda a, b: shapes.matmul("matmul", a, b)), [s, near(draw, other)]
    if kind == "reshape":
        new = list(draw(st.permutations(s)))
        if draw(st.booleans()):
            new[draw(st.integers(0, rank - 1))] = -1
        return (lambda a, n: shapes.reshape("reshape", a, n)), [s, near(draw, tuple(new))]
    if kind == "flatten":
        end = draw(st.integers(-rank, rank - 1))
        return (lambda a: shapes.flatten("flatten", a, ax, end)), [s]
    if kind == "squeeze":
        return (lambda a: shapes.squeeze("squeeze", a, ax)), [s]
    if kind == "reduce":
        keep = draw(st.booleans())
        return (lambda a: shapes.reduce("sum", a, ax, keep)), [s]
    if kind == "permute":
        axes = tuple(draw(st.permutations(range(rank))))
        return (lambda a: shapes.permute("permute", a, axes)), [s]
    if kind == "concat":
        parts = [near(draw, s) for _ in range(draw(st.integers(1, 3)))]
        return (lambda *ps: shapes.concat("concat", ps, ax)), parts
    if kind == "stack":
        parts = [near(draw, s) for _ in range(draw(st.integers(1, 3)))]
        return (lambda *ps: shapes.stack("stack", ps, ax)), parts
    if kind == "split":
        n = s[ax]
        cuts = sorted(draw(st.lists(st.integers(0, n), max_size=2)))
        sections = tuple(b - a for a, b in zip([0, *cuts], [*cuts, n]))
        return (lambda a, sec: shapes.split("split", a, list(sec), ax)), [s, near(draw, sections)]
    if kind == "getitem":
        index = tuple(draw(st.lists(st.one_of(st.integers(-4, 4), st.just(slice(1, None))), max_size=rank)))
        return (lambda a: shapes.getitem("getitem", a, index)), [s]
    if kind == "realize":
        return (lambda a, t: shapes.realize("realize", a, t)), [s, near(draw, s)]
    raise AssertionError(kind)


KINDS = ["broadcast", "broadcast_to", "matmul", "reshape", "flatten", "squeeze", "reduce", "permute",
         "concat", "stack", "split", "getitem", "realize"]  # fmt: skip


def outcome(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except ShapeError as e:
        return e


def agrees(symbolic: Any, concrete: Any, env: Env) -> bool:
    """Every known dim of the symbolic result evaluates to the concrete one (lists of shapes too)."""
    if isinstance(symbolic, list | tuple):
        return (
            isinstance(concrete, list | tuple)
            and len(symbolic) == len(concrete)
            and all(agrees(s, c, env) for s, c in zip(symbolic, concrete))
        )
    return symbolic is UNKNOWN or evaluate(symbolic, env) == concrete


@pytest.mark.parametrize("kind", KINDS)
@settings(deadline=None, max_examples=100)
@given(data=st.data())
def test_symbolic_rule_never_contradicts_concrete(kind: str, data: st.DataObject) -> None:
    env = data.draw(envs)
    rule, concrete_args = data.draw(st.composite(lambda draw: case(kind, draw))())
    symbolic_args = [
        data.draw(st.composite(lambda draw, a=a: abstract(draw, a, env))()) for a in concrete_args
    ]
    concrete = outcome(lambda: rule(*concrete_args))
    try:
        symbolic = outcome(lambda: rule(*symbolic_args))
    except Undetermined:
        return  # the checker falls back to an unknown shape: silent, never wrong
    if isinstance(symbolic, ShapeError):
        if symbolic.code == "broadcast" and 1 in env.values():
            return  # a symbol counts as a size > 1; with the value 1 numpy would not stretch
        assert isinstance(concrete, ShapeError), f"false error: {symbolic.message}"
        if symbolic.code == "shape":
            assert concrete.code == "shape"
    elif not isinstance(concrete, ShapeError):
        assert agrees(symbolic, concrete, env), (symbolic, concrete, env)


def test_reshape_with_a_hole_that_no_batch_size_fills_is_rejected() -> None:
    """784·B elements into (B, 5, -1) needs 784/5 rows for every B: a definite error, not silence."""
    B = sym("B")
    with pytest.raises(ShapeError) as info:
        shapes.reshape("reshape", (B, 784), (B, 5, -1))
    assert info.value.message == (
        "reshape: cannot reshape (B, 784) into (B, 5, -1): 784·B elements are not a multiple of 5·B"
    )
    assert shapes.reshape("reshape", (B, 784), (B, 7, -1)) == (B, 7, 112)
    # A ratio that depends on the symbols (6·B / 4) may be exact for some B: silent.
    assert shapes.reshape("reshape", (B, 6), (4, -1)) == (4, UNKNOWN)
