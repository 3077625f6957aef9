"""Flatten: merge a range of axes."""

from __future__ import annotations

from typing import Any

from .. import ops
from .._tensor import Tensor
from ..shapes.layer_specs import flatten_spec
from ..shapes.modules import LayerSpec
from .module import Module


class Flatten(Module):
    """Merge axes ``start_dim..end_dim``: ``(N, C, H, W) -> (N, C·H·W)`` by default.

    PyTorch: ``torch.nn.Flatten(start_dim=1, end_dim=-1)``.
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        self.start_dim = start_dim
        self.end_dim = end_dim

    def shape_spec(self) -> LayerSpec:
        return flatten_spec(self.start_dim, self.end_dim)

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """Merge axes ``start_dim..end_dim`` into one.

        Shapes: ``x: (N, C, H, W)`` -> ``(N, Mul[C, H, W])`` with the defaults.

        PyTorch: ``torch.nn.Flatten(start_dim, end_dim)(x)``.
        """
        return ops.flatten(x, start_dim=self.start_dim, end_dim=self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"
