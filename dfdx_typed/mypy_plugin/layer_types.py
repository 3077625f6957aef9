"""A layer's :class:`~dfdx_typed.shapes.modules.LayerSpec`, read from its mypy type and written into it.

The shape rules of :mod:`dfdx_typed.shapes.modules` see a layer as a spec (kind, label, sizes). The
checker must know that spec wherever the layer goes (``self.fc = nn.Linear(784, 10)`` in ``__init__``,
``self.fc(x)`` in ``forward``, another module, a cached module in incremental mode or dmypy), so it
is carried by the layer's *type*, never kept in the plugin's memory:

- Generic layers carry it in their type arguments, where users can read and write it:
  ``Linear[L[784], L[512]]``, ``Embedding[L[1000], L[64]]``, ``BatchNorm2d[L[16]]``, and
  ``Conv2d[In, Out, K]`` whose ``K`` holds the kernel and every non-default option as the layer's
  label spells them: ``L[5]`` (square kernel, defaults), ``tuple[L[3], L[5]]`` (non-square),
  ``L["5, stride=2"]`` (``Conv2d[3, 16, 5, stride=2]``). So ``Conv2d(3, 16, 5, stride=2)`` is not
  assignable to ``Conv2d[L[3], L[16], L[5]]``: the type says everything the output size depends on.
- The other layers (``Sequential``, ``Residual``, pools, ``Flatten``, ``LayerNorm``, ``Softmax`` ...)
  have no type parameters in the stubs. Their spec, built at the constructor call, is encoded as a
  type and stored in the instance type's ``extra_attrs`` (what mypy uses to remember ``hasattr``
  narrowing) under a key that is not an identifier. mypy serialises ``extra_attrs`` with the type, so
  the spec survives the cache; it is dropped wherever mypy joins types (a list of layers), and a
  layer typed by an annotation (``m: nn.MaxPool2d``) has none: then the spec is unknown and the
  checker stays silent.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any, Final

from mypy.types import (
    AnyType,
    ExtraAttrs,
    Instance,
    LiteralType,
    NoneType,
    TupleType,
    Type,
    TypeOfAny,
    get_proper_type,
)

from dfdx_typed.shapes import layer_specs as specs
from dfdx_typed.shapes.dims import Dim, Poly, Unknown
from dfdx_typed.shapes.modules import LayerSpec

from .convert import Maker, Symbols, Unsupported, dim_of, dim_type

NN: Final = "dfdx_typed.nn"
LAYER_KEY: Final = "dfdx_typed:layer"
"""The ``extra_attrs`` entry holding an encoded spec (not an identifier: no attribute access reaches it)."""

CLASSES: Final = {
    "Linear": "linear", "Identity": "linear", "ReLU": "activation", "GELU": "activation",
    "Sigmoid": "activation", "Tanh": "activation", "LeakyReLU": "activation", "PReLU": "activation",
    "Softmax": "activation", "LogSoftmax": "activation", "Dropout": "dropout",
    "Embedding": "embedding", "Flatten": "flatten", "LayerNorm": "norm", "BatchNorm1d": "norm",
    "BatchNorm2d": "norm", "Conv1d": "conv", "Conv2d": "conv", "ConvTranspose2d": "conv",
    "MaxPool2d": "pool", "AvgPool2d": "pool", "AdaptiveAvgPool2d": "pool", "Sequential": "container",
    "Residual": "container", "TransformerEncoderLayer": "transformer",
    "TransformerDecoderLayer": "transformer", "Transformer": "transformer",
    "MultiheadAttention": "attention", "RNN": "recurrent", "LSTM": "recurrent", "GRU": "recurrent",
}
"""The layer classes the plugin knows, by kind, with the ``dfdx_typed.nn`` module defining each."""

FULLNAMES: Final = {f"{NN}.{module}.{kind}": kind for kind, module in CLASSES.items()}
CONVS: Final = {"Conv1d": 1, "Conv2d": 2, "ConvTranspose2d": 2}
PARAMETERLESS: Final = ("ReLU", "Sigmoid", "Tanh", "Identity")


def kind_of(typ: Type) -> str | None:
    """The layer kind of an instance of one of the library's layer classes (not of a subclass)."""
    t = get_proper_type(typ)
    return FULLNAMES.get(t.type.fullname) if isinstance(t, Instance) else None


