"""Stable numerics: the softmax family and sigmoid on logits of +-1e4 give no inf/NaN, forward or
backward, and match PyTorch (float32 and float64 inputs; rtol=1e-5, atol=1e-6).

The reference is PyTorch run in float64 on the same values, i.e. the correctly rounded answer: at
these magnitudes PyTorch's own float32 logsumexp backward, ``exp(x - out)``, inherits the rounding of
``out`` (an ulp of 1e4 is 1e-3), 2e-4 off in relative terms, which dfdx_typed's gradient is not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

import dfdx_typed as dt

LOGITS = np.array([
    [1e4, -1e4, 0.0, 1.0],
    [-1e4, -1e4, -1e4, -1e4],
    [1e4, 1e4, -1e4, 5.0],
    [-1e4, 1.0, 2.0, 3.0],
])

CASES: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {
    "softmax": (lambda x: x.softmax(axis=-1), lambda x: torch.softmax(x, dim=-1)),
    "softmax-axis-0": (lambda x: dt.softmax(x, axis=0), lambda x: torch.softmax(x, dim=0)),
    "log_softmax": (lambda x: x.log_softmax(), lambda x: torch.log_softmax(x, dim=-1)),
    "log_softmax-axis-0": (lambda x: x.log_softmax(axis=0), lambda x: torch.log_softmax(x, dim=0)),
    "logsumexp": (lambda x: x.logsumexp(axis=1), lambda x: torch.logsumexp(x, dim=1)),
    "logsumexp-all": (lambda x: x.logsumexp(), lambda x: torch.logsumexp(x, dim=(0, 1))),
    "logsumexp-keepdims": (lambda x: x.logsumexp(axis=0, keepdims=True),
                           lambda x: torch.logsumexp(x, dim=0, keepdim=True)),
    "sigmoid": (lambda x: x.sigmoid(), torch.sigmoid),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_extreme_logits_stay_finite_and_match_torch(name: str, dtype: type) -> None:
    dt_fn, torch_fn = CASES[name]
    logits = LOGITS.astype(dtype)
    x = dt.from_numpy(logits).trace()
    out = dt_fn(x)
    assert np.isfinite(out.numpy()).all(), f"{name}: non-finite output {out.numpy()}"
    cotangent = np.random.default_rng(0).standard_normal(out.shape).astype(dtype)
    grad = (out * dt.from_numpy(cotangent)).sum().backward()[x].numpy()
    assert np.isfinite(grad).all(), f"{name}: non-finite gradient {grad}"

    xt = torch.from_numpy(logits.astype(np.float64)).requires_grad_()
    ref = torch_fn(xt)
    (ref * torch.from_numpy(cotangent.astype(np.float64))).sum().backward()
    assert xt.grad is not None
    np.testing.assert_allclose(out.numpy(), ref.detach().numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(grad, xt.grad.numpy(), rtol=1e-5, atol=1e-6)


def test_softmax_of_extreme_logits_is_a_distribution() -> None:
    p = dt.from_numpy(LOGITS.astype(np.float32)).softmax().numpy()
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-6)
    assert p[0, 0] == 1.0 and p[0, 1] == 0.0  # e^(-2e4) underflows to exactly 0, not NaN
    np.testing.assert_allclose(p[1], 0.25)  # all logits equal at -1e4: uniform


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_masked_logits_match_torch(name: str) -> None:
    """-inf logits (an attention mask) get probability exactly 0 and finite gradients."""
    dt_fn, torch_fn = CASES[name]
    logits = np.array([[0.5, -np.inf, 2.0], [-np.inf, 1e4, -1e4]], np.float32)
    c0, c1 = np.float32([0.3, -1.2]), np.float32([0.7, 2.0])

    def loss(out: Any, wrap: Callable[[np.ndarray], Any]) -> Any:
        # Only the unmasked entries enter the loss, as in a real one (-inf * 0 would be NaN).
        return (out[0, ::2] * wrap(c0)).sum() + (out[1, 1:] * wrap(c1)).sum()

    x = dt.from_numpy(logits).trace()
    out = dt_fn(x)
    grad = loss(out, dt.from_numpy).backward()[x].numpy()
    xt = torch.from_numpy(logits.astype(np.float64)).requires_grad_()
    ref = torch_fn(xt)
    loss(ref, lambda a: torch.from_numpy(a.astype(np.float64))).backward()
    assert xt.grad is not None
    assert np.isfinite(grad).all()
    np.testing.assert_allclose(out.numpy(), ref.detach().numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(grad, xt.grad.numpy(), rtol=1e-5, atol=1e-6)
