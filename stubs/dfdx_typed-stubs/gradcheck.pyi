from collections.abc import Callable, Sequence
from typing import Any

from ._tensor import Tensor

class GradcheckError(AssertionError):
    """Analytic and numeric gradients disagree; the message says where and by how much."""

def gradcheck(
    fn: Callable[..., Tensor[Any, Any]],
    inputs: Sequence[Tensor[Any, Any]],
    *,
    eps: float = 1e-6,
    atol: float = 1e-6,
    rtol: float = 1e-5,
    max_full: int = 64,
    seed: int = 0,
) -> bool: ...
