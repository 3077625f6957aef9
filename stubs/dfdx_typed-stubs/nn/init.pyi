# PyTorch's default initialisers. The shape comes from a value (`Any` dims of the given rank would
# need the plugin), so the result is an untraced tensor of `Any` shape.
from typing import Any

import numpy as np
import numpy.typing as npt

from .._tensor import NoneTape, Tensor

def uniform(
    shape: tuple[int, ...],
    bound: float,
    dtype: npt.DTypeLike | None = None,
    rng: np.random.Generator | None = None,
) -> Tensor[Any, NoneTape]: ...
def normal(
    shape: tuple[int, ...],
    std: float = 1.0,
    dtype: npt.DTypeLike | None = None,
    rng: np.random.Generator | None = None,
) -> Tensor[Any, NoneTape]: ...
def constant(
    shape: tuple[int, ...], value: float, dtype: npt.DTypeLike | None = None
) -> Tensor[Any, NoneTape]: ...
def fan_in(shape: tuple[int, ...]) -> int: ...
def kaiming_uniform_default(
    shape: tuple[int, ...], dtype: npt.DTypeLike | None = None, rng: np.random.Generator | None = None
) -> Tensor[Any, NoneTape]: ...
def xavier_uniform(
    shape: tuple[int, ...], dtype: npt.DTypeLike | None = None, rng: np.random.Generator | None = None
) -> Tensor[Any, NoneTape]: ...
