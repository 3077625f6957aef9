"""Pooling layers over ``(N, C, H, W)`` (or ``(C, H, W)``): max, average, adaptive average."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import ops
from .._tensor import Tensor
from ..shapes.layer_specs import adaptive_pool_spec, pool_spec
from ..shapes.modules import LayerSpec
from .module import Module


class MaxPool2d(Module):
    """Maximum over ``kernel_size`` windows (``stride`` defaults to ``kernel_size``; -inf padding).

    PyTorch: ``torch.nn.MaxPool2d(kernel_size, stride, padding, dilation)``.
    """

    def __init__(
        self,
        kernel_size: int | Sequence[int],
        stride: int | Sequence[int] | None = None,
        padding: int | Sequence[int] = 0,
        dilation: int | Sequence[int] = 1,
    ) -> None:
        self.kernel_size = kernel_size
        self.stride = stride
        self.padding = padding
        self.dilation = dilation

    def shape_spec(self) -> LayerSpec:
        return pool_spec("MaxPool2d", self.kernel_size, self.stride, self.padding, self.dilation)

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """The maximum of each window of ``x``'s last two axes.

        Shapes: ``x: (N, C, H, W)`` or ``(C, H, W)`` -> ``(N, C, H_out, W_out)`` (or without ``N``),
        ``H_out = (H + 2P - D(K - 1) - 1) // S + 1``; ``MaxPool2d(2)`` halves H and W.

        PyTorch: ``torch.nn.MaxPool2d(kernel_size, stride, padding, dilation)(x)``.
        """
        return ops.max_pool2d(x, self.kernel_size, self.stride, self.padding, self.dilation)

    def extra_repr(self) -> str:
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
            f"dilation={self.dilation}"
        )


class AvgPool2d(Module):
    """Mean over ``kernel_size`` windows (zero padding, counted unless ``count_include_pad=False``).

    PyTorch: ``torch.nn.AvgPool2d(kernel_size, stride, padding, count_include_pad=...)``.
    """

    def __init__(
        self,
        kernel_size: int | Sequence[int],
        stride: int | Sequence[int] | None = None,
        padding: int | Sequence[int] = 0,
        count_include_pad: bool = True,
    ) -> None:
        self.kernel_size = kernel_size
        self.stride = stride
        self.padding = padding
        self.count_include_pad = count_include_pad

    def shape_spec(self) -> LayerSpec:
        return pool_spec(
            "AvgPool2d", self.kernel_size, self.stride, self.padding, count_include_pad=self.count_include_pad
        )

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """The mean of each window of ``x``'s last two axes.

        Shapes: ``x: (N, C, H, W)`` or ``(C, H, W)`` -> ``(N, C, H_out, W_out)`` (or without ``N``),
        ``H_out = (H + 2P - K) // S + 1``.

        PyTorch: ``torch.nn.AvgPool2d(kernel_size, stride, padding)(x)``.
        """
        return ops.avg_pool2d(
            x, self.kernel_size, self.stride, self.padding, count_include_pad=self.count_include_pad
        )

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AdaptiveAvgPool2d(Module):
    """Mean over windows that tile H and W into ``output_size`` (``None`` keeps a dim).

    PyTorch: ``torch.nn.AdaptiveAvgPool2d(output_size)``.
    """

    def __init__(self, output_size: int | Sequence[int | None]) -> None:
        self.output_size = output_size

    def shape_spec(self) -> LayerSpec:
        return adaptive_pool_spec(self.output_size)

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """Average ``x`` down to ``output_size`` over its last two axes.

        Shapes: ``x: (N, C, H, W)`` or ``(C, H, W)`` -> ``(N, C, *output_size)`` (or without ``N``).

        PyTorch: ``torch.nn.AdaptiveAvgPool2d(output_size)(x)``.
        """
        return ops.adaptive_avg_pool2d(x, self.output_size)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"
