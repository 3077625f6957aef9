"""``Mul[...]`` and ``Add[...]`` in annotations, normalised as the plugin writes them.

The plugin writes a symbolic dim in one canonical form (:func:`convert.dim_type`: highest degree
first, coefficient first, symbols by name: ``Mul[L[784], B]``), and mypy compares marker types by
their arguments, so an annotation spelled another way (``Mul[B, L[784]]``, ``Mul[L[28], L[28], B]``)
would not accept the plugin's result. A type-analyze hook on the two marker classes rewrites every
annotation into that canonical form: ``Mul[B, L[784]]`` becomes ``Mul[L[784], B]``, a constant becomes
a ``Literal`` (``Mul[L[28], L[28]]`` is ``L[784]``), and a single symbol is its TypeVar (``Mul[B]``
is ``B``).

Such a hook takes over the analysis of the name, so it analyses the arguments itself (with mypy's
own ``analyze_type``). An argument it does not recognise as a dim (``Any``, a type not ready yet in
semantic analysis, an unpacked ``*Ts``) leaves the marker as written: never an error of the plugin's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from mypy.nodes import TypeInfo
from mypy.plugin import AnalyzeTypeContext, CheckerPluginInterface
from mypy.types import (
    AnyType,
    Instance,
    LiteralType,
    Type,
    TypeOfAny,
    TypeVarType,
    UnpackType,
    get_proper_type,
)

from .args import Lookup
from .convert import ADD, MUL, Maker, Symbols, dim_of, dim_type


class _AnalyzerApi:
    """What :class:`convert.Maker` needs (``named_generic_type``), from the type analyzer's API."""

    def __init__(self, ctx: AnalyzeTypeContext) -> None:
        self._ctx = ctx

    def named_generic_type(self, name: str, args: list[Type]) -> Instance:
        return self._ctx.api.named_type(name, args)


def _is_dim(typ: Type) -> bool:
    """A type the dim algebra reads exactly: a literal int, a TypeVar, ``int``, or a marker made of
    those (already normalised: markers are analysed inside out)."""
    t = get_proper_type(typ)
    if isinstance(t, LiteralType):
        return type(t.value) is int
    if isinstance(t, TypeVarType):
        return True
    if isinstance(t, Instance):
        if t.last_known_value is not None:
            return type(t.last_known_value.value) is int
        if t.type.fullname == "builtins.int":
            return True
        if t.type.fullname in (MUL, ADD):
            return bool(t.args) and all(_is_dim(a) for a in t.args)
    return False


def _analyze(ctx: AnalyzeTypeContext, arg: Type) -> Type:
    """One argument, as mypy would analyse it in a variadic position (``*Ts`` is allowed there)."""
    anal_type = getattr(ctx.api, "anal_type", None)
    if isinstance(arg, UnpackType) and anal_type is not None:
        try:
            return cast(Type, anal_type(arg, allow_unpack=True))
        except TypeError:  # the analyser's private signature changed: analyse it the public way
            pass
    return ctx.api.analyze_type(arg)


def marker_hook(fullname: str, lookup: Lookup) -> Callable[[AnalyzeTypeContext], Type]:
    def hook(ctx: AnalyzeTypeContext) -> Type:
        node = lookup(fullname)
        if node is None or not isinstance(node.node, TypeInfo):
            return AnyType(TypeOfAny.from_error)
        if not ctx.type.args and ctx.type.empty_tuple_index:
            return Instance(node.node, [], line=ctx.type.line, column=ctx.type.column)  # ``Mul[()]``
        if not ctx.type.args:
            # A bare ``Mul``: what mypy makes of a bare variadic generic, ``Mul[*tuple[Any, ...]]``.
            anything = ctx.api.named_type("builtins.tuple", [AnyType(TypeOfAny.from_omitted_generics)])
            return Instance(node.node, [UnpackType(anything)], line=ctx.type.line, column=ctx.type.column)
        args = [_analyze(ctx, a) for a in ctx.type.args]
        as_written = Instance(node.node, args, line=ctx.type.line, column=ctx.type.column)
        try:
            if not all(_is_dim(a) for a in args):
                return as_written
            symbols = Symbols()
            dim = dim_of(as_written, symbols)
            make = Maker(cast(CheckerPluginInterface, _AnalyzerApi(ctx)), lookup)
            return dim_type(make, symbols, dim)
        except Exception:  # a hook never raises: the marker stays as written
            return as_written

    hook.__name__ = f"analyze_{fullname.rsplit('.', 1)[-1]}"
    return hook


TYPE_ANALYZE = (MUL, ADD)
