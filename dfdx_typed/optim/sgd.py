"""Stochastic gradient descent with momentum, Nesterov momentum, and L2 or decoupled weight decay."""

from __future__ import annotations

from typing import Any

from .._backend import Array
from ..nn.module import Module
from .optimizer import Optimizer, _add_into


class Sgd(Optimizer):
    """SGD as PyTorch computes it, plus decoupled weight decay.

    Per step, with gradient ``g`` of parameter ``p``: L2 decay adds ``weight_decay * p`` to ``g``;
    decoupled decay (``decoupled_weight_decay=True``) instead multiplies ``p`` by
    ``1 - lr * weight_decay`` first (as AdamW does). With momentum ``mu``: ``b = g`` on the first
    step, then ``b = mu * b + (1 - dampening) * g``; the step uses ``g + mu * b`` (Nesterov) or ``b``.
    Then ``p -= lr * step``.

    PyTorch: ``torch.optim.SGD(params, lr, momentum, dampening, weight_decay, nesterov)``; decoupled
    decay is ``p.mul_(1 - lr * weight_decay)`` before a ``weight_decay=0`` step.
    """

    def __init__(
        self,
        model: Module,
        lr: float = 1e-3,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        *,
        decoupled_weight_decay: bool = False,
        allow_missing: bool = False,
    ) -> None:
        super().__init__(model, lr, allow_missing=allow_missing)
        if momentum < 0 or weight_decay < 0:
            raise ValueError(f"Sgd: momentum {momentum} and weight_decay {weight_decay} must be >= 0")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Sgd: Nesterov momentum requires a momentum and zero dampening")
        self.momentum = momentum
        self.dampening = dampening
        self.weight_decay = weight_decay
        self.nesterov = nesterov
        self.decoupled_weight_decay = decoupled_weight_decay

    def _step(self, state: dict[str, Any], p: Array, g: Array) -> Array:
        if self.weight_decay != 0:
            if self.decoupled_weight_decay:
                p = p * (1 - self.lr * self.weight_decay)
            else:
                g = g + self.weight_decay * p
        if self.momentum != 0:
            buf = state.get("momentum_buffer")
            if buf is None:
                buf = g.copy()
            else:
                buf = buf * self.momentum + (1 - self.dampening) * g
            state["momentum_buffer"] = buf
            g = g + self.momentum * buf if self.nesterov else buf
        # ``(-lr) * g`` is a new array of this step: the sum is written into it, not allocated again.
        return _add_into((-self.lr) * g, p)
