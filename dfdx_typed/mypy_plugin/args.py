"""One view of a call for every hook: method, function and attribute calls alike.

A method call ``x.sum(axis=1)`` and a function call ``dt.sum(x, axis=1)`` become the same thing:
slot 0 is the tensor operand, and the other parameters are found by name (stubs keep the runtime's
parameter names, which ``stubtest`` checks) or by position. Readers here turn argument types into
the plain values a shape rule takes (literal ints, axis tuples, bools, dims) and raise
:class:`Unsupported` whenever an argument is not statically known, so the hook stays silent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mypy.nodes import (
    ARG_NAMED,
    ARG_POS,
    ArgKind,
    Context,
    Expression,
    FloatExpr,
    IntExpr,
    MemberExpr,
    NameExpr,
    SymbolTableNode,
    UnaryExpr,
    Var,
)
from mypy.plugin import AttributeContext, CheckerPluginInterface, FunctionContext, MethodContext
from mypy.types import Instance, NoneType, TupleType, Type, get_proper_type

from dfdx_typed.shapes.dims import Dim

from .convert import TENSOR, Maker, Symbols, Unsupported, literal_int, shape_of_tuple

NO_DEFAULT: Any = object()

Lookup = Callable[[str], SymbolTableNode | None]


@dataclass
class Call:
    """A call (or attribute access) seen by a hook: formal parameters by slot, each with the actual
    arguments' types, expressions and kinds; slot 0 is the tensor operand."""

    api: CheckerPluginInterface
    make: Maker
    context: Context
    default: Type
    names: list[str | None]
    types: list[list[Type]]
    exprs: list[list[Expression]]
    kinds: list[list[ArgKind]]
    symbols: Symbols = field(default_factory=Symbols)
    tape: Type | None = None
    """The result's tape, once the hook knows it: kept even when the shape cannot be known."""

    def fallback(self) -> Type:
        """mypy's default type, with the tape the hook found (the stub may not know it)."""
        d = get_proper_type(self.default)
        if self.tape is None or not (isinstance(d, Instance) and d.type.fullname == TENSOR):
            return self.default
        return d.copy_modified(args=[d.args[0], self.tape])

    @classmethod
    def of_method(cls, ctx: MethodContext, lookup: Lookup) -> Call:
        """Slot 0 is the receiver (``self``); the method's own parameters follow."""
        return cls(
            ctx.api,
            Maker(ctx.api, lookup),
            ctx.context,
            ctx.default_return_type,
            ["self", *ctx.callee_arg_names],
            [[ctx.type], *ctx.arg_types],
            [[], *ctx.args],
            [[ARG_POS], *ctx.arg_kinds],
        )

    @classmethod
    def of_function(cls, ctx: FunctionContext, lookup: Lookup) -> Call:
        return cls(
            ctx.api,
            Maker(ctx.api, lookup),
            ctx.context,
            ctx.default_return_type,
            list(ctx.callee_arg_names),
            list(ctx.arg_types),
            list(ctx.args),
            list(ctx.arg_kinds),
        )

    @classmethod
    def of_attribute(cls, ctx: AttributeContext, lookup: Lookup) -> Call:
        return cls(
            ctx.api,
            Maker(ctx.api, lookup),
            ctx.context,
            ctx.default_attr_type,
            ["self"],
            [[ctx.type]],
            [[]],
            [[ARG_POS]],
        )

    def _slot(self, key: int | str) -> int | None:
        if isinstance(key, int):
            return key if key < len(self.types) else None
        return self.names.index(key) if key in self.names else None

    def actual(self, key: int | str) -> tuple[Type, Expression | None] | None:
        """The one argument given for a parameter, or None when it was left to its default."""
        i = self._slot(key)
        if i is None or not self.types[i]:
            return None
        if len(self.types[i]) != 1 or self.kinds[i][0] not in (ARG_POS, ARG_NAMED):
            raise Unsupported(f"argument {key} is not a single plain argument")
        expr = self.exprs[i][0] if self.exprs[i] else None
        return self.types[i][0], expr

    def type_of(self, key: int | str) -> Type:
        got = self.actual(key)
        if got is None:
            raise Unsupported(f"argument {key} missing")
        return got[0]

    def varargs(self, key: int | str) -> list[Type]:
        """The arguments given for a ``*args`` parameter, each passed positionally."""
        i = self._slot(key)
        if i is None:
            raise Unsupported(f"no parameter {key}")
        if any(k != ARG_POS for k in self.kinds[i]):
            raise Unsupported(f"*{key} given with unpacking")
        return list(self.types[i])

    def expression_type(self, expr: Expression) -> Type | None:
        """The type mypy already inferred for a sub-expression (an item of a list literal)."""
        lookup = getattr(self.api, "lookup_type_or_none", None)
        if lookup is None:
            return None
        found = lookup(expr)
        return found if found is None or isinstance(found, Type) else None


