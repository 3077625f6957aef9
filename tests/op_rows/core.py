"""Op rows for the elementwise and reduction families (unary, binary, astype, sum ... normalize).

Shape ops, matmul, joins, indexing and creation are in ``core_layout.py``. ``KINK_ROWS`` (not part
of ``ROWS``) are points where an op is not differentiable (ties, clamp bounds, relu at 0): there
only PyTorch's convention can be compared, so they run in the PyTorch test with gradients and never
through central differences.
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

import dfdx_typed as dt

from . import OpRow
from ._gen import away_from, fixed, integers, nonzero, normal, positive

ROWS: list[OpRow] = []


def _row(op: str, label: str, dt_fn: Any, torch_fn: Any, inputs: Any, **kw: Any) -> None:
    ROWS.append(OpRow(op, label, dt_fn, torch_fn, inputs, **kw))


# --- unary ---------------------------------------------------------------------------------------

_row("neg", "neg-operator", lambda x: -x, lambda x: -x, normal((2, 3)))
_row("neg", "neg-fn-0d", dt.neg, torch.neg, normal(()))
_row("neg", "neg-method-3d", lambda x: x.neg(), torch.neg, normal((2, 1, 3)))
_row("exp", "exp-2d", dt.exp, torch.exp, normal((2, 3)))
_row("exp", "exp-method-0d", lambda x: x.exp(), torch.exp, normal(()))
_row("log", "log-2d", dt.log, torch.log, positive((2, 3)))
_row("log", "log-small-values", lambda x: x.log(), torch.log, positive((4,), low=0.05, high=0.2))
_row("sqrt", "sqrt-2d", dt.sqrt, torch.sqrt, positive((2, 3)))
_row("sqrt", "sqrt-method-0d", lambda x: x.sqrt(), torch.sqrt, positive(()))
_row("sin", "sin-2d", dt.sin, torch.sin, normal((2, 3), scale=3.0))
_row("cos", "cos-2d", dt.cos, torch.cos, normal((2, 3), scale=3.0))
_row("tanh", "tanh-2d", dt.tanh, torch.tanh, normal((2, 3), scale=2.0))
_row("abs", "abs-away-from-0", dt.abs, torch.abs, nonzero((2, 3)))
_row("abs", "abs-method-0d", lambda x: x.abs(), torch.abs, nonzero(()))
_row("sigmoid", "sigmoid-2d", dt.sigmoid, torch.sigmoid, normal((2, 3), scale=4.0))
_row("sigmoid", "sigmoid-tails", lambda x: x.sigmoid(), torch.sigmoid,
     fixed([-30.0, -8.0, -0.5, 0.5, 8.0, 30.0]))
_row("relu", "relu-away-from-0", dt.relu, torch.relu, away_from((3, 4)))
_row("relu", "relu-method-0d", lambda x: x.relu(), torch.relu, nonzero(()))
_row("leaky_relu", "leaky_relu-default-slope", dt.leaky_relu, F.leaky_relu, away_from((3, 4)))
_row("leaky_relu", "leaky_relu-slope-0.2", lambda x: x.leaky_relu(0.2),
     lambda x: F.leaky_relu(x, 0.2), away_from((3, 4)))
_row("gelu", "gelu-erf", dt.gelu, F.gelu, normal((3, 4), scale=2.0))
_row("gelu", "gelu-erf-method-wide", lambda x: x.gelu(), F.gelu,
     fixed([-6.0, -3.0, -1e-3, 0.0, 1e-3, 0.7, 3.0, 6.0]))
_row("gelu", "gelu-tanh", lambda x: dt.gelu(x, approximate="tanh"),
     lambda x: F.gelu(x, approximate="tanh"), normal((3, 4), scale=2.0))
_row("gelu", "gelu-tanh-method", lambda x: x.gelu(approximate="tanh"),
     lambda x: F.gelu(x, approximate="tanh"), fixed([-6.0, -1.0, 0.0, 0.5, 6.0]))
_row("pow", "pow-square-fn", dt.square, torch.square, normal((2, 3)))
_row("pow", "pow-square-method", lambda x: x.square(), torch.square, normal(()))
_row("pow", "pow-int-3-negatives", lambda x: x**3, lambda x: x**3, normal((2, 3)))
_row("pow", "pow-half", lambda x: x**0.5, lambda x: x**0.5, positive((2, 3)))
_row("pow", "pow-neg-1.5", lambda x: dt.pow(x, -1.5), lambda x: torch.pow(x, -1.5),
     positive((2, 3)))
# x**0 is the constant 1: its derivative is 0 everywhere, including at x = 0 (as PyTorch).
_row("pow", "pow-zero-exponent-at-0", lambda x: x**0 + x, lambda x: x**0 + x,
     fixed([-1.0, 0.0, 2.0]))
_row("clamp", "clamp-both", lambda x: x.clamp(-0.5, 0.5), lambda x: x.clamp(-0.5, 0.5),
     away_from((3, 4), points=(-0.5, 0.5)))
_row("clamp", "clamp-min-only", lambda x: dt.clamp(x, min=-0.25),
     lambda x: torch.clamp(x, min=-0.25), away_from((3, 4), points=(-0.25,)))
_row("clamp", "clamp-max-only", lambda x: dt.clamp(x, max=0.75),
     lambda x: torch.clamp(x, max=0.75), away_from((3, 4), points=(0.75,)))

# --- binary, with broadcasting and scalars on either side ------------------------------------------

_BINARY: list[tuple[str, Any, Any]] = [
    ("add", lambda a, b: a + b, lambda a, b: a + b),
    ("sub", lambda a, b: a - b, lambda a, b: a - b),
    ("mul", lambda a, b: a * b, lambda a, b: a * b),
    ("div", lambda a, b: a / b, lambda a, b: a / b),
    ("maximum", dt.maximum, torch.maximum),
    ("minimum", dt.minimum, torch.minimum),
]
_BINARY_FN: dict[str, tuple[Any, Any]] = {
    "add": (dt.add, torch.add), "sub": (dt.sub, torch.sub), "mul": (dt.mul, torch.mul),
    "div": (dt.div, torch.div), "maximum": (dt.maximum, torch.maximum),
    "minimum": (dt.minimum, torch.minimum),
}


def _pair(a: tuple[int, ...], b: tuple[int, ...], op: str) -> Any:
    # Denominators stay away from 0; maximum/minimum operands come from the same distribution, so
    # exact ties have probability 0 (ties are in KINK_ROWS).
    return (lambda rng: [nonzero(a)(rng)[0], nonzero(b)(rng)[0]]) if op == "div" else normal(a, b)


def _scalar_right(op: str, dt_op: Any, t_op: Any) -> tuple[Any, Any]:
    if op in ("maximum", "minimum"):
        return (lambda x: dt_op(x, 0.25), lambda x: t_op(x, torch.tensor(0.25)))
    return (lambda x: dt_op(x, 2.5), lambda x: t_op(x, 2.5))


def _scalar_left(op: str, dt_op: Any, t_op: Any) -> tuple[Any, Any]:
    if op in ("maximum", "minimum"):
        return (lambda x: dt_op(-0.25, x), lambda x: t_op(torch.tensor(-0.25), x))
    return (lambda x: dt_op(1.5, x), lambda x: t_op(1.5, x))


for _op, _dt_op, _t_op in _BINARY:
    _row(_op, f"{_op}-same-shape", _dt_op, _t_op, _pair((2, 3), (2, 3), _op))
    _row(_op, f"{_op}-broadcast-right-rank", _dt_op, _t_op, _pair((2, 3), (3,), _op))
    _row(_op, f"{_op}-broadcast-left-rank", _dt_op, _t_op, _pair((3,), (2, 3), _op))
    _row(_op, f"{_op}-broadcast-size-1-left", _dt_op, _t_op, _pair((4, 1), (4, 3), _op))
    _row(_op, f"{_op}-broadcast-size-1-right", _dt_op, _t_op, _pair((2, 4, 3), (1, 4, 1), _op))
    _row(_op, f"{_op}-0d-and-2d", _dt_op, _t_op, _pair((), (2, 3), _op))
    _row(_op, f"{_op}-2d-and-0d", _dt_op, _t_op, _pair((2, 3), (), _op))
    _row(_op, f"{_op}-scalar-right", *_scalar_right(_op, _dt_op, _t_op),
         nonzero((2, 3)) if _op == "div" else normal((2, 3)))
    _row(_op, f"{_op}-scalar-left", *_scalar_left(_op, _dt_op, _t_op),
         nonzero((2, 3)) if _op == "div" else normal((2, 3)))
    _row(_op, f"{_op}-fn-form", *_BINARY_FN[_op], _pair((3,), (3,), _op))

_row("add", "add-int-scalar", lambda x: x + 2, lambda x: x + 2, normal((3,)))
_row("mul", "mul-int-scalar-left", lambda x: 3 * x, lambda x: 3 * x, normal((3,)))
_row("div", "div-recip", dt.recip, torch.reciprocal, nonzero((2, 3)))
_row("div", "div-recip-method-0d", lambda x: x.recip(), torch.reciprocal, nonzero(()))
_row("add", "add-same-tensor-twice", lambda x: x + x, lambda x: x + x, normal((2, 3)))
_row("mul", "mul-same-tensor-twice", lambda x: x * x, lambda x: x * x, normal((2, 3)))

# In the float64 gradcheck astype(float64) is the identity; in the PyTorch test (float32 inputs) it
# widens, and the gradient must come back as float32.
_row("astype", "astype-float64", lambda x: x.astype(dt.float64) * 2.0,
     lambda x: x.to(torch.float64) * 2.0, normal((2, 3)))
_row("astype", "astype-fn-mixed-dtypes", lambda x: dt.astype(x, dt.float64) * x,
     lambda x: x.to(torch.float64) * x, normal((3,)))
_row("astype", "astype-int64", lambda x: x.astype(dt.int64), lambda x: x.to(torch.int64),
     fixed([[-2.7, -0.5, 0.0], [0.5, 1.9, 3.0]]), gradcheck=False,
     note="a cast to an integer dtype has no gradient by nature (PyTorch refuses it too); "
     "forward only: both truncate toward zero")

# --- reductions ------------------------------------------------------------------------------------


def _reduce_rows(op: str, t_all: Any, t_dim: Any) -> None:
    """The axis cases every reduction shares: None, int, negative + keepdims, tuple, 0-d."""
    _row(op, f"{op}-all", lambda x: getattr(x, op)(), t_all, normal((2, 3)))
    _row(op, f"{op}-all-keepdims", lambda x: getattr(dt, op)(x, keepdims=True),
         lambda x: t_dim(x, (0, 1), True), normal((2, 3)))
    _row(op, f"{op}-axis-0", lambda x: getattr(x, op)(axis=0), lambda x: t_dim(x, 0, False),
         normal((3, 4)))
    _row(op, f"{op}-axis-neg-keepdims", lambda x: getattr(x, op)(axis=-1, keepdims=True),
         lambda x: t_dim(x, -1, True), normal((3, 4)))
    _row(op, f"{op}-axis-tuple", lambda x: getattr(x, op)(axis=(0, 2)),
         lambda x: t_dim(x, (0, 2), False), normal((2, 3, 4)))
    _row(op, f"{op}-axis-tuple-neg-keepdims",
         lambda x: getattr(dt, op)(x, axis=(-1, -3), keepdims=True),
         lambda x: t_dim(x, (-1, -3), True), normal((2, 3, 2)))
    _row(op, f"{op}-0d", lambda x: getattr(x, op)(), t_all, normal(()))


_reduce_rows("sum", torch.sum, lambda x, d, k: torch.sum(x, dim=d, keepdim=k))
_reduce_rows("mean", torch.mean, lambda x, d, k: torch.mean(x, dim=d, keepdim=k))
_reduce_rows("max", torch.amax, lambda x, d, k: torch.amax(x, dim=d, keepdim=k))
_reduce_rows("min", torch.amin, lambda x, d, k: torch.amin(x, dim=d, keepdim=k))
_reduce_rows("logsumexp", lambda x: torch.logsumexp(x, dim=tuple(range(x.ndim))),
             lambda x, d, k: torch.logsumexp(x, dim=d, keepdim=k))
_row("logsumexp", "logsumexp-large-logits", lambda x: x.logsumexp(axis=1),
     lambda x: torch.logsumexp(x, dim=1), normal((3, 4), scale=30.0))

for _op in ("var", "std"):
    _t = getattr(torch, _op)
    _row(_op, f"{_op}-all", lambda x, op=_op: getattr(x, op)(), lambda x, t=_t: t(x, correction=0),
         normal((2, 3)))
    _row(_op, f"{_op}-all-ddof-1", lambda x, op=_op: getattr(x, op)(ddof=1),
         lambda x, t=_t: t(x, correction=1), normal((2, 3)))
    _row(_op, f"{_op}-axis-1-ddof-1", lambda x, op=_op: getattr(dt, op)(x, axis=1, ddof=1),
         lambda x, t=_t: t(x, dim=1, correction=1), normal((3, 4)))
    _row(_op, f"{_op}-axis-neg-keepdims", lambda x, op=_op: getattr(x, op)(axis=-2, keepdims=True),
         lambda x, t=_t: t(x, dim=-2, keepdim=True, correction=0), normal((3, 4)))
    _row(_op, f"{_op}-axis-tuple-ddof-2",
         lambda x, op=_op: getattr(x, op)(axis=(0, 2), ddof=2),
         lambda x, t=_t: t(x, dim=(0, 2), correction=2), normal((2, 3, 4)))

for _op, _t in (("softmax", torch.softmax), ("log_softmax", torch.log_softmax)):
    _row(_op, f"{_op}-last-axis", lambda x, op=_op: getattr(x, op)(),
         lambda x, t=_t: t(x, dim=-1), normal((3, 4), scale=2.0))
    _row(_op, f"{_op}-axis-0", lambda x, op=_op: getattr(dt, op)(x, axis=0),
         lambda x, t=_t: t(x, dim=0), normal((3, 4), scale=2.0))
    _row(_op, f"{_op}-3d-middle-axis", lambda x, op=_op: getattr(x, op)(axis=1),
         lambda x, t=_t: t(x, dim=1), normal((2, 3, 4), scale=2.0))
    _row(_op, f"{_op}-1d-large-logits", lambda x, op=_op: getattr(x, op)(axis=0),
         lambda x, t=_t: t(x, dim=0), normal((5,), scale=30.0))


def _torch_normalize(x: Any, dim: int, eps: float) -> Any:
    centered = x - x.mean(dim=dim, keepdim=True)
    return centered / torch.sqrt(centered.pow(2).mean(dim=dim, keepdim=True) + eps)


_row("normalize", "normalize-last-axis-layer-norm", lambda x: x.normalize(),
     lambda x: F.layer_norm(x, x.shape[-1:], eps=1e-5), normal((3, 4), scale=2.0))
_row("normalize", "normalize-axis-0-eps", lambda x: dt.normalize(x, axis=0, eps=1e-3),
     lambda x: _torch_normalize(x, 0, 1e-3), normal((4, 3)))
_row("normalize", "normalize-3d-middle-axis", lambda x: x.normalize(axis=1),
     lambda x: _torch_normalize(x, 1, 1e-5), normal((2, 4, 3)))

# --- kinks: compared with PyTorch's gradient convention only --------------------------------------

_KINK_NOTE = "not differentiable here; PyTorch's gradient convention is compared, no gradcheck"
KINK_ROWS: list[OpRow] = [
    OpRow("max", "max-ties-axis", lambda x: x.max(axis=1), lambda x: torch.amax(x, dim=1),
          integers((4, 5)), gradcheck=False, note="ties share the gradient evenly; " + _KINK_NOTE),
    OpRow("max", "max-ties-all", lambda x: x.max(), torch.amax, integers((3, 4)),
          gradcheck=False, note="ties share the gradient evenly; " + _KINK_NOTE),
    OpRow("max", "max-ties-tuple-keepdims", lambda x: x.max(axis=(0, 2), keepdims=True),
          lambda x: torch.amax(x, dim=(0, 2), keepdim=True), integers((2, 3, 4)),
          gradcheck=False, note="ties share the gradient evenly; " + _KINK_NOTE),
    OpRow("min", "min-ties-axis", lambda x: x.min(axis=0), lambda x: torch.amin(x, dim=0),
          integers((5, 4)), gradcheck=False, note="ties share the gradient evenly; " + _KINK_NOTE),
    OpRow("min", "min-ties-all", lambda x: x.min(), torch.amin, integers((3, 4)),
          gradcheck=False, note="ties share the gradient evenly; " + _KINK_NOTE),
    OpRow("maximum", "maximum-ties", dt.maximum, torch.maximum, integers((3, 4), (3, 4)),
          gradcheck=False, note="a tie gives each side half; " + _KINK_NOTE),
    OpRow("maximum", "maximum-ties-broadcast", dt.maximum, torch.maximum,
          integers((3, 4), (4,)), gradcheck=False, note="a tie gives each side half; " + _KINK_NOTE),
    OpRow("minimum", "minimum-ties", dt.minimum, torch.minimum, integers((3, 4), (3, 4)),
          gradcheck=False, note="a tie gives each side half; " + _KINK_NOTE),
    OpRow("minimum", "minimum-ties-scalar", lambda x: dt.minimum(x, 1.0),
          lambda x: torch.minimum(x, torch.tensor(1.0)), integers((3, 4)),
          gradcheck=False, note="a tie gives the tensor half; " + _KINK_NOTE),
    OpRow("clamp", "clamp-at-bounds", lambda x: x.clamp(-0.5, 0.5),
          lambda x: x.clamp(-0.5, 0.5), fixed([-1.0, -0.5, 0.0, 0.5, 1.0]),
          gradcheck=False, note="the gradient passes at the bounds themselves; " + _KINK_NOTE),
    OpRow("clamp", "clamp-min-at-bound", lambda x: x.clamp(min=0.0),
          lambda x: x.clamp(min=0.0), fixed([-1.0, 0.0, 1.0]),
          gradcheck=False, note="the gradient passes at the bound itself; " + _KINK_NOTE),
    OpRow("relu", "relu-at-0", dt.relu, torch.relu, fixed([-1.0, 0.0, 1.0]),
          gradcheck=False, note="gradient 0 at 0; " + _KINK_NOTE),
    OpRow("abs", "abs-at-0", dt.abs, torch.abs, fixed([-1.0, 0.0, 1.0]),
          gradcheck=False, note="gradient 0 at 0; " + _KINK_NOTE),
    OpRow("leaky_relu", "leaky_relu-at-0", lambda x: x.leaky_relu(0.1),
          lambda x: F.leaky_relu(x, 0.1), fixed([-1.0, 0.0, 1.0]),
          gradcheck=False, note="gradient negative_slope at 0; " + _KINK_NOTE),
]
