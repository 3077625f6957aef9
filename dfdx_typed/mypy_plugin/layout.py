"""Ops that rearrange a tensor: ``permute transpose .T .mT reshape flatten squeeze unsqueeze realize
broadcast_to``. Unary: the result keeps the operand's tape."""

from __future__ import annotations

from collections.abc import Callable

from mypy.types import Type

from dfdx_typed import shapes
from dfdx_typed.shapes.dims import Shape

from .args import Call, axis_param, dims_value, int_param, int_value
from .convert import Unsupported, shape_of, tape_arg, tensor_type
from .hooks import OpHook


def _unary(name: str, compute: Callable[[Call, Shape], Shape]) -> OpHook:
    """A hook that reads the operand (slot 0), computes its new shape, and keeps its tape."""

    def hook(call: Call) -> Type:
        x = call.type_of(0)
        call.tape = tape_arg(x)
        shape = shape_of(x, call.symbols)
        if shape is None:
            raise Unsupported("unknown rank")
        return tensor_type(call.make, call.symbols, compute(call, shape), call.tape, call.default)

    hook.__name__ = name
    return hook


def _permute(call: Call, shape: Shape) -> Shape:
    axes = tuple(int_value(t) for t in call.varargs("axes"))
    return shapes.permute("permute", shape, axes)


def _transpose(call: Call, shape: Shape) -> Shape:
    return shapes.transpose("transpose", shape, int_param(call, "axis0"), int_param(call, "axis1"))


def _reshape(call: Call, shape: Shape) -> Shape:
    return shapes.reshape("reshape", shape, dims_value(call.type_of("shape"), call.symbols))


def _flatten(call: Call, shape: Shape) -> Shape:
    return shapes.flatten("flatten", shape, int_param(call, "start_dim", 0), int_param(call, "end_dim", -1))


def _squeeze(call: Call, shape: Shape) -> Shape:
    return shapes.squeeze("squeeze", shape, axis_param(call, "axis", None))


def _unsqueeze(call: Call, shape: Shape) -> Shape:
    axis = axis_param(call, "axis")
    if axis is None:
        raise Unsupported("unsqueeze(None)")
    return shapes.unsqueeze("unsqueeze", shape, axis)


def _realize(call: Call, shape: Shape) -> Shape:
    return shapes.realize("realize", shape, dims_value(call.type_of("shape"), call.symbols))


def _broadcast_to(call: Call, shape: Shape) -> Shape:
    return shapes.broadcast_to("broadcast_to", shape, dims_value(call.type_of("shape"), call.symbols))


def _triangle(op: str) -> OpHook:
    """``tril``/``triu``: the operand's own type, once its rank is checked (at least 2)."""

    def hook(call: Call) -> Type:
        x = call.type_of(0)
        shape = shape_of(x, call.symbols)
        if shape is None:
            raise Unsupported("unknown rank")
        shapes.triangle(op, shape)
        return x

    hook.__name__ = op
    return hook


permute = _unary("permute", _permute)
transpose = _unary("transpose", _transpose)
reshape = _unary("reshape", _reshape)
flatten = _unary("flatten", _flatten)
squeeze = _unary("squeeze", _squeeze)
unsqueeze = _unary("unsqueeze", _unsqueeze)
realize = _unary("realize", _realize)
broadcast_to = _unary("broadcast_to", _broadcast_to)
T = _unary("T", lambda call, shape: shapes.T("T", shape))
mT = _unary("mT", lambda call, shape: shapes.mT("mT", shape))

METHODS: dict[str, OpHook] = {
    "permute": permute,
    "transpose": transpose,
    "reshape": reshape,
    "flatten": flatten,
    "squeeze": squeeze,
    "unsqueeze": unsqueeze,
    "realize": realize,
    "broadcast_to": broadcast_to,
    "tril": _triangle("tril"),
    "triu": _triangle("triu"),
}
ATTRIBUTES: dict[str, OpHook] = {"T": T, "mT": mT}
FUNCTIONS: dict[str, OpHook] = {
    "shape_ops.permute": permute,
    "shape_ops.transpose": transpose,
    "shape_ops.reshape": reshape,
    "shape_ops.flatten": flatten,
    "shape_ops.squeeze": squeeze,
    "shape_ops.unsqueeze": unsqueeze,
    "shape_ops.realize": realize,
    "shape_ops.broadcast_to": broadcast_to,
    "shape_ops.matrix_transpose": mT,
    "select.tril": _triangle("tril"),
    "select.triu": _triangle("triu"),
}
