"""Reductions (``sum mean max min var std logsumexp``) and single-axis ops (``softmax log_softmax
normalize``): literal axes (int, tuple, negative, ``Final``), ``keepdims``, axis validity."""

from __future__ import annotations

from mypy.types import Type

from dfdx_typed import shapes

from .args import Call, axis_param, bool_param
from .convert import NONE_TAPE, Unsupported, shape_of, tape_arg, tensor_type
from .hooks import OpHook


def _reduction(op: str) -> OpHook:
    def hook(call: Call) -> Type:
        x = call.type_of(0)
        call.tape = tape_arg(x)
        shape = shape_of(x, call.symbols)
        if shape is None:
            raise Unsupported("unknown rank")
        axis = axis_param(call, "axis", None)
        try:
            keepdims = bool_param(call, "keepdims", False)
        except Unsupported:
            # Which axes are valid does not depend on keepdims; only the result's rank does.
            shapes.reduce(op, shape, axis, False)
            raise
        result = shapes.reduce(op, shape, axis, keepdims)
        return tensor_type(call.make, call.symbols, result, call.tape, call.default)

    hook.__name__ = op
    return hook


def _arg_reduction(op: str) -> OpHook:
    """``argmax``/``argmin``: one axis or ``None``; the result is an untraced index tensor."""

    def hook(call: Call) -> Type:
        x = call.type_of(0)
        call.tape = call.make.instance(NONE_TAPE, [])
        shape = shape_of(x, call.symbols)
        if shape is None:
            raise Unsupported("unknown rank")
        axis = axis_param(call, "axis", None)
        if isinstance(axis, tuple):
            raise Unsupported("a tuple of axes (the stub rejects it)")
        try:
            keepdims = bool_param(call, "keepdims", False)
        except Unsupported:
            shapes.arg_reduce(op, shape, axis, False)  # axis errors do not depend on keepdims
            raise
        result = shapes.arg_reduce(op, shape, axis, keepdims)
        return tensor_type(call.make, call.symbols, result, call.tape, call.default)

    hook.__name__ = op
    return hook


def _same_axis(op: str) -> OpHook:
    def hook(call: Call) -> Type:
        x = call.type_of(0)
        shape = shape_of(x, call.symbols)
        if shape is None:
            raise Unsupported("unknown rank")
        shapes.same_axis(op, shape, int_axis(call))
        # The result is the operand's own type: same shape, same tape.
        return x

    hook.__name__ = op
    return hook


def int_axis(call: Call) -> int:
    axis = axis_param(call, "axis", -1)
    if not isinstance(axis, int):
        raise Unsupported("axis is not a literal int")
    return axis


_REDUCTIONS = ("sum", "mean", "max", "min", "var", "std", "logsumexp")
_SAME_AXIS = ("softmax", "log_softmax", "normalize")

METHODS: dict[str, OpHook] = {}
FUNCTIONS: dict[str, OpHook] = {}
for _op in _REDUCTIONS:
    METHODS[_op] = FUNCTIONS[f"reduce.{_op}"] = _reduction(_op)
for _op in _SAME_AXIS:
    METHODS[_op] = FUNCTIONS[f"reduce.{_op}"] = _same_axis(_op)
for _op in ("argmax", "argmin"):
    METHODS[_op] = FUNCTIONS[f"select.{_op}"] = _arg_reduction(_op)
