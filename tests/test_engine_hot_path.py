"""The engine's fast paths keep its semantics: shape rules still decide, float32 stays float32.

``apply`` remembers the answer of a param-less op's shape rule per operand shapes, and the backward
pass skips helper calls; these tests pin what must not change because of that.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import dfdx_typed as dt
from dfdx_typed._registry import REGISTRY, Primitive
from dfdx_typed.shapes import ShapeError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from op_rows import all_rows  # noqa: E402


def test_a_shape_error_is_raised_every_time_not_remembered() -> None:
    a, b = dt.ones((4, 3)), dt.ones((4,))
    for _ in range(3):
        with pytest.raises(ShapeError, match=r"add: shapes \(4, 3\) and \(4,\) do not broadcast"):
            a + b
    # A two-sided broadcast after the same shapes went through another op.
    col, row = dt.ones((3, 1)), dt.ones((3,))
    assert (col @ dt.ones((1, 3))).shape == (3, 3)
    for _ in range(2):
        with pytest.raises(ShapeError, match="broadcast expands both operands"):
            col - row


def test_remembered_rules_are_per_op() -> None:
    # (3, 4) with (4, 3): matmul fits, add does not; whichever runs first must not answer for the other.
    a, b = dt.ones((3, 4)), dt.ones((4, 3))
    assert (a @ b).shape == (3, 3)
    with pytest.raises(ShapeError, match="do not broadcast"):
        a + b
    assert (a @ b).shape == (3, 3)


def test_op_outputs_and_gradients_are_read_only() -> None:
    x = dt.ones((2, 3)).trace()
    y = (x * 2.0).sum(axis=1)
    with pytest.raises(ValueError, match="read-only"):
        np.asarray(y)[0] = 1.0
    grads = y.sum().backward()
    with pytest.raises(ValueError, match="read-only"):
        np.asarray(grads[x])[0, 0] = 1.0


def _float32(arrays: list[np.ndarray]) -> list[dt.Tensor[Any, Any]]:
    return [dt.from_numpy(a.astype(np.float32)).trace() if a.dtype.kind == "f" else dt.from_numpy(a)
            for a in arrays]


def test_every_vjp_keeps_float32(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each op row run in float32: no forward or vjp returns float64 from float32 arrays (a silent
    upcast doubles the memory traffic of everything downstream), and every gradient is float32."""
    upcasts: set[str] = set()

    def watch(name: str, fn: Any) -> Any:
        def wrapped(g: Any, ans: Any, *arrays: Any, **params: Any) -> Any:
            out = fn(g, ans, *arrays, **params)
            floats = [a for a in arrays if isinstance(a, np.ndarray) and a.dtype.kind == "f"]
            if g.dtype == np.float32 and all(a.dtype == np.float32 for a in floats):
                if np.asarray(out).dtype != np.float32:
                    upcasts.add(f"{name}: vjp gives {np.asarray(out).dtype}")
            return out

        return wrapped

    for name, op in REGISTRY.items():
        if isinstance(op, Primitive) and op.vjps:
            monkeypatch.setattr(op, "vjps", tuple(watch(name, v) if callable(v) else v for v in op.vjps))

    rng = np.random.default_rng(0)
    checked = 0
    for row in all_rows():
        if not row.gradcheck or row.op == "astype":  # astype changes the dtype on purpose
            continue
        inputs = _float32(row.inputs(rng))
        out = row.dt_fn(*inputs)
        outs = out if isinstance(out, (list, tuple)) else [out]
        terms = [(o * dt.from_numpy(rng.standard_normal(o.shape).astype(np.float32))).sum()
                 for o in outs if o.is_traced and o.dtype.kind == "f"]
        if not terms:
            continue
        for o in outs:
            assert o.dtype == np.float32, f"{row.label}: output is {o.dtype}"
        loss = terms[0]
        for t in terms[1:]:
            loss = loss + t
        grads = loss.backward()
        for t in inputs:
            if t.dtype.kind == "f" and t in grads:
                assert grads[t].dtype == np.float32, f"{row.label}: gradient is {grads[t].dtype}"
        checked += 1
    assert not upcasts, sorted(upcasts)
    assert checked > 100, f"only {checked} rows were checked"


def test_mlp_step_gradients_stay_float32_and_the_graph_is_released() -> None:
    rng = np.random.default_rng(1)
    w = dt.from_numpy(rng.standard_normal((5, 7)).astype(np.float32))
    b = dt.from_numpy(np.zeros(5, np.float32))
    x = dt.from_numpy(rng.standard_normal((3, 7)).astype(np.float32))
    loss = -(x @ w.trace().T + b).relu().log_softmax(axis=-1).sum() * (1.0 / 3)
    grads = loss.backward()
    assert grads[w].dtype == np.float32 and grads[b].dtype == np.float32
    # Through w.T, the gradient still comes back in w's memory order, so the update is a contiguous loop.
    assert np.asarray(grads[w]).flags.c_contiguous
    with pytest.raises(RuntimeError, match="already consumed"):
        loss.backward()
