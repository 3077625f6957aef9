"""Selection by index tensors and masks: ``gather select take_along_axis embedding one_hot roll``, and
the elementwise ``==``/``!=`` operators.

Index tensors carry no gradient (the run time detaches them), so a result has its data operand's tape
(``embedding``: the table's); ``one_hot`` is never traced.

``==`` and ``!=``: the stub types them with two overloads, a tensor one and an ``object`` fallback
(``x == "a"`` is identity, a ``bool``). mypy tries overloads with errors muted, so a shape error the
hook reports under the tensor overload would only make mypy move on to the fallback and type the
comparison ``bool``, silently. The signature hook closes the fallback whenever the other operand is
a tensor or a number (what the tensor overload takes), so the error is reported, once. A number on
the left (``2.0 == x``) is typed too (see ``FULLNAME_METHODS``).
"""

from __future__ import annotations

from mypy.plugin import MethodSigContext
from mypy.types import CallableType, FunctionLike, Instance, Type, UninhabitedType, get_proper_type

from dfdx_typed import shapes
from dfdx_typed.shapes.dims import Shape

from .args import Call, int_param
from .convert import NONE_TAPE, Unsupported, is_number, is_tensor, shape_of, tape_arg, tensor_type
from .elementwise import FUNCTIONS as ELEMENTWISE_FUNCTIONS
from .hooks import OpHook
from .literals import int_or_ints, value


def _shape(call: Call, typ: Type) -> Shape:
    shape = shape_of(typ, call.symbols)
    if shape is None:
        raise Unsupported("unknown rank")
    return shape


def _tensor(call: Call, key: int | str) -> Type:
    typ = call.type_of(key)
    if not is_tensor(typ):
        raise Unsupported(f"{key} is not a tensor")
    return typ


def gather(call: Call) -> Type:
    """``gather(x, axis, index)``: the result has the index's shape and x's tape."""
    x, index = _tensor(call, 0), _tensor(call, "index")
    call.tape = tape_arg(x)
    out = shapes.gather("gather", _shape(call, x), int_param(call, "axis"), _shape(call, index))
    return tensor_type(call.make, call.symbols, out, call.tape, call.default)


def select(call: Call) -> Type:
    """``select(x, axis, index)``: the axis dim is replaced by the index's dims."""
    x, index = _tensor(call, "x"), _tensor(call, "index")
    call.tape = tape_arg(x)
    out = shapes.select("select", _shape(call, x), int_param(call, "axis"), _shape(call, index))
    return tensor_type(call.make, call.symbols, out, call.tape, call.default)


def take_along_axis(call: Call) -> Type:
    x, indices = _tensor(call, "x"), _tensor(call, "indices")
    call.tape = tape_arg(x)
    out = shapes.take_along_axis(
        "take_along_axis", _shape(call, x), _shape(call, indices), int_param(call, "axis")
    )
    return tensor_type(call.make, call.symbols, out, call.tape, call.default)


def embedding(call: Call) -> Type:
    """``embedding(indices, weight)``: ``(...)`` indices into a ``(N, D)`` table give ``(..., D)``."""
    indices, weight = _tensor(call, "indices"), _tensor(call, "weight")
    call.tape = tape_arg(weight)
    out = shapes.embedding("embedding", _shape(call, indices), _shape(call, weight))
    return tensor_type(call.make, call.symbols, out, call.tape, call.default)


def one_hot(call: Call) -> Type:
    indices = _tensor(call, "indices")
    call.tape = call.make.instance(NONE_TAPE, [])
    out = shapes.one_hot("one_hot", _shape(call, indices), int_param(call, "num_classes"))
    return tensor_type(call.make, call.symbols, out, call.tape, call.default)


def roll(call: Call) -> Type:
    """Same shape and tape; the axes must exist and match the shifts in number."""
    x = _tensor(call, 0)
    axis = value(call, "axis", None)
    shapes.roll("roll", _shape(call, x), int_or_ints(call, "shifts"), axis)
    return x


# --- == and != ----------------------------------------------------------------------------------------


def _operand_type(ctx: MethodSigContext) -> Type | None:
    """The type of the other operand: already in mypy's type map for ``x == y`` (a comparison
    checks its right operand first); otherwise (``x.__eq__(y)``) checked here."""
    if len(ctx.args) != 1 or len(ctx.args[0]) != 1:
        return None
    expr = ctx.args[0][0]
    lookup = getattr(ctx.api, "lookup_type_or_none", None)
    found = lookup(expr) if lookup is not None else None
    return found if isinstance(found, Type) else ctx.api.get_expression_type(expr)


def _is_object(typ: Type) -> bool:
    t = get_proper_type(typ)
    return isinstance(t, Instance) and t.type.fullname == "builtins.object"


def equality_signature(ctx: MethodSigContext) -> FunctionLike:
    """Close the ``object`` overload of ``__eq__``/``__ne__`` when the other operand is a tensor or a
    number (see the module docstring); every other signature is left as it is."""
    sig = ctx.default_signature
    try:
        if not (isinstance(sig, CallableType) and len(sig.arg_types) == 1 and _is_object(sig.arg_types[0])):
            return sig
        other = _operand_type(ctx)
        if other is None or not (is_tensor(other) or is_number(other)):
            return sig
        return sig.copy_modified(arg_types=[UninhabitedType()])
    except Exception:  # a signature hook never raises either (see hooks.py)
        return sig


METHODS: dict[str, OpHook] = {
    "gather": gather,
    "roll": roll,
    # x == y and x != y: the same hooks as dt.eq / dt.ne (slot 0 is x, slot 1 is y).
    "__eq__": ELEMENTWISE_FUNCTIONS["select.eq"],
    "__ne__": ELEMENTWISE_FUNCTIONS["select.ne"],
}
FUNCTIONS: dict[str, OpHook] = {
    "select.gather": gather,
    "select.select": select,
    "select.take_along_axis": take_along_axis,
    "select.embedding": embedding,
    "select.one_hot": one_hot,
    "select.roll": roll,
}
CONTEXT_METHOD_SIGNATURES = {"__eq__": equality_signature, "__ne__": equality_signature}
"""Signature hooks that need the call's context (the other operand), not only the signature."""

FULLNAME_METHODS: dict[str, OpHook] = {
    f"builtins.{number}.__{op}__": ELEMENTWISE_FUNCTIONS[f"select.{op}"]
    for number in ("int", "float")
    for op in ("eq", "ne")
}
"""``2.0 == x``: ``float.__eq__`` takes any object and says ``bool``, so mypy never asks the tensor;
the run time does (``float.__eq__`` returns ``NotImplemented``) and gives a bool tensor. With a tensor
on the right these hooks give that tensor type; any other comparison of numbers keeps ``bool``."""
