"""Plain Python values of the arguments a rule takes as parameters: ``stride=2``, ``padding="same"``,
``kernel_size=(3, 5)``, ``output_size=(7, None)``, ``p=0.5``.

A value is read from the argument's type when that type is a literal (``Literal[2]``, a ``Final``
constant, a tuple of literals) and otherwise from the source expression (a float, or a list literal
whose items are literals). Anything not known statically raises :class:`Unsupported`, so the hook
stays silent and the run time decides.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from mypy.nodes import Expression, ListExpr, NameExpr, OpExpr, StrExpr, TupleExpr
from mypy.types import Instance, LiteralType, NoneType, TupleType, Type, get_proper_type

from .args import NO_DEFAULT, Call, literal_int_expr, literal_number_expr
from .convert import Unsupported, literal_int

Value = Any
"""int, float, str, bool, None, or a tuple (or list) of values."""


def _literal(typ: Type) -> LiteralType | None:
    t = get_proper_type(typ)
    if isinstance(t, Instance) and t.last_known_value is not None:
        return t.last_known_value
    return t if isinstance(t, LiteralType) else None


def read(call: Call, typ: Type | None, expr: Expression | None) -> Value:
    """The value of one argument (see the module docstring)."""
    t = get_proper_type(typ) if typ is not None else None
    if isinstance(t, NoneType) or (isinstance(expr, NameExpr) and expr.fullname == "builtins.None"):
        return None
    lit = _literal(typ) if typ is not None else None
    if lit is not None and isinstance(lit.value, (int, str, bool)):
        return lit.value
    if isinstance(expr, StrExpr):
        return expr.value
    if isinstance(expr, (ListExpr, TupleExpr)):
        # A list stays a list: a rule's message shows the value as the run time received it.
        items = [read(call, call.expression_type(e), e) for e in expr.items]
        return items if isinstance(expr, ListExpr) else tuple(items)
    if isinstance(t, TupleType):
        return tuple(read(call, i, None) for i in t.items)
    if expr is not None:
        number = literal_number_expr(expr)
        if number is not None:
            return number
    raise Unsupported("argument not known statically")


def value(call: Call, key: int | str, default: Value = NO_DEFAULT) -> Value:
    """The value given for parameter ``key``, or ``default`` when it was left out."""
    got = call.actual(key)
    if got is None:
        if default is NO_DEFAULT:
            raise Unsupported(f"argument {key} missing")
        return default
    return read(call, got[0], got[1])


def int_or_ints(call: Call, key: int | str, default: Value = NO_DEFAULT) -> Value:
    """An int or a tuple of ints (a size, a stride): anything else is left to the run time."""
    v = value(call, key, default)
    items = v if isinstance(v, (tuple, list)) else (v,)
    if not all(type(i) is int for i in items):
        raise Unsupported(f"{key} is not an int or a tuple of ints")
    return v


def _floordiv(a: int, b: int) -> int | None:
    return a // b if b else None


_ARITHMETIC: dict[str, Callable[[int, int], int | None]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "//": _floordiv,
}


def folded_int(call: Call, expr: Expression | None, depth: int = 0) -> int | None:
    """An int the source spells as arithmetic on literal ints (``16 * 5 * 5``, the size of a
    flattened feature map, written as it is in PyTorch code), which mypy types as a plain ``int``."""
    if expr is None or depth > 20:
        return None
    typ = call.expression_type(expr)
    known = literal_int(typ) if typ is not None else None
    if known is not None:
        return known
    if isinstance(expr, OpExpr) and expr.op in _ARITHMETIC:
        a, b = folded_int(call, expr.left, depth + 1), folded_int(call, expr.right, depth + 1)
        if a is None or b is None:
            return None
        return _ARITHMETIC[expr.op](a, b)
    return literal_int_expr(expr)
