from typing import Generic

from typing_extensions import TypeVarTuple

Ts = TypeVarTuple("Ts")

class Mul(int, Generic[*Ts]):
    """The product of its dims: ``Mul[C, H, W]`` is ``C·H·W`` (normalised by the mypy plugin)."""

class Add(int, Generic[*Ts]):
    """The sum of its dims: ``Add[B, L[1]]`` is ``B + 1`` (normalised by the mypy plugin)."""
