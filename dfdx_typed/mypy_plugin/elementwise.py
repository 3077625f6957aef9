"""Binary ops: numpy broadcasting (``+ - * /``, ``maximum``, ``minimum``, comparisons, ``where``) and
matmul, with the tape join.

Each operator maps to the op name the run time uses in its messages (``x - y`` is ``sub``), and a
reflected operator (``2.0 - x``, ``x.__rsub__(2.0)``) puts the operands back in source order, as the
run time does (``sub(2.0, x)``). A Python or numpy number is a 0-d untraced operand.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.types import Type

from dfdx_typed import shapes
from dfdx_typed.shapes.dims import Shape

from .args import Call
from .convert import (
    NONE_TAPE,
    TENSOR,
    Unsupported,
    is_number,
    is_tensor,
    shape_of,
    tape_arg,
    tensor_instance,
    tensor_type,
)
from .hooks import OpHook, SignatureHook
from .tape import erase_overload_item, join_tapes


def operand(call: Call, typ: Type) -> tuple[Shape | None, Type]:
    """(shape, tape) of a tensor or number operand; a union or anything else is not read."""
    if is_tensor(typ):
        return shape_of(typ, call.symbols), tape_arg(typ)
    if is_number(typ):
        return (), call.make.instance(NONE_TAPE, [])
    raise Unsupported("operand is neither a tensor nor a number")


Rule = Callable[[str, Shape, Shape], Shape]


def _binary(
    op: str, rule: Rule, reflected: bool = False, tensors_only: bool = False, untraced: bool = False
) -> OpHook:
    """``untraced``: the result never carries a tape (a comparison: the run time detaches)."""

    def hook(call: Call) -> Type:
        first, second = call.type_of(0), call.type_of(1)
        if reflected:
            first, second = second, first
        if not (is_tensor(first) or is_tensor(second)):
            raise Unsupported("no tensor operand")
        if tensors_only and not (is_tensor(first) and is_tensor(second)):
            raise Unsupported("a number where the run time requires a tensor (a TypeError there)")
        a, tape_a = operand(call, first)
        b, tape_b = operand(call, second)
        tapes = [call.make.instance(NONE_TAPE, [])] if untraced else [tape_a, tape_b]
        call.tape = join_tapes(call.make, tapes)
        if a is None or b is None:
            if rule is shapes.broadcast and (a == () or b == ()):
                # Broadcasting with a 0-d operand (a number) keeps the other shape, whatever it is
                # (``tuple[int, ...]`` stays that, as the stub's number overload said).
                tensor = first if b == () else second
                return call.make.instance(TENSOR, [tensor_instance(tensor).args[0], call.tape])
            raise Unsupported("unknown rank")
        return tensor_type(call.make, call.symbols, rule(op, a, b), call.tape, call.default)

    hook.__name__ = f"{op}{'_reflected' if reflected else ''}"
    return hook


_BROADCASTING = {"add": "add", "sub": "sub", "mul": "mul", "truediv": "div"}

METHODS: dict[str, OpHook] = {}
FUNCTIONS: dict[str, OpHook] = {}
for _dunder, _op in _BROADCASTING.items():
    METHODS[f"__{_dunder}__"] = _binary(_op, shapes.broadcast)
    METHODS[f"__r{_dunder}__"] = _binary(_op, shapes.broadcast, reflected=True)
    FUNCTIONS[f"elementwise.{_op}"] = _binary(_op, shapes.broadcast)
for _op in ("maximum", "minimum"):
    METHODS[_op] = _binary(_op, shapes.broadcast)
    FUNCTIONS[f"elementwise.{_op}"] = _binary(_op, shapes.broadcast)
METHODS["__matmul__"] = _binary("matmul", shapes.matmul, tensors_only=True)
# Typing only (the run time has no __rmatmul__): mypy tries it when __matmul__ reported an error, and
# it must then fail the same way, not succeed and drop the error.
METHODS["__rmatmul__"] = _binary("matmul", shapes.matmul, reflected=True, tensors_only=True)
FUNCTIONS["linalg.matmul"] = _binary("matmul", shapes.matmul, tensors_only=True)

# Comparisons broadcast like arithmetic and give untraced bool tensors. (``==``/``!=`` are not hooked:
# their stubs fall back to ``object`` identity, an overload a muted error would silently pick.)
for _op in ("lt", "le", "gt", "ge"):
    METHODS[f"__{_op}__"] = _binary(_op, shapes.broadcast, untraced=True)
for _op in ("lt", "le", "gt", "ge", "eq", "ne"):
    FUNCTIONS[f"select.{_op}"] = _binary(_op, shapes.broadcast, untraced=True)


def where(call: Call) -> Type:
    """``dt.where(condition, x, y)``: three shapes broadcast together; the tape is x's and y's (the
    condition is detached at run time)."""
    cond, first, second = call.type_of(0), call.type_of(1), call.type_of(2)
    if not is_tensor(cond) or not (is_tensor(first) or is_tensor(second)):
        raise Unsupported("where needs a condition tensor and a tensor operand")
    c = shape_of(cond, call.symbols)
    a, tape_a = operand(call, first)
    b, tape_b = operand(call, second)
    call.tape = join_tapes(call.make, [tape_a, tape_b])
    if a is None or b is None or c is None:
        raise Unsupported("unknown rank")
    return tensor_type(call.make, call.symbols, shapes.where("where", c, a, b), call.tape, call.default)


FUNCTIONS["select.where"] = where

# The stubs type these with overloads on the tapes (and matmul's shapes): see erase_overload_item.
METHOD_SIGNATURES: dict[str, SignatureHook] = dict.fromkeys(METHODS, erase_overload_item)
FUNCTION_SIGNATURES: dict[str, SignatureHook] = dict.fromkeys(FUNCTIONS, erase_overload_item)
