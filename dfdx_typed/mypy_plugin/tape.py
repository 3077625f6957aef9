"""The tape side: the tape of a result, ``backward()`` on a traced 0-d tensor only, and the two
rewrites of stub signatures the hooks need."""

from __future__ import annotations

from collections.abc import Sequence

from mypy.subtypes import is_same_type
from mypy.types import (
    AnyType,
    CallableType,
    Instance,
    TupleType,
    Type,
    TypeOfAny,
    UninhabitedType,
    UnionType,
    get_proper_type,
)

from dfdx_typed.shapes import check_backward

from .args import Call
from .convert import NONE_TAPE, OWNED_TAPE, TENSOR, Maker, shape_of, tape_arg, traced
from .hooks import OpHook, SignatureHook


def join_tapes(make: Maker, tapes: Sequence[Type]) -> Type:
    """The tape of a result computed from operands with these tapes (a number has ``NoneTape``).

    Traced if any operand is; untraced if all are; otherwise the one other tape the operands share
    (a TypeVar ``T`` joined with untraced operands is ``T``), and ``Any`` when they differ.
    """
    if any(traced(t) is True for t in tapes):
        return make.instance(OWNED_TAPE, [])
    rest = [t for t in tapes if traced(t) is not False]
    if not rest:
        return make.instance(NONE_TAPE, [])
    first = rest[0]
    if not isinstance(get_proper_type(first), AnyType) and all(is_same_type(first, t) for t in rest):
        return first
    return AnyType(TypeOfAny.special_form)


def backward(call: Call) -> Type:
    """``loss.backward()``: the rule's own ``tape`` error for an untraced or non-0-d tensor."""
    receiver = call.type_of(0)
    check_backward(shape_of(receiver, call.symbols), traced(tape_arg(receiver)))
    return call.default


def backward_signature(sig: CallableType) -> CallableType:
    """Drop the stub's uncallable keyword-only ``Never`` parameter (the overload every tensor but a
    traced 0-d one binds to), so mypy accepts the call and :func:`backward` reports the misuse once,
    with the ``tape`` code and the rule's message (see stubs/README-stubs.md)."""
    keep = [
        i
        for i, (kind, typ) in enumerate(zip(sig.arg_kinds, sig.arg_types))
        if not (kind.is_named() and isinstance(get_proper_type(typ), UninhabitedType))
    ]
    if len(keep) == len(sig.arg_types):
        return sig
    return sig.copy_modified(
        arg_types=[sig.arg_types[i] for i in keep],
        arg_kinds=[sig.arg_kinds[i] for i in keep],
        arg_names=[sig.arg_names[i] for i in keep],
    )


def _erase(typ: Type) -> Type:
    t = get_proper_type(typ)
    if isinstance(t, Instance):
        if t.type.fullname == TENSOR:
            return t.copy_modified(args=[AnyType(TypeOfAny.special_form)] * len(t.args))
        return t.copy_modified(args=[_erase(a) for a in t.args])
    if isinstance(t, UnionType):
        return UnionType.make_union([_erase(i) for i in t.items], t.line, t.column)
    if isinstance(t, TupleType):
        return t.copy_modified(items=[_erase(i) for i in t.items])
    return typ


def erase_overload_item(sig: CallableType) -> CallableType:
    """In an overload item, every tensor type becomes ``Tensor[Any, Any]``; the hook computes the
    result's shape and tape.

    mypy tries the overloads of a call with errors muted and takes the first without errors, so an
    error a hook reports while one is being tried only moves mypy on to the next, and ends in a
    spurious "no overload variant matches" next to the real error (and, for the stub's matmul, its
    native shape check reports a mismatch the plugin reports again). With the tensors erased, the
    items differ only in what they accept (a number, a tensor, an axis), and the hook's error is
    reported once. Signatures that are not overloaded are left alone: their tape typing is exact.
    """
    if not getattr(sig.definition, "is_overload", False):
        return sig
    return sig.copy_modified(
        arg_types=[_erase(t) for t in sig.arg_types], ret_type=_erase(sig.ret_type), variables=[]
    )


METHODS: dict[str, OpHook] = {"backward": backward}
METHOD_SIGNATURES: dict[str, SignatureHook] = {"backward": backward_signature}