# --- encoding a spec as a type ------------------------------------------------------------------------


def _literal(make: Maker, value: bool | int | str) -> LiteralType:
    name = {bool: "builtins.bool", int: "builtins.int", str: "builtins.str"}[type(value)]
    return LiteralType(value, make.instance(name, []))


def _tuple(make: Maker, items: list[Type]) -> TupleType:
    return TupleType(items, make.instance("builtins.tuple", [AnyType(TypeOfAny.special_form)]))


def encode(make: Maker, symbols: Symbols, value: Any) -> Type:
    """A spec, or one of its parameters (ints, dims, strings, bools, ``None``, tuples), as a type."""
    if isinstance(value, LayerSpec):
        params: list[Type] = [
            _tuple(make, [_literal(make, k), encode(make, symbols, v)]) for k, v in value.params.items()
        ]
        children: list[Type] = [
            _tuple(make, [_literal(make, name), encode(make, symbols, child)])
            for name, child in value.children
        ]
        head: list[Type] = [_literal(make, value.kind), _literal(make, value.label)]
        return _tuple(make, [*head, _tuple(make, params), _tuple(make, children)])
    if value is None:
        return NoneType()
    if isinstance(value, (bool, str)):
        return _literal(make, value)
    if isinstance(value, (tuple, list)):
        return _tuple(make, [encode(make, symbols, v) for v in value])
    if isinstance(value, (int, Poly, Unknown)):
        return dim_type(make, symbols, value)
    raise Unsupported(f"cannot encode {value!r}")


def decode(typ: Type, symbols: Symbols) -> Any:
    t = get_proper_type(typ)
    if isinstance(t, NoneType):
        return None
    if isinstance(t, LiteralType) and isinstance(t.value, (bool, int, str)):
        return t.value
    if isinstance(t, TupleType):
        return tuple(decode(i, symbols) for i in t.items)
    return dim_of(t, symbols)


def decode_spec(typ: Type, symbols: Symbols) -> LayerSpec | None:
    t = get_proper_type(typ)
    if isinstance(t, NoneType):
        return None
    if not (isinstance(t, TupleType) and len(t.items) == 4):
        raise Unsupported("not an encoded layer spec")
    kind, label, params, children = (get_proper_type(i) for i in t.items)
    if not (isinstance(kind, LiteralType) and isinstance(label, LiteralType)):
        raise Unsupported("not an encoded layer spec")
    if not (isinstance(params, TupleType) and isinstance(children, TupleType)):
        raise Unsupported("not an encoded layer spec")
    pairs = [decode(p, symbols) for p in params.items]
    kids = []
    for c in children.items:
        pair = get_proper_type(c)
        if not (isinstance(pair, TupleType) and len(pair.items) == 2):
            raise Unsupported("not an encoded layer spec")
        kids.append((str(decode(pair.items[0], symbols)), decode_spec(pair.items[1], symbols)))
    return LayerSpec(str(kind.value), str(label.value), dict(pairs), tuple(kids))


def with_spec(make: Maker, symbols: Symbols, instance: Instance, spec: LayerSpec) -> Instance:
    """``instance`` carrying ``spec`` in its ``extra_attrs``."""
    attrs = ExtraAttrs({LAYER_KEY: encode(make, symbols, spec)}, {LAYER_KEY}, None)
    return Instance(instance.type, instance.args, instance.line, instance.column, extra_attrs=attrs)


# --- reading a spec from a layer's type ---------------------------------------------------------------


def _dim_arg(typ: Type, symbols: Symbols) -> Dim:
    """A size type argument: ``Any`` (a layer whose sizes were not known) says nothing."""
    if isinstance(get_proper_type(typ), AnyType):
        raise Unsupported("size not known")
    return dim_of(typ, symbols)


def _per_axis(value: Any, n: int) -> tuple[Any, ...]:
    out = tuple(value) if isinstance(value, (tuple, list)) else (value,) * n
    if len(out) != n:
        raise Unsupported("wrong number of per-axis values")
    return out


