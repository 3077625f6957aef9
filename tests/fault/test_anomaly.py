"""The opt-in anomaly mode (``dt.detect_anomaly()`` / ``dt.set_anomaly_mode(True)``): the first op
that turns finite numbers into NaN or inf is named, with its operand shapes, in the forward pass and
in backward's vjps; intended infinities (masks) pass; finite computations are unchanged bit for bit.

(Its own file: the hostile-ops file is long enough.)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import dfdx_typed as dt
from dfdx_typed import _registry, losses, nn

from .conftest import tried

F32 = np.float32

FORWARD_ANOMALIES: list[tuple[str, Any, str, str]] = [
    ("log", lambda: dt.tensor([1.0, 0.0]).log(), "1 infinity at index (1,)", "(2,) float32"),
    ("sqrt", lambda: dt.tensor([[4.0, -1.0]]).sqrt(), "1 NaN at index (0, 1)", "(1, 2) float32"),
    ("exp", lambda: dt.tensor([1.0, 100.0, 200.0]).exp(), "2 infinities", "(3,) float32"),
    ("div", lambda: dt.tensor([1.0, 0.0]) / dt.tensor([0.0, 0.0]), "NaN", "operand 1 (2,) float32"),
    ("pow", lambda: dt.zeros((2,)) ** -1, "2 infinities", "params {'exponent': -1}"),
    ("matmul", lambda: dt.full((2, 2), 1e30) @ dt.full((2, 2), 1e30), "infinities", "(2, 2) float32"),
    ("sum", lambda: dt.full((3,), 3e38).sum(), "1 infinity", "(3,) float32"),
    ("mul", lambda: dt.zeros((0,)).mean(), "NaN", "operand 1 = nan"),  # the mean of nothing
    ("sub", lambda: (dt.zeros((1, 2)) + dt.full((1, 2), -math.inf)).softmax(-1), "2 NaNs", "(1, 2) float32"),
    ("mul", lambda: dt.tensor([math.nan, 1.0]) * 2.0, "was given 1 NaN in operand 0", "outside the ops"),
]


@pytest.mark.parametrize("op,make,what,operands", FORWARD_ANOMALIES, ids=[f[0] for f in FORWARD_ANOMALIES])
def test_the_first_op_making_a_non_finite_value_is_named(
    op: str, make: Any, what: str, operands: str
) -> None:
    tried("anomaly mode: forward")
    make()  # without the mode: the IEEE result, no error
    with dt.detect_anomaly(), pytest.raises(dt.AnomalyError) as info:
        make()
    e = info.value
    assert e.op == op and e.phase == "forward"
    assert f"anomaly: '{op}'" in str(e) and what in str(e) and operands in str(e), str(e)


BACKWARD_ANOMALIES: list[tuple[str, Any]] = [
    ("sqrt", lambda x: x.sqrt()),  # d sqrt(x) = 1 / (2 sqrt(x)): inf at 0
    ("pow", lambda x: x**0.5),
    ("div", lambda x: 1.0 / (x + 1e-30)),  # -1/x^2 overflows float32 at x = 0
    ("mul", lambda x: (x * 1e30).clamp(max=1.0) * 1e30),  # finite forward; 1e30 * 1e30 backward
]


@pytest.mark.parametrize("op,fn", BACKWARD_ANOMALIES, ids=[b[0] for b in BACKWARD_ANOMALIES])
@pytest.mark.parametrize("leaf", [True, False], ids=["leaf", "inner"])
def test_the_vjp_making_a_non_finite_gradient_is_named(op: str, fn: Any, leaf: bool) -> None:
    """A leaf's gradient is computed when it is read (``grads[x]``); an inner node's in backward()."""
    tried("anomaly mode: backward")
    x = dt.tensor([0.0, 4.0]).trace()
    with dt.detect_anomaly(), pytest.raises(dt.AnomalyError) as info:
        out = fn(x if leaf else x * 1.0).sum()
        grads = out.backward()
        grads[x]
    e = info.value
    assert e.phase == "backward" and e.op in (op, "mul"), str(e)
    assert f"the backward of '{e.op}'" in str(e) and "(2,) float32" in str(e), str(e)


def test_intended_infinities_pass_and_results_are_unchanged() -> None:
    """-inf masks (where, an additive mask, attention masks, max-pool padding) are not anomalies,
    and a training step gives the same loss and gradients bit for bit with the mode on."""
    dt.manual_seed(0)
    mha = nn.MultiheadAttention(8, 2)
    enc = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0)
    net = nn.Sequential(
        nn.Conv2d(1, 2, 3, padding=1), nn.MaxPool2d(2, padding=1), nn.Flatten(), nn.Linear(18, 3)
    )
    src = dt.randn((3, 2, 8))
    images = dt.randn((4, 1, 4, 4))
    labels = dt.tensor([0, 1, 2, 0])
    causal = nn.Transformer.generate_square_subsequent_mask(3)
    padding = dt.tensor([[False, False, True], [False, True, True]])

    def step() -> tuple[list[float], list[bytes]]:
        x = src.trace()
        masked = dt.where(dt.tril(dt.ones((2, 2))) > 0, dt.ones((2, 2)), -math.inf).softmax(-1)
        attended, _ = mha(x, x, x, key_padding_mask=padding, attn_mask=causal)
        loss = attended.sum() + enc(x, src_mask=causal).sum() + masked.sum()
        loss = loss + losses.cross_entropy(net(images.trace()), labels)
        grads = loss.backward()
        params = [*mha.parameters(), *enc.parameters(), *net.parameters()]
        return [loss.item()], [grads[p].numpy().tobytes() for p in params]

    off = step()
    tried("anomaly mode: unchanged results")
    with dt.detect_anomaly():
        on = step()
    assert on == off


def test_the_mode_is_off_by_default_and_restored() -> None:
    assert not dt.is_anomaly_enabled() and _registry._anomaly_wrap is None  # off: one None check per op
    with dt.detect_anomaly():
        assert dt.is_anomaly_enabled()
        with dt.detect_anomaly(False):
            assert not dt.is_anomaly_enabled()
            dt.tensor([0.0]).log()  # off inside: no error
        assert dt.is_anomaly_enabled()
    assert not dt.is_anomaly_enabled()
    with pytest.raises(dt.AnomalyError), dt.detect_anomaly():
        dt.tensor([-1.0]).sqrt()
    assert not dt.is_anomaly_enabled()  # restored after the error too
    dt.set_anomaly_mode(True)
    assert dt.is_anomaly_enabled()
    dt.set_anomaly_mode(False)
    for bad in (1, "yes", None):
        with pytest.raises(TypeError, match="set_anomaly_mode: enabled must be a bool"):
            dt.set_anomaly_mode(bad)  # type: ignore[arg-type]


def test_non_float_ops_and_empty_results_are_not_anomalies() -> None:
    with dt.detect_anomaly():
        assert (dt.tensor([1, 2]) // 1 if False else dt.tensor([1, 2]) + 1).numpy().tolist() == [2, 3]
        assert (dt.tensor([math.inf]) > 0).numpy().tolist() == [True]  # an infinity given, not made
        assert dt.zeros((0, 3)).mean(axis=1).shape == (0,)  # nothing computed, nothing reported
        assert dt.tensor([-math.inf, 0.0]).exp().numpy().tolist() == [0.0, 1.0]