# --- readers --------------------------------------------------------------------------------------


def is_none(typ: Type) -> bool:
    return isinstance(get_proper_type(typ), NoneType)


def is_plain_int(typ: Type) -> bool:
    """An ``int`` (or subclass, e.g. a TypeVar-free dim marker) whose value is not known."""
    t = get_proper_type(typ)
    if not isinstance(t, Instance):
        return False
    return t.type.has_base("builtins.int") and not t.type.has_base("builtins.bool")


def int_value(typ: Type) -> int:
    value = literal_int(typ)
    if value is None:
        raise Unsupported("not a literal int")
    return value


def int_param(call: Call, key: int | str, default: int = NO_DEFAULT) -> int:
    got = call.actual(key)
    if got is None:
        if default is NO_DEFAULT:
            raise Unsupported(f"argument {key} missing")
        return default
    return int_value(got[0])


def bool_param(call: Call, key: int | str, default: bool) -> bool:
    got = call.actual(key)
    if got is None:
        return default
    t = get_proper_type(got[0])
    if isinstance(t, Instance) and t.last_known_value is not None:
        t = t.last_known_value
    value = getattr(t, "value", None)
    if type(value) is not bool:
        raise Unsupported(f"argument {key} is not a literal bool")
    return value


def int_tuple(typ: Type) -> tuple[int, ...]:
    t = get_proper_type(typ)
    if not isinstance(t, TupleType):
        raise Unsupported("not a fixed-length tuple")
    return tuple(int_value(i) for i in t.items)


def axis_param(
    call: Call, key: int | str, default: int | tuple[int, ...] | None = NO_DEFAULT
) -> int | tuple[int, ...] | None:
    """``axis=``: None, a literal int, or a tuple of literal ints."""
    got = call.actual(key)
    if got is None:
        if default is NO_DEFAULT:
            raise Unsupported(f"argument {key} missing")
        return default
    if is_none(got[0]):
        return None
    value = literal_int(got[0])
    return value if value is not None else int_tuple(got[0])


def dims_value(typ: Type, symbols: Symbols) -> tuple[Dim, ...]:
    """A shape argument: a literal int (one dim) or a fixed-length tuple of dims."""
    value = literal_int(typ)
    if value is not None:
        return (value,)
    t = get_proper_type(typ)
    if not isinstance(t, TupleType):
        raise Unsupported("shape argument of unknown length")
    dims = shape_of_tuple(t, symbols)
    if dims is None:
        raise Unsupported("shape argument of unknown length")
    return dims


def literal_number_expr(expr: Expression) -> int | float | None:
    """A number written in the source: ``3``, ``-0.5``, or a ``Final`` name bound to one."""
    if isinstance(expr, (IntExpr, FloatExpr)):
        return expr.value
    if isinstance(expr, UnaryExpr) and expr.op in ("-", "+"):
        inner = literal_number_expr(expr.expr)
        if inner is None:
            return None
        return -inner if expr.op == "-" else inner
    if isinstance(expr, (NameExpr, MemberExpr)) and isinstance(expr.node, Var) and expr.node.is_final:
        value = expr.node.final_value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
    return None


def literal_int_expr(expr: Expression) -> int | None:
    """An int written in the source (see :func:`literal_number_expr`)."""
    value = literal_number_expr(expr)
    return value if type(value) is int else None
