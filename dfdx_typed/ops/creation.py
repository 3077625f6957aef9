"""Creating tensors: from nested lists and numpy arrays, constant fills, ranges, seeded randoms."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import shapes
from .._backend import Array, default_float, xp
from .._registry import composite
from .._tensor import Tensor

float32 = np.dtype(np.float32)
float64 = np.dtype(np.float64)
int64 = np.dtype(np.int64)
int32 = np.dtype(np.int32)
bool_ = np.dtype(np.bool_)

_generator: np.random.Generator = np.random.default_rng(0)


def manual_seed(seed: int) -> None:
    """Seed the generator behind ``rand``/``randn``/initialisers. PyTorch: ``torch.manual_seed``."""
    global _generator
    _generator = np.random.default_rng(seed)


def default_rng() -> np.random.Generator:
    """The library-wide generator (``rng=None`` everywhere means this one)."""
    return _generator


def _freeze(a: Array) -> Tensor[Any, Any]:
    a.flags.writeable = False
    return Tensor._wrap(a)


def _float_dtype(op: str, dtype: Any) -> np.dtype[Any]:
    d = default_float() if dtype is None else np.dtype(dtype)
    return d


def _shape(op: str, shape: Any) -> tuple[int, ...]:
    if isinstance(shape, numbers.Integral):
        shape = (shape,)
    try:
        dims = tuple(int(d) for d in shape)
    except TypeError:
        raise TypeError(f"{op}: shape must be a tuple of ints, got {shape!r}") from None
    if any(not isinstance(d, numbers.Integral) for d in shape):
        raise TypeError(f"{op}: shape must be a tuple of ints, got {shape!r}")
    shapes.new_shape(op, dims)
    return dims


def _infer_dtype(flat: Sequence[Any]) -> np.dtype[Any]:
    if not flat:
        return default_float()  # tensor([]) is float32, as in PyTorch (all() of nothing is True)
    if all(isinstance(v, (bool, np.bool_)) for v in flat):
        return bool_
    if all(isinstance(v, (numbers.Integral, np.bool_)) for v in flat):
        return int64
    return default_float()


def _leaves(data: Any, out: list[Any]) -> None:
    if isinstance(data, (list, tuple)):
        for d in data:
            _leaves(d, out)
    else:
        out.append(data)


_tensor = composite("tensor", shapes.nested_shape)


def tensor(data: Any, dtype: Any = None) -> Tensor[Any, Any]:
    """A tensor from (nested) Python lists of numbers; the shape is the nesting.

    Floats give float32 (or ``dtype``), ints int64, bools bool, as PyTorch. Ragged nesting is a
    ``ShapeError`` naming where. PyTorch: ``torch.tensor(data, dtype=dtype)``.
    """
    if isinstance(data, Tensor):
        data = data._data
    if isinstance(data, np.ndarray):
        return from_numpy(data if dtype is None else data.astype(dtype))
    expected = shapes.nested_shape("tensor", data)
    leaves: list[Any] = []
    _leaves(data, leaves)
    for v in leaves:
        if not isinstance(v, (numbers.Number, np.bool_)):
            raise TypeError(
                f"tensor: expected numbers in the nested list, got {type(v).__name__} ({v!r})"
            )
    dt = np.dtype(dtype) if dtype is not None else _infer_dtype(leaves)
    arr = np.array(data, dtype=dt)
    assert arr.shape == expected
    return _freeze(arr)


_from_numpy = composite("from_numpy")


def from_numpy(array: Any) -> Tensor[Any, Any]:
    """A tensor holding a copy of ``array`` (kept immutable), in the array's own dtype.

    PyTorch: ``torch.from_numpy(array)`` (which shares memory instead of copying).
    """
    arr = np.array(array, copy=True)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"from_numpy: unsupported dtype {arr.dtype}; expected bool, int or float")
    return _freeze(arr)


_zeros = composite("zeros", shapes.new_shape)


def zeros(shape: Any, dtype: Any = None) -> Tensor[Any, Any]:
    """A tensor of zeros (float32 by default). PyTorch: ``torch.zeros(shape)``."""
    return _freeze(xp.zeros(_shape("zeros", shape), dtype=_float_dtype("zeros", dtype)))


_ones = composite("ones", shapes.new_shape)


def ones(shape: Any, dtype: Any = None) -> Tensor[Any, Any]:
    """A tensor of ones (float32 by default). PyTorch: ``torch.ones(shape)``."""
    return _freeze(xp.ones(_shape("ones", shape), dtype=_float_dtype("ones", dtype)))


_full = composite("full", shapes.new_shape)


def full(shape: Any, fill_value: float, dtype: Any = None) -> Tensor[Any, Any]:
    """A tensor filled with ``fill_value``; the dtype follows the value as PyTorch's does.

    PyTorch: ``torch.full(shape, fill_value)``.
    """
    dt = np.dtype(dtype) if dtype is not None else _infer_dtype([fill_value])
    return _freeze(xp.full(_shape("full", shape), fill_value, dtype=dt))


_rand = composite("rand", shapes.new_shape)


def rand(shape: Any, dtype: Any = None, rng: np.random.Generator | None = None) -> Tensor[Any, Any]:
    """Uniform samples in ``[0, 1)``, from ``rng`` or the generator seeded by ``manual_seed``.

    PyTorch: ``torch.rand(shape)``.
    """
    g = rng if rng is not None else _generator
    dt = _float_dtype("rand", dtype)
    return _freeze(g.random(_shape("rand", shape), dtype=np.float64).astype(dt, copy=False))


_randn = composite("randn", shapes.new_shape)


def randn(shape: Any, dtype: Any = None, rng: np.random.Generator | None = None) -> Tensor[Any, Any]:
    """Standard normal samples. PyTorch: ``torch.randn(shape)``."""
    g = rng if rng is not None else _generator
    dt = _float_dtype("randn", dtype)
    return _freeze(g.standard_normal(_shape("randn", shape)).astype(dt, copy=False))


_arange = composite("arange", shapes.arange)


def arange(start: float, stop: float | None = None, step: float = 1, dtype: Any = None) -> Tensor[Any, Any]:
    """``[start, start + step, ...)`` below ``stop``; int64 for ints, float32 otherwise (as PyTorch).

    PyTorch: ``torch.arange(start, stop, step)``.
    """
    expected = shapes.arange("arange", start, stop, step)
    if dtype is None:
        dtype = _infer_dtype([start, step] + ([] if stop is None else [stop]))
    lo, hi = (0, start) if stop is None else (start, stop)
    n = expected[0]
    assert isinstance(n, int)
    if np.dtype(dtype).kind == "f":
        out = lo + step * np.arange(n, dtype=np.float64)
    else:
        out = np.arange(lo, hi, step)
    return _freeze(np.asarray(out, dtype=dtype)[:n])


_eye = composite("eye", shapes.eye)


def eye(n: int, m: int | None = None, dtype: Any = None) -> Tensor[Any, Any]:
    """The ``n x m`` identity (``m = n`` by default). PyTorch: ``torch.eye(n, m)``."""
    shape = shapes.eye("eye", n, m)
    return _freeze(np.eye(int(shape[0]), int(shape[1]), dtype=_float_dtype("eye", dtype)))  # type: ignore[arg-type]
