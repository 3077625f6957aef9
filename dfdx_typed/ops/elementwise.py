"""Elementwise ops: unary functions with their derivatives, and broadcasting binary ops.

dtypes: floating-point functions (``exp log sqrt sin cos tanh sigmoid gelu``, and in ``reduce`` the
softmax family and ``logsumexp``) convert bool and int tensors to float32 first, as PyTorch does.
Arithmetic (``+ - * /``, ``maximum``, ``minimum``) follows numpy's promotion: float16 + float32 is
float32, int64 / int64 is float64, unsigned ints wrap (uint8 1 - 3 is 254, as in PyTorch), and
numpy's errors (a bool minus a bool) carry a note naming the op and its operands.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import shapes
from .._backend import Array, default_float, erf, xp
from .._registry import apply, primitive
from .._tensor import Tensor
from ._common import as_tensor_or_scalar, check_tensor, run
from .creation import _dtype

# --- unary primitives: forward and vjp side by side ------------------------------------------------

_neg = primitive("neg", xp.negative, None, lambda g, ans, x: -g)
_exp = primitive("exp", xp.exp, None, lambda g, ans, x: g * ans)
_log = primitive("log", xp.log, None, lambda g, ans, x: g / x)
_sqrt = primitive("sqrt", xp.sqrt, None, lambda g, ans, x: g / (2 * ans))
_sin = primitive("sin", xp.sin, None, lambda g, ans, x: g * xp.cos(x))
_cos = primitive("cos", xp.cos, None, lambda g, ans, x: -g * xp.sin(x))
_tanh = primitive("tanh", xp.tanh, None, lambda g, ans, x: g * (1 - ans * ans))
_abs = primitive("abs", xp.abs, None, lambda g, ans, x: g * xp.sign(x))


def _sigmoid_fwd(x: Array) -> Array:
    # Stable on both tails: exp is only ever taken of a non-positive number.
    e = xp.exp(-xp.abs(x))
    return xp.where(x >= 0, 1 / (1 + e), e / (1 + e))


_sigmoid = primitive("sigmoid", _sigmoid_fwd, None, lambda g, ans, x: g * ans * (1 - ans))
_relu = primitive(
    "relu", lambda x: xp.maximum(x, 0), None, lambda g, ans, x: g * (x > 0)
)
_leaky_relu = primitive(
    "leaky_relu",
    lambda x, negative_slope: xp.where(x > 0, x, x * negative_slope),
    None,
    lambda g, ans, x, negative_slope: xp.where(x > 0, g, g * negative_slope),
)


def _pow_fwd(x: Array, exponent: float) -> Array:
    return x**exponent


def _pow_vjp(g: Array, ans: Array, x: Array, exponent: float) -> Array:
    # x**0 is the constant 1: without this, 0 * 0**-1 gives NaN at x = 0 (PyTorch returns 0).
    if exponent == 0:
        return xp.zeros_like(g)
    return g * exponent * x ** (exponent - 1)


_pow = primitive("pow", _pow_fwd, None, _pow_vjp)


def _clamp_fwd(x: Array, min: float | None, max: float | None) -> Array:
    return xp.clip(x, min, max)


def _clamp_vjp(g: Array, ans: Array, x: Array, min: float | None, max: float | None) -> Array:
    # PyTorch: the gradient passes where min <= x <= max (boundaries included).
    keep = xp.ones(x.shape, dtype=bool)
    if min is not None:
        keep &= x >= min
    if max is not None:
        keep &= x <= max
    return g * keep


_clamp = primitive("clamp", _clamp_fwd, None, _clamp_vjp)

_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _gelu_fwd(x: Array, approximate: str) -> Array:
    if approximate == "tanh":
        inner = _SQRT_2_OVER_PI * (x + 0.044715 * x**3)
        out: Array = 0.5 * x * (1 + xp.tanh(inner))
        return out
    exact: Array = 0.5 * x * (1 + erf(x * _INV_SQRT_2))
    return exact


def _gelu_vjp(g: Array, ans: Array, x: Array, approximate: str) -> Array:
    if approximate == "tanh":
        inner = _SQRT_2_OVER_PI * (x + 0.044715 * x**3)
        t = xp.tanh(inner)
        d_inner = _SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x**2)
        grad: Array = g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * d_inner)
        return grad
    # d/dx [x Phi(x)] = Phi(x) + x phi(x), with phi(x) = exp(-x^2/2) / sqrt(2 pi).
    cdf = 0.5 * (1 + erf(x * _INV_SQRT_2))
    pdf = xp.exp(-0.5 * x * x) * _INV_SQRT_2PI
    return g * (cdf + x * pdf)


_gelu = primitive("gelu", _gelu_fwd, None, _gelu_vjp)


def _float_input(x: Tensor[Any, Any], op: str) -> Tensor[Any, Any]:
    """``x`` as the default float (float32) when it holds bools or ints, as PyTorch converts them for
    floating-point functions. numpy would give float16 for 8-bit ints (``exp(12)`` overflows) and
    wrap unsigned ints around (``-abs(uint8)``), so the conversion comes first."""
    if x._data.dtype.kind in "biu":
        return run(_astype, x, dtype=default_float())
    return x


def neg(x: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """``-x``.

    Shapes: ``x: (...)`` -> same shape as ``x``.

    PyTorch: ``torch.neg(x)``.
    """
    return run(_neg, check_tensor(x, "neg"))


def exp(x: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """``e**x``, elementwise.

    Shapes: ``x: (...)`` -> same shape as ``x``.

    PyTorch: ``torch.exp(x)``.
    """
    return run(_exp, _float_input(check_tensor(x, "exp"), "exp"))


def log(x: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """Natural logarithm, elementwise.

    Shapes: ``x: (...)`` -> same shape as ``x``.

    PyTorch: ``torch.log(x)``.
    """
    return run(_log, _float_input(check_tensor(x, "log"), "log"))


def sqrt(x: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """Square root, elementwise.

    Shapes: ``x: (...)`` -> same shape as ``x``.

    PyTorch: ``torch.sqrt(x)``.
    """
    return run(_sqrt, _float_input(check_tensor(x, "sqrt"), "sqrt"))


def square(x: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """``x * x``, elementwise.

    Shapes: ``x: (...)`` -> same shape as ``x``.

    PyTorch: ``torch.square(x)``.
    """
    return pow(x, 2)


def abs(x: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """``|x|``, elementwise (gradient 0 at 0, as PyTorch).

    Shapes: ``x: (...)`` -> same shape as ``x``.

    PyTorch: ``torch.abs(x)``.
    """
    return run(_abs, check_tensor(x, "abs"))


def sin(x: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """Sine, elementwise.

    Shapes: ``x: (...)`` -> same shape as ``x``.

    PyTorch: ``torch.sin(x)``.
    """
    return run(_sin, _float_input(check_tensor(x, "sin"), "sin"))


def cos(x: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """Cosine, elementwise.

    Shapes: ``x: (...)`` -> same shape as ``x``.

    PyTorch: ``torch.cos(x)``.
    """
    return run(_cos, _float_input(check_tensor(x, "cos"), "cos"))


def tanh(x: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """Hyperbolic tangent, elementwise.

    Shapes: ``x: (...)`` -> same shape as ``x``.

    PyTorch: ``torch.tanh(x)``.
    """
    return run(_tanh, _float_input(check_tensor(x, "tanh"), "tanh"))


def sigmoid(x: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """``1 / (1 + e**-x)``, elementwise, stable for large ``|x|``.

    Shapes: ``x: (...)`` -> same shape as ``x``.

    PyTorch: ``torch.sigmoid(x)``.
    """
    return run(_sigmoid, _float_input(check_tensor(x, "sigmoid"), "sigmoid"))


def relu(x: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """``max(x, 0)``, elementwise (gradient 0 at 0).

    Shapes: ``x: (...)`` -> same shape as ``x``.

    PyTorch: ``torch.relu(x)``.
    """
    return run(_relu, check_tensor(x, "relu"))


def gelu(x: Tensor[Any, Any], approximate: str = "none") -> Tensor[Any, Any]:
    """GELU, exact (``approximate="none"``, erf form) or ``"tanh"``.

    Shapes: ``x: (...)`` -> same shape as ``x``.

    PyTorch: ``torch.nn.functional.gelu(x, approximate=...)``.
    """
    if approximate not in ("none", "tanh"):
        raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")
    return run(_gelu, _float_input(check_tensor(x, "gelu"), "gelu"), approximate=approximate)


def leaky_relu(x: Tensor[Any, Any], negative_slope: float = 0.01) -> Tensor[Any, Any]:
    """``x if x > 0 else negative_slope * x``, elementwise.

    Shapes: ``x: (...)`` -> same shape as ``x``.

    PyTorch: ``F.leaky_relu(x, negative_slope)``.
    """
    _real("leaky_relu", "negative_slope", negative_slope)
    return run(_leaky_relu, check_tensor(x, "leaky_relu"), negative_slope=negative_slope)


def clamp(x: Tensor[Any, Any], min: float | None = None, max: float | None = None) -> Tensor[Any, Any]:
    """Limit to ``[min, max]`` (either bound may be None).

    Shapes: ``x: (...)`` -> same shape as ``x``.

    The gradient passes where ``min <= x <= max``.

    PyTorch: ``torch.clamp(x, min, max)``.
    """
    for name, bound in (("min", min), ("max", max)):
        if bound is not None:
            _real("clamp", name, bound)
    return run(_clamp, check_tensor(x, "clamp"), min=min, max=max)


def recip(x: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """``1 / x``, elementwise.

    Shapes: ``x: (...)`` -> same shape as ``x``.

    PyTorch: ``torch.reciprocal(x)``.
    """
    return div(1.0, check_tensor(x, "recip"))


def pow(x: Tensor[Any, Any], exponent: float) -> Tensor[Any, Any]:
    """``x ** exponent`` for a Python-number exponent.

    Shapes: ``x: (...)`` -> same shape as ``x``.

    PyTorch: ``torch.pow(x, exponent)``.
    """
    if not isinstance(exponent, (int, float)):
        raise TypeError(f"pow: the exponent must be a Python number, got {type(exponent).__name__}")
    return run(_pow, check_tensor(x, "pow"), exponent=exponent)


def _real(op: str, name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{op}: {name} must be a real number, got {type(value).__name__} {value!r}")


# --- binary primitives with numpy broadcasting ------------------------------------------------------

_add = primitive(
    "add", xp.add, shapes.broadcast, lambda g, ans, a, b: g, lambda g, ans, a, b: g, unbroadcast=True
)
_sub = primitive(
    "sub", xp.subtract, shapes.broadcast, lambda g, ans, a, b: g, lambda g, ans, a, b: -g,
    unbroadcast=True,
)
_mul = primitive(
    "mul", xp.multiply, shapes.broadcast,
    lambda g, ans, a, b: g * b, lambda g, ans, a, b: g * a, unbroadcast=True,
)
_div = primitive(
    "div", xp.divide, shapes.broadcast,
    lambda g, ans, a, b: g / b, lambda g, ans, a, b: -g * ans / b, unbroadcast=True,
)


def _tie_share(g: Array, a: Array, b: Array, picked: Array) -> Array:
    # PyTorch's maximum/minimum give each side half the gradient on a tie.
    return g * xp.where(a == b, 0.5, picked.astype(g.dtype))


_maximum = primitive(
    "maximum", xp.maximum, shapes.broadcast,
    lambda g, ans, a, b: _tie_share(g, a, b, xp.asarray(a > b)),
    lambda g, ans, a, b: _tie_share(g, a, b, xp.asarray(b > a)),
    unbroadcast=True,
)
_minimum = primitive(
    "minimum", xp.minimum, shapes.broadcast,
    lambda g, ans, a, b: _tie_share(g, a, b, xp.asarray(a < b)),
    lambda g, ans, a, b: _tie_share(g, a, b, xp.asarray(b < a)),
    unbroadcast=True,
)


def _binary(prim: Any, op: str, a: Any, b: Any) -> Tensor[Any, Any]:
    # The common cases (tensor with tensor, tensor with a Python int or float) go straight to the
    # registry: every operator of a model comes through here. (``bool`` is not ``int`` by type.)
    ta, tb = type(a), type(b)
    if (ta is Tensor and (tb is Tensor or tb is float or tb is int)) or (
        tb is Tensor and (ta is float or ta is int)
    ):
        return apply(prim, (a, b), {})
    a = as_tensor_or_scalar(a, op)
    b = as_tensor_or_scalar(b, op)
    if not isinstance(a, Tensor) and not isinstance(b, Tensor):
        raise TypeError(f"{op}: at least one operand must be a Tensor")
    return run(prim, a, b)


def add(a: Any, b: Any) -> Tensor[Any, Any]:
    """``a + b`` with numpy broadcasting.

    Shapes: ``a: (...)``, ``b: (...)`` -> their broadcast shape (``(B, 1)`` and ``(1, N)`` give
    ``(B, N)``); either may be a Python number.

    PyTorch: ``torch.add(a, b)``.
    """
    return _binary(_add, "add", a, b)


def sub(a: Any, b: Any) -> Tensor[Any, Any]:
    """``a - b`` with numpy broadcasting.

    Shapes: ``a: (...)``, ``b: (...)`` -> their broadcast shape (``(B, 1)`` and ``(1, N)`` give
    ``(B, N)``); either may be a Python number.

    PyTorch: ``torch.sub(a, b)``.
    """
    return _binary(_sub, "sub", a, b)


def mul(a: Any, b: Any) -> Tensor[Any, Any]:
    """``a * b`` with numpy broadcasting.

    Shapes: ``a: (...)``, ``b: (...)`` -> their broadcast shape (``(B, 1)`` and ``(1, N)`` give
    ``(B, N)``); either may be a Python number.

    PyTorch: ``torch.mul(a, b)``.
    """
    return _binary(_mul, "mul", a, b)


def div(a: Any, b: Any) -> Tensor[Any, Any]:
    """``a / b`` with numpy broadcasting.

    Shapes: ``a: (...)``, ``b: (...)`` -> their broadcast shape (``(B, 1)`` and ``(1, N)`` give
    ``(B, N)``); either may be a Python number.

    PyTorch: ``torch.div(a, b)``.
    """
    return _binary(_div, "div", a, b)


def maximum(a: Any, b: Any) -> Tensor[Any, Any]:
    """Elementwise maximum with numpy broadcasting (ties share the gradient).

    Shapes: ``a: (...)``, ``b: (...)`` -> their broadcast shape (``(B, 1)`` and ``(1, N)`` give
    ``(B, N)``); either may be a Python number.

    PyTorch: ``torch.maximum(a, b)``.
    """
    return _binary(_maximum, "maximum", a, b)


def minimum(a: Any, b: Any) -> Tensor[Any, Any]:
    """Elementwise minimum with numpy broadcasting (ties share the gradient).

    Shapes: ``a: (...)``, ``b: (...)`` -> their broadcast shape (``(B, 1)`` and ``(1, N)`` give
    ``(B, N)``); either may be a Python number.

    PyTorch: ``torch.minimum(a, b)``.
    """
    return _binary(_minimum, "minimum", a, b)


_astype = primitive(
    "astype",
    lambda x, dtype: x.astype(dtype),
    None,
    lambda g, ans, x, dtype: g.astype(x.dtype),
)


def astype(x: Tensor[Any, Any], dtype: Any) -> Tensor[Any, Any]:
    """The same values in another dtype (``float32``/``float64``/ints).

    Shapes: ``x: (...)`` -> same shape as ``x``.

    Gradients flow back in ``x``'s dtype.

    PyTorch: ``x.to(dtype)``.
    """
    return run(_astype, check_tensor(x, "astype"), dtype=_dtype("astype", dtype))
