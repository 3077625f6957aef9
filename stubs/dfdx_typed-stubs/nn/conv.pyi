# Convolutions. `Conv2d[In, Out, K]` carries its channels and kernel for the mypy plugin, which puts
# the literals in at the constructor and computes the output sizes; plain typing cannot do that
# arithmetic, so `forward` gives an `Any` shape (with the input's tape). `Conv2d(3, 16, 5)` itself is
# `Conv2d[Any, Any, Any]`.
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt

from .._tensor import NoneTape, Tensor
from ..shapes.modules import LayerSpec
from .module import Module

In = TypeVar("In", bound=int)
Out = TypeVar("Out", bound=int)
K = TypeVar("K")

_T = TypeVar("_T")

class _ConvNd(Module, Generic[In, Out, K]):
    in_channels: In
    out_channels: Out
    kernel_size: tuple[int, ...]
    stride: tuple[int, ...]
    padding: str | tuple[int, ...]
    dilation: tuple[int, ...]
    groups: int
    padding_mode: str
    output_padding: tuple[int, ...]
    weight: Tensor[Any, NoneTape]
    bias: Tensor[tuple[Out], NoneTape] | None
    def __init__(
        self: _ConvNd[Any, Any, Any],
        in_channels: int,
        out_channels: int,
        kernel_size: int | Sequence[int],
        stride: int | Sequence[int] = 1,
        padding: int | str | Sequence[int] = 0,
        dilation: int | Sequence[int] = 1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        output_padding: int | Sequence[int] = 0,
        dtype: npt.DTypeLike | None = None,
        rng: np.random.Generator | None = None,
    ) -> None: ...
    def shape_spec(self) -> LayerSpec: ...
    def extra_repr(self) -> str: ...

class Conv1d(_ConvNd[In, Out, K]):
    """1-d convolution: ``(N, C_in, L) -> (N, C_out, L_out)``. PyTorch: ``torch.nn.Conv1d``."""

    def __init__(
        self: Conv1d[Any, Any, Any],
        in_channels: int,
        out_channels: int,
        kernel_size: int | Sequence[int],
        stride: int | Sequence[int] = 1,
        padding: int | str | Sequence[int] = 0,
        dilation: int | Sequence[int] = 1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        *,
        dtype: npt.DTypeLike | None = None,
        rng: np.random.Generator | None = None,
    ) -> None: ...
    def forward(self, x: Tensor[Any, _T]) -> Tensor[Any, _T]: ...

class Conv2d(_ConvNd[In, Out, K]):
    """2-d convolution: ``(N, C_in, H, W) -> (N, C_out, H_out, W_out)``. PyTorch: ``torch.nn.Conv2d``."""

    def __init__(
        self: Conv2d[Any, Any, Any],
        in_channels: int,
        out_channels: int,
        kernel_size: int | Sequence[int],
        stride: int | Sequence[int] = 1,
        padding: int | str | Sequence[int] = 0,
        dilation: int | Sequence[int] = 1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        *,
        dtype: npt.DTypeLike | None = None,
        rng: np.random.Generator | None = None,
    ) -> None: ...
    def forward(self, x: Tensor[Any, _T]) -> Tensor[Any, _T]: ...

class ConvTranspose2d(_ConvNd[In, Out, K]):
    """Transposed 2-d convolution. PyTorch: ``torch.nn.ConvTranspose2d``."""

    def __init__(
        self: ConvTranspose2d[Any, Any, Any],
        in_channels: int,
        out_channels: int,
        kernel_size: int | Sequence[int],
        stride: int | Sequence[int] = 1,
        padding: int | Sequence[int] = 0,
        output_padding: int | Sequence[int] = 0,
        groups: int = 1,
        bias: bool = True,
        dilation: int | Sequence[int] = 1,
        *,
        dtype: npt.DTypeLike | None = None,
        rng: np.random.Generator | None = None,
    ) -> None: ...
    def forward(self, x: Tensor[Any, _T]) -> Tensor[Any, _T]: ...
