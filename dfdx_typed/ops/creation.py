"""Creating tensors: from nested lists and numpy arrays, constant fills, ranges, seeded randoms."""

from __future__ import annotations

import math
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
    """Seed the generator behind ``rand``/``randn``/initialisers with a non-negative int.

    PyTorch: ``torch.manual_seed(seed)``.
    """
    global _generator
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise TypeError(f"manual_seed: seed must be a non-negative int, got {type(seed).__name__} {seed!r}")
    _generator = np.random.default_rng(seed)


def default_rng() -> np.random.Generator:
    """The library-wide generator (``rng=None`` everywhere means this one).

    PyTorch: ``torch.default_generator`` (a numpy ``Generator`` here).
    """
    return _generator


def _freeze(a: Array) -> Tensor[Any, Any]:
    a.flags.writeable = False
    return Tensor._wrap(a)


_DTYPE_KINDS = {"b": "bool", "i": "int", "u": "unsigned int", "f": "float"}


def _dtype(op: str, dtype: Any, kinds: str = "biuf") -> np.dtype[Any]:
    """``dtype`` as a numpy dtype of one of ``kinds`` (tensors hold bools, ints and floats only)."""
    if dtype is None:
        raise TypeError(f"{op}: a dtype is required, got None")  # numpy would read None as float64
    try:
        d = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{op}: {dtype!r} is not a dtype") from None
    if d.kind not in kinds:
        allowed = ", ".join(_DTYPE_KINDS[k] for k in kinds)
        raise TypeError(f"{op}: unsupported dtype {d}; expected {allowed}")
    return d  # type: ignore[no-any-return]  # (numpy's stubs type np.dtype(Any) as Any)


def _float_dtype(op: str, dtype: Any) -> np.dtype[Any]:
    return default_float() if dtype is None else _dtype(op, dtype)


def _shape(op: str, shape: Any) -> tuple[int, ...]:
    if isinstance(shape, numbers.Integral) and not isinstance(shape, bool):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)) or any(
        isinstance(d, bool) or not isinstance(d, numbers.Integral) for d in shape
    ):
        # bools are refused as dims, as PyTorch does (numpy would take True as 1).
        raise TypeError(f"{op}: shape must be an int or a tuple of ints, got {shape!r}")
    dims = tuple(int(d) for d in shape)
    shapes.new_shape(op, dims)
    return dims


def _generator_arg(op: str, rng: Any) -> np.random.Generator:
    if rng is None:
        return _generator
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"{op}: rng must be a numpy Generator (np.random.default_rng(seed)), got {rng!r}")
    return rng


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


def _too_big(leaves: list[Any], dtype: np.dtype[Any]) -> str:
    """The first leaf that ``dtype`` cannot hold, shortened if it has many digits."""
    for v in leaves:
        try:
            np.array(v, dtype=dtype)
        except OverflowError:
            text = repr(v)
            return text if len(text) <= 40 else f"{text[:12]}... ({len(text)} digits)"
    return "?"


def _finite(v: Any) -> bool:
    try:
        return math.isfinite(v)
    except (TypeError, ValueError, OverflowError):
        return True  # an int too large for a float is finite


def _too_big_float(leaves: list[Any], dtype: np.dtype[Any]) -> str:
    limit = float(np.finfo(dtype).max)
    for v in leaves:
        if _finite(v) and abs(float(v)) > limit:
            return repr(v)
    return "?"


_tensor = composite("tensor", shapes.nested_shape)


def tensor(data: Any, dtype: Any = None) -> Tensor[Any, Any]:
    """A tensor from (nested) Python lists of numbers; the shape is the nesting.

    Shapes: -> the nesting: ``tensor([[1.0, 2.0, 3.0]])`` is ``(1, 3)``, ``tensor(2.0)`` is ``()``
    (the mypy plugin infers the same from the literal).

    Floats give float32 (or ``dtype``), ints int64, bools bool, as PyTorch. Ragged nesting is a
    ``ShapeError`` naming where.

    PyTorch: ``torch.tensor(data, dtype=dtype)``.
    """
    if isinstance(data, Tensor):
        data = data._data
    if isinstance(data, np.ndarray):
        return from_numpy(data if dtype is None else data.astype(dtype))
    expected = shapes.nested_shape("tensor", data)
    leaves: list[Any] = []
    _leaves(data, leaves)
    for v in leaves:
        complex_ = isinstance(v, numbers.Complex) and not isinstance(v, numbers.Real)
        if complex_ or not isinstance(v, (numbers.Number, np.bool_)):
            what = "complex numbers are not supported" if complex_ else "expected numbers"
            raise TypeError(f"tensor: {what} in the nested list, got {type(v).__name__} ({v!r})")
    dt = _dtype("tensor", dtype) if dtype is not None else _infer_dtype(leaves)
    try:
        with np.errstate(over="ignore"):
            arr = np.array(data, dtype=dt)
    except OverflowError:
        raise OverflowError(f"tensor: the value {_too_big(leaves, dt)} does not fit the dtype {dt}") from None
    if dt.kind == "f" and not np.isfinite(arr).all():
        # 1e300 in float32 is inf: refused as an int too big for int64 is, unless it was inf already.
        finite_in = np.array([_finite(v) for v in leaves])
        if (finite_in & ~np.isfinite(arr.reshape(-1))).any():
            raise OverflowError(f"tensor: the value {_too_big_float(leaves, dt)} does not fit the dtype {dt}")
    assert arr.shape == expected
    return _freeze(arr)


