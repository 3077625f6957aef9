"""Learning-rate schedules: step decay, cosine annealing, linear warm-up, and a sequence of them.

Each schedule is a closed-form function of the step count (``lr_at``); ``step()`` advances the count
and writes the rate into the optimizer's ``lr``, as PyTorch's schedulers do.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .optimizer import Optimizer


class LRScheduler:
    """Base class of the schedules: ``lr_at(epoch)`` from the optimizer's initial ``lr`` (``base_lr``).

    PyTorch: ``torch.optim.lr_scheduler.LRScheduler``.
    """

    def __init__(self, optimizer: Optimizer) -> None:
        self.optimizer = optimizer
        if optimizer.initial_lr is None:
            optimizer.initial_lr = optimizer.lr
        self.base_lr = optimizer.initial_lr
        self.last_epoch = 0
        optimizer.lr = self.lr_at(0)

    def lr_at(self, epoch: int) -> float:
        """The learning rate at step ``epoch`` (0 is the optimizer's initial ``lr``); each schedule's formula.

        PyTorch: none — PyTorch's closed form is the private ``_get_closed_form_lr()``.
        """
        raise NotImplementedError

    def step(self) -> None:
        """Advance one step (an epoch or an iteration, as the caller counts) and set the new rate.

        PyTorch: ``scheduler.step()``.
        """
        self.last_epoch += 1
        self.optimizer.lr = self.lr_at(self.last_epoch)

    def get_last_lr(self) -> float:
        """The rate the last ``step()`` set.

        PyTorch: ``scheduler.get_last_lr()[0]``.
        """
        return self.optimizer.lr


class StepLR(LRScheduler):
    """Decay by ``gamma`` every ``step_size`` steps: ``base_lr * gamma ** (epoch // step_size)``.

    PyTorch: ``torch.optim.lr_scheduler.StepLR(optimizer, step_size, gamma)``.
    """

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1) -> None:
        if step_size < 1:
            raise ValueError(f"StepLR: step_size must be >= 1, got {step_size}")
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(optimizer)

    def lr_at(self, epoch: int) -> float:
        return self.base_lr * self.gamma ** (epoch // self.step_size)


class CosineAnnealingLR(LRScheduler):
    """Cosine decay from ``base_lr`` to ``eta_min`` over ``T_max`` steps (periodic past ``T_max``).

    ``lr = eta_min + (base_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2``.

    PyTorch: ``torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max, eta_min)``.
    """

    def __init__(self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0) -> None:  # noqa: N803
        if T_max < 1:
            raise ValueError(f"CosineAnnealingLR: T_max must be >= 1, got {T_max}")
        self.T_max = T_max
        self.eta_min = eta_min
        super().__init__(optimizer)

    def lr_at(self, epoch: int) -> float:
        cos = math.cos(math.pi * epoch / self.T_max)
        return self.eta_min + (self.base_lr - self.eta_min) * (1 + cos) / 2


class LinearLR(LRScheduler):
    """Linear warm-up: the factor goes from ``start_factor`` to ``end_factor`` over ``total_iters`` steps.

    After ``total_iters`` steps the factor stays at ``end_factor``.

    PyTorch: ``torch.optim.lr_scheduler.LinearLR(optimizer, start_factor, end_factor, total_iters)``.
    """

    def __init__(
        self,
        optimizer: Optimizer,
        start_factor: float = 1.0 / 3,
        end_factor: float = 1.0,
        total_iters: int = 5,
    ) -> None:
        if not 0 < start_factor <= 1 or not 0 <= end_factor <= 1 or total_iters < 1:
            raise ValueError(
                f"LinearLR: need 0 < start_factor <= 1, 0 <= end_factor <= 1, total_iters >= 1; got "
                f"{start_factor}, {end_factor}, {total_iters}"
            )
        self.start_factor = start_factor
        self.end_factor = end_factor
        self.total_iters = total_iters
        super().__init__(optimizer)

    def lr_at(self, epoch: int) -> float:
        progress = min(epoch, self.total_iters) / self.total_iters
        return self.base_lr * (self.start_factor + (self.end_factor - self.start_factor) * progress)


class SequentialLR(LRScheduler):
    """Run ``schedulers[0]`` until ``milestones[0]``, then ``schedulers[1]`` from its step 0, and so on.

    The usual use is warm-up then cosine decay.

    PyTorch: ``torch.optim.lr_scheduler.SequentialLR(optimizer, schedulers, milestones)``.
    """

    def __init__(
        self, optimizer: Optimizer, schedulers: Sequence[LRScheduler], milestones: Sequence[int]
    ) -> None:
        if len(milestones) != len(schedulers) - 1:
            raise ValueError(
                f"SequentialLR: {len(schedulers)} schedulers need {len(schedulers) - 1} milestones, "
                f"got {len(milestones)}"
            )
        if any(s.optimizer is not optimizer for s in schedulers):
            raise ValueError("SequentialLR: every scheduler must drive the same optimizer")
        self.schedulers = list(schedulers)
        self.milestones = list(milestones)
        super().__init__(optimizer)

    def lr_at(self, epoch: int) -> float:
        start = 0
        index = 0
        for i, m in enumerate(self.milestones):
            if epoch >= m:
                start, index = m, i + 1
        return self.schedulers[index].lr_at(epoch - start)
