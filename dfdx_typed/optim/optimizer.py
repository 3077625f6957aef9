"""The optimizer base: gradients looked up per parameter, checked, then a functional update.

Tensors are immutable, so an update *replaces* each parameter in its module slot with a new tensor.
Optimizer state (moments, momentum buffers, step counts) is keyed by the parameter's key in the
module tree (``"layers.0.weight"``), not by tensor identity, so it survives the replacement.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

import numpy as np

from .. import _registry
from .._anomaly import check_gradient
from .._backend import Array
from .._tape import Gradients
from .._tensor import Tensor
from ..nn.module import Module, as_array

GradsLike: TypeAlias = Gradients | Mapping[str, Any]
"""What ``update`` takes: the ``Gradients`` from ``loss.backward()``, or arrays keyed by parameter
name (gradients computed elsewhere, accumulated by hand, or clipped)."""


class MissingGradientError(KeyError):
    """A parameter has no gradient and the optimizer was not told to skip such parameters.

    PyTorch: none — PyTorch silently skips parameters whose ``.grad`` is ``None``.
    """

    def __str__(self) -> str:
        return str(self.args[0])


def collect_gradients(
    op: str, params: list[tuple[str, Tensor[Any, Any]]], grads: GradsLike, allow_missing: bool
) -> dict[str, Array]:
    """Each parameter's gradient as an array in the parameter's dtype, every one checked first.

    In anomaly mode (``dt.detect_anomaly()``) a NaN or infinite gradient is refused too.
    """
    out: dict[str, Array] = {}
    if not isinstance(grads, (Gradients, Mapping)):
        raise TypeError(
            f"{op}: grads must be the Gradients of loss.backward() or a mapping from parameter names to "
            f"arrays, got {type(grads).__name__}"
        )
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
        if arr.dtype.kind not in "iuf":
            # astype would read strings as numbers, None as NaN and drop imaginary parts.
            raise TypeError(
                f"{op}: the gradient of '{name}' has dtype {arr.dtype}; expected real numbers (float or int)"
            )
        if _registry._anomaly_wrap is not None:
            check_gradient(op, name, arr)
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
    """Base class of the optimizers: subclasses implement ``_step(state, param, grad) -> new param``.

    ``lr`` may be changed between updates (schedules do). ``allow_missing=True`` skips parameters with
    no gradient instead of raising :class:`MissingGradientError`; skipped parameters keep their state
    and step count, as PyTorch skips parameters whose ``.grad`` is ``None``.

    PyTorch: ``torch.optim.Optimizer``.
    """

    def __init__(self, model: Module, lr: float, *, allow_missing: bool = False) -> None:
        if not isinstance(model, Module):
            raise TypeError(
                f"{type(self).__name__}: expected the model (a dt.nn.Module), got {type(model).__name__}"
            )
        if isinstance(lr, bool) or not isinstance(lr, (int, float, np.integer, np.floating)):
            raise TypeError(f"{type(self).__name__}: lr must be a number, got {type(lr).__name__} {lr!r}")
        if not lr >= 0:  # (NaN fails this too: it would turn every parameter into NaN)
            raise ValueError(f"{type(self).__name__}: invalid learning rate {lr}")
        self.lr = float(lr)
        self.initial_lr: float | None = None
        """The rate before any schedule changed it (set by the first schedule, as PyTorch's
        ``initial_lr``), so schedules built one after another share one base rate."""
        self.allow_missing = allow_missing
        self.state: dict[str, dict[str, Any]] = {}
        self.param_names = [name for name, _ in model.named_parameters()]

    def update(self, model: Module, grads: GradsLike) -> None:
        """One optimization step: each parameter of ``model`` with a gradient is replaced by its update.

        Shapes: ``grads[p]`` has the shape of each parameter ``p``; the new parameter keeps it.

        Everything is checked before anything changes.

        PyTorch: ``optimizer.step()`` (with the gradients passed in instead of read from ``.grad``).
        """
        op = f"{type(self).__name__}.update"
        params = list(model.named_parameters())
        arrays = collect_gradients(op, params, grads, self.allow_missing)
        for name, p in params:
            for key, value in self.state.get(name, {}).items():
                if isinstance(value, np.ndarray) and value.shape != p.shape:
                    raise ValueError(
                        f"{op}: the state '{key}' of '{name}' has shape {value.shape} but the parameter "
                        f"has {tuple(p.shape)} (was the optimizer built for another model?)"
                    )
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


def _add_into(step: Array, p: Array) -> Array:
    """``p + step``, written into ``step`` (an array the optimizer has just made and nobody else holds).

    Addition is commutative in floating point, so the result is the same as ``p + step``. Where the
    dtypes differ (numpy's promotion would give a third one) a new array is made as before.
    """
    if type(step) is np.ndarray and step.dtype == np.result_type(p, step) and step.shape == p.shape:
        step += p
        return step
    out: Array = p + step
    return out


def lerp(start: Array, end: Array, weight: float) -> Array:
    """PyTorch's ``lerp_`` (two formulas, chosen by the weight), so moments round as PyTorch's do."""
    if abs(weight) < 0.5:
        out: Array = start + weight * (end - start)
        return out
    out = end - (end - start) * (1 - weight)
    return out
