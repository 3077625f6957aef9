"""Check a function's gradients against central differences (public, as tinygrad/autograd ship it).

Two checks, both in the inputs' dtype (use float64): a random-direction check, comparing
``<v, J u>`` from backward with the central difference of ``<v, f(x + h u)>`` for random ``u`` and
``v``; and, on inputs with at most ``max_full`` elements, the full Jacobian entry by entry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ._backend import Array
from ._tensor import Tensor


class GradcheckError(AssertionError):
    """Analytic and numeric gradients disagree; the message says where and by how much.

    PyTorch: ``torch.autograd.GradcheckError``.
    """


def _scalarize(fn: Callable[..., Tensor[Any, Any]], v: Array) -> Callable[..., Tensor[Any, Any]]:
    def scalar(*xs: Tensor[Any, Any]) -> Tensor[Any, Any]:
        out = fn(*xs)
        return (out * Tensor._wrap(v)).sum()

    return scalar


def _analytic(fn: Callable[..., Tensor[Any, Any]], arrays: list[Array], v: Array) -> list[Array]:
    traced = [Tensor._wrap(a).trace() for a in arrays]
    loss = _scalarize(fn, v)(*traced)
    grads = loss.backward()
    out = []
    for t, a in zip(traced, arrays):
        g = grads.get(t)
        out.append(np.zeros_like(a) if g is None else np.asarray(g._data, dtype=a.dtype))
    return out


def _value(fn: Callable[..., Tensor[Any, Any]], arrays: list[Array], v: Array) -> float:
    out = fn(*[Tensor._wrap(a) for a in arrays])
    return float(np.sum(np.asarray(out._data, dtype=np.float64) * v))


def _check_arguments(fn: Any, inputs: Any, eps: Any, atol: Any, rtol: Any) -> None:
    if not callable(fn):
        raise TypeError(f"gradcheck: fn must be callable, got {type(fn).__name__}")
    if isinstance(inputs, Tensor) or not isinstance(inputs, (list, tuple)):
        raise TypeError(f"gradcheck: inputs must be a list of tensors, got {type(inputs).__name__}")
    for i, t in enumerate(inputs):
        if not isinstance(t, Tensor):
            raise TypeError(f"gradcheck: inputs[{i}] must be a Tensor, got {type(t).__name__}")
    for name, value in (("eps", eps), ("atol", atol), ("rtol", rtol)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value):
            raise ValueError(f"gradcheck: {name} must be a finite number, got {value!r}")
    if eps <= 0:
        raise ValueError(f"gradcheck: eps must be positive, got {eps!r}")


def _precision_hint(a: Array) -> str:
    if a.dtype == np.float64:
        return ""
    return f" (the input is {a.dtype}: central differences need float64)"


def _close(analytic: float, numeric: float, atol: float, rtol: float) -> bool:
    return abs(analytic - numeric) <= atol + rtol * abs(numeric)


def gradcheck(
    fn: Callable[..., Tensor[Any, Any]],
    inputs: Sequence[Tensor[Any, Any]],
    *,
    eps: float = 1e-6,
    atol: float = 1e-6,
    rtol: float = 1e-5,
    max_full: int = 64,
    seed: int = 0,
) -> bool:
    """Raise :class:`GradcheckError` unless ``fn``'s vjps match central differences; else True.

    Shapes: ``inputs: [(...), ...]`` (any shapes), ``fn: (*inputs) -> (...)`` (a tensor of any shape).

    Float inputs are differentiated; others (indices) are passed through.

    PyTorch: ``torch.autograd.gradcheck(fn, inputs, eps, atol, rtol)``.
    """
    _check_arguments(fn, inputs, eps, atol, rtol)
    rng = np.random.default_rng(seed)
    arrays = [np.array(t._data) for t in inputs]
    out = fn(*inputs)
    if not isinstance(out, Tensor):
        raise TypeError(f"gradcheck: fn returned {type(out).__name__}, expected a Tensor")
    out_shape = out._data.shape
    v = rng.standard_normal(out_shape)
    diff = [i for i, a in enumerate(arrays) if a.dtype.kind == "f"]
    if not diff:
        # Nothing to differentiate: True would claim a check that never ran.
        dtypes = ", ".join(str(a.dtype) for a in arrays) or "no inputs"
        raise ValueError(f"gradcheck: no float input to differentiate ({dtypes})")
    grads = _analytic(fn, arrays, v.astype(arrays[diff[0]].dtype) if diff else v)

    for i in diff:
        u = rng.standard_normal(arrays[i].shape).astype(arrays[i].dtype)
        plus = [a.copy() for a in arrays]
        minus = [a.copy() for a in arrays]
        plus[i] = arrays[i] + eps * u
        minus[i] = arrays[i] - eps * u
        numeric = (_value(fn, plus, v) - _value(fn, minus, v)) / (2 * eps)
        analytic = float(np.sum(grads[i] * u))
        if not _close(analytic, numeric, atol, rtol):
            raise GradcheckError(
                f"gradcheck: input {i} {arrays[i].shape}: directional derivative {analytic!r} "
                f"from backward, {numeric!r} from central differences{_precision_hint(arrays[i])}"
            )
        if arrays[i].size > max_full:
            continue
        for j in range(arrays[i].size):
            plus = [a.copy() for a in arrays]
            minus = [a.copy() for a in arrays]
            plus[i].flat[j] += eps
            minus[i].flat[j] -= eps
            numeric = (_value(fn, plus, v) - _value(fn, minus, v)) / (2 * eps)
            analytic = float(grads[i].flat[j])
            if not _close(analytic, numeric, atol, rtol):
                index = np.unravel_index(j, arrays[i].shape)
                raise GradcheckError(
                    f"gradcheck: input {i} {arrays[i].shape} at {tuple(int(k) for k in index)}: "
                    f"{analytic!r} from backward, {numeric!r} from central differences"
                    f"{_precision_hint(arrays[i])}"
                )
    return True
