# Flatten's result dims are products of the input's (the mypy plugin computes them): `Any` shape.
from typing import Any, TypeVar

from .._tensor import Tensor
from ..shapes.modules import LayerSpec
from .module import Module

_T = TypeVar("_T")

class Flatten(Module):
    """Merge axes ``start_dim..end_dim``. PyTorch: ``torch.nn.Flatten(start_dim=1, end_dim=-1)``."""

    start_dim: int
    end_dim: int
    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None: ...
    def shape_spec(self) -> LayerSpec: ...
    def forward(self, x: Tensor[Any, _T]) -> Tensor[Any, _T]: ...
    def extra_repr(self) -> str: ...
