# Dropout keeps shape and tape: it drops (traced input, training) or is the identity (untraced).
from typing import Any, TypeVar

import numpy as np

from .._tensor import Tensor
from ..shapes.modules import LayerSpec
from .module import Module

_S = TypeVar("_S", bound=tuple[Any, ...])
_T = TypeVar("_T")

class Dropout(Module):
    """Drop with probability ``p`` when the input is traced, identity otherwise.

    PyTorch: ``torch.nn.Dropout(p)`` (``train()`` when traced, ``eval()`` when not).
    """

    p: float
    def __init__(self, p: float = 0.5, *, rng: np.random.Generator | None = None) -> None: ...
    def shape_spec(self) -> LayerSpec: ...
    def forward(self, x: Tensor[_S, _T]) -> Tensor[_S, _T]: ...
    def extra_repr(self) -> str: ...
