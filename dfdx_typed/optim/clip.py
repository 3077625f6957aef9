"""Gradient clipping by global norm and by value; the result is new gradients (tensors are immutable)."""

from __future__ import annotations

import math

from .._backend import Array, xp
from .._tape import Gradients
from ..nn.module import Module
from .optimizer import GradsLike, collect_gradients, new_param


def _rebuild(model: Module, grads: GradsLike, arrays: dict[str, Array]) -> GradsLike:
    """The clipped arrays in the form the caller gave: ``Gradients`` or a name-keyed dict."""
    if not isinstance(grads, Gradients):
        return {name: new_param(a) for name, a in arrays.items()}
    out = Gradients()
    for name, p in model.named_parameters():
        a = arrays.get(name)
        if a is not None:
            out._add_array(p._uid, new_param(a)._data, a.shape, a.dtype)
    return out


def clip_grad_norm(
    model: Module,
    grads: GradsLike,
    max_norm: float,
    norm_type: float = 2.0,
    error_if_nonfinite: bool = False,
) -> tuple[GradsLike, float]:
    """Scale the gradients of ``model``'s parameters so their global norm is at most ``max_norm``.

    Shapes: each clipped gradient keeps its parameter's shape; the norm is a Python float.

    The global norm is the ``norm_type`` norm of all gradients together (``inf``: the largest
    magnitude); every gradient is multiplied by ``min(1, max_norm / (norm + 1e-6))``. Parameters with no
    gradient are skipped. Returns the clipped gradients (same kind as ``grads``) and the norm before
    clipping.

    PyTorch: ``torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm, norm_type)``.
    """
    arrays = collect_gradients("clip_grad_norm", list(model.named_parameters()), grads, True)
    if norm_type == math.inf:
        per = [float(xp.max(xp.abs(a))) if a.size else 0.0 for a in arrays.values()]
        total = max(per, default=0.0)
    else:
        per = [float(xp.sum(xp.abs(a.astype(xp.float64)) ** norm_type)) for a in arrays.values()]
        total = math.fsum(per) ** (1.0 / norm_type)
    if error_if_nonfinite and not math.isfinite(total):
        raise ValueError(
            f"clip_grad_norm: the total {norm_type}-norm of the gradients is {total}; pass "
            "error_if_nonfinite=False to clip anyway"
        )
    coef = min(1.0, max_norm / (total + 1e-6))
    clipped = {name: a * xp.asarray(coef, dtype=a.dtype) for name, a in arrays.items()}
    return _rebuild(model, grads, clipped), total


def clip_grad_value(model: Module, grads: GradsLike, clip_value: float) -> GradsLike:
    """Clamp every gradient of ``model``'s parameters to ``[-clip_value, clip_value]``.

    Shapes: each clipped gradient keeps its parameter's shape.

    PyTorch: ``torch.nn.utils.clip_grad_value_(model.parameters(), clip_value)``.
    """
    if clip_value < 0:
        raise ValueError(f"clip_grad_value: clip_value must be >= 0, got {clip_value}")
    arrays = collect_gradients("clip_grad_value", list(model.named_parameters()), grads, True)
    clipped = {name: xp.clip(a, -clip_value, clip_value) for name, a in arrays.items()}
    return _rebuild(model, grads, clipped)

