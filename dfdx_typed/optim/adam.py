"""Adam and AdamW (Adam with decoupled weight decay), in PyTorch's arithmetic order."""

from __future__ import annotations

from typing import Any

from .._backend import Array, xp
from ..nn.module import Module
from .optimizer import Optimizer, _add_into, lerp


class Adam(Optimizer):
    """Adam, with optional AMSGrad and decoupled (AdamW) weight decay.

    ``m = b1 m + (1 - b1) g``, ``v = b2 v + (1 - b2) g²``, and
    ``p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)``. ``weight_decay`` is L2 (added to
    ``g``) unless ``decoupled_weight_decay`` (then ``p`` is first multiplied by
    ``1 - lr * weight_decay``: AdamW). ``amsgrad`` keeps the running maximum of ``v``.

    PyTorch: ``torch.optim.Adam(params, lr, betas, eps, weight_decay, amsgrad,
    decoupled_weight_decay=...)``.
    """

    def __init__(
        self,
        model: Module,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
        *,
        decoupled_weight_decay: bool = False,
        allow_missing: bool = False,
    ) -> None:
        super().__init__(model, lr, allow_missing=allow_missing)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"{type(self).__name__}: betas must be a pair (beta1, beta2), got {betas!r}")
        b1, b2 = betas
        if not (0.0 <= b1 < 1.0 and 0.0 <= b2 < 1.0):
            raise ValueError(f"{type(self).__name__}: betas must be in [0, 1), got {betas}")
        if eps < 0 or weight_decay < 0:
            raise ValueError(f"{type(self).__name__}: eps and weight_decay must be >= 0")
        self.betas = (float(b1), float(b2))
        self.eps = eps
        self.weight_decay = weight_decay
        self.amsgrad = amsgrad
        self.decoupled_weight_decay = decoupled_weight_decay

    def _step(self, state: dict[str, Any], p: Array, g: Array) -> Array:
        b1, b2 = self.betas
        t = state["step"]
        if self.weight_decay != 0:
            if self.decoupled_weight_decay:
                p = p * (1 - self.lr * self.weight_decay)
            else:
                g = g + self.weight_decay * p
        m = state.get("exp_avg", xp.zeros_like(p))
        v = state.get("exp_avg_sq", xp.zeros_like(p))
        m = lerp(m, g, 1 - b1)
        v = v * b2 + (1 - b2) * (g * g)
        state["exp_avg"], state["exp_avg_sq"] = m, v
        step_size = self.lr / (1 - b1**t)
        bias_correction2_sqrt = (1 - b2**t) ** 0.5
        if self.amsgrad:
            v_max = xp.maximum(state.get("max_exp_avg_sq", xp.zeros_like(p)), v)
            state["max_exp_avg_sq"] = v_max
            denom = xp.sqrt(v_max)
        else:
            denom = xp.sqrt(v)
        # The temporaries are this step's own arrays, so each next operation is written into them
        # (same operations in the same order as ``p + (-step_size) * m / (sqrt(v) / c + eps)``,
        # fewer allocations); nothing that another tensor or the state holds is written.
        denom /= bias_correction2_sqrt
        denom += self.eps
        out: Array = (-step_size) * m
        out /= denom
        return _add_into(out, p)


class AdamW(Adam):
    """Adam with decoupled weight decay (default ``weight_decay=1e-2``).

    PyTorch: ``torch.optim.AdamW(params, lr, betas, eps, weight_decay, amsgrad)``.
    """

    def __init__(
        self,
        model: Module,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        *,
        allow_missing: bool = False,
    ) -> None:
        super().__init__(
            model, lr, betas, eps, weight_decay, amsgrad,
            decoupled_weight_decay=True, allow_missing=allow_missing,
        )
