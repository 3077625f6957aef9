"""The shared op test table: one :class:`OpRow` per case, joined to the registry by op name.

Each module in this package (``core.py``, ``vision.py``, ...) defines ``ROWS: list[OpRow]``;
:func:`all_rows` collects them. The gradcheck, PyTorch and coverage tests all walk this one table, so
adding an op means adding rows here and nothing else.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

import dfdx_typed as dt


@dataclass(frozen=True)
class OpRow:
    """One test case for one registered op."""

    op: str
    """The REGISTRY name this row covers (the join key)."""
    label: str
    """Unique test id, e.g. ``"sum-axis-neg-keepdims"``."""
    dt_fn: Callable[..., dt.Tensor[Any, Any]]
    """Takes dfdx_typed tensors (one per input array), returns a tensor."""
    torch_fn: Callable[..., Any] | None
    """The same computation on torch tensors (None: no PyTorch comparison for this row)."""
    inputs: Callable[[np.random.Generator], list[np.ndarray]]
    """Builds the inputs: float64 arrays (integer arrays for indices)."""
    gradcheck: bool = True
    """False only for ops with no gradient by nature; then ``note`` says why."""
    rtol: float = 1e-5
    """Float32 relative tolerance vs torch (a row that deviates states why in ``note``)."""
    atol: float = 1e-6
    note: str = ""


def all_rows() -> list[OpRow]:
    """Import every module in ``tests/op_rows/`` and concatenate their ``ROWS``."""
    rows: list[OpRow] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        rows.extend(getattr(module, "ROWS", []))
    labels = [r.label for r in rows]
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    if duplicates:
        raise ValueError(f"duplicate OpRow labels: {duplicates}")
    return rows
