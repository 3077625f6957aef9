"""A Transformer: the full encoder-decoder forward, and a small encoder trained to reverse sequences.

``dt.nn.Transformer`` has PyTorch's arguments, layouts and parameter names (so its ``state_dict`` loads
into ``torch.nn.Transformer``). Masks are PyTorch's: bool (True = may not attend) or float (added).
Dropout applies only when the input is traced. dfdx: examples/nightly-transformer.rs.
"""

import argparse
from typing import Final, TypeVar
from typing import Literal as L

import numpy as np

import dfdx_typed as dt
from dfdx_typed import Tensor

VOCAB: Final = 10
LENGTH: Final = 8
D_MODEL: Final = 32
B = TypeVar("B", bound=int)
T = TypeVar("T")


class Reverser(dt.nn.Module):
    """Tokens ``(B, LENGTH)`` -> logits ``(B, LENGTH, VOCAB)``: the sequence, reversed."""

    def __init__(self) -> None:
        self.embed = dt.nn.Embedding(VOCAB, D_MODEL)
        self.position: Tensor[tuple[L[8], L[32]]] = dt.randn((LENGTH, D_MODEL)) * 0.1  # a learned parameter
        layer = dt.nn.TransformerEncoderLayer(
            D_MODEL, nhead=4, dim_feedforward=64, dropout=0.0, batch_first=True
        )
        self.encoder = dt.nn.TransformerEncoder(layer, num_layers=2)
        self.out = dt.nn.Linear(D_MODEL, VOCAB)

    def forward(self, tokens: Tensor[tuple[B, L[8]], T]) -> Tensor[tuple[B, L[8], L[10]], T]:
        # Embedding lookups carry the tape of their indices (as in dfdx): traced tokens train the table.
        h: Tensor[tuple[B, L[8], L[32]], T] = self.embed(tokens) + self.position
        logits: Tensor[tuple[B, L[8], L[10]], T] = self.out(self.encoder(h))
        return logits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true", help="a few steps")
    steps = 5 if parser.parse_args().small else 300
    dt.manual_seed(0)

    # The full model, forward only: (S, N, E) source and (T, N, E) target, causal target mask.
    transformer = dt.nn.Transformer(d_model=16, nhead=2, num_encoder_layers=1, num_decoder_layers=1,
                                    dim_feedforward=32)
    src: Tensor[tuple[L[10], L[2], L[16]]] = dt.randn((10, 2, 16))
    tgt: Tensor[tuple[L[7], L[2], L[16]]] = dt.randn((7, 2, 16))
    mask = dt.nn.Transformer.generate_square_subsequent_mask(7)
    out: Tensor[tuple[L[7], L[2], L[16]]] = transformer(src, tgt, tgt_mask=mask)
    print("nn.Transformer:", src.shape, "+", tgt.shape, "->", out.shape)

    # Train an encoder to reverse sequences of digits.
    model = Reverser()
    opt = dt.optim.Adam(model, lr=3e-3)
    rng = np.random.default_rng(0)
    for step in range(steps + 1):
        batch = rng.integers(0, VOCAB, size=(32, LENGTH))
        tokens: Tensor[tuple[int, L[8]]] = dt.from_numpy(batch)
        target: Tensor[tuple[int, L[8]]] = dt.from_numpy(batch[:, ::-1].copy())
        logits = model(tokens.trace())
        loss = dt.losses.cross_entropy(logits, target)
        if step < steps:
            opt.update(model, loss.backward())
        if step % 50 == 0 or step == steps:
            accuracy = float((logits.argmax(axis=-1).numpy() == batch[:, ::-1]).mean())
            print(f"step {step:3d}: loss {loss.item():.4f}, tokens right {accuracy:.0%}")


if __name__ == "__main__":
    main()
