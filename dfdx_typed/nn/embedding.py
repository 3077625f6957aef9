"""Embedding: a lookup table of learned vectors, indexed by integer tensors."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import numpy as np

from .. import ops
from .._tensor import Tensor
from ..shapes.layer_specs import embedding_spec
from ..shapes.modules import LayerSpec
from .init import normal
from .module import Module, _layer_size, frozen, traced_if

N = TypeVar("N", bound=int)
D = TypeVar("D", bound=int)


class Embedding(Module, Generic[N, D]):
    """A learned table of ``num_embeddings`` vectors of size ``embedding_dim``, looked up by index.

    ``weight`` is ``(num_embeddings, embedding_dim)``, starting ``N(0, 1)``; the ``padding_idx`` row
    starts at zero and gets no gradient. The indices carry the tape, as in dfdx:
    ``emb(tokens.trace())`` trains the table, ``emb(tokens)`` only looks up.

    PyTorch: ``torch.nn.Embedding(num_embeddings, embedding_dim, padding_idx)``.
    """

    def __init__(
        self,
        num_embeddings: N,
        embedding_dim: D,
        padding_idx: int | None = None,
        *,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        _layer_size("Embedding", "num_embeddings", num_embeddings)
        _layer_size("Embedding", "embedding_dim", embedding_dim)
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise ValueError(
                    f"Embedding: padding_idx {padding_idx} is out of range for {num_embeddings} rows"
                )
            padding_idx %= num_embeddings
        self.num_embeddings: N = num_embeddings
        self.embedding_dim: D = embedding_dim
        self.padding_idx = padding_idx
        weight = normal((num_embeddings, embedding_dim), 1.0, dtype, rng)
        if padding_idx is not None:
            data = weight.numpy()
            data[padding_idx] = 0
            weight = frozen(data)
        self.weight = weight

    def shape_spec(self) -> LayerSpec:
        return embedding_spec(self.num_embeddings, self.embedding_dim)

    def forward(self, indices: Tensor[Any, Any]) -> Tensor[Any, Any]:
        """The rows of ``weight`` at the integer ``indices``.

        Shapes: ``indices: (...)`` -> ``(..., embedding_dim)`` (``(B, S)`` token ids give ``(B, S, D)``).

        PyTorch: ``torch.nn.Embedding(num_embeddings, embedding_dim)(indices)``.
        """
        w = traced_if(self.weight, indices)
        if self.padding_idx is not None and w.is_traced:
            # Same values, but the padding row's gradient is cut: weight·keep + detached weight·(1-keep).
            keep = np.ones((self.num_embeddings, 1), dtype=w.dtype)
            keep[self.padding_idx] = 0
            w = w * frozen(keep) + w.detach() * frozen(1 - keep)
        return ops.embedding(indices, w)

    def extra_repr(self) -> str:
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        return text if self.padding_idx is None else text + f", padding_idx={self.padding_idx}"
