# ruff: noqa: E501  (the expected messages and revealed types are long lines)
"""Layers with several inputs or outputs: MultiheadAttention (query/key/value, masks, the weights'
shape), RNN/LSTM/GRU (output and states, initial states checked), TransformerDecoderLayer and
Transformer; the tape is joined over the inputs."""

from typing import Literal as L
from typing import TypeVar, reveal_type

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor, nn

B = TypeVar("B", bound=int)

mha = nn.MultiheadAttention(16, 4)
q = dt.zeros((10, 2, 16))
kv = dt.zeros((7, 2, 16))
reveal_type(mha(q, kv, kv))  # N: Revealed type is "tuple[dfdx_typed._tensor.Tensor[tuple[Literal[10], Literal[2], Literal[16]], dfdx_typed._tensor.NoneTape], dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[10], Literal[7]], dfdx_typed._tensor.NoneTape] | None]"
reveal_type(mha(q.trace(), kv, kv, need_weights=False))  # N: Revealed type is "tuple[dfdx_typed._tensor.Tensor[tuple[Literal[10], Literal[2], Literal[16]], dfdx_typed._tensor.OwnedTape], None]"
reveal_type(mha(q, kv, kv.trace(), average_attn_weights=False))  # N: Revealed type is "tuple[dfdx_typed._tensor.Tensor[tuple[Literal[10], Literal[2], Literal[16]], dfdx_typed._tensor.OwnedTape], dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[4], Literal[10], Literal[7]], dfdx_typed._tensor.OwnedTape] | None]"
reveal_type(mha(q, kv, kv, attn_mask=dt.zeros((10, 7)), key_padding_mask=dt.zeros((2, 7))))  # N: Revealed type is "tuple[dfdx_typed._tensor.Tensor[tuple[Literal[10], Literal[2], Literal[16]], dfdx_typed._tensor.NoneTape], dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[10], Literal[7]], dfdx_typed._tensor.NoneTape] | None]"
reveal_type(nn.MultiheadAttention(16, 4, batch_first=True, kdim=8)(dt.zeros((2, 10, 16)), dt.zeros((2, 7, 8)), dt.zeros((2, 7, 16))))  # N: Revealed type is "tuple[dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[10], Literal[16]], dfdx_typed._tensor.NoneTape], dfdx_typed._tensor.Tensor[tuple[Literal[2], Literal[10], Literal[7]], dfdx_typed._tensor.NoneTape] | None]"
mha(q, dt.zeros((7, 2, 8)), kv)  # E: MultiheadAttention[16, 4] key expects (S, N, 16) or (S, 16), got (7, 2, 8)  [shape]
mha(q, kv, dt.zeros((6, 2, 16)))  # E: MultiheadAttention[16, 4] key (7, 2, 16) and value (6, 2, 16) differ in sequence length  [shape]
mha(q, kv, kv, attn_mask=dt.zeros((10, 8)))  # E: MultiheadAttention[16, 4] attn_mask expects (10, 7) or (8, 10, 7), got (10, 8)  [shape]
mha(q, kv, kv, key_padding_mask=dt.zeros((3, 7)))  # E: MultiheadAttention[16, 4] key_padding_mask expects (2, 7), got (3, 7)  [shape]

