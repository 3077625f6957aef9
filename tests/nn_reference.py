"""Helpers for comparing dt.nn modules with torch.nn modules loaded with the same weights.

Forward outputs, every parameter gradient and every float input gradient are compared. Gradients are
of ``sum(output * R)`` for a fixed random cotangent ``R``, so every output element matters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch

import dfdx_typed as dt

# float64 on both sides: the only differences left are summation order (measured below 1e-12).
RTOL64, ATOL64 = 1e-9, 1e-11
# float32 on both sides (the library default): single-precision rounding.
RTOL32, ATOL32 = 2e-5, 2e-6


def load_from_torch(module: dt.nn.Module, tmodule: torch.nn.Module) -> None:
    module.load_state_dict({k: v.detach().numpy() for k, v in tmodule.state_dict().items()})


def to_torch(arrays: Sequence[Any], requires_grad: bool) -> list[Any]:
    out = []
    for a in arrays:
        if isinstance(a, np.ndarray):
            t = torch.tensor(a)
            if requires_grad and a.dtype.kind == "f":
                t.requires_grad_(True)
            out.append(t)
        else:
            out.append(a)
    return out


def to_dt(arrays: Sequence[Any], trace: bool) -> list[Any]:
    out = []
    for a in arrays:
        if isinstance(a, np.ndarray):
            t = dt.from_numpy(a)
            out.append(t.trace() if trace and a.dtype.kind == "f" else t)
        else:
            out.append(a)
    return out


def first(out: Any) -> Any:
    return out[0] if isinstance(out, tuple) else out


def compare(
    module: dt.nn.Module,
    tmodule: torch.nn.Module,
    inputs: Sequence[Any],
    *,
    rtol: float = RTOL64,
    atol: float = ATOL64,
    call: Callable[..., Any] | None = None,
    tcall: Callable[..., Any] | None = None,
    trace: bool = True,
    seed: int = 0,
) -> None:
    """Forward and gradients of ``module`` and ``tmodule`` (same weights) on the same inputs.

    ``call(module, *inputs)`` / ``tcall(tmodule, *inputs)`` default to calling the module; a tuple
    result is compared on its first element.
    """
    call = call or (lambda m, *xs: m(*xs))
    tcall = tcall or (lambda m, *xs: m(*xs))
    tmodule.zero_grad()
    xs = to_dt(inputs, trace)
    txs = to_torch(inputs, trace)
    out = first(call(module, *xs))
    tout = first(tcall(tmodule, *txs))
    np.testing.assert_allclose(out.numpy(), tout.detach().numpy(), rtol=rtol, atol=atol, err_msg="forward")
    assert out.shape == tuple(tout.shape)
    if not trace:
        return
    cotangent = np.random.default_rng(seed).standard_normal(out.shape).astype(out.dtype)
    grads = (out * dt.from_numpy(cotangent)).sum().backward()
    (tout * torch.tensor(cotangent)).sum().backward()
    tparams = dict(tmodule.named_parameters())
    names = [name for name, _ in module.named_parameters()]
    assert names == list(tparams), "parameter names differ from torch's"
    for name, p in module.named_parameters():
        tgrad = tparams[name].grad
        expected = np.zeros(p.shape) if tgrad is None else tgrad.numpy()
        got = grads[p].numpy() if p in grads else np.zeros(p.shape)
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol, err_msg=f"gradient of {name}")
    for i, (x, tx) in enumerate(zip(xs, txs)):
        if isinstance(x, dt.Tensor) and x.is_traced:
            if tx.grad is None:  # an input the output does not depend on
                assert x not in grads, f"input {i} got a gradient PyTorch does not give it"
                continue
            np.testing.assert_allclose(
                grads[x].numpy(), tx.grad.numpy(), rtol=rtol, atol=atol, err_msg=f"gradient of input {i}"
            )


def random(shape: Sequence[int], seed: int = 0, dtype: Any = np.float64, scale: float = 1.0) -> Any:
    return (np.random.default_rng(seed).standard_normal(tuple(shape)) * scale).astype(dtype)
