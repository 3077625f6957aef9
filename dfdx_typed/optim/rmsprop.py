"""RMSprop with PyTorch's semantics (square average starts at 0, eps outside the square root)."""

from __future__ import annotations

from typing import Any

from .._backend import Array, xp
from ..nn.module import Module
from .optimizer import Optimizer, lerp


class RMSprop(Optimizer):
    """RMSprop as PyTorch computes it, optionally centred and with momentum.

    ``s = alpha s + (1 - alpha) g²`` (``s`` starts at 0), ``avg = sqrt(s) + eps`` — or, when
    ``centered``, ``sqrt(s - gbar²) + eps`` with ``gbar`` the running mean of ``g`` — then
    ``p -= lr * g / avg``, or with momentum ``b = mu b + g / avg; p -= lr * b``. dfdx starts ``s`` at 1
    and puts ``eps`` inside the root; this follows PyTorch.

    PyTorch: ``torch.optim.RMSprop(params, lr, alpha, eps, weight_decay, momentum, centered)``.
    """

    def __init__(
        self,
        model: Module,
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        centered: bool = False,
        *,
        allow_missing: bool = False,
    ) -> None:
        super().__init__(model, lr, allow_missing=allow_missing)
        if not 0.0 <= alpha <= 1.0 or eps < 0 or weight_decay < 0 or momentum < 0:
            raise ValueError(
                f"RMSprop: invalid alpha {alpha}, eps {eps}, weight_decay {weight_decay} or "
                f"momentum {momentum}"
            )
        self.alpha = alpha
        self.eps = eps
        self.weight_decay = weight_decay
        self.momentum = momentum
        self.centered = centered

    def _step(self, state: dict[str, Any], p: Array, g: Array) -> Array:
        if self.weight_decay != 0:
            g = g + self.weight_decay * p
        square_avg = state.get("square_avg", xp.zeros_like(p)) * self.alpha + (1 - self.alpha) * (g * g)
        state["square_avg"] = square_avg
        if self.centered:
            grad_avg = lerp(state.get("grad_avg", xp.zeros_like(p)), g, 1 - self.alpha)
            state["grad_avg"] = grad_avg
            avg = xp.sqrt(square_avg + (-1) * (grad_avg * grad_avg))
        else:
            avg = xp.sqrt(square_avg)
        avg = avg + self.eps
        if self.momentum > 0:
            buf = state.get("momentum_buffer", xp.zeros_like(p)) * self.momentum + g / avg
            state["momentum_buffer"] = buf
            out: Array = p + (-self.lr) * buf
            return out
        out = p + (-self.lr) * g / avg
        return out