_from_numpy = composite("from_numpy")


def from_numpy(array: Any) -> Tensor[Any, Any]:
    """A tensor holding a copy of ``array`` (kept immutable), in the array's own dtype.

    Shapes: ``array: (...)`` -> same shape as ``array`` (typed ``Tensor[Any]``: use ``realize``).

    PyTorch: ``torch.from_numpy(array)`` (which shares memory instead of copying).
    """
    if isinstance(array, np.ma.MaskedArray):
        # np.array would drop the mask and keep whatever the masked slots hold.
        raise TypeError("from_numpy: masked arrays are not supported; fill them first (array.filled(value))")
    try:
        arr = np.array(array, copy=True)
    except ValueError as e:
        raise ValueError(f"from_numpy: cannot make an array of {type(array).__name__}: {e}") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"from_numpy: unsupported dtype {arr.dtype}; expected bool, int or float")
    return _freeze(arr)


_zeros = composite("zeros", shapes.new_shape)


def zeros(shape: Any, dtype: Any = None) -> Tensor[Any, Any]:
    """A tensor of zeros (float32 by default).

    Shapes: -> ``shape`` (``zeros((B, 784))`` is ``(B, 784)``; ``zeros(())`` is 0-d).

    PyTorch: ``torch.zeros(shape)``.
    """
    return _freeze(xp.zeros(_shape("zeros", shape), dtype=_float_dtype("zeros", dtype)))


_ones = composite("ones", shapes.new_shape)


def ones(shape: Any, dtype: Any = None) -> Tensor[Any, Any]:
    """A tensor of ones (float32 by default).

    Shapes: -> ``shape`` (``ones((B, 10))`` is ``(B, 10)``; ``ones(())`` is 0-d).

    PyTorch: ``torch.ones(shape)``.
    """
    return _freeze(xp.ones(_shape("ones", shape), dtype=_float_dtype("ones", dtype)))


_full = composite("full", shapes.new_shape)


def full(shape: Any, fill_value: float, dtype: Any = None) -> Tensor[Any, Any]:
    """A tensor filled with ``fill_value``; the dtype follows the value as PyTorch's does.

    Shapes: -> ``shape`` (``full((B, 10), 0.5)`` is ``(B, 10)``).

    PyTorch: ``torch.full(shape, fill_value)``.
    """
    if isinstance(fill_value, Tensor) and fill_value.ndim == 0:
        fill_value = fill_value.item()  # a 0-d tensor, as PyTorch accepts
    if not isinstance(fill_value, (numbers.Real, np.bool_)):
        raise TypeError(
            f"full: fill_value must be a real number, got {type(fill_value).__name__} {fill_value!r}"
        )
    dt = _dtype("full", dtype) if dtype is not None else _infer_dtype([fill_value])
    return _freeze(xp.full(_shape("full", shape), fill_value, dtype=dt))


_rand = composite("rand", shapes.new_shape)


def rand(shape: Any, dtype: Any = None, rng: np.random.Generator | None = None) -> Tensor[Any, Any]:
    """Uniform samples in ``[0, 1)``, from ``rng`` or the generator seeded by ``manual_seed``.

    Shapes: -> ``shape``.

    PyTorch: ``torch.rand(shape)``.
    """
    g = _generator_arg("rand", rng)
    dt = default_float() if dtype is None else _dtype("rand", dtype, "f")
    return _freeze(g.random(_shape("rand", shape), dtype=np.float64).astype(dt, copy=False))


_randn = composite("randn", shapes.new_shape)


def randn(shape: Any, dtype: Any = None, rng: np.random.Generator | None = None) -> Tensor[Any, Any]:
    """Standard normal samples, from ``rng`` or the generator seeded by ``manual_seed``.

    Shapes: -> ``shape``.

    PyTorch: ``torch.randn(shape)``.
    """
    g = _generator_arg("randn", rng)
    dt = default_float() if dtype is None else _dtype("randn", dtype, "f")
    return _freeze(g.standard_normal(_shape("randn", shape)).astype(dt, copy=False))


_arange = composite("arange", shapes.arange)


def arange(start: float, stop: float | None = None, step: float = 1, dtype: Any = None) -> Tensor[Any, Any]:
    """``[start, start + step, ...)`` below ``stop``; int64 for ints, float32 otherwise (as PyTorch).

    Shapes: -> ``(N,)`` with ``N = ceil((stop - start) / step)`` (``arange(5)`` is ``(5,)``).

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
    """The ``n x m`` identity (``m = n`` by default), float32 unless ``dtype``.

    Shapes: -> ``(n, m)`` (``(n, n)`` when ``m`` is omitted).

    PyTorch: ``torch.eye(n, m)``.
    """
    for name, v in (("n", n), ("m", m)):
        if (name == "n" or v is not None) and (isinstance(v, bool) or not isinstance(v, numbers.Integral)):
            raise TypeError(f"eye: {name} must be an int, got {type(v).__name__} {v!r}")
    shape = shapes.eye("eye", n, m)
    return _freeze(np.eye(int(shape[0]), int(shape[1]), dtype=_float_dtype("eye", dtype)))  # type: ignore[arg-type]