lstm = nn.LSTM(8, 32, num_layers=2, bidirectional=True)
reveal_type(lstm(dt.zeros((5, 3, 8))))  # N: Revealed type is "tuple[dfdx_typed._tensor.Tensor[tuple[Literal[5], Literal[3], Literal[64]], dfdx_typed._tensor.NoneTape], tuple[dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3], Literal[32]], dfdx_typed._tensor.NoneTape], dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3], Literal[32]], dfdx_typed._tensor.NoneTape]]]"
reveal_type(lstm(dt.zeros((5, 3, 8)), (dt.zeros((4, 3, 32)).trace(), dt.zeros((4, 3, 32)))))  # N: Revealed type is "tuple[dfdx_typed._tensor.Tensor[tuple[Literal[5], Literal[3], Literal[64]], dfdx_typed._tensor.OwnedTape], tuple[dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3], Literal[32]], dfdx_typed._tensor.OwnedTape], dfdx_typed._tensor.Tensor[tuple[Literal[4], Literal[3], Literal[32]], dfdx_typed._tensor.OwnedTape]]]"
reveal_type(nn.RNN(8, 4)(dt.zeros((5, 8))))  # N: Revealed type is "tuple[dfdx_typed._tensor.Tensor[tuple[Literal[5], Literal[4]], dfdx_typed._tensor.NoneTape], dfdx_typed._tensor.Tensor[tuple[Literal[1], Literal[4]], dfdx_typed._tensor.NoneTape]]"
reveal_type(nn.GRU(8, 16, batch_first=True)(dt.zeros((3, 5, 8)).trace()))  # N: Revealed type is "tuple[dfdx_typed._tensor.Tensor[tuple[Literal[3], Literal[5], Literal[16]], dfdx_typed._tensor.OwnedTape], dfdx_typed._tensor.Tensor[tuple[Literal[1], Literal[3], Literal[16]], dfdx_typed._tensor.OwnedTape]]"
lstm(dt.zeros((5, 3, 9)))  # E: LSTM[8, 32, num_layers=2, bidirectional=True] expects (L, N, 8) or (L, 8), got (5, 3, 9)  [shape]
lstm(dt.zeros((5, 3, 8)), (dt.zeros((4, 3, 32)), dt.zeros((2, 3, 32))))  # E: LSTM[8, 32, num_layers=2, bidirectional=True] initial state expects (4, 3, 32), got (2, 3, 32)  [shape]
nn.GRU(8, 16, batch_first=True)(dt.zeros((3, 5, 8)), dt.zeros((2, 3, 16)))  # E: GRU[8, 16, batch_first=True] initial state expects (1, 3, 16), got (2, 3, 16)  [shape]

decoder = nn.TransformerDecoderLayer(16, 4)
reveal_type(decoder(q, kv.trace()))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[10], Literal[2], Literal[16]], dfdx_typed._tensor.OwnedTape]"
reveal_type(nn.Transformer(16, 4, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=32)(kv, q))  # N: Revealed type is "dfdx_typed._tensor.Tensor[tuple[Literal[10], Literal[2], Literal[16]], dfdx_typed._tensor.NoneTape]"
decoder(q, dt.zeros((7, 3, 16)))  # E: TransformerDecoderLayer[16, 4] tgt (10, 2, 16) and memory (7, 3, 16) differ in batch size  [shape]
nn.Transformer(16, 4, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=32)(kv, dt.zeros((10, 2, 8)))  # E: Transformer[16, 4] tgt expects (T, N, 16) or (T, 16), got (10, 2, 8)  [shape]


def generic(x: Tensor[tuple[B, L[12], L[16]], OwnedTape], n: int) -> None:
    reveal_type(nn.MultiheadAttention(16, 2, batch_first=True)(x, x, x))  # N: Revealed type is "tuple[dfdx_typed._tensor.Tensor[tuple[B, Literal[12], Literal[16]], dfdx_typed._tensor.OwnedTape], dfdx_typed._tensor.Tensor[tuple[B, Literal[12], Literal[12]], dfdx_typed._tensor.OwnedTape] | None]"
    reveal_type(nn.GRU(16, 4, batch_first=True)(x))  # N: Revealed type is "tuple[dfdx_typed._tensor.Tensor[tuple[B, Literal[12], Literal[4]], dfdx_typed._tensor.OwnedTape], dfdx_typed._tensor.Tensor[tuple[Literal[1], B, Literal[4]], dfdx_typed._tensor.OwnedTape]]"
    reveal_type(nn.GRU(n, 4, batch_first=True)(x))  # N: Revealed type is "tuple[dfdx_typed._tensor.Tensor[tuple[B, Literal[12], Literal[4]], dfdx_typed._tensor.OwnedTape], dfdx_typed._tensor.Tensor[tuple[Literal[1], B, Literal[4]], dfdx_typed._tensor.OwnedTape]]"
    nn.LSTM(15, 4, batch_first=True)(x)  # E: LSTM[15, 4, batch_first=True] expects (N, L, 15) or (L, 15), got (B, 12, 16)  [shape]
