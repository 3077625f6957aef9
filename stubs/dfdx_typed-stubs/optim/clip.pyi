# Clipping returns new gradients of the kind it was given: `Gradients` for `Gradients`, a dict of
# untraced tensors keyed by parameter name for a mapping (either goes straight to `opt.update`).
from collections.abc import Mapping
from typing import Any, overload

from .._tape import Gradients
from .._tensor import NoneTape, Tensor
from ..nn.module import Module

@overload
def clip_grad_norm(
    model: Module,
    grads: Gradients,
    max_norm: float,
    norm_type: float = 2.0,
    error_if_nonfinite: bool = False,
) -> tuple[Gradients, float]: ...
@overload
def clip_grad_norm(
    model: Module,
    grads: Mapping[str, Any],
    max_norm: float,
    norm_type: float = 2.0,
    error_if_nonfinite: bool = False,
) -> tuple[dict[str, Tensor[Any, NoneTape]], float]: ...
@overload
def clip_grad_value(model: Module, grads: Gradients, clip_value: float) -> Gradients: ...
@overload
def clip_grad_value(
    model: Module, grads: Mapping[str, Any], clip_value: float
) -> dict[str, Tensor[Any, NoneTape]]: ...
