# Classification losses on logits (class axis last): 0-d results. `cross_entropy` and `nll_loss` take
# integer class indices, which carry no gradient (the run time detaches them), so the loss has the
# logits' tape whatever the target's. The probability-target losses join the two tapes, as the
# regression losses do; `pos_weight` may be untraced or traced.
from typing import Any, TypeVar, overload

from .._tensor import NoneTape, OwnedTape, Tensor, _AnyTape

_T = TypeVar("_T")

def cross_entropy(
    logits: Tensor[Any, _T],
    target: Tensor[Any, Any],
    ignore_index: int = -100,
    label_smoothing: float = 0.0,
    reduction: str = "mean",
) -> Tensor[tuple[()], _T]: ...
def nll_loss(
    log_probs: Tensor[Any, _T], target: Tensor[Any, Any], ignore_index: int = -100, reduction: str = "mean"
) -> Tensor[tuple[()], _T]: ...

# Cross-entropy against probabilities (dfdx's form).
@overload
def cross_entropy_with_logits(
    logits: Tensor[Any, Any], target: Tensor[Any, _AnyTape]
) -> Tensor[tuple[()], Any]: ...
@overload
def cross_entropy_with_logits(
    logits: Tensor[Any, Any], target: Tensor[Any, OwnedTape]
) -> Tensor[tuple[()], OwnedTape]: ...
@overload
def cross_entropy_with_logits(
    logits: Tensor[Any, _T], target: Tensor[Any, _T | NoneTape]
) -> Tensor[tuple[()], _T]: ...

# KL(target || softmax(logits)).
@overload
def kl_div_with_logits(logits: Tensor[Any, Any], target: Tensor[Any, _AnyTape]) -> Tensor[tuple[()], Any]: ...
@overload
def kl_div_with_logits(
    logits: Tensor[Any, Any], target: Tensor[Any, OwnedTape]
) -> Tensor[tuple[()], OwnedTape]: ...
@overload
def kl_div_with_logits(
    logits: Tensor[Any, _T], target: Tensor[Any, _T | NoneTape]
) -> Tensor[tuple[()], _T]: ...

# Binary cross-entropy on logits. PyTorch: F.binary_cross_entropy_with_logits. A traced or `Any`-tape
# `pos_weight` makes the result traced or `Any`; an untraced one (or none) leaves the join to the
# logits and the target.
@overload
def binary_cross_entropy_with_logits(
    logits: Tensor[Any, Any],
    target: Tensor[Any, Any],
    pos_weight: Tensor[Any, _AnyTape],
    reduction: str = "mean",
) -> Tensor[tuple[()], Any]: ...
@overload
def binary_cross_entropy_with_logits(
    logits: Tensor[Any, Any],
    target: Tensor[Any, Any],
    pos_weight: Tensor[Any, OwnedTape],
    reduction: str = "mean",
) -> Tensor[tuple[()], OwnedTape]: ...
@overload
def binary_cross_entropy_with_logits(
    logits: Tensor[Any, Any],
    target: Tensor[Any, _AnyTape],
    pos_weight: Tensor[Any, NoneTape] | None = None,
    reduction: str = "mean",
) -> Tensor[tuple[()], Any]: ...
@overload
def binary_cross_entropy_with_logits(
    logits: Tensor[Any, Any],
    target: Tensor[Any, OwnedTape],
    pos_weight: Tensor[Any, NoneTape] | None = None,
    reduction: str = "mean",
) -> Tensor[tuple[()], OwnedTape]: ...
@overload
def binary_cross_entropy_with_logits(
    logits: Tensor[Any, _T],
    target: Tensor[Any, _T | NoneTape],
    pos_weight: Tensor[Any, NoneTape] | None = None,
    reduction: str = "mean",
) -> Tensor[tuple[()], _T]: ...
