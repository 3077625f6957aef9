# Pooling: the output sizes are arithmetic the mypy plugin does; here an `Any` shape, the input's tape.
from collections.abc import Sequence
from typing import Any, TypeVar

from .._tensor import Tensor
from ..shapes.modules import LayerSpec
from .module import Module

_T = TypeVar("_T")

class MaxPool2d(Module):
    """Maximum over windows. PyTorch: ``torch.nn.MaxPool2d(kernel_size, stride, padding, dilation)``."""

    kernel_size: int | Sequence[int]
    stride: int | Sequence[int] | None
    padding: int | Sequence[int]
    dilation: int | Sequence[int]
    def __init__(
        self,
        kernel_size: int | Sequence[int],
        stride: int | Sequence[int] | None = None,
        padding: int | Sequence[int] = 0,
        dilation: int | Sequence[int] = 1,
    ) -> None: ...
    def shape_spec(self) -> LayerSpec: ...
    def forward(self, x: Tensor[Any, _T]) -> Tensor[Any, _T]: ...
    def extra_repr(self) -> str: ...

class AvgPool2d(Module):
    """Mean over windows. PyTorch: ``torch.nn.AvgPool2d(kernel_size, stride, padding, count_include_pad)``."""

    kernel_size: int | Sequence[int]
    stride: int | Sequence[int] | None
    padding: int | Sequence[int]
    count_include_pad: bool
    def __init__(
        self,
        kernel_size: int | Sequence[int],
        stride: int | Sequence[int] | None = None,
        padding: int | Sequence[int] = 0,
        count_include_pad: bool = True,
    ) -> None: ...
    def shape_spec(self) -> LayerSpec: ...
    def forward(self, x: Tensor[Any, _T]) -> Tensor[Any, _T]: ...
    def extra_repr(self) -> str: ...

class AdaptiveAvgPool2d(Module):
    """Mean over windows that tile H and W into ``output_size``. PyTorch: ``torch.nn.AdaptiveAvgPool2d``."""

    output_size: int | Sequence[int | None]
    def __init__(self, output_size: int | Sequence[int | None]) -> None: ...
    def shape_spec(self) -> LayerSpec: ...
    def forward(self, x: Tensor[Any, _T]) -> Tensor[Any, _T]: ...
    def extra_repr(self) -> str: ...
