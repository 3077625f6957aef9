"""The MLP training step of the core benchmark, written three ways on identical weights and data.

MLP 784-512-128-32-10 with ReLU; loss = mean over the batch of ``-sum(one_hot * log_softmax(logits))``;
SGD ``param <- param - lr * grad``; batch 64 by default (``make_problem(batch=...)``); float32; PyTorch
weight layout ``(out, in)``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import dfdx_typed as dt
from dfdx_typed import Tensor

SIZES = (784, 512, 128, 32, 10)
BATCH = 64
LR = 0.05


# --- data ---------------------------------------------------------------------------------------


def make_problem(
    seed: int = 0, batch: int = BATCH
) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """PyTorch-layout Linear weights ``(out, in)`` with PyTorch's default init, a batch, one-hot labels."""
    rng = np.random.default_rng(seed)
    params: list[np.ndarray] = []
    for fan_in, fan_out in zip(SIZES[:-1], SIZES[1:]):
        bound = 1.0 / np.sqrt(fan_in)
        params.append(rng.uniform(-bound, bound, (fan_out, fan_in)).astype(np.float32))
        params.append(rng.uniform(-bound, bound, (fan_out,)).astype(np.float32))
    x = rng.standard_normal((batch, SIZES[0])).astype(np.float32)
    labels = rng.integers(0, SIZES[-1], batch)
    one_hot = np.eye(SIZES[-1], dtype=np.float32)[labels]
    return params, x, one_hot


# --- the three training steps -----------------------------------------------------------------------


class DfdxStep:
    """The step written with dfdx_typed ops.

    The weights are stored untraced and traced for the forward pass (dfdx's ``retaped``), so the
    update ``W - lr * grads[W]`` records nothing. Each layer is one fused ``dt.linear`` op.
    """

    def __init__(self, params: list[np.ndarray], x: np.ndarray, one_hot: np.ndarray) -> None:
        self.params = [dt.from_numpy(p) for p in params]
        self.x = dt.from_numpy(x)
        self.one_hot = dt.from_numpy(one_hot)
        self.batch = x.shape[0]

    def loss(self, params: list[Tensor[Any, Any]], x: Tensor[Any, Any]) -> Tensor[Any, Any]:
        h = x
        for i in range(0, len(params), 2):
            h = dt.linear(h, params[i], params[i + 1])
            if i + 2 < len(params):
                h = h.relu()
        log_probs = h.log_softmax(axis=-1)
        return -(log_probs * self.one_hot).sum() * (1.0 / self.batch)

    def step(self) -> float:
        loss = self.loss([p.trace() for p in self.params], self.x)
        grads = loss.backward()
        self.params = [p - LR * grads[p] for p in self.params]
        return float(loss.item())

    def eval_loss(self) -> float:
        return float(self.loss(self.params, self.x).item())


class NumpyStep:
    """The step written by hand in numpy: forward, manual backward, in-place SGD."""

    def __init__(self, params: list[np.ndarray], x: np.ndarray, one_hot: np.ndarray) -> None:
        self.params = [p.copy() for p in params]
        self.x = x.copy()
        self.one_hot = one_hot.copy()
        self.batch = x.shape[0]

    def step(self) -> float:
        ps = self.params
        acts: list[np.ndarray] = [self.x]
        pre: list[np.ndarray] = []
        h = self.x
        for i in range(0, len(ps), 2):
            z = h @ ps[i].T
            z += ps[i + 1]
            pre.append(z)
            if i + 2 < len(ps):
                h = np.maximum(z, 0)
                acts.append(h)
        shifted = pre[-1] - pre[-1].max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        sum_exp = exp.sum(axis=1, keepdims=True)
        log_probs = shifted - np.log(sum_exp)
        loss = -(log_probs * self.one_hot).sum() / self.batch
        # d loss / d logits = (softmax - one_hot) / B (each row of one_hot sums to 1).
        g = exp / sum_exp
        g -= self.one_hot
        g *= 1.0 / self.batch
        for layer in range(len(ps) // 2 - 1, -1, -1):
            w, b = ps[2 * layer], ps[2 * layer + 1]
            grad_w = g.T @ acts[layer]
            grad_b = g.sum(axis=0)
            if layer > 0:  # no gradient for the input batch
                g = g @ w
                g *= pre[layer - 1] > 0
            w -= LR * grad_w
            b -= LR * grad_b
        return float(loss)

    def eval_loss(self) -> float:
        ps = self.params
        h = self.x
        for i in range(0, len(ps), 2):
            h = h @ ps[i].T + ps[i + 1]
            if i + 2 < len(ps):
                h = np.maximum(h, 0)
        shifted = h - h.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        return float(-(log_probs * self.one_hot).sum() / self.batch)


class TorchStep:
    """The step in PyTorch: functional ops on raw tensors with ``requires_grad``, in-place SGD."""

    def __init__(self, params: list[np.ndarray], x: np.ndarray, one_hot: np.ndarray) -> None:
        import torch

        self.torch = torch
        self.params = [torch.tensor(p, requires_grad=True) for p in params]
        self.x = torch.tensor(x)
        self.one_hot = torch.tensor(one_hot)
        self.batch = x.shape[0]

    def loss(self) -> Any:
        F = self.torch.nn.functional
        ps = self.params
        h = self.x
        for i in range(0, len(ps), 2):
            h = F.linear(h, ps[i], ps[i + 1])
            if i + 2 < len(ps):
                h = F.relu(h)
        log_probs = F.log_softmax(h, dim=-1)
        return -(log_probs * self.one_hot).sum() / self.batch

    def step(self) -> float:
        loss = self.loss()
        grads = self.torch.autograd.grad(loss, self.params)
        with self.torch.no_grad():
            for p, g in zip(self.params, grads):
                p.sub_(g, alpha=LR)
        return float(loss.item())

    def eval_loss(self) -> float:
        with self.torch.no_grad():
            return float(self.loss().item())
