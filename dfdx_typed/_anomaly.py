"""Anomaly mode: find the first op that turns finite numbers into NaN or inf.

Off by default, and then free: :func:`dfdx_typed._registry.apply` reads one module-level name per
op. On, every primitive is run through a checking copy of itself:

- **forward**: an op whose result holds a NaN while none of its operands does, or an infinity
  while none of its operands does, raises :class:`AnomalyError` naming the op, the operand shapes
  and dtypes, and the first bad position. So does an op *given* a NaN (data that came from outside
  the ops: a dataset, a parameter set by hand, a tensor made before the mode was switched on).
  Infinities an operand already holds pass through without an error: ``-inf`` attention masks and
  ``where(mask, -inf, x)`` are intended; a masked softmax row that turns them into NaN is not.
- **backward**: a vjp that returns a NaN or an infinity raises :class:`AnomalyError` naming the op
  whose derivative it is, the operand it is the gradient of, and the shapes (``sqrt`` at 0, ``log``
  at 0, a ``0 * inf``). Gradients of leaves are computed when ``grads[x]`` is read, so the error
  for a leaf's gradient is raised there.
- **optimizers**: ``opt.update(model, grads)`` refuses a non-finite gradient, naming the
  parameter, before it changes anything (without the mode, NaN gradients are applied as PyTorch
  applies them).

Creation functions (``dt.tensor``, ``dt.full``, ``dt.from_numpy``) are not ops and are not checked:
a NaN in the data is reported by the first op that is given it.

PyTorch: ``torch.autograd.detect_anomaly()`` / ``torch.autograd.set_detect_anomaly(True)`` (which
checks the backward pass only).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from . import _registry
from ._registry import NONDIFF, Primitive

__all__ = ["AnomalyError", "detect_anomaly", "is_anomaly_enabled", "set_anomaly_mode"]


class AnomalyError(FloatingPointError):
    """An op (or the derivative of one) produced a NaN or an infinity in anomaly mode.

    ``op`` is the op's name, ``phase`` is ``"forward"``, ``"backward"`` or ``"update"`` (an
    optimizer's), ``shapes`` the operand shapes (``()`` for a Python number).

    PyTorch: the ``RuntimeError`` of ``torch.autograd.detect_anomaly`` ("Function 'LogBackward0'
    returned nan values in its 0th output").
    """

    def __init__(self, op: str, phase: str, shapes: tuple[tuple[int, ...], ...], message: str) -> None:
        super().__init__(message)
        self.op = op
        self.phase = phase
        self.shapes = shapes


def set_anomaly_mode(enabled: bool) -> None:
    """Switch anomaly mode on or off for the whole process.

    Anomaly mode checks every op's output (and every vjp's) for NaN and inf and raises
    :class:`AnomalyError` naming the first op that produced one, with its operand shapes.

    PyTorch: ``torch.autograd.set_detect_anomaly(enabled)``.
    """
    if not isinstance(enabled, bool):
        raise TypeError(f"set_anomaly_mode: enabled must be a bool, got {type(enabled).__name__}")
    _registry._anomaly_wrap = _checked if enabled else None


def is_anomaly_enabled() -> bool:
    """Whether anomaly mode is on.

    PyTorch: ``torch.is_anomaly_enabled()``.
    """
    return _registry._anomaly_wrap is not None


@contextmanager
def detect_anomaly(enabled: bool = True) -> Iterator[None]:
    """Run a ``with`` block in anomaly mode, then restore the mode set before (also on error).

    PyTorch: ``with torch.autograd.detect_anomaly(): ...``.
    """
    before = is_anomaly_enabled()
    set_anomaly_mode(enabled)
    try:
        yield
    finally:
        set_anomaly_mode(before)


# --- checks ------------------------------------------------------------------------------------------


def _describe(values: tuple[Any, ...]) -> str:
    parts = []
    for i, v in enumerate(values):
        if isinstance(v, np.ndarray):
            parts.append(f"operand {i} {tuple(v.shape)} {v.dtype}")
        else:
            parts.append(f"operand {i} = {v!r}")
    return ", ".join(parts) if parts else "no operands"


def _shapes(values: tuple[Any, ...]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(v.shape) if isinstance(v, np.ndarray) else () for v in values)


def _floating(x: Any) -> np.ndarray[Any, Any] | None:
    """``x`` as an array when it can hold a NaN or an infinity (float or complex), else ``None``."""
    if isinstance(x, np.ndarray):
        return x if x.dtype.kind in "fc" else None
    if isinstance(x, (float, complex, np.floating, np.complexfloating)):
        return np.asarray(x)
    return None


def _first(mask: np.ndarray[Any, Any]) -> str:
    where = np.argwhere(mask)
    return f"at index {tuple(int(i) for i in where[0])}" if mask.ndim else ""


def _count(mask: np.ndarray[Any, Any], what: str) -> str:
    n = int(mask.sum())
    plural = "infinities" if what == "infinity" else f"{what}s"
    return f"{n} {what if n == 1 else plural}"


def _check_forward(name: str, out: Any, arrays: tuple[Any, ...], params: dict[str, Any]) -> None:
    result = _floating(out)
    operands = [_floating(a) for a in arrays]
    for i, arr in enumerate(operands):
        if arr is not None and arr.size and np.isnan(arr).any():
            raise AnomalyError(
                name, "forward", _shapes(arrays),
                f"anomaly: '{name}' was given {_count(np.isnan(arr), 'NaN')} in operand {i} "
                f"{_first(np.isnan(arr))} ({_describe(arrays)}): it came from outside the ops "
                "(input data, a parameter set by hand, or a tensor made before anomaly mode was on)",
            )
    if result is None or not result.size or np.isfinite(result).all():
        return
    nan = np.isnan(result)
    if nan.any():
        raise AnomalyError(
            name, "forward", _shapes(arrays),
            f"anomaly: '{name}' produced {_count(nan, 'NaN')} {_first(nan)} from operands without "
            f"NaN ({_describe(arrays)}; params {params})",
        )
    if any(arr is not None and np.isinf(arr).any() for arr in operands):
        return  # an infinity passed on (a -inf mask), not made here
    inf = np.isinf(result)
    raise AnomalyError(
        name, "forward", _shapes(arrays),
        f"anomaly: '{name}' produced {_count(inf, 'infinity')} {_first(inf)} from finite operands "
        f"(overflow or division by zero; {_describe(arrays)}; params {params})",
    )


def _check_backward(name: str, i: int, grad: Any, g: Any, arrays: tuple[Any, ...]) -> None:
    result = _floating(np.asarray(grad))
    if result is None or not result.size or np.isfinite(result).all():
        return
    incoming = _floating(np.asarray(g))
    upstream = incoming is not None and not np.isfinite(incoming).all()
    bad = ~np.isfinite(result)
    kind = "NaN" if np.isnan(result).any() else "infinity"
    cause = (
        "from a non-finite incoming gradient (made before anomaly mode was on)"
        if upstream
        else f"from a finite incoming gradient {tuple(np.shape(g))}"
    )
    raise AnomalyError(
        name, "backward", _shapes(arrays),
        f"anomaly: the backward of '{name}' (the gradient of operand {i}) produced "
        f"{_count(bad, 'non-finite value')} ({kind}) {_first(bad)} {cause}; {_describe(arrays)}",
    )


def _checked_vjp(name: str, i: int, vjp: Any) -> Any:
    if vjp is None or vjp is NONDIFF:
        return vjp

    def checked(g: Any, ans: Any, *arrays: Any, **params: Any) -> Any:
        grad = vjp(g, ans, *arrays, **params)
        _check_backward(name, i, grad, g, arrays)
        return grad

    return checked


def _make_checked(prim: Primitive) -> Primitive:
    name = prim.name
    forward = prim.forward

    def checked_forward(*arrays: Any, **params: Any) -> Any:
        out = forward(*arrays, **params)
        _check_forward(name, out, arrays, params)
        return out

    vjps = None if prim.vjps is None else tuple(_checked_vjp(name, i, v) for i, v in enumerate(prim.vjps))
    checked = Primitive(name, checked_forward, prim.shape_rule, vjps, prim.unbroadcast)
    variadic = prim.variadic_vjp
    if variadic is not None:

        def checked_variadic(i: int, g: Any, ans: Any, *arrays: Any, **params: Any) -> Any:
            grad = variadic(i, g, ans, *arrays, **params)
            _check_backward(name, i, grad, g, arrays)
            return grad

        checked.variadic_vjp = checked_variadic
    return checked


# The checking copy of each primitive, rebuilt if the primitive's vjps were changed since.
_CHECKED: dict[Primitive, tuple[Primitive, Any, Any, Any]] = {}


def _checked(prim: Primitive) -> Primitive:
    entry = _CHECKED.get(prim)
    if (
        entry is None
        or entry[1] is not prim.vjps
        or entry[2] is not prim.variadic_vjp
        or entry[3] is not prim.forward
    ):
        entry = (_make_checked(prim), prim.vjps, prim.variadic_vjp, prim.forward)
        _CHECKED[prim] = entry
    return entry[0]


def check_gradient(op: str, name: str, grad: Any) -> None:
    """A gradient handed to an optimizer in anomaly mode must be finite (``op`` names the caller).

    Shapes: ``grad: (...)``, the parameter's shape.

    PyTorch: none — PyTorch's optimizers apply NaN gradients.
    """
    arr = _floating(np.asarray(grad))
    if arr is not None and arr.size and not np.isfinite(arr).all():
        bad = ~np.isfinite(arr)
        raise AnomalyError(
            op, "update", (tuple(arr.shape),),
            f"anomaly: {op}: the gradient of '{name}' {tuple(arr.shape)} holds "
            f"{_count(bad, 'non-finite value')} {_first(bad)}; nothing was updated",
        )
