"""The optimizer base: gradients looked up per parameter, checked, then a functional update.

Tensors are immutable, so an update *replaces* each parameter in its module slot with a new tensor.
Optimizer state (moments, momentum buffers, step counts) is keyed by the parameter's key in the
module tree (``"layers.0.weight"``), not by tensor identity, so it survives the replacement.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

import numpy as np

from .._backend import Array
from .._tape import Gradients
from .._tensor import Tensor
from ..nn.module import Module, as_array

GradsLike: TypeAlias = Gradients | Mapping[str, Any]
"""What ``update`` takes: the ``Gradients`` from ``loss.backward()``, or arrays keyed by parameter
name (gradients computed elsewhere, accumulated by hand, or clipped)."""


class MissingGradientError(KeyError):
    """A parameter has no gradient and the optimizer was not told to skip such parameters."""

    def __str__(self) -> str:
        return str(self.args[0])


def collect_gradients(
    op: str, params: list[tuple[str, Tensor[Any, Any]]], grads: GradsLike, allow_missing: bool
) -> dict[str, Array]:
    """Each parameter's gradient as an array in the parameter's dtype, every one checked first."""
    out: dict[str, Array] = {}
    if not isinstance(grads, Gradients):
        known = {name for name, _ in params}
        stray = [k for k in grads if k not in known]
        if stray:
            raise KeyError(
                f"{op}: gradients given for {stray}, which name no parameter of the model "
                f"(its parameters are {sorted(known)})"
            )
    missing: list[str] = []
    for name, p in params:
        if isinstance(grads, Gradients):
            g = grads.get(p)
            arr = None if g is None else g._data
        else:
            value = grads.get(name)
            arr = None if value is None else as_array(value)
        if arr is None:
            missing.append(f"'{name}' {tuple(p.shape)}")
            continue
        if arr.shape != p.shape:
            raise ValueError(
                f"{op}: the gradient of '{name}' has shape {tuple(arr.shape)} but the parameter has "
                f"{tuple(p.shape)}"
            )
        out[name] = arr.astype(p.dtype, copy=False)
    if missing and not allow_missing:
        raise MissingGradientError(
            f"{op}: no gradient for parameter {', '.join(missing)}: it took no part in the traced "
            "computation that reached the loss (was the input traced? is the layer used?); construct "
            "the optimizer with allow_missing=True to skip parameters without gradients"
        )
    return out


def new_param(arr: Array) -> Tensor[Any, Any]:
    """An immutable tensor around ``arr`` (no copy: the optimizer made it and keeps no reference)."""
    arr = np.asarray(arr)
    arr.flags.writeable = False
    return Tensor._wrap(arr)


class Optimizer:
    """Base class: subclasses implement ``_step(state, param, grad) -> new param``.

    ``lr`` may be changed between updates (schedules do). ``allow_missing=True`` skips parameters with
    no gradient instead of raising :class:`MissingGradientError`; skipped parameters keep their state
    and step count, as PyTorch skips parameters whose ``.grad`` is ``None``.
    """

    def __init__(self, model: Module, lr: float, *, allow_missing: bool = False) -> None:
        if lr < 0:
            raise ValueError(f"{type(self).__name__}: invalid learning rate {lr}")
        self.lr = float(lr)
        self.initial_lr: float | None = None
        """The rate before any schedule changed it (set by the first schedule, as PyTorch's
        ``initial_lr``), so schedules built one after another share one base rate."""
        self.allow_missing = allow_missing
        self.state: dict[str, dict[str, Any]] = {}
        self.param_names = [name for name, _ in model.named_parameters()]

    def update(self, model: Module, grads: GradsLike) -> None:
        """One optimization step: every parameter of ``model`` that has a gradient is replaced by its
        updated value. Everything is checked before anything changes.

        PyTorch: ``optimizer.step()`` (with the gradients passed in instead of read from ``.grad``).
        """
        op = f"{type(self).__name__}.update"
        params = list(model.named_parameters())
        arrays = collect_gradients(op, params, grads, self.allow_missing)
        replaced: dict[int, Tensor[Any, Any]] = {}
        for name, p in params:
            g = arrays.get(name)
            if g is None:
                continue
            state = self.state.setdefault(name, {"step": 0})
            state["step"] += 1
            replaced[id(p)] = new_param(self._step(state, p._data, g))
        model.replace_tensors(replaced)

    def _step(self, state: dict[str, Any], p: Array, g: Array) -> Array:
        raise NotImplementedError


def lerp(start: Array, end: Array, weight: float) -> Array:
    """PyTorch's ``lerp_`` (two formulas, chosen by the weight), so moments round as PyTorch's do."""
    if abs(weight) < 0.5:
        out: Array = start + weight * (end - start)
        return out
    out = end - (end - start) * (1 - weight)
    return out
