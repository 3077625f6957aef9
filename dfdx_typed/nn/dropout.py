"""Dropout: zeroes elements with probability ``p`` (and scales the rest by ``1/(1-p)``) when its input
is traced; the identity when it is not."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import ops
from .._tensor import Tensor
from ..shapes.layer_specs import elementwise_spec
from ..shapes.modules import LayerSpec
from .module import Module


class Dropout(Module):
    """Drop with probability ``p`` when the input is traced (training), identity otherwise (inference).

    ``rng`` (default: the generator seeded by ``dt.manual_seed``) draws the masks.

    PyTorch: ``torch.nn.Dropout(p)`` (``train()`` when traced, ``eval()`` when not).
    """

    def __init__(self, p: float = 0.5, *, rng: np.random.Generator | None = None) -> None:
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= 1:
            raise ValueError(f"Dropout: p must be in [0, 1], got {p}")
        self.p = p
        self._rng = rng

    def shape_spec(self) -> LayerSpec:
        return elementwise_spec("Dropout", self.p)

    def forward(self, x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """Zero entries with probability ``p`` and scale the rest by ``1 / (1 - p)``, if ``x`` is traced.

        Shapes: ``x: (...)`` -> same shape as ``x``.

        PyTorch: ``torch.nn.Dropout(p)(x)``.
        """
        if self.p == 0 or not x.is_traced:
            return x
        return ops.dropout(x, self.p, rng=self._rng)

    def extra_repr(self) -> str:
        return f"p={self.p}"
