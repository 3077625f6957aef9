"""PyTorch's default initialisers, drawn from ``rng`` or the generator seeded by ``dt.manual_seed``.

The distributions (and so the parameter statistics) are PyTorch's; the random streams are not
(numpy's generator, not torch's), so equal seeds do not give equal weights across the two libraries.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._backend import default_float
from .._tensor import Tensor
from ..ops.creation import default_rng
from .module import frozen


def _dtype(dtype: Any) -> np.dtype[Any]:
    return default_float() if dtype is None else np.dtype(dtype)


def uniform(
    shape: tuple[int, ...], bound: float, dtype: Any = None, rng: np.random.Generator | None = None
) -> Tensor[Any, Any]:
    """Samples from ``U(-bound, bound)``.

    Shapes: -> ``shape``.

    PyTorch: ``nn.init.uniform_(t, -bound, bound)``.
    """
    g = rng if rng is not None else default_rng()
    return frozen(g.uniform(-bound, bound, size=shape).astype(_dtype(dtype)))


def normal(
    shape: tuple[int, ...], std: float = 1.0, dtype: Any = None, rng: np.random.Generator | None = None
) -> Tensor[Any, Any]:
    """Samples from ``N(0, std²)``.

    Shapes: -> ``shape``.

    PyTorch: ``nn.init.normal_(t, 0, std)``.
    """
    g = rng if rng is not None else default_rng()
    return frozen((g.standard_normal(shape) * std).astype(_dtype(dtype)))


def constant(shape: tuple[int, ...], value: float, dtype: Any = None) -> Tensor[Any, Any]:
    """A tensor filled with ``value``.

    Shapes: -> ``shape``.

    PyTorch: ``nn.init.constant_(t, value)``.
    """
    return frozen(np.full(shape, value, dtype=_dtype(dtype)))


def fan_in(shape: tuple[int, ...]) -> int:
    """PyTorch's fan-in of a weight of shape ``shape``: ``shape[1] * prod(shape[2:])``.

    ``shape[1]`` is the input size for Linear and Conv, and ``out_channels / groups`` for
    ConvTranspose, as in PyTorch.

    PyTorch: ``nn.init._calculate_fan_in_and_fan_out(t)[0]``.
    """
    return shape[1] * math.prod(shape[2:]) if len(shape) > 1 else shape[0]


def kaiming_uniform_default(
    shape: tuple[int, ...], dtype: Any = None, rng: np.random.Generator | None = None
) -> Tensor[Any, Any]:
    """The default weight init of Linear and Conv: ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))``.

    Shapes: -> ``shape`` (a weight: ``(out, in, *kernel)``).

    PyTorch: ``nn.init.kaiming_uniform_(t, a=math.sqrt(5))``.
    """
    n = fan_in(shape)
    return uniform(shape, 1.0 / math.sqrt(n) if n > 0 else 0.0, dtype, rng)


def xavier_uniform(
    shape: tuple[int, ...], dtype: Any = None, rng: np.random.Generator | None = None
) -> Tensor[Any, Any]:
    """``U(-a, a)`` with ``a = sqrt(6 / (fan_in + fan_out))``.

    Shapes: -> ``shape`` (a weight: ``(out, in, *kernel)``).

    PyTorch: ``nn.init.xavier_uniform_(t)``.
    """
    receptive = math.prod(shape[2:])
    fan_out = shape[0] * receptive
    return uniform(shape, math.sqrt(6.0 / (fan_in(shape) + fan_out)), dtype, rng)
