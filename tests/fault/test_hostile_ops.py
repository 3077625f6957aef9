"""Hostile inputs to the ops: dtype mixing, out-of-range indices and wrong argument types (zero-size
dims: test_zero_size.py; NaN/inf under the anomaly mode: test_anomaly.py).

References: numpy (float64) for the mathematical value, PyTorch for what a mixed-dtype op gives,
numpy for which indices are errors. Tolerances are per result dtype
(``conftest.TOL``): a few ulps of the result's precision, since inputs are exact small integers.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import dfdx_typed as dt
from dfdx_typed import losses

from .conftest import assert_clear, clear_error, close_in_dtype, outcome, tried

# --- dtype mixing -------------------------------------------------------------------------------------

INPUT_DTYPES = ["bool", "int8", "uint8", "int16", "int32", "int64", "float16", "float32", "float64"]


def _gelu(x: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    return np.array([0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in x])


def _log_softmax(x: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    return x - (np.log(np.exp(x - x.max()).sum()) + x.max())  # type: ignore[no-any-return]


FLOAT_FUNCTIONS: dict[str, tuple[Any, Any]] = {
    "exp": (dt.exp, np.exp),
    "log": (dt.log, np.log),
    "sqrt": (dt.sqrt, np.sqrt),
    "sin": (dt.sin, np.sin),
    "cos": (dt.cos, np.cos),
    "tanh": (dt.tanh, np.tanh),
    "sigmoid": (dt.sigmoid, lambda x: 1 / (1 + np.exp(-x))),
    "gelu": (dt.gelu, _gelu),
    "softmax": (dt.softmax, lambda x: np.exp(_log_softmax(x))),
    "log_softmax": (dt.log_softmax, _log_softmax),
    "logsumexp": (dt.logsumexp, lambda x: np.log(np.exp(x - x.max()).sum()) + x.max()),
    "normalize": (dt.normalize, lambda x: (x - x.mean()) / np.sqrt(x.var() + 1e-5)),
    "mean": (dt.mean, np.mean),
    "var": (dt.var, np.var),
    "std": (dt.std, np.std),
}


@pytest.mark.parametrize("dtype", INPUT_DTYPES)
def test_floating_functions_of_every_dtype_give_the_mathematical_value(dtype: str) -> None:
    """Bool and int inputs are converted to float first (as PyTorch): numpy alone would compute
    ``exp`` of int8 in float16 and ``sigmoid``/``softmax`` of uint8 with wrapped-around negatives."""
    values = np.array([True, False, True]) if dtype == "bool" else np.array([0, 1, 2, 5, 9])
    x = values.astype(dtype)
    for name, (fn, ref) in FLOAT_FUNCTIONS.items():
        tried("dtype mixing: float functions")
        got = fn(dt.from_numpy(x)).numpy()
        assert got.dtype.kind == "f", (name, dtype, got.dtype)
        want = np.asarray(ref(x.astype(np.float64)))
        assert close_in_dtype(got, want), f"{name}({dtype} {values.tolist()}) = {got} but the value is {want}"


BINARY = {
    "add": dt.add, "sub": dt.sub, "mul": dt.mul, "div": dt.div, "maximum": dt.maximum, "minimum": dt.minimum,
}
TORCH_BINARY = {
    "add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div,
    "maximum": torch.maximum, "minimum": torch.minimum,
}
NUMPY_BINARY = {
    "add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide,
    "maximum": np.maximum, "minimum": np.minimum,
}
OPERAND_DTYPES = ["bool", "uint8", "int64", "float16", "float32", "float64"]


@pytest.mark.parametrize("left", OPERAND_DTYPES)
def test_binary_ops_on_mixed_dtypes_agree_with_pytorch_or_refuse_clearly(left: str) -> None:
    """Where PyTorch computes a mixed-dtype op, the values agree (dtypes follow numpy's promotion,
    never below PyTorch's precision); where PyTorch refuses (bool - bool), the error names the op."""
    a_np = np.array([0, 1, 2, 3]).astype(left)
    for right in [*OPERAND_DTYPES, "int", "float", "bool-scalar"]:
        b_np: Any = {"int": 3, "float": 2.5, "bool-scalar": True}.get(right)
        if b_np is None:
            b_np = np.array([3, 2, 1, 1]).astype(right)
        b_dt = dt.from_numpy(b_np) if isinstance(b_np, np.ndarray) else b_np
        b_t = torch.from_numpy(b_np.copy()) if isinstance(b_np, np.ndarray) else b_np
        for name, fn in BINARY.items():
            tried("dtype mixing: binary ops")
            kind, got = outcome(fn, dt.from_numpy(a_np), b_dt)
            t_kind, want = outcome(TORCH_BINARY[name], torch.from_numpy(a_np.copy()), b_t)
            if kind == "error":
                assert t_kind == "error", f"{name}({left}, {right}) refused: {got}; PyTorch gives {want}"
                assert_clear(got, f"'{name}'")
                continue
            if t_kind == "ok":
                assert close_in_dtype(got.numpy(), want.numpy()), f"{name}({left}, {right}): {got} vs {want}"
                if want.dtype.is_floating_point:
                    assert got.dtype.kind == "f" and got.dtype.itemsize >= want.element_size()
            else:  # PyTorch refuses (a bool minus anything): the exact value, in any dtype
                b_math = b_np.astype(np.float64) if isinstance(b_np, np.ndarray) else float(b_np)
                exact = NUMPY_BINARY[name](a_np.astype(np.float64), b_math)
                assert close_in_dtype(got.numpy(), exact), (name, left, right, got, exact)


@pytest.mark.parametrize("dtype", ["bool", "uint8", "int64", "float16"])
def test_matmul_of_non_float_dtypes(dtype: str) -> None:
    a = (np.arange(6).reshape(2, 3) % 2).astype(dtype)
    b = np.ones((3, 2)).astype(dtype)
    tried("dtype mixing: matmul")
    kind, got = outcome(lambda: dt.from_numpy(a) @ dt.from_numpy(b))
    if kind == "error":
        assert_clear(got, "matmul")
    else:  # the sums of products, not their logical OR
        exact = a.astype(np.float64) @ b.astype(np.float64)
        np.testing.assert_array_equal(got.numpy().astype(np.float64), exact)


def test_scalars_and_casts_that_cannot_be_held() -> None:
    x = dt.ones((2,))
    for op, make in {
        "add": lambda: x + 1j,
        "mul": lambda: x * "2",
        "sub": lambda: x - None,
        "div": lambda: x / [1.0, 2.0],
        "add ": lambda: x + np.ones(2),
        "astype": lambda: x.astype(complex),
        "astype  ": lambda: x.astype(object),
        "astype   ": lambda: x.astype(None),
        "pow": lambda: x ** x,
        "exp": lambda: dt.exp([1.0]),  # type: ignore[arg-type]
        "matmul": lambda: x @ [1.0, 2.0],
        "clamp": lambda: x.clamp("0"),  # type: ignore[arg-type]
        "leaky_relu": lambda: x.leaky_relu("0.1"),  # type: ignore[arg-type]
        "where": lambda: dt.where(x, x, x),
        "add  ": lambda: dt.tensor([1]) + 2**64,
        "add   ": lambda: x + 10**400,
    }.items():
        tried("wrong types: scalars and casts")
        with clear_error(op.strip()):
            make()


# --- wrong argument types -------------------------------------------------------------------------------

X = dt.arange(6.0).reshape((2, 3))

WRONG_ARGUMENTS: list[tuple[str, Any]] = [
    ("sum", lambda: X.sum(axis=1.0)),
    ("sum", lambda: X.sum(axis=True)),
    ("sum", lambda: X.sum(axis="0")),
    ("sum", lambda: X.sum(axis=[0, 1])),
    ("sum", lambda: X.sum(axis=dt.tensor(1))),
    ("sum", lambda: X.sum(keepdims="no")),
    ("sum", lambda: X.sum(axis=0, keepdims=None)),
    ("mean", lambda: X.mean(axis=(0.0,))),
    ("max", lambda: X.max(axis=1.5)),
    ("var", lambda: X.var(ddof="1")),
    ("var", lambda: X.var(ddof=True)),
    ("logsumexp", lambda: X.logsumexp(axis="x")),
    ("softmax", lambda: X.softmax(None)),
    ("softmax", lambda: X.softmax(1.0)),
    ("log_softmax", lambda: X.log_softmax(True)),
    ("normalize", lambda: X.normalize(axis=0.5)),
    ("transpose", lambda: X.transpose(0, 1.0)),
    ("permute", lambda: X.permute(1.0, 0)),
    ("permute", lambda: X.permute(True, False)),
    ("permute", lambda: X.permute((1, 0))),
    ("reshape", lambda: X.reshape((3.0, 2))),
    ("reshape", lambda: X.reshape((True, 6))),
    ("reshape", lambda: X.reshape("ab")),
    ("reshape", lambda: X.reshape(dt.tensor([3, 2]))),
    ("broadcast_to", lambda: X.broadcast_to((2.0, 3))),
    ("broadcast_to", lambda: X.broadcast_to((True, 2, 3))),
    ("flatten", lambda: X.flatten(0.0)),
    ("squeeze", lambda: X.squeeze(0.0)),
    ("unsqueeze", lambda: X.unsqueeze(1.0)),
    ("unsqueeze", lambda: X.unsqueeze("0")),
    ("concat", lambda: dt.concat([X, X], axis=0.0)),
    ("concat", lambda: dt.concat([X, [1.0]])),
    ("concat", lambda: dt.concat(X)),
    ("stack", lambda: dt.stack([X, X], axis=1.5)),
    ("split", lambda: dt.split(X, 1.5)),
    ("split", lambda: dt.split(X, True)),
    ("split", lambda: dt.split(X, [1.0, 1.0])),
    ("split", lambda: dt.split(X, "1")),
    ("argmax", lambda: X.argmax(1.0)),
    ("one_hot", lambda: dt.one_hot(dt.tensor([0]), 2.0)),
    ("one_hot", lambda: dt.one_hot(dt.tensor([0.0]), 2)),
    ("gather", lambda: dt.gather(X, 1, [[0]])),
    ("gather", lambda: dt.gather(X, 1.0, dt.tensor([[0]]))),
    ("embedding", lambda: dt.embedding(dt.tensor([0.5]), X)),
    ("where", lambda: dt.where([True], X, X)),
    ("einsum", lambda: dt.einsum(3, X)),
    ("gelu", lambda: X.gelu("fast")),
    ("pad", lambda: dt.pad(X, (1.5, 1))),
    ("conv2d", lambda: dt.conv2d(dt.zeros((1, 1, 4, 4)), dt.zeros((1, 1, 3, 3)), stride=1.5)),
    ("max_pool2d", lambda: dt.max_pool2d(dt.zeros((1, 1, 4, 4)), 2.0)),
    ("roll", lambda: dt.roll(X, 1.5, 0)),
    ("roll", lambda: dt.roll(X, 1, 0.0)),
    ("dropout", lambda: dt.dropout(X.trace(), p="0.5")),
    ("getitem", lambda: X[1.0:2]),
    ("tril", lambda: dt.tril(dt.ones((3, 3)), 1.5)),
    ("triu", lambda: dt.triu(dt.ones((3, 3)), 1.5)),
]


@pytest.mark.parametrize(
    "op,call", WRONG_ARGUMENTS, ids=[f"{i}-{op}" for i, (op, _) in enumerate(WRONG_ARGUMENTS)]
)
def test_wrong_argument_types_are_refused_by_name(op: str, call: Any) -> None:
    """Floats, bools, strings, lists and tensors where ints (or tuples of ints) go."""
    tried("wrong types: arguments")
    with clear_error(op):
        call()


# --- out-of-range indices -------------------------------------------------------------------------------

DATA = np.arange(12.0, dtype=np.float32).reshape(3, 4)
small = st.integers(-6, 6)
index_items = st.one_of(
    small,
    st.builds(slice, st.none() | small, st.none() | small, st.none() | small),
    st.lists(small, max_size=3),
    st.lists(small, min_size=1, max_size=3).map(lambda v: dt.tensor(v)),
    st.sampled_from([None, Ellipsis, np.int64(2), np.array([True, False, True])]),
)


def _as_numpy_index(it: Any) -> Any:
    return it.numpy() if isinstance(it, dt.Tensor) else it


@settings(max_examples=250, deadline=None)
@given(index=st.one_of(index_items, st.lists(index_items, max_size=3).map(tuple)))
def test_getitem_gives_numpys_values_or_a_clear_error(index: Any) -> None:
    """numpy's IndexError for an index out of range (or an index it cannot use) is a clear error
    here; every other index gives numpy's values, and the gradient counts each selection."""
    tried("indices: getitem")
    items = index if isinstance(index, tuple) else (index,)
    np_index = tuple(_as_numpy_index(it) for it in items)
    want_kind, want = outcome(lambda: DATA[np_index if isinstance(index, tuple) else np_index[0]])
    x = dt.from_numpy(DATA).trace()
    kind, got = outcome(lambda: x[index])
    if want_kind == "error":
        assert kind == "error", f"x[{index!r}] gave {got!r}; numpy raises {want!r}"
        assert_clear(got, "getitem")
        return
    if kind == "error" and want.size == 0 and isinstance(got, dt.shapes.IndexOutOfBounds):
        # x[[3], []]: numpy and PyTorch skip the bounds check when the index arrays broadcast to
        # nothing; ours still refuses the out-of-range 3 (stricter, never a wrong value).
        assert_clear(got, "getitem", "out of bounds")
        return
    assert kind == "ok", f"x[{index!r}] raised {got!r}; numpy gives {want!r}"
    np.testing.assert_array_equal(got.numpy(), want)
    if got.size:
        counts = np.zeros_like(DATA)
        np.add.at(counts, np_index if isinstance(index, tuple) else np_index[0], 1.0)
        np.testing.assert_array_equal(got.sum().backward()[x].numpy(), counts)


def test_iterating_a_tensor_stops_at_its_end() -> None:
    """Python's iteration protocol stops on IndexError: an int index out of range must be one."""
    tried("indices: getitem")
    assert [row.numpy().tolist() for row in dt.from_numpy(DATA[:2, :2])] == [[0.0, 1.0], [4.0, 5.0]]
    with pytest.raises(IndexError, match="getitem: index 3 is out of bounds"):
        dt.from_numpy(DATA)[3]


@settings(max_examples=150, deadline=None)
@given(
    values=st.lists(st.integers(-6, 6), min_size=1, max_size=4),
    axis=st.sampled_from([0, 1, -1]),
)
def test_index_arguments_of_the_selection_ops(values: list[int], axis: int) -> None:
    x = dt.from_numpy(DATA)
    size = DATA.shape[axis]
    in_range = all(-size <= v < size for v in values)
    idx = np.array(values)
    gather_idx = idx.reshape(1, -1) if axis != 0 else idx.reshape(-1, 1)
    # torch.gather reads x only within the index's extent off the axis.
    window = tuple(slice(None) if d == axis % 2 else slice(0, n) for d, n in enumerate(gather_idx.shape))
    calls = {
        "gather": (lambda: dt.gather(x, axis, dt.from_numpy(gather_idx)),
                   lambda: np.take_along_axis(DATA[window], gather_idx, axis=axis)),
        "select": (lambda: dt.select(x, axis, dt.from_numpy(idx)), lambda: np.take(DATA, idx, axis=axis)),
        "take_along_axis": (lambda: dt.take_along_axis(x, dt.from_numpy(gather_idx), axis),
                            lambda: np.take_along_axis(DATA, gather_idx, axis)),
    }
    if axis == 0:
        calls["embedding"] = (lambda: dt.embedding(dt.from_numpy(idx), x), lambda: DATA[idx])
    for name, (ours, reference) in calls.items():
        tried("indices: gather/select/take_along_axis/embedding")
        kind, got = outcome(ours)
        if not in_range:
            assert kind == "error", f"{name} with indices {values} on axis {axis} gave {got!r}"
            assert_clear(got, name, "out of bounds")
            assert isinstance(got, IndexError)
        else:
            assert kind == "ok", (name, values, axis, got)
            np.testing.assert_array_equal(got.numpy(), reference())


@settings(max_examples=100, deadline=None)
@given(targets=st.lists(st.integers(-3, 5), min_size=1, max_size=4))
def test_class_indices_of_one_hot_and_the_losses(targets: list[int]) -> None:
    classes = 3
    logits = np.linspace(-1, 1, len(targets) * classes, dtype=np.float32).reshape(len(targets), classes)
    target = dt.tensor(targets)
    valid = all(0 <= t < classes for t in targets)
    for name, ours in {
        "one_hot": lambda: dt.one_hot(target, classes),
        "cross_entropy": lambda: losses.cross_entropy(dt.from_numpy(logits), target),
        "nll_loss": lambda: losses.nll_loss(dt.log_softmax(dt.from_numpy(logits)), target),
    }.items():
        tried("indices: class targets")
        kind, got = outcome(ours)
        if not valid:
            assert kind == "error", f"{name} with targets {targets} gave {got!r}"
            assert_clear(got, name)
            assert any(f"class {t}," in str(got) for t in targets if not 0 <= t < classes), got
            continue
        assert kind == "ok", (name, targets, got)
        if name != "one_hot":
            want = torch.nn.functional.cross_entropy(torch.from_numpy(logits), torch.tensor(targets))
            np.testing.assert_allclose(got.item(), want.item(), rtol=1e-6)
    # ignore_index (PyTorch's -100 by default) is not a class: those rows count for nothing.
    if -100 not in targets:
        ignored = losses.cross_entropy(dt.zeros((2, classes)), dt.tensor([-100, 1]))
        np.testing.assert_allclose(ignored.item(), math.log(classes), rtol=1e-6)


def test_einsum_over_more_dims_than_letters() -> None:
    """Each distinct dim needs one of the 52 ASCII letters: more is a shape error naming einsum."""
    tried("huge ranks")
    dt.einsum("...->...", dt.zeros((1,) * 52))  # the most that fit
    with clear_error("einsum", "60 distinct dims", "at most 52"):
        dt.einsum("...->...", dt.zeros((1,) * 60))
