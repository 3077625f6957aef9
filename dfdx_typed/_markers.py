"""Type-level dim arithmetic: ``Mul[B, L[784]]`` and ``Add[B, L[1]]``.

These are real generic classes (plugins cannot invent new kinds of type), subclasses of ``int`` so a
dim typed ``Mul[...]`` can be passed wherever a size is expected. The mypy plugin normalises them as
polynomials, so ``Mul[L[28], L[28]]`` and ``L[784]`` are the same dim.
"""

from __future__ import annotations

from typing import Generic

from typing_extensions import TypeVarTuple

Ts = TypeVarTuple("Ts")


class Mul(int, Generic[*Ts]):
    """The product of its dims: ``Mul[C, H, W]`` is ``C·H·W``.

    A type-level dim for annotations (``flatten`` of ``(B, 28, 28)`` is ``(B, Mul[L[28], L[28]])``,
    the same dim as ``(B, L[784])``); the mypy plugin normalises it, and at run time the dim is an ``int``.

    PyTorch: none — PyTorch shapes are run-time values, not types.
    """


class Add(int, Generic[*Ts]):
    """The sum of its dims: ``Add[B, L[1]]`` is ``B + 1``.

    A type-level dim for annotations (``Tensor[tuple[Add[B, L[1]], L[4]]]``); the mypy plugin
    normalises it, and at run time the dim is an ``int``.

    PyTorch: none — PyTorch shapes are run-time values, not types.
    """
