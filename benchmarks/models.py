"""The CNN training step and the Transformer encoder layer forward + backward, with dt.nn and torch.nn.

Both contenders of a case start from the same weights (the dfdx_typed model's ``state_dict``, built
from a fixed seed, loaded into the PyTorch model: the keys and layouts are PyTorch's) and the same
data, so the loss of their first step can be compared.

- CNN: ``conv(1->8, 3x3, pad 1) - BatchNorm2d - ReLU - MaxPool2d(2)``, ``conv(8->16) - BN - ReLU -
  pool``, ``Flatten``, ``Linear(784, 10)``; batch 64x1x28x28; cross-entropy on class indices; SGD
  (lr 0.05) through each library's optimizer. BatchNorm in training mode (dfdx_typed: the input is
  traced; PyTorch: ``model.train()``).
- Transformer: ``TransformerEncoderLayer(d_model=128, nhead=4, dim_feedforward=512, dropout=0,
  batch_first=True)`` on a 16x64x128 batch; loss ``sum(out * probe)`` with a fixed random probe;
  forward, backward, and the gradient of every parameter read (dfdx_typed computes leaf gradients
  when they are read).
"""

from __future__ import annotations

from typing import Any

import numpy as np

CNN_BATCH = 64
CNN_LR = 0.05
TF_BATCH, TF_SEQ, TF_DIM, TF_HEADS, TF_FF = 16, 64, 128, 4, 512


def cnn_dt() -> Any:
    import dfdx_typed as dt

    nn = dt.nn
    rng = np.random.default_rng(0)
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1, rng=rng), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1, rng=rng), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 7 * 7, 10, rng=rng),
    )


def cnn_data() -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """The initial weights (as PyTorch ``state_dict`` arrays), a batch, and its class indices."""
    state = {k: np.array(v) for k, v in cnn_dt().state_dict().items()}
    rng = np.random.default_rng(1)
    x = rng.standard_normal((CNN_BATCH, 1, 28, 28)).astype(np.float32)
    labels = rng.integers(0, 10, CNN_BATCH)
    return state, x, labels


class DfdxCnn:
    def __init__(self, state: dict[str, np.ndarray], x: np.ndarray, labels: np.ndarray) -> None:
        import dfdx_typed as dt

        self.dt = dt
        self.model = cnn_dt()
        self.model.load_state_dict(state)
        self.opt = dt.optim.Sgd(self.model, lr=CNN_LR)
        self.x = dt.from_numpy(x)
        self.labels = dt.from_numpy(labels)

    def step(self) -> float:
        loss = self.dt.losses.cross_entropy(self.model(self.x.trace()), self.labels)
        self.opt.update(self.model, loss.backward())
        return float(loss.item())


class TorchCnn:
    def __init__(self, state: dict[str, np.ndarray], x: np.ndarray, labels: np.ndarray) -> None:
        import torch
        from torch import nn

        self.torch = torch
        self.model = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(16 * 7 * 7, 10),
        )
        self.model.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
        self.model.train()
        self.opt = torch.optim.SGD(self.model.parameters(), lr=CNN_LR)
        self.x = torch.tensor(x)
        self.labels = torch.tensor(labels)

    def step(self) -> float:
        self.opt.zero_grad(set_to_none=True)
        loss = self.torch.nn.functional.cross_entropy(self.model(self.x), self.labels)
        loss.backward()
        self.opt.step()
        return float(loss.item())


def encoder_dt() -> Any:
    import dfdx_typed as dt

    return dt.nn.TransformerEncoderLayer(
        TF_DIM, TF_HEADS, TF_FF, dropout=0.0, batch_first=True, rng=np.random.default_rng(0)
    )


def encoder_data() -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    state = {k: np.array(v) for k, v in encoder_dt().state_dict().items()}
    rng = np.random.default_rng(1)
    x = rng.standard_normal((TF_BATCH, TF_SEQ, TF_DIM)).astype(np.float32)
    probe = rng.standard_normal((TF_BATCH, TF_SEQ, TF_DIM)).astype(np.float32)
    return state, x, probe


class DfdxEncoder:
    def __init__(self, state: dict[str, np.ndarray], x: np.ndarray, probe: np.ndarray) -> None:
        import dfdx_typed as dt

        self.layer = encoder_dt()
        self.layer.load_state_dict(state)
        self.params = [p for _, p in self.layer.named_parameters()]
        self.x = dt.from_numpy(x)
        self.probe = dt.from_numpy(probe)

    def step(self) -> float:
        loss = (self.layer(self.x.trace()) * self.probe).sum()
        grads = loss.backward()
        for p in self.params:
            grads[p]
        return float(loss.item())


class TorchEncoder:
    def __init__(self, state: dict[str, np.ndarray], x: np.ndarray, probe: np.ndarray) -> None:
        import torch

        self.torch = torch
        self.layer = torch.nn.TransformerEncoderLayer(
            TF_DIM, TF_HEADS, TF_FF, dropout=0.0, batch_first=True
        )
        self.layer.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
        self.layer.train()
        self.params = list(self.layer.parameters())
        self.x = torch.tensor(x)
        self.probe = torch.tensor(probe)

    def step(self) -> float:
        loss = (self.layer(self.x) * self.probe).sum()
        self.torch.autograd.grad(loss, self.params)
        return float(loss.item())
