# Pooling, padding and resampling: output sizes are the mypy plugin's (`Any` shape); the tape is the
# input's.
from collections.abc import Sequence
from typing import Any, TypeAlias, TypeVar

from .._tensor import Tensor

_T = TypeVar("_T")

Pair: TypeAlias = tuple[int, int]

def max_pool2d(
    x: Tensor[Any, _T],
    kernel_size: int | Sequence[int],
    stride: int | Sequence[int] | None = None,
    padding: int | Sequence[int] = 0,
    dilation: int | Sequence[int] = 1,
) -> Tensor[Any, _T]: ...
def avg_pool2d(
    x: Tensor[Any, _T],
    kernel_size: int | Sequence[int],
    stride: int | Sequence[int] | None = None,
    padding: int | Sequence[int] = 0,
    count_include_pad: bool = True,
) -> Tensor[Any, _T]: ...
def adaptive_avg_pool2d(x: Tensor[Any, _T], output_size: int | Sequence[int | None]) -> Tensor[Any, _T]: ...
def global_avg_pool2d(x: Tensor[Any, _T]) -> Tensor[Any, _T]: ...
def global_max_pool2d(x: Tensor[Any, _T]) -> Tensor[Any, _T]: ...
def upscale2d(
    x: Tensor[Any, _T],
    size: int | Sequence[int] | None = None,
    scale_factor: float | Sequence[float] | None = None,
    mode: str = "nearest",
    align_corners: bool | None = None,
) -> Tensor[Any, _T]: ...
def pad(
    x: Tensor[Any, _T], pad: Sequence[int], mode: str = "constant", value: float = 0.0
) -> Tensor[Any, _T]: ...
