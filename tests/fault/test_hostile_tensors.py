"""Hostile inputs to the tensor constructors: ragged and non-numeric nested lists, mixed depths,
nesting past numpy's 64 dims, values no dtype holds, unsupported dtypes, shapes that are not tuples
of ints, huge ranks.

Each input gives the tensor numpy would build from valid data (bitwise) or a clear error naming the
constructor; the validity of the input is decided here, independently of the library.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dfdx_typed as dt

from .conftest import assert_clear, clear_error, outcome, tried

INT64_MAX = 2**63 - 1
FLOAT32_MAX = float(np.finfo(np.float32).max)

# --- nested lists -------------------------------------------------------------------------------------

leaves = st.one_of(
    st.integers(-(2**64), 2**64),  # some do not fit int64
    st.floats(allow_nan=True, allow_infinity=True, width=64),  # some do not fit float32
    st.sampled_from([1e39, -1e300, 10**400, 2**70]),
    st.booleans(),
    st.text(max_size=2),
    st.none(),
    st.complex_numbers(max_magnitude=2, allow_nan=False),
    st.builds(object),
    st.just(b"x"),
    st.sampled_from([np.float64(1.5), np.int8(-3), np.bool_(True), np.float16(2.0)]),
)
nested = st.recursive(leaves, lambda kids: st.lists(kids, max_size=3), max_leaves=12)


def _shape_if_rectangular(data: Any) -> tuple[int, ...] | None:
    if not isinstance(data, (list, tuple)):
        return ()
    if not data:
        return (0,)
    inner = [_shape_if_rectangular(d) for d in data]
    if any(s is None or s != inner[0] for s in inner):
        return None
    first = inner[0]
    assert first is not None
    return (len(data), *first)


def _leaves(data: Any) -> list[Any]:
    if isinstance(data, (list, tuple)):
        return [leaf for d in data for leaf in _leaves(d)]
    return [data]


def _expected(data: Any) -> np.ndarray[Any, Any] | None:
    """What ``dt.tensor(data)`` must return, or ``None`` when it must raise."""
    shape = _shape_if_rectangular(data)
    values = _leaves(data)
    real = all(
        isinstance(v, (bool, int, float, np.bool_, np.integer, np.floating)) for v in values
    )
    if shape is None or len(shape) > 64 or not real:
        return None
    if values and all(isinstance(v, (bool, np.bool_)) for v in values):
        dtype: Any = np.bool_
    elif values and all(isinstance(v, (bool, int, np.bool_, np.integer)) for v in values):
        if any(not -INT64_MAX - 1 <= int(v) <= INT64_MAX for v in values):
            return None
        dtype = np.int64
    else:
        dtype = np.float32
        for v in values:
            if isinstance(v, int) and abs(v) > 10**300:
                return None
            if math.isfinite(float(v)) and abs(float(v)) > FLOAT32_MAX:
                return None  # would round to inf
    return np.array(data, dtype=dtype)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=nested)
def test_nested_lists_of_anything(data: Any) -> None:
    tried("tensor: nested lists")
    want = _expected(data)
    kind, got = outcome(lambda: dt.tensor(data))
    if want is None:
        assert kind == "error", f"dt.tensor({data!r}) accepted invalid data: {got!r}"
        assert_clear(got, "tensor")
    else:
        assert kind == "ok", f"dt.tensor({data!r}) refused valid data: {got!r}"
        assert got.dtype == want.dtype and got.shape == want.shape
        assert got.numpy().tobytes() == want.tobytes()  # bitwise: NaN and -0.0 included


def test_mixed_depth_and_ragged_lists_name_the_place() -> None:
    cases = {
        "data[1]": [[1.0, 2.0], [3.0]],
        "data[0][1]": [[[1.0], [2.0, 3.0]]],
        "data[2]": [1.0, 2.0, [3.0]],
        "data[1] has shape (1,) but data[0] has shape (0,)": [[], [1.0]],
    }
    for where, data in cases.items():
        tried("tensor: ragged")
        with clear_error("tensor", "ragged", where):
            dt.tensor(data)


def _nest(depth: int) -> Any:
    data: Any = 1.0
    for _ in range(depth):
        data = [data]
    return data


def test_nesting_past_numpys_64_dims_and_lists_that_contain_themselves() -> None:
    assert dt.tensor(_nest(64)).shape == (1,) * 64
    loop: list[Any] = []
    loop.append(loop)
    for data in (_nest(65), _nest(100_000), loop, [[1.0], loop]):
        tried("tensor: deep nesting")
        with clear_error("tensor", "deeper than numpy's maximum of 64 dims"):
            dt.tensor(data)


def test_values_no_dtype_holds() -> None:
    for data, dtype, what in [
        ([2**63], None, "2**63"),
        ([1, -(2**64)], None, "int64"),
        ([1e39], None, "float32"),
        ([[1.0, -1e300]], None, "float32"),
        ([10**400, 1.0], None, "digits"),
        ([300], "int8", "int8"),
        ([1e300], "float16", "float16"),
    ]:
        tried("tensor: values out of range")
        with clear_error("tensor", "does not fit", what.replace("2**63", str(2**63))):
            dt.tensor(data, dtype=dtype)
    # Infinities and NaN given as such are data, kept as they are (the anomaly mode reports them).
    kept = dt.tensor([math.inf, -math.inf, math.nan]).numpy()
    assert np.isposinf(kept[0]) and np.isneginf(kept[1]) and np.isnan(kept[2])


# --- dtypes ---------------------------------------------------------------------------------------------

DTYPES: list[Any] = [
    None, "float16", np.float32, "float64", "int8", np.uint8, "int64", bool, np.bool_,
    "complex64", complex, object, str, "datetime64[D]", "bogus", 3.5, [("a", "f4")],
]


def _creators(dtype: Any) -> dict[str, Any]:
    return {
        "tensor": lambda: dt.tensor([[1, 0], [2, 1]], dtype=dtype),
        "zeros": lambda: dt.zeros((2, 2), dtype=dtype),
        "ones": lambda: dt.ones((2, 2), dtype=dtype),
        "full": lambda: dt.full((2, 2), 1, dtype=dtype),
        "eye": lambda: dt.eye(2, dtype=dtype),
        "rand": lambda: dt.rand((2, 2), dtype=dtype),
        "randn": lambda: dt.randn((2, 2), dtype=dtype),
        "astype": lambda: dt.ones((2, 2)).astype(dtype),
    }


@pytest.mark.parametrize("dtype", DTYPES, ids=[str(d) for d in DTYPES])
def test_dtype_arguments(dtype: Any) -> None:
    """A bool, int or float dtype makes a tensor of that dtype (random draws: floats only); anything
    else is a clear error naming the function."""
    for name, make in _creators(dtype).items():
        tried("creation: dtype arguments")
        kind, got = outcome(make)
        if dtype is None:
            if name == "astype":
                assert kind == "error"
                assert_clear(got, "astype")
                continue
            assert kind == "ok", (name, got)
            continue
        try:
            want = np.dtype(dtype)
        except TypeError:
            want = None
        allowed = "f" if name in ("rand", "randn") else "biuf"
        if want is not None and want.kind in allowed:
            assert kind == "ok", (name, dtype, got)
            assert got.dtype == want
            if name in ("rand", "randn"):
                assert np.isfinite(got.numpy()).all()
        else:
            assert kind == "error", f"{name}(dtype={dtype!r}) gave {got!r}"
            assert_clear(got, name)


FROM_NUMPY_OK = ["float16", "float32", "float64", ">f4", "int8", "uint8", "int32", "int64", "uint64", "bool"]


@pytest.mark.parametrize("dtype", FROM_NUMPY_OK)
def test_from_numpy_keeps_real_dtypes_and_values(dtype: str) -> None:
    tried("from_numpy: dtypes")
    arr = (np.arange(12).reshape(3, 4) % 3).astype(dtype)[:, ::2]  # non-contiguous too
    kept = arr.copy()
    t = dt.from_numpy(arr)
    assert t.dtype == arr.dtype and np.array_equal(t.numpy(), kept)
    arr[0, 0] = 1  # the tensor holds a copy
    assert t.numpy()[0, 0] == 0
    # And ops on it compute in the values' arithmetic (a big-endian float32 included).
    np.testing.assert_array_equal((t + t).numpy(), kept + kept)


@pytest.mark.parametrize(
    "array",
    [
        np.ones(2, dtype=complex),
        np.array([1, None], dtype=object),
        np.array(["1.5"]),
        np.array([b"x"]),
        np.array(["2020-01-01"], dtype="datetime64[D]"),
        np.array([1], dtype="timedelta64[s]"),
        np.zeros(2, dtype=[("a", "f4")]),
        np.ma.array([1.0, 2.0], mask=[False, True]),
        [[1.0], [2.0, 3.0]],
        [object()],
    ],
    ids=["complex", "object", "str", "bytes", "datetime", "timedelta", "structured", "masked", "ragged",
         "objects"],
)
def test_from_numpy_refuses_what_a_tensor_cannot_hold(array: Any) -> None:
    tried("from_numpy: unsupported")
    with clear_error("from_numpy"):
        dt.from_numpy(array)


# --- shapes ---------------------------------------------------------------------------------------------

shape_parts = st.one_of(
    st.integers(-3, 4),
    st.booleans(),
    st.floats(-2, 4),
    st.text(max_size=1),
    st.none(),
    st.sampled_from([np.int64(2), np.int8(1), np.float32(2.0), 2**70, dt.tensor(2), [2]]),
)
shape_args = st.one_of(
    st.lists(shape_parts, max_size=4).map(tuple),
    st.lists(shape_parts, max_size=4),
    shape_parts,
    st.just("ab"),
)


def _valid_shape(shape: Any) -> tuple[int, ...] | None:
    items = shape if isinstance(shape, (tuple, list)) else (shape,)
    one_int = isinstance(shape, numbers.Integral) and not isinstance(shape, bool)
    if isinstance(shape, (tuple, list)) or one_int:
        if all(isinstance(d, numbers.Integral) and not isinstance(d, bool) for d in items):
            dims = tuple(int(d) for d in items)
            if all(0 <= d <= 16 for d in dims):
                return dims
    return None


@settings(max_examples=150, deadline=None)
@given(shape=shape_args)
def test_shape_arguments_of_the_constructors(shape: Any) -> None:
    want = _valid_shape(shape)
    for name, make in {
        "zeros": lambda: dt.zeros(shape),
        "ones": lambda: dt.ones(shape),
        "full": lambda: dt.full(shape, 2.5),
        "rand": lambda: dt.rand(shape),
        "randn": lambda: dt.randn(shape),
    }.items():
        tried("creation: shape arguments")
        kind, got = outcome(make)
        if want is None:
            assert kind == "error", f"{name}({shape!r}) gave {got!r}"
            assert_clear(got, name)
        else:
            assert kind == "ok", (name, shape, got)
            assert got.shape == want


def test_huge_ranks_up_to_numpys_limit_work_and_beyond_it_fail_clearly() -> None:
    for rank in (32, 33, 63, 64):
        tried("huge ranks")
        x = dt.ones((1,) * (rank - 1) + (2,)).trace()
        y = (x * 3.0).exp().sum(axis=-1)
        assert y.shape == (1,) * (rank - 1)
        g = y.sum().backward()[x].numpy()
        np.testing.assert_allclose(g, np.full(x.shape, 3.0 * math.exp(3.0)), rtol=1e-6)
        assert dt.from_numpy(np.zeros((1,) * rank)).ndim == rank
        assert x.permute(*reversed(range(rank))).shape == (2,) + (1,) * (rank - 1)
    at_limit = dt.zeros((1,) * 64)
    beyond = {
        "zeros": lambda: dt.zeros((1,) * 65),
        "ones": lambda: dt.ones((1,) * 65),
        "randn": lambda: dt.randn((1,) * 65),
        "reshape": lambda: at_limit.reshape((1,) * 65),
        "unsqueeze": lambda: at_limit.unsqueeze(0),
        "broadcast_to": lambda: at_limit.broadcast_to((1,) * 65),
        "getitem": lambda: at_limit[None],
        "stack": lambda: dt.stack([at_limit, at_limit]),
    }
    for name, make in beyond.items():
        tried("huge ranks")
        # The op's own message, or numpy's with the engine's note naming the op.
        with clear_error(f"'{name}'" if name == "getitem" else f"{name}:", "64"):
            make()


# --- the other constructors ------------------------------------------------------------------------------


def test_full_fill_values() -> None:
    assert dt.full((2,), dt.tensor(1.5)).numpy().tolist() == [1.5, 1.5]  # a 0-d tensor, as PyTorch
    assert np.isnan(dt.full((2,), math.nan).numpy()).all()
    for bad in (None, "x", 1j, [1.0], dt.ones((2,)), object()):
        tried("full: fill values")
        with clear_error("full", "fill_value"):
            dt.full((2,), bad)  # type: ignore[arg-type]


def test_arange_eye_and_seeds() -> None:
    np.testing.assert_array_equal(dt.arange(10**3).numpy(), np.arange(10**3))
    np.testing.assert_allclose(dt.arange(0.5, 2.0, 0.5).numpy(), [0.5, 1.0, 1.5])
    assert dt.arange(5, 0).shape == (0,)
    for args, words in [
        ((0, 5, 0), ("arange", "step cannot be zero")),
        ((0, math.nan), ("arange", "stop must be finite")),
        ((math.inf,), ("arange", "stop must be finite")),
        ((0, 5, -math.inf), ("arange", "step must be finite")),
        (("5",), ("arange", "stop must be a number")),
        ((0, None, True), ("arange", "step must be a number")),
    ]:
        tried("arange")
        with clear_error(*words):
            dt.arange(*args)  # type: ignore[arg-type]
    for n in (2.5, True, "2", -1, None):
        tried("eye")
        with clear_error("eye"):
            dt.eye(n)  # type: ignore[arg-type]
    for seed in (-1, 1.5, "a", None, True):
        tried("manual_seed")
        with clear_error("manual_seed", "seed"):
            dt.manual_seed(seed)  # type: ignore[arg-type]
    for rng in (3, "rng", np.random.RandomState(0)):
        tried("rng arguments")
        with clear_error("rand", "rng"):
            dt.rand((2,), rng=rng)  # type: ignore[arg-type]
