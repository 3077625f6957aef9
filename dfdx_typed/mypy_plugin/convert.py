"""mypy types <-> the dims of :mod:`dfdx_typed.shapes`.

Reading: ``Literal[4]`` (or an ``int`` carrying a literal value) is 4; a TypeVar is the symbol of its
name; ``Mul[...]``/``Add[...]`` are the product/sum of their dims (so they normalise: ``Mul[L[28], L[28]]``
is 784); ``int``, ``Any`` and anything else is UNKNOWN (never an error). A shape is a fixed-length
``tuple[...]``; anything else (``tuple[int, ...]``, ``Any``, a TypeVar, an unpacked TypeVarTuple) is an
unknown rank, read as ``None``.

Writing: ints become ``Literal[n]``, UNKNOWN becomes ``int``, a symbol becomes the TypeVar it was read
from, and a polynomial becomes nested ``Mul``/``Add`` markers in the order ``format_poly`` prints it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from mypy.nodes import SymbolTableNode, TypeInfo
from mypy.plugin import CheckerPluginInterface
from mypy.types import (
    AnyType,
    Instance,
    LiteralType,
    ProperType,
    TupleType,
    Type,
    TypeOfAny,
    TypeVarType,
    UnpackType,
    get_proper_type,
)

from dfdx_typed.shapes.dims import UNKNOWN, Dim, Monomial, Poly, Shape, Unknown, add, mul, sym

TENSOR: Final = "dfdx_typed._tensor.Tensor"
NONE_TAPE: Final = "dfdx_typed._tensor.NoneTape"
OWNED_TAPE: Final = "dfdx_typed._tensor.OwnedTape"
MUL: Final = "dfdx_typed._markers.Mul"
ADD: Final = "dfdx_typed._markers.Add"


class Unsupported(Exception):
    """The hook cannot say anything certain; it falls back to mypy's default type, silently."""


class Symbols:
    """The TypeVars met while reading one call, by name, so the result can name them again."""

    def __init__(self) -> None:
        self.by_name: dict[str, TypeVarType] = {}

    def read(self, tv: TypeVarType) -> Poly:
        seen = self.by_name.setdefault(tv.name, tv)
        if seen.id != tv.id:
            # Two different TypeVars with one name (nested scopes): a symbol could be confused
            # with the other, so say nothing.
            raise Unsupported(f"two TypeVars named {tv.name}")
        return sym(tv.name)

    def write(self, name: str) -> TypeVarType:
        try:
            return self.by_name[name]
        except KeyError:
            raise Unsupported(f"symbol {name} has no TypeVar") from None


# --- reading --------------------------------------------------------------------------------------


def literal_int(typ: Type) -> int | None:
    """The value of ``Literal[n]`` (or of an ``int`` known to hold ``n``), else None. Bools are not."""
    t = get_proper_type(typ)
    if isinstance(t, Instance) and t.last_known_value is not None:
        t = t.last_known_value
    if isinstance(t, LiteralType) and type(t.value) is int:
        return t.value
    return None


def _flat_args(t: Instance) -> list[Type]:
    """A variadic generic's arguments, with any unpacked fixed tuple spread out."""
    out: list[Type] = []
    for a in t.args:
        p = get_proper_type(a)
        if isinstance(p, UnpackType):
            inner = get_proper_type(p.type)
            if not isinstance(inner, TupleType):
                raise Unsupported("unpacked variadic marker argument")
            out.extend(inner.items)
        elif isinstance(p, TupleType):
            out.extend(p.items)
        else:
            out.append(a)
    return out


def dim_of(typ: Type, symbols: Symbols) -> Dim:
    """The dim a type stands for (see the module docstring)."""
    value = literal_int(typ)
    if value is not None:
        return value
    t = get_proper_type(typ)
    if isinstance(t, TypeVarType):
        return symbols.read(t)
    if isinstance(t, Instance) and t.type.fullname in (MUL, ADD):
        parts = [dim_of(a, symbols) for a in _flat_args(t)]
        out: Dim = 1 if t.type.fullname == MUL else 0
        for p in parts:
            out = mul(out, p) if t.type.fullname == MUL else add(out, p)
        return out
    return UNKNOWN


def is_tensor(typ: Type) -> bool:
    t = get_proper_type(typ)
    return isinstance(t, Instance) and t.type.fullname == TENSOR


_NUMBER_BASES = (
    "builtins.int", "builtins.float", "builtins.complex", "numpy.number", "numpy.bool", "numpy.bool_",
)


def is_number(typ: Type) -> bool:
    """A Python or numpy number (bools included): a 0-d operand that carries no tape."""
    t = get_proper_type(typ)
    if isinstance(t, LiteralType):
        return isinstance(t.value, (int, float))
    if not isinstance(t, Instance):
        return False
    return any(t.type.has_base(b) for b in _NUMBER_BASES)


