from ..nn.module import Module
from .optimizer import Optimizer

class RMSprop(Optimizer):
    """RMSprop with PyTorch's semantics. PyTorch: ``torch.optim.RMSprop``."""

    alpha: float
    eps: float
    weight_decay: float
    momentum: float
    centered: bool
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
    ) -> None: ...
