from ..nn.module import Module
from .optimizer import Optimizer

class Adam(Optimizer):
    """Adam (AdamW with ``decoupled_weight_decay``). PyTorch: ``torch.optim.Adam``."""

    betas: tuple[float, float]
    eps: float
    weight_decay: float
    amsgrad: bool
    decoupled_weight_decay: bool
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
    ) -> None: ...

class AdamW(Adam):
    """Adam with decoupled weight decay. PyTorch: ``torch.optim.AdamW``."""

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
    ) -> None: ...
