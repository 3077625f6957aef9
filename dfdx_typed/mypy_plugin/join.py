"""``concat``, ``stack`` and ``split``.

The tensors of ``concat([a, b])`` are read one by one: from a tuple's item types, or from the type
mypy inferred for each item of a list literal (the list's own type has joined them into one). A
``split`` result is a list, so every chunk gets one type: dims on which the chunks agree are kept,
the others are ``int``.
"""

from __future__ import annotations

from mypy.nodes import ListExpr, StarExpr, TupleExpr
from mypy.types import AnyType, Instance, TupleType, Type, TypeOfAny, get_proper_type

from dfdx_typed import shapes
from dfdx_typed.shapes.dims import UNKNOWN, Dim, Shape, definitely_equal
from dfdx_typed.shapes.errors import Undetermined

from .args import Call, dims_value, int_param, literal_int_expr
from .convert import Unsupported, dim_of, is_tensor, literal_int, shape_of, tape_arg, tensor_type
from .hooks import OpHook, SignatureHook
from .tape import erase_overload_item, join_tapes


def _tensor_types(call: Call) -> list[Type]:
    typ, expr = call.actual(0) or (None, None)
    if typ is None:
        raise Unsupported("no tensors")
    t = get_proper_type(typ)
    if isinstance(t, TupleType):
        items = list(t.items)
    elif isinstance(expr, (ListExpr, TupleExpr)):
        if any(isinstance(e, StarExpr) for e in expr.items):
            raise Unsupported("unpacking in the tensor list")
        found = [call.expression_type(e) for e in expr.items]
        if any(f is None for f in found):
            raise Unsupported("an item type is not known")
        items = [f for f in found if f is not None]
    else:
        # A list held in a variable: its length is not known, its element type (and tape) is.
        if isinstance(t, Instance) and len(t.args) == 1 and is_tensor(t.args[0]):
            call.tape = tape_arg(t.args[0])
        raise Unsupported("tensors not given as a literal list or tuple")
    if not all(is_tensor(i) for i in items):
        # The result's tape is still known when a traced tensor is among the items.
        tapes = [tape_arg(i) if is_tensor(i) else AnyType(TypeOfAny.special_form) for i in items]
        call.tape = join_tapes(call.make, tapes)
        raise Unsupported("a non-tensor item")
    return items


def _joiner(op: str) -> OpHook:
    rule = shapes.concat if op == "concat" else shapes.stack

    def hook(call: Call) -> Type:
        items = _tensor_types(call)
        call.tape = join_tapes(call.make, [tape_arg(i) for i in items])
        got = [shape_of(i, call.symbols) for i in items]
        axis = int_param(call, "axis", 0)
        if any(s is None for s in got):
            shape = None
        else:
            shape = rule(op, [s for s in got if s is not None], axis)
        return tensor_type(call.make, call.symbols, shape, call.tape, call.default)

    hook.__name__ = op
    return hook


def _sections(call: Call) -> int | list[Dim]:
    typ, expr = call.actual("split_size_or_sections") or (None, None)
    if typ is None:
        raise Unsupported("no split size")
    size = literal_int(typ)
    if size is not None:
        return size
    t = get_proper_type(typ)
    if isinstance(t, TupleType):
        return list(dims_value(t, call.symbols))
    if isinstance(expr, ListExpr):
        out: list[Dim] = []
        for e in expr.items:
            if isinstance(e, StarExpr):
                raise Unsupported("unpacking in the section sizes")
            value = literal_int_expr(e)
            item_type = call.expression_type(e)
            if value is not None:
                out.append(value)
            elif item_type is not None:
                out.append(dim_of(item_type, call.symbols))
            else:
                raise Unsupported("section size not readable")
        return out
    raise Unsupported("split sizes not known statically")


def _agreed(parts: list[Shape]) -> Shape:
    """One shape for every chunk: a dim the chunks agree on is kept, any other is ``int``."""
    first = parts[0]
    return tuple(
        d if all(definitely_equal(d, p[i]) for p in parts) else UNKNOWN for i, d in enumerate(first)
    )


def split(call: Call) -> Type:
    x = call.type_of(0)
    shape = shape_of(x, call.symbols)
    if shape is None:
        raise Unsupported("unknown rank")
    axis = int_param(call, "axis", 0)
    sections = _sections(call)
    try:
        parts = shapes.split("split", shape, sections, axis)
    except Undetermined:
        # The number of chunks is not known (a symbolic axis split in fixed sizes): the other
        # dims still are.
        ax = shapes.normalize_axis("split", shape, axis)
        parts = [shape[:ax] + (UNKNOWN,) + shape[ax + 1 :]]
    if not parts:
        raise Unsupported("no chunks")
    default = get_proper_type(call.default)
    default_chunk = default.args[0] if isinstance(default, Instance) and len(default.args) == 1 else default
    chunk = tensor_type(call.make, call.symbols, _agreed(parts), tape_arg(x), default_chunk)
    return call.make.instance("builtins.list", [chunk])


FUNCTIONS: dict[str, OpHook] = {
    "join.concat": _joiner("concat"),
    "join.stack": _joiner("stack"),
    "join.split": split,
}
# The stubs type concat and stack with overloads on the tapes: see erase_overload_item.
FUNCTION_SIGNATURES: dict[str, SignatureHook] = {
    "join.concat": erase_overload_item, "join.stack": erase_overload_item
}
