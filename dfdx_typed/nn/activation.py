"""Activation layers: thin modules over the elementwise ops (PReLU has a learned slope)."""

from __future__ import annotations

from typing import Any

from .. import ops
from .._tensor import Tensor
from ..shapes.layer_specs import elementwise_spec, prelu_spec, softmax_spec
from ..shapes.modules import LayerSpec
from .init import constant
from .module import Module, traced_if


class ReLU(Module):
    """``max(x, 0)`` elementwise, any shape.

    PyTorch: ``torch.nn.ReLU()``.
    """

    def shape_spec(self) -> LayerSpec:
        return elementwise_spec("ReLU")

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """``max(x, 0)``.

        Shapes: ``x: (...)`` -> same shape as ``x``.

        PyTorch: ``torch.nn.ReLU()(x)``.
        """
        return ops.relu(x)


class GELU(Module):
    """GELU, exact (``approximate="none"``) or ``"tanh"``, elementwise, any shape.

    PyTorch: ``torch.nn.GELU(approximate)``.
    """

    def __init__(self, approximate: str = "none") -> None:
        if approximate not in ("none", "tanh"):
            raise ValueError(f"GELU: approximate must be 'none' or 'tanh', got {approximate!r}")
        self.approximate = approximate

    def shape_spec(self) -> LayerSpec:
        shown = {} if self.approximate == "none" else {"approximate": self.approximate}
        return elementwise_spec("GELU", **shown)

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """GELU of ``x``.

        Shapes: ``x: (...)`` -> same shape as ``x``.

        PyTorch: ``torch.nn.GELU(approximate)(x)``.
        """
        return ops.gelu(x, approximate=self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class Sigmoid(Module):
    """``1 / (1 + e**-x)`` elementwise, any shape.

    PyTorch: ``torch.nn.Sigmoid()``.
    """

    def shape_spec(self) -> LayerSpec:
        return elementwise_spec("Sigmoid")

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """``1 / (1 + e**-x)``.

        Shapes: ``x: (...)`` -> same shape as ``x``.

        PyTorch: ``torch.nn.Sigmoid()(x)``.
        """
        return ops.sigmoid(x)


class Tanh(Module):
    """``tanh(x)`` elementwise, any shape.

    PyTorch: ``torch.nn.Tanh()``.
    """

    def shape_spec(self) -> LayerSpec:
        return elementwise_spec("Tanh")

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """``tanh(x)``.

        Shapes: ``x: (...)`` -> same shape as ``x``.

        PyTorch: ``torch.nn.Tanh()(x)``.
        """
        return ops.tanh(x)


class LeakyReLU(Module):
    """``x if x > 0 else negative_slope * x`` elementwise, any shape.

    PyTorch: ``torch.nn.LeakyReLU(negative_slope)``.
    """

    def __init__(self, negative_slope: float = 0.01) -> None:
        self.negative_slope = negative_slope

    def shape_spec(self) -> LayerSpec:
        return elementwise_spec("LeakyReLU", self.negative_slope)

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """``x if x > 0 else negative_slope * x``.

        Shapes: ``x: (...)`` -> same shape as ``x``.

        PyTorch: ``torch.nn.LeakyReLU(negative_slope)(x)``.
        """
        return ops.leaky_relu(x, negative_slope=self.negative_slope)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}"


class PReLU(Module):
    """``x if x > 0 else weight * x`` with a learned slope per channel (axis 1) or one shared slope.

    ``weight`` is ``(num_parameters,)``, initialised to ``init``.

    PyTorch: ``torch.nn.PReLU(num_parameters, init)``.
    """

    def __init__(self, num_parameters: int = 1, init: float = 0.25, *, dtype: Any = None) -> None:
        # The count is weight.shape[0] (an attribute named num_parameters would hide
        # Module.num_parameters()).
        self.weight = constant((num_parameters,), init, dtype)

    def shape_spec(self) -> LayerSpec:
        return prelu_spec(self.weight.shape[0])

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """``x if x > 0 else weight * x``, the slope broadcast along the channel axis 1.

        Shapes: ``x: (N, C, ...)`` with ``C = num_parameters`` (any shape when ``num_parameters=1``) ->
        same shape as ``x``.

        PyTorch: ``torch.nn.PReLU(num_parameters)(x)``.
        """
        w = traced_if(self.weight, x)
        n = self.weight.shape[0]
        if n > 1:
            # One slope per channel: the channel axis is axis 1, so align the weight with it.
            w = w.reshape((n,) + (1,) * (x.ndim - 2))
        return ops.relu(x) - w * ops.relu(-x)

    def extra_repr(self) -> str:
        return f"num_parameters={self.weight.shape[0]}"


class Softmax(Module):
    """``softmax`` along ``dim``, any shape.

    PyTorch: ``torch.nn.Softmax(dim)``.
    """

    def __init__(self, dim: int = -1) -> None:
        self.dim = dim

    def shape_spec(self) -> LayerSpec:
        return softmax_spec("Softmax", self.dim)

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """``softmax(x)`` along ``dim``.

        Shapes: ``x: (...)`` -> same shape as ``x``.

        PyTorch: ``torch.nn.Softmax(dim)(x)``.
        """
        return ops.softmax(x, axis=self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Module):
    """``log_softmax`` along ``dim``, any shape.

    PyTorch: ``torch.nn.LogSoftmax(dim)``.
    """

    def __init__(self, dim: int = -1) -> None:
        self.dim = dim

    def shape_spec(self) -> LayerSpec:
        return softmax_spec("LogSoftmax", self.dim)

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """``log_softmax(x)`` along ``dim``.

        Shapes: ``x: (...)`` -> same shape as ``x``.

        PyTorch: ``torch.nn.LogSoftmax(dim)(x)``.
        """
        return ops.log_softmax(x, axis=self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"
