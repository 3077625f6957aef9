# Optimizers are built from the model and update it in place (they replace its immutable parameter
# tensors). `update` takes the `Gradients` of `loss.backward()` or gradients keyed by parameter name.
from collections.abc import Mapping
from typing import Any, TypeAlias

from .._backend import Array
from .._tape import Gradients
from .._tensor import NoneTape, Tensor
from ..nn.module import Module

GradsLike: TypeAlias = Gradients | Mapping[str, Any]

class MissingGradientError(KeyError):
    """A parameter has no gradient and the optimizer was not told to skip such parameters."""

def collect_gradients(
    op: str, params: list[tuple[str, Tensor[Any, Any]]], grads: GradsLike, allow_missing: bool
) -> dict[str, Array]: ...
def new_param(arr: Array) -> Tensor[Any, NoneTape]: ...

class Optimizer:
    """Base class: ``update(model, grads)`` replaces every parameter that has a gradient."""

    lr: float
    initial_lr: float | None
    allow_missing: bool
    state: dict[str, dict[str, Any]]
    param_names: list[str]
    def __init__(self, model: Module, lr: float, *, allow_missing: bool = False) -> None: ...
    def update(self, model: Module, grads: GradsLike) -> None: ...

def lerp(start: Array, end: Array, weight: float) -> Array: ...
