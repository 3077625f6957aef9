# Constructors. The dims of a new tensor come from argument values, which plain typing cannot read
# (a literal `(2, 3)` is typed `tuple[int, int]`), so the shape is `Any` where the rank is not
# fixed either; the mypy plugin puts the literal dims in.
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from .._tensor import NoneTape, Tensor

float32: np.dtype[np.float32]
float64: np.dtype[np.float64]
int64: np.dtype[np.int64]
int32: np.dtype[np.int32]
bool_: np.dtype[np.bool_]

def manual_seed(seed: int) -> None: ...
def default_rng() -> np.random.Generator: ...
def tensor(data: npt.ArrayLike, dtype: npt.DTypeLike | None = None) -> Tensor[Any, NoneTape]: ...
def from_numpy(array: npt.ArrayLike) -> Tensor[Any, NoneTape]: ...
def zeros(shape: int | Sequence[int], dtype: npt.DTypeLike | None = None) -> Tensor[Any, NoneTape]: ...
def ones(shape: int | Sequence[int], dtype: npt.DTypeLike | None = None) -> Tensor[Any, NoneTape]: ...
def full(
    shape: int | Sequence[int], fill_value: float, dtype: npt.DTypeLike | None = None
) -> Tensor[Any, NoneTape]: ...
def rand(
    shape: int | Sequence[int], dtype: npt.DTypeLike | None = None, rng: np.random.Generator | None = None
) -> Tensor[Any, NoneTape]: ...
def randn(
    shape: int | Sequence[int], dtype: npt.DTypeLike | None = None, rng: np.random.Generator | None = None
) -> Tensor[Any, NoneTape]: ...

# The rank is known (1-D, 2-D); the lengths come from argument values.
def arange(
    start: float, stop: float | None = None, step: float = 1, dtype: npt.DTypeLike | None = None
) -> Tensor[tuple[Any], NoneTape]: ...
def eye(
    n: int, m: int | None = None, dtype: npt.DTypeLike | None = None
) -> Tensor[tuple[Any, Any], NoneTape]: ...
