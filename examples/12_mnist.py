"""Classifying handwritten digits with a multi-layer perceptron (the bundled UCI 8x8 digits).

The classic first network: flatten, two hidden layers, cross-entropy, Adam, mini-batches. Types carry
the shapes through the loop: ``(B, 64)`` images in, ``(B, 10)`` logits out. For real MNIST (28x28) and a
CNN, see main_job.py (``--data DIR``). dfdx: examples/06-mnist.rs.
"""

import argparse
import gzip
from pathlib import Path
from typing import Literal as L

import numpy as np
import numpy.typing as npt

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor


def load_digits() -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
    """Pixels scaled to [0, 1], ``(1797, 64)``, and labels ``(1797,)``."""
    with gzip.open(Path(__file__).parent / "data" / "digits.csv.gz", "rt") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.float32)
    return table[:, :64] / 16.0, table[:, 64].astype(np.int64)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true", help="2 epochs")
    epochs = 2 if parser.parse_args().small else 15

    x, y = load_digits()
    order = np.random.default_rng(0).permutation(len(y))
    test, train = order[:360], order[360:]

    dt.manual_seed(0)
    nn = dt.nn
    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))
    opt = dt.optim.Adam(model, lr=2e-3)
    rng = np.random.default_rng(0)
    for epoch in range(epochs):
        shuffled = rng.permutation(train)
        total = 0.0
        for start in range(0, len(shuffled), 32):
            idx = shuffled[start:start + 32]
            images: Tensor[tuple[int, L[64]]] = dt.from_numpy(x[idx])
            logits: Tensor[tuple[int, L[10]], OwnedTape] = model(images.trace())
            loss = dt.losses.cross_entropy(logits, dt.from_numpy(y[idx]))
            opt.update(model, loss.backward())
            total += loss.item() * len(idx)
        test_logits: Tensor[tuple[int, L[10]]] = model(dt.from_numpy(x[test]))
        accuracy = float((test_logits.argmax(axis=-1).numpy() == y[test]).mean())
        print(f"epoch {epoch + 1:2d}: train loss {total / len(train):.4f}, test accuracy {accuracy:.2%}")


if __name__ == "__main__":
    main()
