"""Every op row with ``gradcheck=True``: backward against central differences, in float64.

``dt.gradcheck`` runs two checks: a random-direction check (``<v, J u>`` from backward vs the central
difference of ``<v, f(x + h u)>``) and the full Jacobian entry by entry. Every float input of a row
has at most ``MAX_FULL`` elements, so both always run. Tolerances: ``eps=1e-6`` (central-difference
error ~eps^2 * f''' ~ 1e-12, rounding ~1e-16/eps ~ 1e-10), ``atol=1e-6``, ``rtol=1e-5``.
"""

from __future__ import annotations

import zlib

import numpy as np
import pytest
from op_rows import OpRow, all_rows

import dfdx_typed as dt

MAX_FULL = 256
EPS, ATOL, RTOL = 1e-6, 1e-6, 1e-5
ROWS = [r for r in all_rows() if r.gradcheck]


def row_inputs(row: OpRow) -> list[np.ndarray]:
    """The row's inputs from a generator seeded by its label (stable across runs and workers)."""
    return row.inputs(np.random.default_rng(zlib.crc32(row.label.encode())))


@pytest.mark.parametrize("row", ROWS, ids=[r.label for r in ROWS])
def test_gradcheck(row: OpRow) -> None:
    arrays = row_inputs(row)
    floats = [a for a in arrays if a.dtype.kind == "f"]
    assert floats, f"{row.label}: a gradcheck row needs a float input"
    for a in floats:
        assert a.dtype == np.float64, f"{row.label}: inputs must be float64, got {a.dtype}"
        assert a.size <= MAX_FULL, f"{row.label}: input {a.shape} is too big for the full Jacobian"
    inputs = [dt.from_numpy(a) for a in arrays]
    assert dt.gradcheck(row.dt_fn, inputs, eps=EPS, atol=ATOL, rtol=RTOL, max_full=MAX_FULL)


@pytest.mark.parametrize("row", ROWS, ids=[r.label for r in ROWS])
def test_gradient_is_not_trivially_zero(row: OpRow) -> None:
    """A row whose every gradient is 0 (relu on negatives only) would pass gradcheck vacuously."""
    inputs = [dt.from_numpy(a) for a in row_inputs(row)]
    traced = [t.trace() if t.dtype.kind == "f" else t for t in inputs]
    out = row.dt_fn(*traced)
    cotangent = np.random.default_rng(0).standard_normal(out.shape)
    grads = (out * dt.from_numpy(cotangent)).sum().backward()
    norms = [float(np.abs(grads[t].numpy()).sum()) for t in traced if t.is_traced and t in grads]
    assert any(n > 0 for n in norms), f"{row.label}: every gradient is zero"
