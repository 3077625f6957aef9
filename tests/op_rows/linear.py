"""Op rows for ``linear`` (``x @ weight.T + bias``, PyTorch's ``F.linear``): 1-D, 2-D and batched
inputs, with and without a bias, and a weight that is itself a transposed view."""

from __future__ import annotations

from typing import Any

import torch.nn.functional as F

import dfdx_typed as dt

from . import OpRow
from ._gen import normal

ROWS: list[OpRow] = []

# (label, x shape); the weight is (out=4, in=3), the bias (4,).
for _label, _x in [("1d", (3,)), ("2d", (2, 3)), ("batched-3d", (2, 5, 3))]:
    ROWS.append(OpRow("linear", f"linear-{_label}-bias", dt.linear, F.linear,
                      normal(_x, (4, 3), (4,))))
    ROWS.append(OpRow("linear", f"linear-{_label}-no-bias", dt.linear, F.linear,
                      normal(_x, (4, 3))))


def _dt_transposed_weight(x: Any, w: Any, b: Any) -> Any:
    return dt.linear(x, w.T, b)


def _torch_transposed_weight(x: Any, w: Any, b: Any) -> Any:
    return F.linear(x, w.T, b)


# A weight given as ``w.T`` (F-ordered memory): its gradient takes the other layout.
ROWS.append(OpRow("linear", "linear-2d-transposed-weight", _dt_transposed_weight,
                  _torch_transposed_weight, normal((2, 3), (3, 4), (4,))))
ROWS.append(OpRow("linear", "linear-keyword-bias", lambda x, w, b: dt.linear(x, w, bias=b),
                  lambda x, w, b: F.linear(x, w, bias=b), normal((1, 3), (4, 3), (4,))))
