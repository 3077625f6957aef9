"""Constructors put literal shapes in: ``zeros((2, 3))`` is ``Tensor[tuple[L[2], L[3]]]``.

``zeros ones full rand randn`` take a shape (a literal int or tuple of dims: literals, TypeVar dims such
as ``x.shape[0]``, or ``int``); ``tensor`` reads the nesting of a list literal; ``arange`` reads literal
numbers; ``eye`` reads dims. Every constructor's result is untraced.
"""

from __future__ import annotations

from mypy.nodes import Expression, ListExpr, TupleExpr
from mypy.types import Type

from dfdx_typed import shapes
from dfdx_typed.shapes.dims import UNKNOWN, Dim

from .args import Call, dims_value, is_none, literal_number_expr
from .convert import NONE_TAPE, Unsupported, dim_of, is_number, literal_int, tensor_type
from .hooks import OpHook


def _untraced(call: Call, shape: tuple[Dim, ...]) -> Type:
    return tensor_type(call.make, call.symbols, shape, call.make.instance(NONE_TAPE, []), call.default)


def _filled(op: str) -> OpHook:
    def hook(call: Call) -> Type:
        return _untraced(call, shapes.new_shape(op, dims_value(call.type_of("shape"), call.symbols)))

    hook.__name__ = op
    return hook


class _Leaf:
    """A number in a nested list literal (what it is does not matter to the shape)."""


def _nesting(call: Call, expr: Expression) -> object:
    """The list literal with every number replaced by a leaf, for ``nested_shape``."""
    if isinstance(expr, (ListExpr, TupleExpr)):
        return [_nesting(call, e) for e in expr.items]
    typ = call.expression_type(expr)
    if typ is None or not is_number(typ):
        # A variable holding a list (or an array) hides its nesting.
        raise Unsupported("a list item that is not a number")
    return _Leaf()


def tensor(call: Call) -> Type:
    got = call.actual("data")
    if got is None or got[1] is None:
        raise Unsupported("no data")
    if not isinstance(got[1], (ListExpr, TupleExpr)) and not is_number(got[0]):
        raise Unsupported("data is neither a list literal nor a number")
    return _untraced(call, shapes.nested_shape("tensor", _nesting(call, got[1])))


def _number_param(call: Call, key: str, default: int | float | None) -> int | float | None:
    got = call.actual(key)
    if got is None:
        return default
    typ, expr = got
    if is_none(typ):
        return None
    value: int | float | None = literal_int(typ)
    if value is None and expr is not None:
        value = literal_number_expr(expr)
    if value is None:
        raise Unsupported(f"{key} is not a literal number")
    return value


def arange(call: Call) -> Type:
    try:
        start = _number_param(call, "start", None)
        stop = _number_param(call, "stop", None)
        step = _number_param(call, "step", 1)
    except Unsupported:
        return _untraced(call, (UNKNOWN,))
    if start is None or step is None:
        raise Unsupported("arange(None)")
    return _untraced(call, shapes.arange("arange", start, stop, step))


def eye(call: Call) -> Type:
    n = dim_of(call.type_of("n"), call.symbols)
    got = call.actual("m")
    m = None if got is None or is_none(got[0]) else dim_of(got[0], call.symbols)
    return _untraced(call, shapes.eye("eye", n, m))


FUNCTIONS: dict[str, OpHook] = {
    **{f"creation.{op}": _filled(op) for op in ("zeros", "ones", "full", "rand", "randn")},
    "creation.tensor": tensor,
    "creation.arange": arange,
    "creation.eye": eye,
}
