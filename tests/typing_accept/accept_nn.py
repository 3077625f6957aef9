"""Must-accept: dt.nn — layers typed over batch prefixes, a user Module whose calls are typed by its
``forward``, every layer of the API, containers, and the Module API.

Type-checked with zero errors by pyright (strict) and by mypy without the plugin (tests/test_stubs.py),
and executed. `assert_type` is used only where both checkers agree on the type.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, assert_type
from typing import Literal as L

import numpy as np

import dfdx_typed as dt
from dfdx_typed import NoneTape, OwnedTape, Tensor
from dfdx_typed.nn import Linear, Module

nn = dt.nn
B = TypeVar("B", bound=int)
T = TypeVar("T")


class Mlp(Module):
    """``(B, 6) -> (B, 3)``: sub-modules whose calls are typed by their ``forward``."""

    def __init__(self) -> None:
        # Annotated layers are exact; `Linear(6, 8)` alone is `Linear[Any, Any]` (the plugin fills it).
        self.hidden: Linear[L[6], L[8]] = nn.Linear(6, 8)
        self.act = nn.ReLU()
        self.out: Linear[L[8], L[3]] = nn.Linear(8, 3)

    def forward(self, x: Tensor[tuple[B, L[6]], T]) -> Tensor[tuple[B, L[3]], T]:
        # Each call is checked natively: `self.out(x)` would be an error (6 is not 8).
        h = self.act(self.hidden(x))
        assert_type(h, Tensor[tuple[B, L[8]], T])
        return self.out(h)


class Scaled(Module):
    """A forward with a keyword argument: calls take exactly what forward takes."""

    def forward(self, x: Tensor[tuple[L[2]]], factor: float = 2.0) -> Tensor[tuple[L[2]]]:
        return x * factor


def linear_layers(x: Tensor[tuple[L[5], L[6]]], seq: Tensor[tuple[L[2], L[5], L[6]]]) -> None:
    lin: Linear[L[6], L[8]] = nn.Linear(6, 8)
    # `(..., 6) -> (..., 8)` over any batch prefix, the input's tape kept.
    assert_type(lin(x), Tensor[tuple[L[5], L[8]], NoneTape])
    assert_type(lin(seq.trace()), Tensor[tuple[L[2], L[5], L[8]], OwnedTape])
    single: Tensor[tuple[L[6]]] = dt.randn((6,))
    assert_type(lin(single), Tensor[tuple[L[8]], NoneTape])
    assert_type(lin.weight, Tensor[tuple[L[8], L[6]], NoneTape])
    # Without an annotation the sizes are `Any`: never a false error.
    raw = nn.Linear(6, 8, bias=False)
    assert_type(raw, Linear[Any, Any])
    assert_type(raw(x), Tensor[tuple[L[5], Any], NoneTape])
    # An `Any`-shaped input (a constructor's result) may have any batch prefix.
    batched: Tensor[tuple[L[3], L[4], L[8]]] = lin(dt.randn((3, 4, 6)))
    assert batched.shape == (3, 4, 8) and raw.bias is None and lin.in_features == 6
    same = nn.Identity()
    assert_type(same(x), Tensor[tuple[L[5], L[6]], NoneTape])


def user_modules(x: Tensor[tuple[B, L[6]]]) -> Tensor[tuple[B, L[3]], OwnedTape]:
    model = Mlp()
    # Calling a module is typed by its forward: batch, sizes and tape all flow through.
    assert_type(model(x), Tensor[tuple[B, L[3]], NoneTape])
    y = model(x.trace())
    assert_type(y, Tensor[tuple[B, L[3]], OwnedTape])
    s: Tensor[tuple[L[2]]] = Scaled()(dt.ones((2,)), factor=3.0)
    assert s.numpy().tolist() == [3.0, 3.0]
    # A module is a callable of its forward's type (pyright: a gradual `Callable`).
    fn: Callable[[Tensor[tuple[B, L[6]]]], Tensor[tuple[B, L[3]]]] = model
    assert fn(x).shape[1] == 3
    # Typed as plain `Module`, a call is `Any`.
    anything: Module = model
    assert anything(x).shape[1] == 3
    return y


def shape_keeping_layers(x: Tensor[tuple[L[4], L[3], L[5], L[5]]]) -> None:
    xt = x.trace()
    for layer in (nn.ReLU(), nn.GELU(approximate="tanh"), nn.Sigmoid(), nn.Tanh(), nn.LeakyReLU(0.2)):
        assert_type(layer(xt), Tensor[tuple[L[4], L[3], L[5], L[5]], OwnedTape])
    assert_type(nn.PReLU(3)(x), Tensor[tuple[L[4], L[3], L[5], L[5]], NoneTape])
    assert_type(nn.Softmax(dim=1)(xt), Tensor[tuple[L[4], L[3], L[5], L[5]], OwnedTape])
    assert_type(nn.LogSoftmax()(x), Tensor[tuple[L[4], L[3], L[5], L[5]], NoneTape])
    # Train when traced, infer when not: the same types either way.
    assert_type(nn.Dropout(0.5)(xt), Tensor[tuple[L[4], L[3], L[5], L[5]], OwnedTape])
    bn = nn.BatchNorm2d(3, momentum=0.2)
    assert_type(bn(xt), Tensor[tuple[L[4], L[3], L[5], L[5]], OwnedTape])
    assert_type(bn(x), Tensor[tuple[L[4], L[3], L[5], L[5]], NoneTape])
    assert_type(nn.LayerNorm((5, 5), eps=1e-6)(x), Tensor[tuple[L[4], L[3], L[5], L[5]], NoneTape])
    flat: Tensor[tuple[L[4], L[15]]] = nn.BatchNorm1d(15)(dt.randn((4, 15)))
    assert flat.shape == (4, 15) and int(bn.num_batches_tracked.item()) == 1


def vision_layers(images: Tensor[tuple[L[2], L[3], L[8], L[8]]]) -> None:
    conv = nn.Conv2d(3, 4, 3, stride=1, padding=1)
    # Output sizes are the plugin's arithmetic: an `Any` shape, the input's tape.
    feat = conv(images.trace())
    assert_type(feat, Tensor[Any, OwnedTape])
    pooled: Tensor[tuple[L[2], L[4], L[4], L[4]], OwnedTape] = nn.MaxPool2d(2)(feat)
    avg: Tensor[tuple[L[2], L[4], L[2], L[2]], OwnedTape] = nn.AvgPool2d(2, stride=2)(pooled)
    ada: Tensor[tuple[L[2], L[4], L[1], L[1]], OwnedTape] = nn.AdaptiveAvgPool2d(1)(avg)
    flat: Tensor[tuple[L[2], L[4]], OwnedTape] = nn.Flatten()(ada)
    up: Tensor[tuple[L[2], L[2], L[16], L[16]]] = nn.ConvTranspose2d(3, 2, 2, stride=2)(images)
    line: Tensor[tuple[L[2], L[5], L[6]]] = nn.Conv1d(3, 5, 3)(dt.randn((2, 3, 8)))
    assert flat.shape == (2, 4) and up.shape == (2, 2, 16, 16) and line.shape == (2, 5, 6)


def sequence_layers(tokens: Tensor[tuple[L[2], L[5]]]) -> None:
    emb: nn.Embedding[L[10], L[8]] = nn.Embedding(10, 8, padding_idx=0)
    # `(...) -> (..., 8)`; the indices carry the tape (dfdx's convention).
    src = emb(tokens)
    assert_type(src, Tensor[tuple[L[2], L[5], L[8]], NoneTape])
    assert_type(emb(tokens.trace()), Tensor[tuple[L[2], L[5], L[8]], OwnedTape])
    srct = src.trace()
    mha = nn.MultiheadAttention(8, 2, batch_first=True)
    out, weights = mha(srct, src, src, key_padding_mask=dt.zeros((2, 5), dtype=dt.bool_), is_causal=True)
    # The output has the query's shape; a traced query, key or value makes it traced.
    assert_type(out, Tensor[tuple[L[2], L[5], L[8]], OwnedTape])
    assert weights is not None and weights.shape == (2, 5, 5)
    cross, _ = mha(src, srct, srct, need_weights=False)
    assert_type(cross, Tensor[tuple[L[2], L[5], L[8]], OwnedTape])
    enc = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, batch_first=True)
    assert_type(enc(srct), Tensor[tuple[L[2], L[5], L[8]], OwnedTape])
    stack = nn.TransformerEncoder(enc, 2, norm=nn.LayerNorm(8))
    memory = stack(src, src_key_padding_mask=dt.zeros((2, 5), dtype=dt.bool_))
    assert_type(memory, Tensor[tuple[L[2], L[5], L[8]], NoneTape])
    dec = nn.TransformerDecoderLayer(8, 2, 16, dropout=0.0, activation=nn.GELU(), batch_first=True)
    tgt: Tensor[tuple[L[2], L[3], L[8]]] = dt.randn((2, 3, 8))
    # A decoder's output has the target's shape; its tape joins target's and memory's.
    assert_type(dec(tgt, memory.trace()), Tensor[tuple[L[2], L[3], L[8]], OwnedTape])
    decoder = nn.TransformerDecoder(dec, 1)
    assert_type(decoder(tgt, memory, tgt_is_causal=True), Tensor[tuple[L[2], L[3], L[8]], NoneTape])
    model = nn.Transformer(8, 2, 1, 1, 16, dropout=0.0, batch_first=True)
    mask = nn.Transformer.generate_square_subsequent_mask(3)
    assert_type(model(src, tgt.trace(), tgt_mask=mask), Tensor[tuple[L[2], L[3], L[8]], OwnedTape])


def recurrent_layers(seq: Tensor[tuple[L[4], L[2], L[3]]]) -> None:
    rnn = nn.RNN(3, 5, nonlinearity="relu")
    out, h = rnn(seq.trace())
    assert_type(out, Tensor[Any, OwnedTape])
    assert_type(h, Tensor[Any, OwnedTape])
    h0: Tensor[tuple[L[2], L[2], L[5]]] = dt.zeros((2, 2, 5))
    # A traced initial state makes the outputs traced too.
    gru_out, _ = nn.GRU(3, 5, num_layers=2)(seq, h0.trace())
    assert_type(gru_out, Tensor[Any, OwnedTape])
    lstm = nn.LSTM(3, 5, bidirectional=True)
    lstm_out, (h_n, c_n) = lstm(seq, (dt.zeros((2, 2, 5)), dt.zeros((2, 2, 5))))
    assert_type(lstm_out, Tensor[Any, NoneTape])
    assert lstm_out.shape == (4, 2, 10) and h_n.shape == c_n.shape == (2, 2, 5)
    # The per-layer weights are looked up by PyTorch's names.
    assert lstm.weight_ih_l0_reverse.shape == (20, 3) and rnn.hidden_size == 5


def containers(x: Tensor[tuple[L[4], L[6]]]) -> None:
    model = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Dropout(0.1), nn.Linear(8, 3))
    # Typing cannot compose the layers: an `Any` shape with the input's tape (the plugin checks it).
    y = model(x.trace())
    assert_type(y, Tensor[Any, OwnedTape])
    logits: Tensor[tuple[L[4], L[3]]] = model(x)
    first: Module = model[0]
    assert len(model) == 4 and isinstance(first, Linear) and len(list(model)) == 4
    grown = model.append(nn.LogSoftmax(dim=-1))
    assert grown is model and logits.shape == (4, 3)
    block = nn.Residual(nn.Sequential(nn.Linear(6, 6), nn.Tanh()))
    # `x + block(x)`: the shape and the tape are kept.
    assert_type(block(x), Tensor[tuple[L[4], L[6]], NoneTape])
    assert isinstance(block.block, nn.Sequential)


def module_api() -> None:
    model = Mlp()
    names = [name for name, _ in model.named_parameters()]
    assert names == ["hidden.weight", "hidden.bias", "out.weight", "out.bias"]
    assert len(model.parameters()) == 4 and model.num_parameters() == 6 * 8 + 8 + 8 * 3 + 3
    assert [name for name, _ in model.named_children()] == ["hidden", "act", "out"]
    assert len(list(model.children())) == 3 and len(list(model.named_modules())) == 4
    state = model.state_dict()
    other = Mlp()
    keys = other.load_state_dict(state)
    assert keys == nn.IncompatibleKeys([], []) and keys.missing_keys == []
    bad = {**state, "hidden.weight": np.zeros((2, 2), dtype=np.float32)}
    try:
        other.load_state_dict(bad)
    except nn.StateDictError as e:
        assert e.problems[0][0] == "hidden.weight"
    else:
        raise AssertionError("a wrong shape must raise StateDictError")
    bn = nn.BatchNorm1d(3)
    assert [name for name, _ in bn.named_buffers()] == ["running_mean", "running_var", "num_batches_tracked"]
    model.register_buffer("step", dt.zeros(()))
    doubled = model.astype(dt.float64)
    assert_type(doubled, Mlp)
    assert doubled.hidden.weight.dtype == np.float64 and "hidden" in repr(model)
    w = nn.init.kaiming_uniform_default((4, 3))
    assert_type(w, Tensor[Any, NoneTape])
    assert nn.init.fan_in((4, 3, 2)) == 6 and nn.init.xavier_uniform((2, 2)).shape == (2, 2)
    assert nn.init.constant((2,), 1.0).numpy().tolist() == [1.0, 1.0]
    assert nn.init.uniform((2,), 0.1).shape == nn.init.normal((2,)).shape == (2,)
    with tempfile.TemporaryDirectory() as tmp:
        dt.save(model, Path(tmp) / "mlp.npz")


def main() -> None:
    dt.manual_seed(0)
    linear_layers(dt.randn((5, 6)), dt.randn((2, 5, 6)))
    x: Tensor[tuple[L[3], L[6]]] = dt.randn((3, 6))
    y = user_modules(x)
    y.sum().backward()
    shape_keeping_layers(dt.randn((4, 3, 5, 5)))
    vision_layers(dt.randn((2, 3, 8, 8)))
    sequence_layers(dt.tensor([[1, 2, 3, 0, 0], [4, 5, 6, 7, 8]]))
    recurrent_layers(dt.randn((4, 2, 3)))
    containers(dt.randn((4, 6)))
    module_api()


if __name__ == "__main__":
    main()
