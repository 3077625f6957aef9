"""Every feed-forward layer against torch.nn loaded with the same weights: forward, parameter and input
gradients (float64, rtol 1e-9 / atol 1e-11; float32 rows rtol 2e-5 / atol 2e-6)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
from nn_reference import ATOL32, RTOL32, compare, load_from_torch, random

import dfdx_typed as dt
from dfdx_typed import nn

Case = tuple[str, Callable[[], nn.Module], Callable[[], torch.nn.Module], tuple[int, ...]]

CASES: list[Case] = [
    ("linear", lambda: nn.Linear(5, 3), lambda: torch.nn.Linear(5, 3), (4, 5)),
    ("linear-batched", lambda: nn.Linear(5, 3), lambda: torch.nn.Linear(5, 3), (2, 3, 5)),
    ("linear-1d", lambda: nn.Linear(5, 3), lambda: torch.nn.Linear(5, 3), (5,)),
    ("linear-nobias", lambda: nn.Linear(5, 3, bias=False), lambda: torch.nn.Linear(5, 3, bias=False), (4, 5)),
    ("identity", nn.Identity, torch.nn.Identity, (3, 4)),
    ("relu", nn.ReLU, torch.nn.ReLU, (3, 4)),
    ("gelu", nn.GELU, torch.nn.GELU, (3, 4)),
    ("gelu-tanh", lambda: nn.GELU("tanh"), lambda: torch.nn.GELU("tanh"), (3, 4)),
    ("sigmoid", nn.Sigmoid, torch.nn.Sigmoid, (3, 4)),
    ("tanh", nn.Tanh, torch.nn.Tanh, (3, 4)),
    ("leaky-relu", lambda: nn.LeakyReLU(0.2), lambda: torch.nn.LeakyReLU(0.2), (3, 4)),
    ("prelu", nn.PReLU, torch.nn.PReLU, (2, 3, 4)),
    ("prelu-channels", lambda: nn.PReLU(3, 0.1), lambda: torch.nn.PReLU(3, 0.1), (2, 3, 4, 2)),
    ("softmax", lambda: nn.Softmax(1), lambda: torch.nn.Softmax(1), (3, 4, 2)),
    ("log-softmax", lambda: nn.LogSoftmax(-1), lambda: torch.nn.LogSoftmax(-1), (3, 4)),
    ("layer-norm", lambda: nn.LayerNorm(6), lambda: torch.nn.LayerNorm(6), (2, 3, 6)),
    ("layer-norm-2d", lambda: nn.LayerNorm((3, 6)), lambda: torch.nn.LayerNorm((3, 6)), (2, 3, 6)),
    (
        "layer-norm-plain",
        lambda: nn.LayerNorm(6, elementwise_affine=False),
        lambda: torch.nn.LayerNorm(6, elementwise_affine=False),
        (4, 6),
    ),
    (
        "layer-norm-nobias",
        lambda: nn.LayerNorm(6, bias=False),
        lambda: torch.nn.LayerNorm(6, bias=False),
        (4, 6),
    ),
    ("flatten", nn.Flatten, torch.nn.Flatten, (2, 3, 4, 5)),
    ("flatten-range", lambda: nn.Flatten(0, 1), lambda: torch.nn.Flatten(0, 1), (2, 3, 4)),
    (
        "conv1d",
        lambda: nn.Conv1d(3, 4, 3, stride=2, padding=1),
        lambda: torch.nn.Conv1d(3, 4, 3, 2, 1),
        (2, 3, 9),
    ),
    (
        "conv2d",
        lambda: nn.Conv2d(3, 4, (3, 2), stride=(2, 1), padding=1, dilation=(1, 2)),
        lambda: torch.nn.Conv2d(3, 4, (3, 2), stride=(2, 1), padding=1, dilation=(1, 2)),
        (2, 3, 7, 8),
    ),
    (
        "conv2d-groups",
        lambda: nn.Conv2d(4, 6, 3, groups=2, bias=False),
        lambda: torch.nn.Conv2d(4, 6, 3, groups=2, bias=False),
        (2, 4, 5, 5),
    ),
    (
        "conv2d-same-reflect",
        lambda: nn.Conv2d(2, 3, 3, padding="same", padding_mode="reflect"),
        lambda: torch.nn.Conv2d(2, 3, 3, padding="same", padding_mode="reflect"),
        (1, 2, 6, 5),
    ),
    ("conv2d-unbatched", lambda: nn.Conv2d(2, 3, 3), lambda: torch.nn.Conv2d(2, 3, 3), (2, 6, 5)),
    (
        "conv-transpose2d",
        lambda: nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2),
        lambda: torch.nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2),
        (2, 4, 4, 5),
    ),
    ("max-pool", lambda: nn.MaxPool2d(2), lambda: torch.nn.MaxPool2d(2), (2, 3, 6, 6)),
    (
        "max-pool-padded",
        lambda: nn.MaxPool2d(3, stride=2, padding=1),
        lambda: torch.nn.MaxPool2d(3, 2, 1),
        (2, 3, 7, 6),
    ),
    ("avg-pool", lambda: nn.AvgPool2d(2), lambda: torch.nn.AvgPool2d(2), (2, 3, 6, 6)),
    (
        "avg-pool-exclude-pad",
        lambda: nn.AvgPool2d(3, 2, 1, count_include_pad=False),
        lambda: torch.nn.AvgPool2d(3, 2, 1, count_include_pad=False),
        (2, 3, 7, 6),
    ),
    (
        "adaptive-avg-pool",
        lambda: nn.AdaptiveAvgPool2d((2, 3)),
        lambda: torch.nn.AdaptiveAvgPool2d((2, 3)),
        (2, 3, 7, 8),
    ),
    ("global-avg-pool", lambda: nn.AdaptiveAvgPool2d(1), lambda: torch.nn.AdaptiveAvgPool2d(1), (2, 3, 5, 5)),
]


@pytest.mark.parametrize("name, make, make_torch, shape", CASES, ids=[c[0] for c in CASES])
def test_layer_matches_torch_float64(
    name: str,
    make: Callable[[], nn.Module],
    make_torch: Callable[[], torch.nn.Module],
    shape: tuple[int, ...],
) -> None:
    torch.manual_seed(0)
    tm = make_torch().double()
    m = make().astype(np.float64)
    load_from_torch(m, tm)
    compare(m, tm, [random(shape, seed=len(name))])


def test_float32_pipeline_matches_torch() -> None:
    """The default dtype end to end: a small CNN in float32."""
    torch.manual_seed(1)
    tm = torch.nn.Sequential(
        torch.nn.Conv2d(3, 8, 3, padding=1),
        torch.nn.BatchNorm2d(8),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(8 * 4 * 4, 10),
    )
    m = nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1),
        nn.BatchNorm2d(8),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(8 * 4 * 4, 10),
    )
    load_from_torch(m, tm)
    assert m[0].weight.dtype == np.float32
    compare(m, tm, [random((4, 3, 8, 8), dtype=np.float32)], rtol=RTOL32, atol=ATOL32)


def test_layers_default_init_statistics_follow_pytorch() -> None:
    """PyTorch's default initialisation: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for Linear/Conv weights
    and biases, N(0, 1) for Embedding. Checked on the bounds and the moments of large draws."""
    dt.manual_seed(0)
    lin = nn.Linear(400, 300)
    bound = 1 / np.sqrt(400)
    w = lin.weight.numpy()
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.99 * bound
    assert abs(w.std() - bound / np.sqrt(3)) < 0.01 * bound
    assert np.abs(lin.bias.numpy()).max() <= bound
    conv = nn.Conv2d(8, 16, 3, groups=2)
    conv_bound = 1 / np.sqrt(4 * 9)
    assert conv.weight.shape == (16, 4, 3, 3)
    assert np.abs(conv.weight.numpy()).max() <= conv_bound
    tconv = nn.ConvTranspose2d(8, 16, 3, groups=2)  # fan_in = (16/2)·9, as PyTorch computes it
    assert tconv.weight.shape == (8, 8, 3, 3)
    assert np.abs(tconv.weight.numpy()).max() <= 1 / np.sqrt(8 * 9)
    emb = nn.Embedding(1000, 64, padding_idx=3).weight.numpy()
    assert abs(emb.std() - 1) < 0.02 and abs(emb.mean()) < 0.02
    assert not emb[3].any()
    # Seeded: the same seed gives the same weights, an explicit rng is independent of the global one.
    dt.manual_seed(5)
    a = nn.Linear(3, 2).weight.numpy()
    dt.manual_seed(5)
    assert np.array_equal(a, nn.Linear(3, 2).weight.numpy())
    r1 = nn.Linear(3, 2, rng=np.random.default_rng(1)).weight.numpy()
    assert np.array_equal(r1, nn.Linear(3, 2, rng=np.random.default_rng(1)).weight.numpy())


# --- BatchNorm: training (traced) and inference (untraced), running statistics -------------------------


BN_CASES = [
    ("bn1d", lambda **k: nn.BatchNorm1d(3, **k), lambda **k: torch.nn.BatchNorm1d(3, **k), (8, 3)),
    ("bn1d-seq", lambda **k: nn.BatchNorm1d(3, **k), lambda **k: torch.nn.BatchNorm1d(3, **k), (4, 3, 5)),
    ("bn2d", lambda **k: nn.BatchNorm2d(3, **k), lambda **k: torch.nn.BatchNorm2d(3, **k), (4, 3, 3, 5)),
]
BN_OPTIONS: list[dict[str, Any]] = [
    {},
    {"momentum": None},
    {"momentum": 0.3, "affine": False},
    {"track_running_stats": False},
    {"eps": 1e-3},
]


@pytest.mark.parametrize(
    "options", BN_OPTIONS, ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()) or "default"
)
@pytest.mark.parametrize("name, make, make_torch, shape", BN_CASES, ids=[c[0] for c in BN_CASES])
def test_batch_norm_train_and_eval_match_torch(
    name: str,
    make: Callable[..., nn.Module],
    make_torch: Callable[..., torch.nn.Module],
    shape: tuple[int, ...],
    options: dict[str, Any],
) -> None:
    torch.manual_seed(0)
    tm = make_torch(**options).double()
    m = make(**options).astype(np.float64)
    if options.get("affine", True):
        with torch.no_grad():
            for p in tm.parameters():
                p.copy_(torch.randn_like(p))
    load_from_torch(m, tm)
    # Training: three traced batches; outputs and gradients match train-mode PyTorch and the running
    # statistics (momentum, unbiased variance, num_batches_tracked) follow PyTorch's.
    tm.train()
    for step in range(3):
        compare(m, tm, [random(shape, seed=step, scale=2.0) + step])
        for (key, value), (tkey, tvalue) in zip(m.state_dict().items(), tm.state_dict().items()):
            assert key == tkey
            np.testing.assert_allclose(value.numpy(), tvalue.numpy(), rtol=1e-12, atol=1e-14, err_msg=key)
    # Inference: an untraced input uses the running statistics (eval-mode PyTorch) and changes nothing.
    tm.eval()
    before = {k: v.numpy() for k, v in m.state_dict().items()}
    compare(m, tm, [random(shape, seed=9)], trace=False)
    after = {k: v.numpy() for k, v in m.state_dict().items()}
    assert before.keys() == after.keys() and all(np.array_equal(before[k], after[k]) for k in before)


def test_batch_norm_state_dict_keys_match_torch() -> None:
    assert list(nn.BatchNorm2d(4).state_dict()) == list(torch.nn.BatchNorm2d(4).state_dict())
    assert nn.BatchNorm2d(4).state_dict()["num_batches_tracked"].dtype == np.int64
    assert nn.BatchNorm2d(4).num_parameters() == 8


def test_batch_norm_needs_more_than_one_value_per_channel_when_training() -> None:
    bn = nn.BatchNorm1d(3)
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        bn(dt.randn((1, 3)).trace())
    assert bn(dt.randn((1, 3))).shape == (1, 3)  # inference is fine


# --- Dropout: trains when traced, identity when not ------------------------------------------------------


def test_dropout_drops_when_traced_and_is_identity_otherwise() -> None:
    drop = nn.Dropout(0.25, rng=np.random.default_rng(0))
    x = dt.ones((200, 100))
    assert drop(x) is x  # untraced: inference
    y = drop(x.trace())
    values = y.numpy()
    kept = values != 0
    # Kept elements are scaled by 1/(1-p); the dropped fraction is p (binomial, 20000 draws: 4 sigma
    # is 0.012).
    np.testing.assert_allclose(values[kept], 1 / 0.75, rtol=1e-6)
    assert abs(1 - kept.mean() - 0.25) < 0.012
    grads = y.sum().backward()
    np.testing.assert_array_equal(grads[x].numpy(), values)  # the gradient is the same mask
    assert nn.Dropout(0.0)(x.trace()).numpy().min() == 1.0


# --- Embedding ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("padding_idx", [None, 2])
def test_embedding_matches_torch(padding_idx: int | None) -> None:
    torch.manual_seed(0)
    tm = torch.nn.Embedding(7, 4, padding_idx=padding_idx).double()
    with torch.no_grad():
        tm.weight.copy_(torch.randn_like(tm.weight))  # a non-zero padding row: still not trained
    m = nn.Embedding(7, 4, padding_idx=padding_idx).astype(np.float64)
    load_from_torch(m, tm)
    idx = np.array([[0, 2, 6], [2, 2, 1]])
    out = m(dt.from_numpy(idx).trace())  # the indices carry the tape, as in dfdx
    tout = tm(torch.tensor(idx))
    np.testing.assert_allclose(out.numpy(), tout.detach().numpy(), rtol=0, atol=0)
    cot = random(out.shape, seed=3)
    grads = (out * dt.from_numpy(cot)).sum().backward()
    (tout * torch.tensor(cot)).sum().backward()
    np.testing.assert_allclose(grads[m.weight].numpy(), tm.weight.grad.numpy(), rtol=1e-12, atol=1e-14)
    assert m(dt.from_numpy(idx)).is_traced is False


def test_embedding_out_of_range_index_is_a_clear_error() -> None:
    with pytest.raises(Exception, match="7"):
        nn.Embedding(7, 4)(dt.tensor([1, 7]))


# --- Sequential and Residual against torch -------------------------------------------------------------


class TorchResidual(torch.nn.Module):
    def __init__(self, block: torch.nn.Module) -> None:
        super().__init__()
        self.block = block

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.block(x)


def test_sequential_with_residual_matches_torch() -> None:
    torch.manual_seed(0)
    tm = torch.nn.Sequential(
        torch.nn.Linear(6, 8),
        torch.nn.GELU(),
        TorchResidual(torch.nn.Sequential(torch.nn.LayerNorm(8), torch.nn.Linear(8, 8), torch.nn.Tanh())),
        torch.nn.Linear(8, 2),
    ).double()
    m = nn.Sequential(
        nn.Linear(6, 8),
        nn.GELU(),
        nn.Residual(nn.Sequential(nn.LayerNorm(8), nn.Linear(8, 8), nn.Tanh())),
        nn.Linear(8, 2),
    ).astype(np.float64)
    assert list(m.state_dict()) == list(tm.state_dict())
    load_from_torch(m, tm)
    compare(m, tm, [random((5, 6))])
