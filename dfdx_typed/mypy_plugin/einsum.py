"""``dt.einsum(subscripts, *operands)``: the subscripts are read from a literal string (or a ``Final``
one), every letter is bound to one dim across the operands by :func:`dfdx_typed.shapes.einsum` (a
letter bound to two different dims is its ``shape`` error, naming the letter), and the output letters'
dims are the result's shape. The tape is joined over the operands.
"""

from __future__ import annotations

from mypy.types import Type

from dfdx_typed import shapes
from dfdx_typed.shapes.dims import Shape

from .args import Call
from .convert import Unsupported, is_tensor, shape_of, tape_arg, tensor_type
from .hooks import OpHook, SignatureHook
from .literals import value
from .tape import erase_overload_item, join_tapes


def _operands(call: Call) -> list[Type]:
    """Every argument after the subscripts, whichever overload item spelled them (``a, b, /`` or
    ``*operands``), in call order."""
    out: list[Type] = []
    for slot in range(1, len(call.types)):
        out.extend(call.varargs(slot))
    return out


def einsum(call: Call) -> Type:
    operands = _operands(call)
    if not operands or not all(is_tensor(t) for t in operands):
        raise Unsupported("an operand is not a tensor")
    call.tape = join_tapes(call.make, [tape_arg(t) for t in operands])
    subscripts = value(call, 0)
    if not isinstance(subscripts, str):
        raise Unsupported("subscripts not a literal string")
    found = [shape_of(t, call.symbols) for t in operands]
    if any(s is None for s in found):
        raise Unsupported("an operand of unknown rank")
    known: list[Shape] = [s for s in found if s is not None]
    out = shapes.einsum("einsum", subscripts, *known)
    return tensor_type(call.make, call.symbols, out, call.tape, call.default)


FUNCTIONS: dict[str, OpHook] = {"einsum.einsum": einsum}
FUNCTION_SIGNATURES: dict[str, SignatureHook] = {"einsum.einsum": erase_overload_item}
