"""``x[index]``: ints, slices, ``None`` and ``...``. Literal slice bounds give literal dims; a bound
that is only known to be an ``int`` gives an ``int`` dim; an int index out of range is an error.

The index is read from the source expression (a slice's bounds have no literal type of their own),
taking each part's type from what mypy already inferred for it.
"""

from __future__ import annotations

from mypy.nodes import EllipsisExpr, Expression, SliceExpr, TupleExpr
from mypy.types import Instance, TupleType, Type, get_proper_type

from dfdx_typed import shapes
from dfdx_typed.shapes.dims import UNKNOWN, Unknown
from dfdx_typed.shapes.index import IndexItem

from .args import Call, is_none, is_plain_int, literal_int_expr
from .convert import Unsupported, literal_int, shape_of, tape_arg, tensor_type
from .hooks import OpHook


def _int_item(call: Call, expr: Expression | None, typ: Type | None) -> int | Unknown:
    """An int index (or slice bound): its literal value, UNKNOWN for a plain ``int``."""
    if typ is not None:
        value = literal_int(typ)
        if value is not None:
            return value
    if expr is not None:
        value = literal_int_expr(expr)
        if value is not None:
            return value
    if typ is not None and is_plain_int(typ):
        return UNKNOWN
    raise Unsupported("index item is not an int")


def _bound(call: Call, expr: Expression | None) -> int | Unknown | None:
    if expr is None:
        return None
    typ = call.expression_type(expr)
    if typ is not None and is_none(typ):
        return None
    return _int_item(call, expr, typ)


def _item(call: Call, expr: Expression | None, typ: Type | None) -> IndexItem:
    if isinstance(expr, SliceExpr):
        return slice(_bound(call, expr.begin_index), _bound(call, expr.end_index), _bound(call, expr.stride))
    if isinstance(expr, EllipsisExpr):
        return Ellipsis
    if typ is not None:
        t = get_proper_type(typ)
        if is_none(t):
            return None
        name = t.type.fullname if isinstance(t, Instance) else ""
        if name in ("builtins.ellipsis", "types.EllipsisType"):
            return Ellipsis
        if name == "builtins.slice":
            raise Unsupported("a slice object whose bounds are not visible")
    return _int_item(call, expr, typ)


def _index(call: Call) -> tuple[IndexItem, ...]:
    typ, expr = call.actual(1) or (None, None)
    if typ is None:
        raise Unsupported("no index")
    if isinstance(expr, TupleExpr):
        t = get_proper_type(typ)
        types: list[Type | None] = list(t.items) if isinstance(t, TupleType) else [None] * len(expr.items)
        if len(types) != len(expr.items):
            raise Unsupported("index tuple with unpacking")
        return tuple(_item(call, e, ty) for e, ty in zip(expr.items, types))
    t = get_proper_type(typ)
    if isinstance(t, TupleType) and not isinstance(expr, SliceExpr):
        # A tuple held in a variable: only its item types are visible.
        return tuple(_item(call, None, ty) for ty in t.items)
    return (_item(call, expr, typ),)


def getitem(call: Call) -> Type:
    x = call.type_of(0)
    call.tape = tape_arg(x)
    shape = shape_of(x, call.symbols)
    if shape is None:
        raise Unsupported("unknown rank")
    result = shapes.getitem("getitem", shape, _index(call))
    return tensor_type(call.make, call.symbols, result, call.tape, call.default)


METHODS: dict[str, OpHook] = {"__getitem__": getitem}
FUNCTIONS: dict[str, OpHook] = {"index.getitem": getitem}
