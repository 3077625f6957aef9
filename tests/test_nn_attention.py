"""MultiheadAttention (with key-padding, attention and causal masks) and the Transformer layers against
torch.nn with the same weights: outputs, attention weights, parameter and input gradients (float64,
rtol 1e-9 / atol 1e-11)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
import torch
from nn_reference import compare, load_from_torch, random

import dfdx_typed as dt
from dfdx_typed import nn

E, H, L, S, N = 8, 2, 5, 6, 3


@pytest.fixture(autouse=True)
def _no_torch_fast_path() -> Iterator[None]:
    # PyTorch's inference fast path (fused kernels, nested tensors) is not what these tests compare.
    before = torch.backends.mha.get_fastpath_enabled()
    torch.backends.mha.set_fastpath_enabled(False)
    yield
    torch.backends.mha.set_fastpath_enabled(before)


def _pair_mha(**kwargs: Any) -> tuple[nn.MultiheadAttention, torch.nn.MultiheadAttention]:
    torch.manual_seed(0)
    tm = torch.nn.MultiheadAttention(E, H, **kwargs).double()
    with torch.no_grad():
        for p in tm.parameters():
            p.copy_(torch.randn_like(p) * 0.5)  # non-zero biases too
    m = nn.MultiheadAttention(E, H, **kwargs).astype(np.float64)
    load_from_torch(m, tm)
    return m, tm


def _key_padding() -> np.ndarray:
    mask = np.zeros((N, S), dtype=bool)
    mask[0, -2:] = True
    mask[2, 0] = True
    return mask


def test_state_dict_keys_match_torch() -> None:
    assert list(nn.MultiheadAttention(E, H).state_dict()) == list(
        torch.nn.MultiheadAttention(E, H).state_dict()
    )
    assert list(nn.MultiheadAttention(E, H, kdim=3, vdim=5).state_dict()) == list(
        torch.nn.MultiheadAttention(E, H, kdim=3, vdim=5).state_dict()
    )


MASK_CASES = ["none", "key-padding", "bool-attn", "float-attn-per-head", "both", "float-key-padding"]


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("masks", MASK_CASES)
def test_multihead_attention_matches_torch(masks: str, batch_first: bool) -> None:
    m, tm = _pair_mha(batch_first=batch_first)
    q_shape = (N, L, E) if batch_first else (L, N, E)
    kv_shape = (N, S, E) if batch_first else (S, N, E)
    kwargs: dict[str, Any] = {}
    if masks in ("key-padding", "both"):
        kwargs["key_padding_mask"] = _key_padding()
    if masks == "float-key-padding":
        kwargs["key_padding_mask"] = random((N, S), seed=7)
    if masks in ("bool-attn", "both"):
        attn = np.zeros((L, S), dtype=bool)
        attn[:, 3] = True
        attn[1, :2] = True
        kwargs["attn_mask"] = attn
    if masks == "float-attn-per-head":
        kwargs["attn_mask"] = random((N * H, L, S), seed=8)
    dt_kwargs = {k: dt.from_numpy(v) for k, v in kwargs.items()}
    t_kwargs = {k: torch.tensor(v) for k, v in kwargs.items()}
    inputs = [random(q_shape, 1), random(kv_shape, 2), random(kv_shape, 3)]
    compare(
        m,
        tm,
        inputs,
        call=lambda mod, q, k, v: mod(q, k, v, **dt_kwargs),
        tcall=lambda mod, q, k, v: mod(q, k, v, **t_kwargs),
    )
    # The attention weights, averaged over heads and per head.
    for average in (True, False):
        _, w = m(*[dt.from_numpy(a) for a in inputs], average_attn_weights=average, **dt_kwargs)
        _, tw = tm(*[torch.tensor(a) for a in inputs], average_attn_weights=average, **t_kwargs)
        np.testing.assert_allclose(w.numpy(), tw.detach().numpy(), rtol=1e-9, atol=1e-11)


def test_causal_attention_matches_torch_with_the_causal_mask() -> None:
    m, tm = _pair_mha()
    causal = torch.nn.Transformer.generate_square_subsequent_mask(L, dtype=torch.float64)
    ours = nn.Transformer.generate_square_subsequent_mask(L, dtype=np.float64)
    np.testing.assert_array_equal(ours.numpy(), causal.numpy())
    x = random((L, N, E), 4)
    compare(
        m,
        tm,
        [x],
        call=lambda mod, a: mod(a, a, a, is_causal=True),
        tcall=lambda mod, a: mod(a, a, a, attn_mask=causal, is_causal=True),
    )


def test_kdim_vdim_and_unbatched_attention_match_torch() -> None:
    m, tm = _pair_mha(kdim=3, vdim=5)
    compare(m, tm, [random((L, N, E), 1), random((S, N, 3), 2), random((S, N, 5), 3)])
    m2, tm2 = _pair_mha()
    mask = np.zeros((S,), dtype=bool)
    mask[1] = True
    compare(
        m2,
        tm2,
        [random((L, E), 1), random((S, E), 2), random((S, E), 3)],
        call=lambda mod, q, k, v: mod(q, k, v, key_padding_mask=dt.from_numpy(mask)),
        tcall=lambda mod, q, k, v: mod(q, k, v, key_padding_mask=torch.tensor(mask)),
    )


def test_attention_shape_errors_name_the_argument() -> None:
    m = nn.MultiheadAttention(E, H)
    with pytest.raises(
        dt.ShapeError,
        match=r"MultiheadAttention\[8, 2\] key expects \(S, N, 8\) or \(S, 8\), got \(6, 3, 4\)",
    ):
        m(dt.randn((L, N, E)), dt.randn((S, N, 4)), dt.randn((S, N, E)))
    with pytest.raises(dt.ShapeError, match=r"key_padding_mask expects \(3, 6\), got \(6, 3\)"):
        m(dt.randn((L, N, E)), dt.randn((S, N, E)), dt.randn((S, N, E)), key_padding_mask=dt.zeros((S, N)))
    with pytest.raises(dt.ShapeError, match=r"attn_mask expects \(5, 6\) or \(6, 5, 6\), got \(6, 5\)"):
        m(dt.randn((L, N, E)), dt.randn((S, N, E)), dt.randn((S, N, E)), attn_mask=dt.zeros((S, L)))


def test_attention_dropout_applies_only_when_traced() -> None:
    m, tm = _pair_mha(dropout=0.5)
    tm.eval()
    x = random((L, N, E), 1)
    out, _ = m(dt.from_numpy(x), dt.from_numpy(x), dt.from_numpy(x))
    tout, _ = tm(torch.tensor(x), torch.tensor(x), torch.tensor(x))
    np.testing.assert_allclose(out.numpy(), tout.detach().numpy(), rtol=1e-9, atol=1e-11)
    xt = dt.from_numpy(x).trace()
    traced, weights = m(xt, xt, xt, average_attn_weights=False)
    assert traced.is_traced and not np.allclose(traced.numpy(), out.numpy())
    assert weights is not None and (weights.numpy() == 0).mean() > 0.3  # about half dropped


# --- Transformer layers ----------------------------------------------------------------------------


def _randomize(tm: torch.nn.Module) -> None:
    with torch.no_grad():
        for name, p in tm.named_parameters():
            if "norm" in name:
                p.copy_(
                    1 + 0.1 * torch.randn_like(p) if name.endswith("weight") else 0.1 * torch.randn_like(p)
                )


@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("activation", ["relu", "gelu"])
def test_encoder_layer_matches_torch(norm_first: bool, activation: str) -> None:
    torch.manual_seed(0)
    kwargs = dict(
        dim_feedforward=16, dropout=0.0, activation=activation, norm_first=norm_first, batch_first=True
    )
    tm = torch.nn.TransformerEncoderLayer(E, H, **kwargs).double()  # type: ignore[arg-type]
    _randomize(tm)
    m = nn.TransformerEncoderLayer(E, H, **kwargs).astype(np.float64)  # type: ignore[arg-type]
    load_from_torch(m, tm)
    padding = _key_padding()
    compare(
        m,
        tm,
        [random((N, S, E), 1)],
        call=lambda mod, x: mod(x, src_key_padding_mask=dt.from_numpy(padding)),
        tcall=lambda mod, x: mod(x, src_key_padding_mask=torch.tensor(padding)),
    )
    causal = torch.nn.Transformer.generate_square_subsequent_mask(S, dtype=torch.float64)
    compare(
        m,
        tm,
        [random((N, S, E), 2)],
        call=lambda mod, x: mod(x, is_causal=True),
        tcall=lambda mod, x: mod(x, src_mask=causal, is_causal=True),
    )


@pytest.mark.parametrize("norm_first", [False, True])
def test_decoder_layer_matches_torch(norm_first: bool) -> None:
    torch.manual_seed(1)
    tm = torch.nn.TransformerDecoderLayer(
        E, H, dim_feedforward=16, dropout=0.0, norm_first=norm_first
    ).double()
    _randomize(tm)
    m = nn.TransformerDecoderLayer(E, H, dim_feedforward=16, dropout=0.0, norm_first=norm_first).astype(
        np.float64
    )
    load_from_torch(m, tm)
    causal = torch.nn.Transformer.generate_square_subsequent_mask(L, dtype=torch.float64)
    padding = _key_padding()
    compare(
        m,
        tm,
        [random((L, N, E), 1), random((S, N, E), 2)],
        call=lambda mod, t, mem: mod(
            t, mem, tgt_is_causal=True, memory_key_padding_mask=dt.from_numpy(padding)
        ),
        tcall=lambda mod, t, mem: mod(
            t, mem, tgt_mask=causal, tgt_is_causal=True, memory_key_padding_mask=torch.tensor(padding)
        ),
    )


@pytest.mark.filterwarnings("ignore:enable_nested_tensor is True")
def test_transformer_matches_torch() -> None:
    torch.manual_seed(2)
    tm = torch.nn.Transformer(E, H, 2, 2, dim_feedforward=16, dropout=0.0).double()
    m = nn.Transformer(E, H, 2, 2, dim_feedforward=16, dropout=0.0).astype(np.float64)
    assert list(m.state_dict()) == list(tm.state_dict())
    assert m.num_parameters() == sum(p.numel() for p in tm.parameters())
    load_from_torch(m, tm)
    tgt_mask = torch.nn.Transformer.generate_square_subsequent_mask(L, dtype=torch.float64)
    src_padding = _key_padding()
    compare(
        m,
        tm,
        [random((S, N, E), 1), random((L, N, E), 2)],
        call=lambda mod, s, t: mod(
            s,
            t,
            tgt_mask=dt.from_numpy(tgt_mask.numpy()),
            src_key_padding_mask=dt.from_numpy(src_padding),
            memory_key_padding_mask=dt.from_numpy(src_padding),
        ),
        tcall=lambda mod, s, t: mod(
            s,
            t,
            tgt_mask=tgt_mask,
            src_key_padding_mask=torch.tensor(src_padding),
            memory_key_padding_mask=torch.tensor(src_padding),
        ),
    )


def test_transformer_layers_are_independent_copies_with_xavier_init() -> None:
    dt.manual_seed(0)
    m = nn.Transformer(16, 4, 2, 1, dim_feedforward=32)
    enc = m.encoder.layers  # type: ignore[attr-defined]
    a, b = enc[0].linear1.weight, enc[1].linear1.weight
    assert a is not b and not np.array_equal(a.numpy(), b.numpy())  # re-initialised independently
    bound = np.sqrt(6 / (16 + 32))
    assert np.abs(a.numpy()).max() <= bound
    x = dt.randn((5, 2, 16)).trace()
    grads = m(x, x).sum().backward()
    assert all(p in grads for p in (a, b))
    assert not np.array_equal(grads[a].numpy(), grads[b].numpy())


def test_transformer_dropout_trains_only_when_traced() -> None:
    torch.manual_seed(3)
    tm = torch.nn.TransformerEncoderLayer(E, H, dim_feedforward=16, dropout=0.3).double().eval()
    m = nn.TransformerEncoderLayer(E, H, dim_feedforward=16, dropout=0.3).astype(np.float64)
    load_from_torch(m, tm)
    x = random((S, N, E), 1)
    compare(m, tm, [x], trace=False)  # untraced: inference, as eval-mode PyTorch
    assert not np.allclose(m(dt.from_numpy(x).trace()).numpy(), m(dt.from_numpy(x)).numpy())


def test_encoder_layer_shape_error() -> None:
    layer = nn.TransformerEncoderLayer(E, H, dim_feedforward=16)
    with pytest.raises(
        dt.ShapeError,
        match=r"TransformerEncoderLayer\[8, 2\] expects \(S, N, 8\) or \(S, 8\), got \(5, 3, 4\)",
    ):
        layer(dt.randn((5, 3, 4)))
