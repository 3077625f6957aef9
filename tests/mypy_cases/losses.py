# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""Losses: the target must fit the prediction (no broadcasting: (B,) against (B, 1) is an error), and
every loss is a 0-d tensor that carries the tape (class-index losses: the logits' tape)."""

from typing import Literal as L
from typing import TypeVar, reveal_type

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor, losses

B = TypeVar("B", bound=int)

pred = dt.zeros((4, 3))
logits = dt.zeros((4, 10))
labels = dt.zeros((4,), dtype="int64")

reveal_type(losses.mse_loss(pred, pred))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.NoneTape]"
reveal_type(losses.mse_loss(pred.trace(), pred))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.OwnedTape]"
reveal_type(losses.mae_loss(pred, pred.trace()))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.OwnedTape]"
reveal_type(dt.losses.rmse_loss(pred, pred))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.NoneTape]"
reveal_type(losses.huber_loss(pred.trace(), pred, delta=0.5))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.OwnedTape]"
reveal_type(losses.smooth_l1_loss(pred, pred, beta=2.0))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.NoneTape]"
reveal_type(losses.cross_entropy(logits.trace(), labels))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.OwnedTape]"
reveal_type(losses.nll_loss(logits.log_softmax(), labels))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.NoneTape]"
reveal_type(losses.cross_entropy_with_logits(logits, logits.softmax().trace()))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.OwnedTape]"
reveal_type(losses.kl_div_with_logits(logits.trace(), logits.softmax()))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.OwnedTape]"
reveal_type(losses.binary_cross_entropy_with_logits(pred, pred, pos_weight=dt.ones((3,)).trace()))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.OwnedTape]"

losses.mse_loss(dt.zeros((4,)), dt.zeros((4, 1)))  # E: mse_loss: target (4, 1) does not match prediction (4,); they must have the same shape  [shape]
losses.mae_loss(pred, dt.zeros((3, 4)))  # E: mae_loss: target (3, 4) does not match prediction (4, 3); they must have the same shape  [shape]
losses.rmse_loss(pred, dt.zeros((4,)))  # E: mse_loss: target (4,) does not match prediction (4, 3); they must have the same shape  [shape]
losses.huber_loss(pred, pred.T)  # E: huber_loss: target (3, 4) does not match prediction (4, 3); they must have the same shape  [shape]
losses.smooth_l1_loss(pred, dt.zeros((4, 3, 1)))  # E: smooth_l1_loss: target (4, 3, 1) does not match prediction (4, 3); they must have the same shape  [shape]
losses.cross_entropy(logits, dt.zeros((5,), dtype="int64"))  # E: cross_entropy: target (5,) does not fit logits (4, 10): expected (4,) (the logits without their class axis)  [shape]
losses.cross_entropy(logits, dt.zeros((4, 10), dtype="int64"))  # E: cross_entropy: target (4, 10) does not fit logits (4, 10): expected (4,) (the logits without their class axis)  [shape]
losses.nll_loss(dt.zeros(()), labels)  # E: nll_loss: logits must have a class axis, got ()  [shape]
losses.cross_entropy_with_logits(logits, dt.zeros((4, 9)))  # E: cross_entropy_with_logits: target (4, 9) does not match logits (4, 10); a probability target has the logits' shape  [shape]
losses.kl_div_with_logits(logits, labels)  # E: kl_div_with_logits: target (4,) does not match logits (4, 10); a probability target has the logits' shape  [shape]
losses.binary_cross_entropy_with_logits(pred, dt.zeros((4,)))  # E: binary_cross_entropy_with_logits: target (4,) does not match prediction (4, 3); they must have the same shape  [shape]


def train_step(y: Tensor[tuple[B, L[10]], OwnedTape], target: Tensor[tuple[B]], wrong: Tensor[tuple[B, L[1]]]) -> None:
    loss = losses.cross_entropy(y, target)
    reveal_type(loss)  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.OwnedTape]"
    reveal_type(loss.backward())  # N: Revealed type is "dfdx_typed._tape.Gradients"
    reveal_type(losses.mse_loss(y.sum(axis=-1), target))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[()], dfdx_typed._tensor.OwnedTape]"
    losses.mse_loss(y.sum(axis=-1), wrong)  # E: mse_loss: target (B, 1) does not match prediction (B,); they must have the same shape  [shape]
    losses.cross_entropy(y, wrong)  # E: cross_entropy: target (B, 1) does not fit logits (B, 10): expected (B,) (the logits without their class axis)  [shape]
