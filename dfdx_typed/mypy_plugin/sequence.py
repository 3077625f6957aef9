"""Layers with several inputs or outputs: ``MultiheadAttention``, ``RNN LSTM GRU``,
``TransformerDecoderLayer`` and ``Transformer``, checked with the rules of
:mod:`dfdx_typed.shapes.sequence_layers` that their ``forward`` runs at run time (same messages).

Their specs are recorded at the constructor like every layer's (:mod:`.layer_types`). A call's
result keeps the stub's structure (``(output, weights)``, ``(output, h_n)``, ``(output, (h_n, c_n))``)
with the shapes the rules give and the tape joined over the inputs that carry gradients.
"""

from __future__ import annotations

from mypy.types import (
    AnyType,
    Instance,
    NoneType,
    TupleType,
    Type,
    TypeOfAny,
    UnionType,
    get_proper_type,
)

from dfdx_typed.shapes import sequence_layers as rules
from dfdx_typed.shapes.dims import Shape

from .args import Call, bool_param, is_none
from .convert import TENSOR, Unsupported, is_tensor, shape_of, tape_arg, tensor_type
from .hooks import OpHook
from .layer_types import spec_of
from .tape import join_tapes


def _fill(template: Type, tensors: list[Type]) -> Type:
    """``template`` (the stub's result type) with its tensor types replaced, in order, by ``tensors``."""
    t = get_proper_type(template)
    if isinstance(t, Instance) and t.type.fullname == TENSOR:
        return tensors.pop(0) if tensors else template
    if isinstance(t, TupleType):
        return t.copy_modified(items=[_fill(i, tensors) for i in t.items])
    if isinstance(t, UnionType):
        return UnionType.make_union([_fill(i, tensors) for i in t.items], t.line, t.column)
    return template


def _shape(call: Call, typ: Type) -> Shape:
    shape = shape_of(typ, call.symbols)
    if shape is None:
        raise Unsupported("unknown rank")
    return shape


def _tensor(call: Call, key: str) -> Type:
    typ = call.type_of(key)
    if not is_tensor(typ):
        raise Unsupported(f"{key} is not a tensor")
    return typ


def _optional_tensor(call: Call, key: str) -> Type | None:
    got = call.actual(key)
    if got is None or is_none(got[0]):
        return None
    if not is_tensor(got[0]):
        raise Unsupported(f"{key} is not a tensor")
    return got[0]


def attention_call(call: Call) -> Type:
    """``mha(query, key, value, ...)``: the three inputs and the masks checked as the run time checks
    them; ``(output like query, weights)``, the weights ``(N, L, S)`` (``(N, H, L, S)`` with
    ``average_attn_weights=False``, ``None`` with ``need_weights=False``)."""
    q, k, v = _tensor(call, "query"), _tensor(call, "key"), _tensor(call, "value")
    call.tape = join_tapes(call.make, [tape_arg(q), tape_arg(k), tape_arg(v)])
    spec = spec_of(call.type_of(0), call.symbols)
    if spec is None:
        raise Unsupported("layer sizes not known")
    qs, ks, vs = _shape(call, q), _shape(call, k), _shape(call, v)
    out, weights = rules.multihead_attention(spec, qs, ks, vs)
    batched = len(qs) == 3
    seq, batch = (1, 0) if spec.params["batch_first"] and batched else (0, 1)
    n = qs[batch] if batched else 1
    target, source = qs[seq], ks[seq]
    heads = spec.params["num_heads"]
    attn_mask = _optional_tensor(call, "attn_mask")
    if attn_mask is not None:
        rules.attention_mask(spec, _shape(call, attn_mask), n, heads, target, source)
    padding = _optional_tensor(call, "key_padding_mask")
    if padding is not None:
        rules.key_padding_mask(spec, _shape(call, padding), n if batched else None, source)
    weights_type: Type = AnyType(TypeOfAny.special_form)
    try:
        if not bool_param(call, "need_weights", True):
            weights_type = NoneType()
        else:
            if not bool_param(call, "average_attn_weights", True):
                weights = (*weights[:-2], heads, *weights[-2:])
            weights_type = tensor_type(call.make, call.symbols, weights, call.tape, call.default)
    except Unsupported:
        pass  # the weights' shape depends on a flag not known statically
    out_type = tensor_type(call.make, call.symbols, out, call.tape, call.default)
    if isinstance(get_proper_type(weights_type), AnyType):
        weights_type = call.make.instance(TENSOR, [AnyType(TypeOfAny.special_form), call.tape])
    if isinstance(get_proper_type(weights_type), NoneType):
        fallback = call.make.instance("builtins.tuple", [AnyType(TypeOfAny.special_form)])
        return TupleType([out_type, NoneType()], fallback)
    return _fill(call.default, [out_type, weights_type])


def recurrent_call(call: Call) -> Type:
    """``rnn(input, hx)``: ``(output, h_n)`` (LSTM: ``(output, (h_n, c_n))``); each initial state must
    have the final state's shape."""
    x = _tensor(call, "input")
    got = call.actual("hx")
    states: list[Type] = []
    if got is not None and not is_none(got[0]):
        hx = get_proper_type(got[0])
        states = list(hx.items) if isinstance(hx, TupleType) else [got[0]]
        if not all(is_tensor(s) for s in states):
            raise Unsupported("hx is not a tensor or a pair of tensors")
    call.tape = join_tapes(call.make, [tape_arg(x), *[tape_arg(s) for s in states]])
    spec = spec_of(call.type_of(0), call.symbols)
    if spec is None:
        raise Unsupported("layer sizes not known")
    xs = _shape(call, x)
    given = [shape_of(s, call.symbols) for s in states]
    out, state = rules.recurrent(spec, xs, given[0] if given else None)
    if len(given) == 2 and given[1] is not None:
        rules.recurrent(spec, xs, given[1])
    out_type = tensor_type(call.make, call.symbols, out, call.tape, call.default)
    state_type = tensor_type(call.make, call.symbols, state, call.tape, call.default)
    return _fill(call.default, [out_type, state_type, state_type])


def _decoder(first: str, second: str) -> OpHook:
    """``TransformerDecoderLayer(tgt, memory)`` / ``Transformer(src, tgt)``: the result is ``tgt``'s
    shape; the tape is joined over both inputs."""

    def hook(call: Call) -> Type:
        a, b = _tensor(call, first), _tensor(call, second)
        call.tape = join_tapes(call.make, [tape_arg(a), tape_arg(b)])
        spec = spec_of(call.type_of(0), call.symbols)
        if spec is None:
            raise Unsupported("layer sizes not known")
        shapes = {first: _shape(call, a), second: _shape(call, b)}
        memory = shapes["memory"] if first == "tgt" else shapes["src"]
        out = rules.decoder_layer(spec, shapes["tgt"], memory)
        return tensor_type(call.make, call.symbols, out, call.tape, call.default)

    return hook


CALLS: dict[str, OpHook] = {
    "MultiheadAttention": attention_call,
    "RNN": recurrent_call,
    "LSTM": recurrent_call,
    "GRU": recurrent_call,
    "TransformerDecoderLayer": _decoder("tgt", "memory"),
    "Transformer": _decoder("src", "tgt"),
}

"""The calls typed here; the constructors are with the other layers' in modules.py."""
