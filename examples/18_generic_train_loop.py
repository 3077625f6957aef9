"""A training loop generic over the model, the data's shapes and the loss.

``fit`` works for any ``dt.nn.Module``, any input shape ``X`` and target shape ``Y``, and any loss from
``dt.losses`` (or your own) that maps a traced prediction and a ``Y`` target to a traced scalar. The
same function trains a regression MLP and a classifier below. dfdx: examples/adv-generic-train-loop.rs.
"""

import argparse
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor

X = TypeVar("X", bound=tuple[Any, ...])  # the shape of one input batch
Y = TypeVar("Y", bound=tuple[Any, ...])  # the shape of one target batch

Loss = Callable[[Tensor[Any, OwnedTape], Tensor[Y]], Tensor[tuple[()], OwnedTape]]


def fit(
    model: dt.nn.Module,
    opt: dt.optim.Optimizer,
    loss_fn: Loss[Y],
    data: Sequence[tuple[Tensor[X], Tensor[Y]]],
    epochs: int,
) -> list[float]:
    """Train ``model`` in place; returns the mean loss of each epoch."""
    history = []
    for _ in range(epochs):
        total = 0.0
        for x, y in data:
            prediction: Tensor[Any, OwnedTape] = model(x.trace())
            loss = loss_fn(prediction, y)
            opt.update(model, loss.backward())
            total += loss.item()
        history.append(total / len(data))
    return history


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true", help="2 epochs")
    epochs = 2 if parser.parse_args().small else 40
    dt.manual_seed(0)
    rng = np.random.default_rng(0)

    # Regression: y = sin(3x) on [-1, 1], batches (16, 1) -> (16, 1), mean squared error.
    xs = rng.uniform(-1, 1, size=(8, 16, 1)).astype(np.float32)
    regression = [(dt.from_numpy(x), dt.from_numpy(np.sin(3 * x))) for x in xs]
    mlp = dt.nn.Sequential(dt.nn.Linear(1, 32), dt.nn.Tanh(), dt.nn.Linear(32, 1))
    losses = fit(mlp, dt.optim.Adam(mlp, lr=1e-2), dt.losses.mse_loss, regression, epochs)
    print(f"regression: mse {losses[0]:.4f} -> {losses[-1]:.4f}")

    # Classification: which quadrant a point is in, batches (16, 2) -> (16,) class indices.
    points = rng.normal(size=(8, 16, 2)).astype(np.float32)
    quadrants = (points[..., 0] > 0).astype(np.int64) * 2 + (points[..., 1] > 0)
    classification = [(dt.from_numpy(p), dt.from_numpy(q)) for p, q in zip(points, quadrants)]
    classifier = dt.nn.Sequential(dt.nn.Linear(2, 32), dt.nn.ReLU(), dt.nn.Linear(32, 4))
    losses = fit(classifier, dt.optim.Sgd(classifier, lr=0.1, momentum=0.9), dt.losses.cross_entropy,
                 classification, epochs)
    print(f"classification: cross-entropy {losses[0]:.4f} -> {losses[-1]:.4f}")


if __name__ == "__main__":
    main()
