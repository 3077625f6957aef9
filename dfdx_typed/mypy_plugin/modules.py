"""``dt.nn`` layers: literal sizes into the layer's type at the constructor, and calling a layer types
its output with the layer rules of :mod:`dfdx_typed.shapes.modules` — the rules ``Module.__call__``
runs at run time, so a mismatch has the run time's message, e.g.
``Sequential layer 2 (Linear[256, 10]) expects (..., 256), got (B, 512)``.

- ``nn.Linear(784, 512)`` is ``Linear[L[784], L[512]]``; every other layer's spec is recorded on its
  type too (see :mod:`.layer_types`). A size that is not literal stays ``Any`` in a type argument (a
  gradual type, as the stub says) and is an unknown dim in a spec: never an error.
- ``layer(x)`` (``layer.__call__``): the layer's rule on ``x``'s shape; the result keeps ``x``'s tape
  (parameters are traced exactly when the input is). Layers whose stub already types the result
  exactly and that never reject an input (activations, ``Dropout``, ``Identity``, ``Embedding``)
  are left to the stub, and so are user ``Module`` subclasses: the stub types ``module(x)`` by the
  subclass's ``forward``, and mypy checks that ``forward`` as ordinary code.
- ``Sequential(...)`` and ``Residual(...)`` are checked when they are built (see
  :mod:`dfdx_typed.shapes.chains`), and their call runs the input through every layer.
- The layers with several inputs or outputs (attention, recurrent, decoders) are typed in
  :mod:`.sequence`; their constructors are here with the others.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mypy.plugin import MethodSigContext
from mypy.types import (
    AnyType,
    CallableType,
    FunctionLike,
    Instance,
    LiteralType,
    TupleType,
    Type,
    TypeOfAny,
    TypeVarType,
    get_proper_type,
)

from dfdx_typed.shapes import layer_specs as specs
from dfdx_typed.shapes.chains import chain_error
from dfdx_typed.shapes.dims import UNKNOWN, Dim
from dfdx_typed.shapes.errors import ShapeError
from dfdx_typed.shapes.modules import LayerSpec, layer

from .args import NO_DEFAULT, Call, is_none, is_plain_int
from .convert import (
    ADD,
    MUL,
    Symbols,
    Unsupported,
    dim_of,
    is_tensor,
    literal_int,
    shape_of,
    tape_arg,
    tensor_type,
)
from .errors import report
from .hooks import OpHook
from .layer_types import CLASSES, NN, conv_spec, conv_type_arg, spec_of, with_spec
from .literals import folded_int, value
from .sequence import CALLS as SEQUENCE_CALLS
from .tape import erase_overload_item

# --- reading constructor arguments ----------------------------------------------------------------


def _size_type(call: Call, key: str, default: Any = NO_DEFAULT) -> Type:
    """A size for a type argument: a literal, a TypeVar dim or a marker as it is; anything else
    ``Any`` (what the stub says for a size it cannot know)."""
    got = call.actual(key)
    if got is None:
        if default is NO_DEFAULT:
            raise Unsupported(f"argument {key} missing")
        return _literal_type(call, default)
    t = get_proper_type(got[0])
    value_ = folded_int(call, got[1]) if got[1] is not None else literal_int(t)
    if value_ is not None:
        return _literal_type(call, value_)
    if isinstance(t, TypeVarType) or (isinstance(t, Instance) and t.type.fullname in (MUL, ADD)):
        return got[0]
    return AnyType(TypeOfAny.special_form)


def _literal_type(call: Call, n: int) -> Type:
    return LiteralType(n, call.make.instance("builtins.int", []))


def _size(call: Call, key: str, default: Any = NO_DEFAULT) -> Dim:
    """A size for a spec: a literal int, a symbolic dim, or unknown (never an error)."""
    got = call.actual(key)
    if got is None:
        if default is NO_DEFAULT:
            raise Unsupported(f"argument {key} missing")
        return default  # type: ignore[no-any-return]
    t = get_proper_type(got[0])
    folded = folded_int(call, got[1]) if got[1] is not None else None
    if folded is not None:
        return folded
    if literal_int(t) is not None or isinstance(t, TypeVarType) or is_plain_int(t):
        return dim_of(t, call.symbols)
    return UNKNOWN


def _sizes(call: Call, key: str) -> tuple[Dim, ...]:
    """An int or a tuple of sizes (``LayerNorm``'s ``normalized_shape``)."""
    got = call.actual(key)
    if got is None:
        raise Unsupported(f"argument {key} missing")
    t = get_proper_type(got[0])
    if isinstance(t, TupleType):
        return tuple(dim_of(i, call.symbols) for i in t.items)
    return (_size(call, key),)


def _shown(call: Call, key: str, default: Any) -> tuple[Any, ...]:
    """A parameter shown only in a layer's label (``LeakyReLU[0.2]``): omitted when not literal."""
    try:
        return (value(call, key, default),)
    except Unsupported:
        return ()


# --- constructors -------------------------------------------------------------------------------------


def _with_args(call: Call, args: list[Type]) -> Type:
    default = get_proper_type(call.default)
    if not (isinstance(default, Instance) and len(default.args) == len(args)):
        raise Unsupported("unexpected constructor type")
    return default.copy_modified(args=args)


def _with_spec(call: Call, spec: LayerSpec) -> Type:
    default = get_proper_type(call.default)
    if not isinstance(default, Instance):
        raise Unsupported("unexpected constructor type")
    return with_spec(call.make, call.symbols, default, spec)


def _conv(kind: str) -> OpHook:
    def hook(call: Call) -> Type:
        in_t, out_t = _size_type(call, "in_channels"), _size_type(call, "out_channels")
        try:
            keys = ["stride", "padding", "dilation", "groups"]
            if kind == "ConvTranspose2d":
                keys.append("output_padding")
            options = {k: value(call, k) for k in keys if call.actual(k) is not None}
            kernel = value(call, "kernel_size")
            spec = conv_spec(kind, _size(call, "in_channels"), _size(call, "out_channels"), kernel, options)
            k_type = conv_type_arg(call.make, spec)
        except (Unsupported, ShapeError):
            k_type = AnyType(TypeOfAny.special_form)
        return _with_args(call, [in_t, out_t, k_type])

    return hook


def _elementwise(kind: str, key: str | None = None, default: Any = None) -> OpHook:
    def hook(call: Call) -> Type:
        shown = _shown(call, key, default) if key is not None else ()
        if kind == "GELU":
            kwargs = {} if shown in ((), ("none",)) else {"approximate": shown[0]}
            return _with_spec(call, specs.elementwise_spec(kind, **kwargs))
        return _with_spec(call, specs.elementwise_spec(kind, *shown))

    return hook


def _container(kind: str) -> OpHook:
    def hook(call: Call) -> Type:
        if kind == "Sequential":
            spec = specs.sequential_spec([_child(call, t) for t in call.varargs("layers")])
        else:
            spec = specs.residual_spec(_child(call, call.type_of("block")))
        error = chain_error(spec, set(call.symbols.by_name))
        if error is not None:
            # Reported here, where the layers are written; the container's type then carries no
            # spec, so a call of it is not reported again.
            report(call.api, error, call.context)
            return call.default
        return _with_spec(call, spec)

    return hook


def _child(call: Call, typ: Type) -> LayerSpec | None:
    t = get_proper_type(typ)
    if not (isinstance(t, Instance) and t.type.has_base(f"{NN}.module.Module")):
        raise Unsupported("a layer that is not a Module")
    return spec_of(t, call.symbols)


def _attention_spec(call: Call) -> LayerSpec:
    embed = _size(call, "embed_dim")
    kdim = embed if _is_none_or_missing(call, "kdim") else _size(call, "kdim")
    vdim = embed if _is_none_or_missing(call, "vdim") else _size(call, "vdim")
    heads = _size(call, "num_heads")
    return specs.attention_spec(embed, heads, kdim, vdim, value(call, "batch_first", False))


def _is_none_or_missing(call: Call, key: str) -> bool:
    got = call.actual(key)
    return got is None or is_none(got[0])


def _recurrent(kind: str) -> OpHook:
    def hook(call: Call) -> Type:
        spec = specs.recurrent_spec(
            kind, _size(call, "input_size"), _size(call, "hidden_size"), _size(call, "num_layers", 1),
            value(call, "batch_first", False), value(call, "bidirectional", False),
        )
        return _with_spec(call, spec)

    return hook


CONSTRUCTORS: dict[str, OpHook] = {
    "Linear": lambda c: _with_args(c, [_size_type(c, "in_features"), _size_type(c, "out_features")]),
    "Embedding": lambda c: _with_args(c, [_size_type(c, "num_embeddings"), _size_type(c, "embedding_dim")]),
    "BatchNorm1d": lambda c: _with_args(c, [_size_type(c, "num_features")]),
    "BatchNorm2d": lambda c: _with_args(c, [_size_type(c, "num_features")]),
    **{kind: _conv(kind) for kind in ("Conv1d", "Conv2d", "ConvTranspose2d")},
    "GELU": _elementwise("GELU", "approximate", "none"),
    "LeakyReLU": _elementwise("LeakyReLU", "negative_slope", 0.01),
    "Dropout": _elementwise("Dropout", "p", 0.5),
    "PReLU": lambda c: _with_spec(c, specs.prelu_spec(_size(c, "num_parameters", 1))),
    "Softmax": lambda c: _with_spec(c, specs.softmax_spec("Softmax", value(c, "dim", -1))),
    "LogSoftmax": lambda c: _with_spec(c, specs.softmax_spec("LogSoftmax", value(c, "dim", -1))),
    "LayerNorm": lambda c: _with_spec(c, specs.layer_norm_spec(_sizes(c, "normalized_shape"))),
    "Flatten": lambda c: _with_spec(c, specs.flatten_spec(value(c, "start_dim", 1), value(c, "end_dim", -1))),
    "MaxPool2d": lambda c: _with_spec(
        c,
        specs.pool_spec(
            "MaxPool2d", value(c, "kernel_size"), value(c, "stride", None), value(c, "padding", 0),
            value(c, "dilation", 1),
        ),
    ),
    "AvgPool2d": lambda c: _with_spec(
        c,
        specs.pool_spec(
            "AvgPool2d", value(c, "kernel_size"), value(c, "stride", None), value(c, "padding", 0),
            count_include_pad=value(c, "count_include_pad", True),
        ),
    ),
    "AdaptiveAvgPool2d": lambda c: _with_spec(c, specs.adaptive_pool_spec(value(c, "output_size"))),
    "TransformerEncoderLayer": lambda c: _with_spec(
        c,
        specs.sequence_spec(
            "TransformerEncoderLayer", _size(c, "d_model"), _size(c, "nhead"), value(c, "batch_first", False)
        ),
    ),
    "Sequential": _container("Sequential"),
    "Residual": _container("Residual"),
    "MultiheadAttention": lambda c: _with_spec(c, _attention_spec(c)),
    **{kind: _recurrent(kind) for kind in ("RNN", "LSTM", "GRU")},
    "TransformerDecoderLayer": lambda c: _with_spec(
        c,
        specs.sequence_spec(
            "TransformerDecoderLayer", _size(c, "d_model"), _size(c, "nhead"), value(c, "batch_first", False)
        ),
    ),
    "Transformer": lambda c: _with_spec(
        c,
        specs.sequence_spec(
            "Transformer", _size(c, "d_model", 512), _size(c, "nhead", 8), value(c, "batch_first", False),
            arg_names=("tgt", "src"),
        ),
    ),
}


# --- calling a layer ----------------------------------------------------------------------------------


def layer_call(call: Call) -> Type:
    """``layer(x)``: the layer's rule on ``x``; the result has ``x``'s tape."""
    receiver, x = call.type_of(0), call.type_of(1)
    if not is_tensor(x):
        raise Unsupported("the input is not a tensor")
    call.tape = tape_arg(x)
    spec = spec_of(receiver, call.symbols)
    shape = shape_of(x, call.symbols)
    if spec is None or shape is None:
        raise Unsupported("layer or input shape not known")
    return tensor_type(call.make, call.symbols, layer(spec, shape), call.tape, call.default)


def call_signature(ctx: MethodSigContext) -> FunctionLike:
    """``Linear.forward`` is overloaded in the stub (a batch prefix, an ``Any`` shape), and so are the
    sequence layers' (tape joins): when the layer's sizes are known, the plugin decides the call, so
    the overloads are erased (see :func:`tape.erase_overload_item`) and the rule's message is the one
    error. Otherwise the stub's own typing stays."""
    sig = ctx.default_signature
    try:
        if not isinstance(sig, CallableType) or spec_of(ctx.type, Symbols()) is None:
            return sig
        return erase_overload_item(sig)
    except Exception:  # a signature hook never raises (see hooks.py)
        return sig


_CALLED = (
    "Linear", "Conv1d", "Conv2d", "ConvTranspose2d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d",
    "Flatten", "LayerNorm", "BatchNorm1d", "BatchNorm2d", "Softmax", "LogSoftmax", "PReLU",
    "TransformerEncoderLayer", "Sequential", "Residual",
)
"""The layers whose call the plugin types (see the module docstring for the others)."""


_BY_KIND = {kind: f"{NN}.{module}.{kind}" for kind, module in CLASSES.items()}

FULLNAME_FUNCTIONS: dict[str, OpHook] = {_BY_KIND[k]: fn for k, fn in CONSTRUCTORS.items()}
"""Constructors: ``get_function_hook`` is called with the class's full name."""
FULLNAME_METHODS: dict[str, OpHook] = {
    **{f"{_BY_KIND[k]}.__call__": layer_call for k in _CALLED},
    **{f"{_BY_KIND[k]}.__call__": fn for k, fn in SEQUENCE_CALLS.items()},
}
"""``layer(x)``: mypy names the call ``<class>.__call__`` (the stub's ``__call__`` resolves to
``forward``). ``layer.forward(x)`` is left to the stub: the run time checks the layer's rule in
``__call__`` only, so a direct ``forward`` fails with an op's message instead."""
FULLNAME_CONTEXT_METHOD_SIGNATURES: dict[str, Callable[[MethodSigContext], FunctionLike]] = {
    f"{_BY_KIND[k]}.__call__": call_signature for k in ("Linear", *SEQUENCE_CALLS)
}
