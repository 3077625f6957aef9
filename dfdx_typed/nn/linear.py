"""Linear (fully connected) layer and Identity."""

from __future__ import annotations

import math
from typing import Any, Generic, TypeVar

import numpy as np

from .. import ops
from .._tensor import Tensor
from ..shapes.layer_specs import elementwise_spec, linear_spec
from ..shapes.modules import LayerSpec
from .init import kaiming_uniform_default, uniform
from .module import Module, _layer_size, traced_if

In = TypeVar("In", bound=int)
Out = TypeVar("Out", bound=int)


class Linear(Module, Generic[In, Out]):
    """``y = x @ weight.T + bias``: ``Linear(784, 512)`` maps ``(B, 784)`` to ``(B, 512)``.

    ``weight`` is ``(out_features, in_features)`` and ``bias`` ``(out_features,)``, initialised as
    PyTorch does (``U(-k, k)``, ``k = 1/sqrt(in_features)``). ``Linear(784, 512)`` has the type
    ``Linear[L[784], L[512]]``.

    PyTorch: ``torch.nn.Linear(in_features, out_features, bias)``.
    """

    def __init__(
        self,
        in_features: In,
        out_features: Out,
        bias: bool = True,
        *,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        _layer_size("Linear", "in_features", in_features)
        _layer_size("Linear", "out_features", out_features)
        self.in_features: In = in_features
        self.out_features: Out = out_features
        self.weight = kaiming_uniform_default((out_features, in_features), dtype, rng)
        self.bias = (
            uniform((out_features,), 1.0 / math.sqrt(in_features) if in_features else 0.0, dtype, rng)
            if bias
            else None
        )

    def shape_spec(self) -> LayerSpec:
        return linear_spec(self.in_features, self.out_features)

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """``x @ weight.T + bias``.

        Shapes: ``x: (..., in_features)`` -> ``(..., out_features)`` (``(B, 784)`` -> ``(B, 512)``).

        PyTorch: ``torch.nn.Linear(in_features, out_features)(x)``.
        """
        bias = None if self.bias is None else traced_if(self.bias, x)
        return ops.linear(x, traced_if(self.weight, x), bias)

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )


class Identity(Module):
    """Returns its input.

    PyTorch: ``torch.nn.Identity()``.
    """

    def shape_spec(self) -> LayerSpec:
        return elementwise_spec("Identity")

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """``x`` itself.

        Shapes: ``x: (...)`` -> same shape as ``x``.

        PyTorch: ``torch.nn.Identity()(x)``.
        """
        return x
