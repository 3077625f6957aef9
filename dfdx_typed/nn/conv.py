"""Convolution layers: Conv1d, Conv2d, ConvTranspose2d (PyTorch weight layouts and initialisation).

Each keeps every size its output-size rule needs (channels, kernel, stride, padding, dilation, groups),
so ``Conv2d(3, 16, 5, stride=2)`` is checked against its input before it runs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

import numpy as np

from .. import ops
from .._tensor import Tensor
from ..shapes.layer_specs import conv_spec
from ..shapes.modules import LayerSpec
from .init import fan_in, kaiming_uniform_default, uniform
from .module import Module, _layer_size, traced_if

In = TypeVar("In", bound=int)
Out = TypeVar("Out", bound=int)
K = TypeVar("K")


def _tuple(op: str, name: str, value: int | Sequence[int], n: int, minimum: int = 0) -> tuple[int, ...]:
    items = [value] * n if isinstance(value, (int, np.integer)) else value
    if isinstance(items, (str, bytes)) or not isinstance(items, Sequence) or len(items) != n:
        raise ValueError(f"{op}: {name} must be an int or {n} ints, got {value!r}")
    # Checked, not converted: int(2.5) would silently build a 2x2 kernel.
    return tuple(_layer_size(op, name, v, minimum) for v in items)


class _ConvNd(Module, Generic[In, Out, K]):
    _kind = ""
    _n = 2
    _transposed = False

    def __init__(
        self,
        in_channels: In,
        out_channels: Out,
        kernel_size: K,
        stride: int | Sequence[int] = 1,
        padding: int | str | Sequence[int] = 0,
        dilation: int | Sequence[int] = 1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        output_padding: int | Sequence[int] = 0,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        op, n = self._kind, self._n
        _layer_size(op, "in_channels", in_channels)
        _layer_size(op, "out_channels", out_channels)
        _layer_size(op, "groups", groups)
        if groups < 1 or in_channels % groups or out_channels % groups:
            raise ValueError(
                f"{op}: in_channels {in_channels} and out_channels {out_channels} must be divisible by "
                f"groups {groups}"
            )
        self.in_channels: In = in_channels
        self.out_channels: Out = out_channels
        self.kernel_size = _tuple(op, "kernel_size", kernel_size, n, minimum=1)  # type: ignore[arg-type]
        self.stride = _tuple(op, "stride", stride, n, minimum=1)
        self.padding: str | tuple[int, ...] = (
            padding if isinstance(padding, str) else _tuple(op, "padding", padding, n)
        )
        self.dilation = _tuple(op, "dilation", dilation, n, minimum=1)
        self.groups = groups
        self.padding_mode = padding_mode
        if self._transposed:
            self.output_padding = _tuple(op, "output_padding", output_padding, n)
            shape: tuple[int, ...] = (int(in_channels), int(out_channels) // groups, *self.kernel_size)
        else:
            shape = (int(out_channels), int(in_channels) // groups, *self.kernel_size)
        self.weight = kaiming_uniform_default(shape, dtype, rng)
        n_in = fan_in(shape)
        self.bias = uniform((out_channels,), 1.0 / math.sqrt(n_in), dtype, rng) if bias and n_in else (
            uniform((out_channels,), 0.0, dtype, rng) if bias else None
        )

    def shape_spec(self) -> LayerSpec:
        return conv_spec(
            self._kind, self.in_channels, self.out_channels, self.kernel_size, self.stride, self.padding,
            self.dilation, self.groups, self.output_padding if self._transposed else None,
        )

    def extra_repr(self) -> str:
        text = (
            f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}"
        )
        if self.padding != (0,) * self._n:
            text += f", padding={self.padding}"
        if self.dilation != (1,) * self._n:
            text += f", dilation={self.dilation}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        return text

    def _params_for(self, x: Tensor[Any, Any]) -> tuple[Tensor[Any, Any], Tensor[Any, Any] | None]:
        # The conv ops reshape weight and bias before they meet x: trace them so the gradient lands on
        # the parameters themselves.
        w = traced_if(self.weight, x)
        b = None if self.bias is None else traced_if(self.bias, x)
        return w, b


class Conv1d(_ConvNd[In, Out, K]):
    """1-d convolution over the last axis: ``(N, C_in, L) -> (N, C_out, L_out)``.

    ``weight`` ``(C_out, C_in/groups, K)``, ``bias`` ``(C_out,)``, initialised as PyTorch
    (``U(-k, k)``, ``k = 1/sqrt(C_in/groups · K)``).

    PyTorch: ``torch.nn.Conv1d(in_channels, out_channels, kernel_size, stride, padding, dilation, groups,
    bias, padding_mode)``.
    """

    _kind = "Conv1d"
    _n = 1

    def __init__(
        self,
        in_channels: In,
        out_channels: Out,
        kernel_size: K,
        stride: int | Sequence[int] = 1,
        padding: int | str | Sequence[int] = 0,
        dilation: int | Sequence[int] = 1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        *,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        super().__init__(
            in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
            padding_mode, dtype=dtype, rng=rng,
        )

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """Cross-correlate ``x`` with ``weight`` and add ``bias``.

        Shapes: ``x: (N, C_in, L)`` or ``(C_in, L)`` -> ``(N, C_out, L_out)`` (or ``(C_out, L_out)``),
        ``L_out = (L + 2P - D(K - 1) - 1) // S + 1``.

        PyTorch: ``torch.nn.Conv1d(...)(x)``.
        """
        w, b = self._params_for(x)
        return ops.conv1d(
            x, w, b, stride=self.stride, padding=self.padding, dilation=self.dilation,
            groups=self.groups, padding_mode=self.padding_mode,
        )


class Conv2d(_ConvNd[In, Out, K]):
    """2-d convolution over the last two axes: ``(N, C_in, H, W) -> (N, C_out, H_out, W_out)``.

    ``weight`` ``(C_out, C_in/groups, kH, kW)``, ``bias`` ``(C_out,)``, initialised as PyTorch
    (``U(-k, k)``, ``k = 1/sqrt(C_in/groups · kH · kW)``).

    PyTorch: ``torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding, dilation, groups,
    bias, padding_mode)``.
    """

    _kind = "Conv2d"
    _n = 2

    def __init__(
        self,
        in_channels: In,
        out_channels: Out,
        kernel_size: K,
        stride: int | Sequence[int] = 1,
        padding: int | str | Sequence[int] = 0,
        dilation: int | Sequence[int] = 1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        *,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        super().__init__(
            in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
            padding_mode, dtype=dtype, rng=rng,
        )

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """Cross-correlate ``x`` with ``weight`` and add ``bias``.

        Shapes: ``x: (N, C_in, H, W)`` or ``(C_in, H, W)`` -> ``(N, C_out, H_out, W_out)`` (or without
        ``N``), ``H_out = (H + 2P - D(kH - 1) - 1) // S + 1``; ``Conv2d(1, 8, 3)`` maps ``(B, 1, 28, 28)``
        to ``(B, 8, 26, 26)``.

        PyTorch: ``torch.nn.Conv2d(...)(x)``.
        """
        w, b = self._params_for(x)
        return ops.conv2d(
            x, w, b, stride=self.stride, padding=self.padding, dilation=self.dilation,
            groups=self.groups, padding_mode=self.padding_mode,
        )


class ConvTranspose2d(_ConvNd[In, Out, K]):
    """Transposed 2-d convolution (upsampling): ``(N, C_in, H, W) -> (N, C_out, H_out, W_out)``.

    ``weight`` ``(C_in, C_out/groups, kH, kW)``, ``bias`` ``(C_out,)``.

    PyTorch: ``torch.nn.ConvTranspose2d(in, out, kernel_size, stride, padding, output_padding, groups,
    bias, dilation)``.
    """

    _kind = "ConvTranspose2d"
    _n = 2
    _transposed = True

    def __init__(
        self,
        in_channels: In,
        out_channels: Out,
        kernel_size: K,
        stride: int | Sequence[int] = 1,
        padding: int | Sequence[int] = 0,
        output_padding: int | Sequence[int] = 0,
        groups: int = 1,
        bias: bool = True,
        dilation: int | Sequence[int] = 1,
        *,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        super().__init__(
            in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
            output_padding=output_padding, dtype=dtype, rng=rng,
        )

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """The transposed convolution of ``x`` with ``weight``, plus ``bias``.

        Shapes: ``x: (N, C_in, H, W)`` or ``(C_in, H, W)`` -> ``(N, C_out, H_out, W_out)`` (or without
        ``N``), ``H_out = (H - 1)S - 2P + D(kH - 1) + output_padding + 1``.

        PyTorch: ``torch.nn.ConvTranspose2d(...)(x)``.
        """
        w, b = self._params_for(x)
        assert not isinstance(self.padding, str)
        return ops.conv_transpose2d(
            x, w, b, stride=self.stride, padding=self.padding, output_padding=self.output_padding,
            groups=self.groups, dilation=self.dilation,
        )
