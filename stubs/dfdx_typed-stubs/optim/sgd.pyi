from ..nn.module import Module
from .optimizer import Optimizer

class Sgd(Optimizer):
    """SGD with momentum, Nesterov, L2 or decoupled weight decay. PyTorch: ``torch.optim.SGD``."""

    momentum: float
    dampening: float
    weight_decay: float
    nesterov: bool
    decoupled_weight_decay: bool
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
    ) -> None: ...
