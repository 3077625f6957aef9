from collections.abc import Sequence

from .optimizer import Optimizer

class LRScheduler:
    """Base: ``lr_at(epoch)``; ``step()`` advances and sets the optimizer's ``lr``.

    PyTorch: ``torch.optim.lr_scheduler.LRScheduler``.
    """

    optimizer: Optimizer
    base_lr: float
    last_epoch: int
    def __init__(self, optimizer: Optimizer) -> None: ...
    def lr_at(self, epoch: int) -> float: ...
    def step(self) -> None: ...
    def get_last_lr(self) -> float: ...

class StepLR(LRScheduler):
    """``base_lr * gamma ** (epoch // step_size)``. PyTorch: ``lr_scheduler.StepLR``."""

    step_size: int
    gamma: float
    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1) -> None: ...

class CosineAnnealingLR(LRScheduler):
    """Cosine annealing to ``eta_min`` over ``T_max`` steps. PyTorch: ``lr_scheduler.CosineAnnealingLR``."""

    T_max: int
    eta_min: float
    def __init__(self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0) -> None: ...

class LinearLR(LRScheduler):
    """Linear warm-up of the factor. PyTorch: ``lr_scheduler.LinearLR``."""

    start_factor: float
    end_factor: float
    total_iters: int
    def __init__(
        self,
        optimizer: Optimizer,
        start_factor: float = 1.0 / 3,
        end_factor: float = 1.0,
        total_iters: int = 5,
    ) -> None: ...

class SequentialLR(LRScheduler):
    """Schedulers one after another at ``milestones``. PyTorch: ``lr_scheduler.SequentialLR``."""

    schedulers: list[LRScheduler]
    milestones: list[int]
    def __init__(
        self, optimizer: Optimizer, schedulers: Sequence[LRScheduler], milestones: Sequence[int]
    ) -> None: ...
