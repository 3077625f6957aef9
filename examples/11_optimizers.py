"""Optimizers: SGD (momentum, Nesterov, weight decay), Adam, AdamW, RMSprop; schedules; clipping.

``opt = dt.optim.Adam(model, lr=1e-3)`` keeps its state by parameter name; ``opt.update(model, grads)``
replaces the model's (immutable) parameter tensors with updated ones. PyTorch's algorithms and keyword
names. dfdx: examples/05-optim.rs.
"""

import argparse
from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import Tensor


def make_optimizer(name: str, model: dt.nn.Module) -> dt.optim.Optimizer:
    if name == "Sgd":
        return dt.optim.Sgd(model, lr=0.05, momentum=0.9, nesterov=True)
    if name == "Adam":
        return dt.optim.Adam(model, lr=0.05)
    if name == "AdamW":
        return dt.optim.AdamW(model, lr=0.05, weight_decay=1e-4)
    return dt.optim.RMSprop(model, lr=0.01, momentum=0.5)


def fit(name: str, steps: int) -> float:
    """Fit ``y = 3x₀ - 2x₁ + 1`` with a one-layer model; returns the final loss."""
    dt.manual_seed(0)
    model = dt.nn.Linear(2, 1)
    opt = make_optimizer(name, model)
    schedule = dt.optim.StepLR(opt, step_size=max(steps // 2, 1), gamma=0.5)
    x: Tensor[tuple[L[32], L[2]]] = dt.randn((32, 2))
    y: Tensor[tuple[L[32], L[1]]] = (x @ dt.tensor([[3.0], [-2.0]])) + 1.0
    loss = dt.losses.mse_loss(model(x.trace()), y)
    for _ in range(steps):
        loss = dt.losses.mse_loss(model(x.trace()), y)
        grads, _norm_before = dt.optim.clip_grad_norm(model, loss.backward(), max_norm=10.0)
        opt.update(model, grads)
        schedule.step()
    return float(loss.item())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true", help="fewer steps")
    steps = 20 if parser.parse_args().small else 200
    for name in ("Sgd", "Adam", "AdamW", "RMSprop"):
        print(f"{name:>8}: loss after {steps} steps = {fit(name, steps):.6f}")

    # A parameter without a gradient is an error unless you opt out (allow_missing=True).
    first = dt.nn.Linear(2, 2)
    model = dt.nn.Sequential(first, dt.nn.Linear(2, 1))
    opt = dt.optim.Sgd(model, lr=0.1)
    partial = (first.weight.trace() * 2.0).sum().backward()  # only first.weight has a gradient
    try:
        opt.update(model, partial)
    except dt.optim.MissingGradientError as e:
        print("MissingGradientError:", str(e)[:90], "...")


if __name__ == "__main__":
    main()