def conv_options(typ: Type, symbols: Symbols) -> tuple[Any, dict[str, Any]]:
    """The kernel size and the keyword options a conv layer's ``K`` type argument spells."""
    t = get_proper_type(typ)
    if isinstance(t, Instance) and t.last_known_value is not None:
        t = t.last_known_value
    if isinstance(t, LiteralType) and type(t.value) is int:
        return t.value, {}
    if isinstance(t, TupleType):
        return tuple(decode(i, symbols) for i in t.items), {}
    if isinstance(t, LiteralType) and isinstance(t.value, str):
        try:
            call = ast.parse(f"f({t.value})", mode="eval").body
            assert isinstance(call, ast.Call) and len(call.args) == 1
            kernel = ast.literal_eval(call.args[0])
            options = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg is not None}
        except (SyntaxError, ValueError, AssertionError):
            raise Unsupported("K is not a conv layer's options") from None
        return kernel, options
    raise Unsupported("kernel size not known")


def conv_spec(
    kind: str, in_channels: Dim, out_channels: Dim, kernel: Any, options: dict[str, Any]
) -> LayerSpec:
    """Exactly what the run-time layer's ``shape_spec()`` builds (per-axis tuples throughout)."""
    n = CONVS[kind]
    padding = options.get("padding", 0)
    transposed = kind == "ConvTranspose2d"
    extra = options.get("output_padding", 0)
    if not transposed and "output_padding" in options:
        raise Unsupported("output_padding on a convolution")
    return specs.conv_spec(
        kind, in_channels, out_channels, _per_axis(kernel, n), _per_axis(options.get("stride", 1), n),
        padding if isinstance(padding, str) else _per_axis(padding, n),
        _per_axis(options.get("dilation", 1), n), options.get("groups", 1),
        _per_axis(extra, n) if transposed else None,
    )


def conv_type_arg(make: Maker, spec: LayerSpec) -> Type:
    """``K`` for a conv spec: the kernel alone when every option is the default, else the label's tail."""
    tail = spec.label.partition("[")[2]
    parts = _top_level_split(tail.removesuffix("]"))
    if len(parts) == 3:
        kernel = spec.params["kernel_size"]
        if len(set(kernel)) == 1:
            return _literal(make, kernel[0])
        return _tuple(make, [_literal(make, k) for k in kernel])
    return _literal(make, ", ".join(parts[2:]))


def _top_level_split(text: str) -> list[str]:
    parts: list[str] = []
    depth = start = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def _conv_from_args(kind: str) -> Callable[[Instance, Symbols], LayerSpec]:
    def read(t: Instance, s: Symbols) -> LayerSpec:
        kernel, options = conv_options(t.args[2], s)
        return conv_spec(kind, _dim_arg(t.args[0], s), _dim_arg(t.args[1], s), kernel, options)

    return read


_GENERIC: dict[str, Callable[[Instance, Symbols], LayerSpec]] = {
    "Linear": lambda t, s: specs.linear_spec(_dim_arg(t.args[0], s), _dim_arg(t.args[1], s)),
    "Embedding": lambda t, s: specs.embedding_spec(_dim_arg(t.args[0], s), _dim_arg(t.args[1], s)),
    "BatchNorm1d": lambda t, s: specs.batch_norm_spec("BatchNorm1d", _dim_arg(t.args[0], s)),
    "BatchNorm2d": lambda t, s: specs.batch_norm_spec("BatchNorm2d", _dim_arg(t.args[0], s)),
    **{kind: _conv_from_args(kind) for kind in CONVS},
}


def spec_of(typ: Type, symbols: Symbols) -> LayerSpec | None:
    """The spec of a layer type, or ``None`` when it is not known (a user's module, a layer whose
    sizes were not literal, a layer typed by a bare annotation)."""
    t = get_proper_type(typ)
    kind = kind_of(t)
    if kind is None or not isinstance(t, Instance):
        return None
    try:
        if kind in _GENERIC:
            return _GENERIC[kind](t, symbols)
        if t.extra_attrs is not None and LAYER_KEY in t.extra_attrs.attrs:
            return decode_spec(t.extra_attrs.attrs[LAYER_KEY], symbols)
    except (Unsupported, IndexError, KeyError, TypeError):
        return None
    return specs.elementwise_spec(kind) if kind in PARAMETERLESS else None
