"""Shared checks of the fault suite: what counts as a clear error, the bitwise snapshot of a module,
and the count of hostile inputs tried per category (printed at the end of a run with ``-s``).

A *clear error* is an exception of a type a caller can act on (never ``AttributeError``,
``ZeroDivisionError``, ``RecursionError``, ``StopIteration``, an ``AssertionError`` from an internal
check, ...) whose text names what was wrong: the op or layer, and where the test knows it, the
argument. numpy's own messages count when the engine's note (added to every exception raised inside
an op's forward) names the op and its operands.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest

import dfdx_typed as dt
from dfdx_typed import nn

CLEAR_TYPES: tuple[type[BaseException], ...] = (
    dt.ShapeError,  # LayerShapeError and IndexOutOfBounds included
    TypeError,
    ValueError,  # CheckpointError, StateDictError
    OverflowError,
    IndexError,
    KeyError,  # MissingGradientError
    FileNotFoundError,
    IsADirectoryError,
    MemoryError,
    dt.AnomalyError,
    dt.GradcheckError,
)

TRIED: Counter[str] = Counter()
"""Inputs tried per category, for the report (``pytest -s tests/fault``)."""


def tried(category: str, n: int = 1) -> None:
    TRIED[category] += n


def text_of(error: BaseException) -> str:
    """The message and every note (the engine adds one naming the op)."""
    return "\n".join([str(error), *getattr(error, "__notes__", [])])


def assert_clear(error: BaseException, *names: str) -> None:
    """``error`` is a clear error whose text names each of ``names``."""
    assert isinstance(error, CLEAR_TYPES), f"unclear error type {type(error).__name__}: {error}"
    text = text_of(error)
    for name in names:
        assert name in text, f"the error does not name {name!r}: {type(error).__name__}: {text}"


@contextlib.contextmanager
def clear_error(*names: str) -> Iterator[None]:
    """The block must raise a clear error naming each of ``names``."""
    try:
        yield
    except Exception as e:  # checked, not swallowed: anything unclear fails the test
        assert_clear(e, *names)
    else:
        raise AssertionError(f"expected an error naming {names}, but nothing was raised")


def outcome(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[str, Any]:
    """``("ok", fn(*args, **kwargs))`` or ``("error", the exception it raised)``."""
    try:
        return "ok", fn(*args, **kwargs)
    except Exception as e:
        return "error", e


TOL = {np.dtype("float16"): 2e-3, np.dtype("float32"): 2e-6, np.dtype("float64"): 1e-12}
"""Relative tolerance by result dtype (float16's ulp is 1e-3; float32's 1.2e-7, a few ops deep)."""


def close_in_dtype(got: np.ndarray[Any, Any], want: np.ndarray[Any, Any]) -> bool:
    """Equal within the tolerance of the coarser of the two dtypes (exactly, for integers)."""
    rtol = max(TOL.get(got.dtype, 0.0), TOL.get(want.dtype, 0.0))
    if got.dtype.kind in "iu" and want.dtype.kind == "f":
        # Integer results wrap around as numpy's and PyTorch's do (uint8: 1 - 3 = 254).
        want = np.mod(want, 2.0 ** (8 * got.dtype.itemsize)) if got.dtype.kind == "u" else want
    return got.shape == want.shape and bool(
        np.allclose(got.astype(np.float64), want.astype(np.float64), rtol=rtol, atol=rtol, equal_nan=True)
    )


Snapshot = dict[str, tuple[str, tuple[int, ...], bytes]]


def snapshot(module: nn.Module) -> Snapshot:
    """Every parameter and buffer, bitwise (dtype, shape and bytes), by key."""
    return {k: (str(v.dtype), tuple(v.shape), v.numpy().tobytes()) for k, v in module.state_dict().items()}


@pytest.fixture(scope="session", autouse=True)
def _report_counts() -> Iterator[None]:
    yield
    if TRIED:
        total = sum(TRIED.values())
        print(f"\nfault suite: {total} hostile inputs tried:", dict(sorted(TRIED.items())))


@pytest.fixture(autouse=True)
def _anomaly_mode_off() -> Iterator[None]:
    """Each test starts and ends with anomaly mode off (a failing test must not leave it on)."""
    dt.set_anomaly_mode(False)
    yield
    dt.set_anomaly_mode(False)


@pytest.fixture(autouse=True)
def _quiet_numpy() -> Iterator[None]:
    # NaN and inf are the point of several tests; numpy's RuntimeWarnings about them are not.
    with np.errstate(all="ignore"):
        yield
