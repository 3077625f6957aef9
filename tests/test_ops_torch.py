"""Every op row with a ``torch_fn``: forward and gradients against PyTorch (CPU), float32.

Both libraries get the same float32 inputs (integer inputs stay int64). The forward must match in
shape, dtype and value (exactly, for integer and bool results); for differentiable rows, the
gradients of ``sum(out * c)`` for a random float32 cotangent ``c`` must match in value and dtype for
every float input. Tolerances are the row's (default ``rtol=1e-5, atol=1e-6``, about 100 float32
ulps; a row that deviates says why in its ``note``). ``KINK_ROWS`` compare gradients at
non-differentiable points (ties, clamp bounds, relu at 0) with PyTorch's convention.
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np
import pytest
import torch
from op_rows import OpRow, all_rows
from op_rows.core import KINK_ROWS

import dfdx_typed as dt

ROWS = [r for r in all_rows() if r.torch_fn is not None]


def _torch_dtype(dtype: np.dtype[Any]) -> torch.dtype:
    return torch.from_numpy(np.empty(0, dtype=dtype)).dtype


def _check(row: OpRow, with_grads: bool) -> None:
    assert row.torch_fn is not None
    rng = np.random.default_rng(zlib.crc32(row.label.encode()))
    arrays = [a.astype(np.float32) if a.dtype.kind == "f" else a for a in row.inputs(rng)]
    is_float = [a.dtype.kind == "f" for a in arrays]
    ours = [dt.from_numpy(a) for a in arrays]
    if with_grads:
        ours = [t.trace() if f else t for t, f in zip(ours, is_float)]
    theirs = [torch.from_numpy(a.copy()).requires_grad_(with_grads and f)
              for a, f in zip(arrays, is_float)]

    out = row.dt_fn(*ours)
    ref = row.torch_fn(*theirs)
    assert out.shape == tuple(ref.shape), f"{row.label}: shape {out.shape} vs {tuple(ref.shape)}"
    assert _torch_dtype(out.dtype) == ref.dtype, f"{row.label}: dtype {out.dtype} vs {ref.dtype}"
    if out.dtype.kind in "biu":  # indices, masks, integer casts: exactly equal
        np.testing.assert_array_equal(out.numpy(), ref.detach().numpy(), err_msg=row.label)
    else:
        np.testing.assert_allclose(
            out.numpy(), ref.detach().numpy(), rtol=row.rtol, atol=row.atol, err_msg=row.label
        )
    if not with_grads:
        return

    cotangent = rng.standard_normal(out.shape).astype(out.dtype)
    grads = (out * dt.from_numpy(cotangent)).sum().backward()
    (ref * torch.from_numpy(cotangent)).sum().backward()
    for i, (t, th, f) in enumerate(zip(ours, theirs, is_float)):
        if not f:
            continue
        expected = th.grad if th.grad is not None else torch.zeros_like(th)
        got = grads.get(t)
        actual = np.zeros(t.shape, np.float32) if got is None else got.numpy()
        assert _torch_dtype(actual.dtype) == expected.dtype, f"{row.label}: grad {i} dtype"
        assert actual.shape == tuple(expected.shape), f"{row.label}: grad {i} shape"
        np.testing.assert_allclose(
            actual, expected.numpy(), rtol=row.rtol, atol=row.atol,
            err_msg=f"{row.label}: gradient of input {i}",
        )


@pytest.mark.parametrize("row", ROWS, ids=[r.label for r in ROWS])
def test_against_torch(row: OpRow) -> None:
    _check(row, with_grads=row.gradcheck)


@pytest.mark.parametrize("row", KINK_ROWS, ids=[r.label for r in KINK_ROWS])
def test_kink_gradients_follow_torch(row: OpRow) -> None:
    _check(row, with_grads=True)
