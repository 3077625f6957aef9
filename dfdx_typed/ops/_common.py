"""What every op module needs: tensor coercion and the registry entry points."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._registry import Primitive, apply
from .._tensor import Tensor

Scalar = int | float | bool


def as_tensor_or_scalar(x: Any, op: str) -> Tensor[Any, Any] | Scalar:
    if isinstance(x, np.generic):
        # Numpy scalars are strongly typed (np.float64(2) would promote a float32 tensor); as Python
        # numbers they take part as weak scalars, like the literal 2.0 would.
        if isinstance(x, (np.floating, np.integer, np.bool_)):
            return x.item()
    if isinstance(x, (Tensor, int, float, bool)):
        return x
    raise TypeError(f"{op}: expected a Tensor or a Python number, got {type(x).__name__}")


def run(prim: Primitive, *args: Any, **params: Any) -> Tensor[Any, Any]:
    return apply(prim, args, params)


def check_tensor(x: Any, op: str, arg: str = "x") -> Tensor[Any, Any]:
    if not isinstance(x, Tensor):
        raise TypeError(f"{op}: argument {arg} must be a Tensor, got {type(x).__name__}")
    return x