def tensor_instance(typ: Type) -> Instance:
    t = get_proper_type(typ)
    if not (isinstance(t, Instance) and t.type.fullname == TENSOR and len(t.args) == 2):
        raise Unsupported("not a Tensor")
    return t


def shape_of_tuple(typ: Type, symbols: Symbols) -> Shape | None:
    """The dims of a fixed-length tuple type; None for an unknown rank."""
    t = get_proper_type(typ)
    if not isinstance(t, TupleType):
        return None
    if any(isinstance(get_proper_type(i), UnpackType) for i in t.items):
        return None
    return tuple(dim_of(i, symbols) for i in t.items)


def shape_of(typ: Type, symbols: Symbols) -> Shape | None:
    """The shape of a ``Tensor[S, T]`` type; None when its rank is not known."""
    return shape_of_tuple(tensor_instance(typ).args[0], symbols)


def tape_arg(typ: Type) -> Type:
    """The tape argument ``T`` of a ``Tensor[S, T]`` type (``OwnedTape``, ``NoneTape``, a TypeVar...)."""
    return tensor_instance(typ).args[1]


def traced(tape: Type) -> bool | None:
    """True for ``OwnedTape``, False for ``NoneTape``, None when not known (a TypeVar, ``Any``)."""
    t = get_proper_type(tape)
    if isinstance(t, Instance):
        if t.type.fullname == OWNED_TAPE:
            return True
        if t.type.fullname == NONE_TAPE:
            return False
    return None


# --- writing --------------------------------------------------------------------------------------


class Maker:
    """Builds instances of the library's classes by fullname (through the plugin's lookup, which
    finds ``dfdx_typed._tensor`` whether or not the checked module imported it by that name)."""

    def __init__(
        self, api: CheckerPluginInterface, lookup: Callable[[str], SymbolTableNode | None]
    ) -> None:
        self.api = api
        self.lookup = lookup

    def instance(self, fullname: str, args: list[Type]) -> Instance:
        if fullname.startswith("builtins."):
            return self.api.named_generic_type(fullname, args)
        node = self.lookup(fullname)
        if node is None or not isinstance(node.node, TypeInfo):
            raise Unsupported(f"{fullname} is not loaded")
        return Instance(node.node, args)


def _int_type(make: Maker) -> Instance:
    return make.instance("builtins.int", [])


def _literal(make: Maker, value: int) -> LiteralType:
    return LiteralType(value, _int_type(make))


def _marker(make: Maker, fullname: str, items: list[Type]) -> Type:
    return items[0] if len(items) == 1 else make.instance(fullname, items)


def _monomial_type(make: Maker, symbols: Symbols, mono: Monomial, coef: int) -> Type:
    factors: list[Type] = [symbols.write(s) for s, power in mono for _ in range(power)]
    if coef != 1 or not factors:
        factors.insert(0, _literal(make, coef))
    return _marker(make, MUL, factors)


def dim_type(make: Maker, symbols: Symbols, d: Dim) -> Type:
    if isinstance(d, Unknown):
        return _int_type(make)
    if isinstance(d, int):
        return _literal(make, d)
    # Highest degree first, as format_poly prints it: Add[Mul[L[784], B], L[1]] is "784·B + 1".
    ordered = sorted(d.terms, key=lambda t: (-sum(p for _, p in t[0]), t[0]))
    try:
        return _marker(make, ADD, [_monomial_type(make, symbols, m, c) for m, c in ordered])
    except Unsupported:
        # The markers are not loaded in this build (dfdx_typed not imported as a whole): the dim
        # is still a size, just not a statically known one.
        return _int_type(make)


def shape_type(make: Maker, symbols: Symbols, shape: Shape) -> TupleType:
    fallback = make.instance("builtins.tuple", [AnyType(TypeOfAny.special_form)])
    return TupleType([dim_type(make, symbols, d) for d in shape], fallback)


def tensor_type(make: Maker, symbols: Symbols, shape: Shape | None, tape: Type, default: Type) -> ProperType:
    """``Tensor[tuple[...], tape]``. With an unknown rank the shape is whatever mypy inferred from
    the stub (``Any`` where the stub cannot know it); a default that is not a tensor is kept."""
    if shape is None:
        d = get_proper_type(default)
        if not (isinstance(d, Instance) and d.type.fullname == TENSOR and len(d.args) == 2):
            return d
        shape_t: Type = d.args[0]
    else:
        shape_t = shape_type(make, symbols, shape)
    return make.instance(TENSOR, [shape_t, tape])
