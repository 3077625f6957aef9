"""Losses (``dt.losses``): the target must fit the prediction (the rules of
:mod:`dfdx_typed.shapes.losses`, same messages), and every loss is a 0-d tensor.

The tape: class-index losses (``cross_entropy``, ``nll_loss``) have the logits' tape (the integer
target is detached at run time); the others join the prediction's and the target's tapes (and
``pos_weight``'s, for ``binary_cross_entropy_with_logits``).
"""

from __future__ import annotations

from mypy.types import Type

from dfdx_typed.shapes.losses import LOSS_RULES

from .args import Call, is_none
from .convert import Unsupported, is_tensor, shape_of, tape_arg, tensor_type
from .hooks import OpHook, SignatureHook
from .tape import erase_overload_item, join_tapes

_MODULES = {
    "mse_loss": "regression", "rmse_loss": "regression", "mae_loss": "regression",
    "huber_loss": "regression", "smooth_l1_loss": "regression",
    "cross_entropy": "classification", "nll_loss": "classification",
    "cross_entropy_with_logits": "classification", "kl_div_with_logits": "classification",
    "binary_cross_entropy_with_logits": "classification",
}
_CLASS_INDICES = ("cross_entropy", "nll_loss")
_CHECKED_AS = {"rmse_loss": "mse_loss"}
"""The run time checks ``rmse_loss`` inside the ``mse_loss`` it calls: its message names ``mse_loss``."""


def _loss(name: str) -> OpHook:
    rule = LOSS_RULES[name]
    op = _CHECKED_AS.get(name, name)

    def hook(call: Call) -> Type:
        prediction, target = call.type_of(0), call.type_of(1)
        if not (is_tensor(prediction) and is_tensor(target)):
            raise Unsupported("an operand is not a tensor")
        tapes = [tape_arg(prediction)] if name in _CLASS_INDICES else [tape_arg(prediction), tape_arg(target)]
        got = call.actual("pos_weight")
        if got is not None and not is_none(got[0]):
            if not is_tensor(got[0]):
                raise Unsupported("pos_weight is not a tensor")
            tapes.append(tape_arg(got[0]))
        call.tape = join_tapes(call.make, tapes)
        p, t = shape_of(prediction, call.symbols), shape_of(target, call.symbols)
        if p is None or t is None:
            # The result is 0-d whatever the shapes: only the check needs them.
            return tensor_type(call.make, call.symbols, (), call.tape, call.default)
        return tensor_type(call.make, call.symbols, rule(op, p, t), call.tape, call.default)

    hook.__name__ = name
    return hook


FULLNAME_FUNCTIONS: dict[str, OpHook] = {
    f"dfdx_typed.losses.{module}.{name}": _loss(name) for name, module in _MODULES.items()
}
FULLNAME_FUNCTION_SIGNATURES: dict[str, SignatureHook] = {
    name: erase_overload_item for name in FULLNAME_FUNCTIONS
}
