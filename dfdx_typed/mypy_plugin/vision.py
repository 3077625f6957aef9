"""Convolution, pooling, resizing and padding: ``conv1d conv2d conv_transpose2d max_pool2d avg_pool2d
adaptive_avg_pool2d global_avg_pool2d global_max_pool2d upscale2d pad``.

Output sizes come from the rules in :mod:`dfdx_typed.shapes.conv` (``(L + 2P - D(K - 1) - 1)//S + 1``
on literal or symbolic sizes), called with the literal parameters of the call exactly as the run time
passes them. A convolution's result is traced when its input, weight or bias is; the others keep
their input's tape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mypy.types import Type

from dfdx_typed import shapes
from dfdx_typed.shapes.dims import Shape

from .args import NO_DEFAULT, Call, is_none
from .convert import Unsupported, is_tensor, shape_of, tape_arg, tensor_type
from .hooks import OpHook, SignatureHook
from .literals import value
from .tape import erase_overload_item, join_tapes


def _optional_tensor(call: Call, key: str) -> Type | None:
    got = call.actual(key)
    if got is None or is_none(got[0]):
        return None
    if not is_tensor(got[0]):
        raise Unsupported(f"{key} is not a tensor")
    return got[0]


def _shape(call: Call, typ: Type) -> Shape:
    shape = shape_of(typ, call.symbols)
    if shape is None:
        raise Unsupported("unknown rank")
    return shape


_CONV_PARAMS = {
    "conv1d": {"stride": 1, "padding": 0, "dilation": 1, "groups": 1},
    "conv2d": {"stride": 1, "padding": 0, "dilation": 1, "groups": 1},
    "conv_transpose2d": {"stride": 1, "padding": 0, "output_padding": 0, "dilation": 1, "groups": 1},
}


def _conv(op: str) -> OpHook:
    rule: Callable[..., Shape] = getattr(shapes, op)

    def hook(call: Call) -> Type:
        x, weight, bias = call.type_of("x"), call.type_of("weight"), _optional_tensor(call, "bias")
        operands = [x, weight] if bias is None else [x, weight, bias]
        if not all(is_tensor(t) for t in operands):
            raise Unsupported("an operand is not a tensor")
        call.tape = join_tapes(call.make, [tape_arg(t) for t in operands])
        params = {k: value(call, k, d) for k, d in _CONV_PARAMS[op].items()}
        bias_shape = None if bias is None else _shape(call, bias)
        out = rule(op, _shape(call, x), _shape(call, weight), bias_shape, **params)
        return tensor_type(call.make, call.symbols, out, call.tape, call.default)

    hook.__name__ = op
    return hook


def _unary(op: str, params: dict[str, Any], rule: Callable[..., Shape]) -> OpHook:
    """An op on one tensor ``x`` with literal parameters (in the rule's positional order)."""

    def hook(call: Call) -> Type:
        x = call.type_of("x")
        call.tape = tape_arg(x)
        args = [value(call, k, d) for k, d in params.items()]
        out = rule(op, _shape(call, x), *args)
        return tensor_type(call.make, call.symbols, out, call.tape, call.default)

    hook.__name__ = op
    return hook


FUNCTIONS: dict[str, OpHook] = {
    "conv.conv1d": _conv("conv1d"),
    "conv.conv2d": _conv("conv2d"),
    "conv.conv_transpose2d": _conv("conv_transpose2d"),
    "pool.max_pool2d": _unary(
        "max_pool2d",
        {"kernel_size": NO_DEFAULT, "stride": None, "padding": 0, "dilation": 1},
        shapes.max_pool2d,
    ),
    "pool.avg_pool2d": _unary(
        "avg_pool2d",
        {"kernel_size": NO_DEFAULT, "stride": None, "padding": 0, "count_include_pad": True},
        shapes.avg_pool2d,
    ),
    "pool.adaptive_avg_pool2d": _unary(
        "adaptive_avg_pool2d", {"output_size": NO_DEFAULT}, shapes.adaptive_avg_pool2d
    ),
    "pool.global_avg_pool2d": _unary("global_avg_pool2d", {}, shapes.global_pool2d),
    "pool.global_max_pool2d": _unary("global_max_pool2d", {}, shapes.global_pool2d),
    "pool.upscale2d": _unary(
        "upscale2d",
        {"size": None, "scale_factor": None, "mode": "nearest", "align_corners": None},
        shapes.upscale2d,
    ),
    "pool.pad": _unary("pad", {"pad": NO_DEFAULT, "mode": "constant", "value": 0.0}, shapes.pad),
}
# The stubs type the convolutions with overloads on the tapes: see erase_overload_item.
FUNCTION_SIGNATURES: dict[str, SignatureHook] = {
    "conv.conv1d": erase_overload_item,
    "conv.conv2d": erase_overload_item,
    "conv.conv_transpose2d": erase_overload_item,
}
