# Regression losses: 0-d results. The tape is traced when the prediction or the target is: three
# overloads join the two tapes (stubs/README-stubs.md, "Joining tapes"). The shapes must be equal;
# that check is the mypy plugin's (a free function cannot bind one operand's shape before the other).
from typing import Any, TypeVar, overload

from .._tensor import NoneTape, OwnedTape, Tensor, _AnyTape

_T = TypeVar("_T")

def reduce(op: str, loss: Tensor[Any, _T], reduction: str) -> Tensor[tuple[()], _T]: ...

# Mean of (prediction - target)². PyTorch: F.mse_loss.
@overload
def mse_loss(
    prediction: Tensor[Any, Any], target: Tensor[Any, _AnyTape], reduction: str = "mean"
) -> Tensor[tuple[()], Any]: ...
@overload
def mse_loss(
    prediction: Tensor[Any, Any], target: Tensor[Any, OwnedTape], reduction: str = "mean"
) -> Tensor[tuple[()], OwnedTape]: ...
@overload
def mse_loss(
    prediction: Tensor[Any, _T], target: Tensor[Any, _T | NoneTape], reduction: str = "mean"
) -> Tensor[tuple[()], _T]: ...

# sqrt(mse_loss). PyTorch: torch.sqrt(F.mse_loss(...)).
@overload
def rmse_loss(prediction: Tensor[Any, Any], target: Tensor[Any, _AnyTape]) -> Tensor[tuple[()], Any]: ...
@overload
def rmse_loss(
    prediction: Tensor[Any, Any], target: Tensor[Any, OwnedTape]
) -> Tensor[tuple[()], OwnedTape]: ...
@overload
def rmse_loss(prediction: Tensor[Any, _T], target: Tensor[Any, _T | NoneTape]) -> Tensor[tuple[()], _T]: ...

# Mean of |prediction - target|. PyTorch: F.l1_loss.
@overload
def mae_loss(
    prediction: Tensor[Any, Any], target: Tensor[Any, _AnyTape], reduction: str = "mean"
) -> Tensor[tuple[()], Any]: ...
@overload
def mae_loss(
    prediction: Tensor[Any, Any], target: Tensor[Any, OwnedTape], reduction: str = "mean"
) -> Tensor[tuple[()], OwnedTape]: ...
@overload
def mae_loss(
    prediction: Tensor[Any, _T], target: Tensor[Any, _T | NoneTape], reduction: str = "mean"
) -> Tensor[tuple[()], _T]: ...

# Huber loss. PyTorch: F.huber_loss.
@overload
def huber_loss(
    prediction: Tensor[Any, Any], target: Tensor[Any, _AnyTape], delta: float = 1.0, reduction: str = "mean"
) -> Tensor[tuple[()], Any]: ...
@overload
def huber_loss(
    prediction: Tensor[Any, Any], target: Tensor[Any, OwnedTape], delta: float = 1.0, reduction: str = "mean"
) -> Tensor[tuple[()], OwnedTape]: ...
@overload
def huber_loss(
    prediction: Tensor[Any, _T],
    target: Tensor[Any, _T | NoneTape],
    delta: float = 1.0,
    reduction: str = "mean",
) -> Tensor[tuple[()], _T]: ...

# Smooth L1 loss. PyTorch: F.smooth_l1_loss.
@overload
def smooth_l1_loss(
    prediction: Tensor[Any, Any], target: Tensor[Any, _AnyTape], beta: float = 1.0, reduction: str = "mean"
) -> Tensor[tuple[()], Any]: ...
@overload
def smooth_l1_loss(
    prediction: Tensor[Any, Any], target: Tensor[Any, OwnedTape], beta: float = 1.0, reduction: str = "mean"
) -> Tensor[tuple[()], OwnedTape]: ...
@overload
def smooth_l1_loss(
    prediction: Tensor[Any, _T],
    target: Tensor[Any, _T | NoneTape],
    beta: float = 1.0,
    reduction: str = "mean",
) -> Tensor[tuple[()], _T]: ...
