"""Shape rules for losses: which targets fit which predictions. Every loss returns a 0-d tensor.

Targets never broadcast against predictions: ``mse_loss`` of a ``(B,)`` prediction against a ``(B, 1)``
target is the silent ``(B, B)`` bug, so it is a ``shape`` error here.
"""

from __future__ import annotations

from collections.abc import Callable

from .dims import Shape, definitely_differ, format_shape
from .errors import ShapeError


def _differ(a: Shape, b: Shape) -> bool:
    return len(a) != len(b) or any(definitely_differ(x, y) for x, y in zip(a, b))


def same_shape(op: str, prediction: Shape, target: Shape) -> Shape:
    """Elementwise losses (``mse_loss``, ``huber_loss``, ``binary_cross_entropy_with_logits``...):
    the target has the prediction's shape."""
    if _differ(prediction, target):
        raise ShapeError(
            "shape",
            f"{op}: target {format_shape(target)} does not match prediction "
            f"{format_shape(prediction)}; they must have the same shape",
        )
    return ()


def class_indices(op: str, logits: Shape, target: Shape) -> Shape:
    """``cross_entropy``/``nll_loss``: logits ``(..., C)``, integer target ``(...)``; classes on the
    last axis."""
    if len(logits) == 0:
        raise ShapeError("shape", f"{op}: logits must have a class axis, got {format_shape(logits)}")
    if _differ(logits[:-1], target):
        raise ShapeError(
            "shape",
            f"{op}: target {format_shape(target)} does not fit logits {format_shape(logits)}: "
            f"expected {format_shape(logits[:-1])} (the logits without their class axis)",
        )
    return ()


def probabilities(op: str, logits: Shape, target: Shape) -> Shape:
    """``cross_entropy_with_logits``/``kl_div_with_logits``: a distribution per row, logits' shape."""
    if len(logits) == 0:
        raise ShapeError("shape", f"{op}: logits must have a class axis, got {format_shape(logits)}")
    if _differ(logits, target):
        raise ShapeError(
            "shape",
            f"{op}: target {format_shape(target)} does not match logits {format_shape(logits)}; "
            "a probability target has the logits' shape",
        )
    return ()


LOSS_RULES: dict[str, Callable[[str, Shape, Shape], Shape]] = {
    "mse_loss": same_shape,
    "rmse_loss": same_shape,
    "mae_loss": same_shape,
    "huber_loss": same_shape,
    "smooth_l1_loss": same_shape,
    "binary_cross_entropy_with_logits": same_shape,
    "cross_entropy": class_indices,
    "nll_loss": class_indices,
    "cross_entropy_with_logits": probabilities,
    "kl_div_with_logits": probabilities,
}
"""The loss name is the join key: ``dt.losses.<name>``, this rule, the stub and the plugin."""
