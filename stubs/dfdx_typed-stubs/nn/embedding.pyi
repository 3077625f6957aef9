# Embedding[N, D] maps integer indices of any shape `(...)` to `(..., D)`; the indices carry the tape
# (as in dfdx: `emb(tokens.trace())` trains the table). `Embedding(1000, 64)` is `Embedding[Any, Any]`
# (the mypy plugin puts the literals in).
from typing import Any, Generic, TypeVar, overload

import numpy as np
import numpy.typing as npt
from typing_extensions import TypeVarTuple

from .._tensor import NoneTape, Tensor
from ..shapes.modules import LayerSpec
from .module import Module, _AnyShape

N = TypeVar("N", bound=int)
D = TypeVar("D", bound=int)

_D = TypeVar("_D", bound=int)
_T = TypeVar("_T")
_Ts = TypeVarTuple("_Ts")

class Embedding(Module, Generic[N, D]):
    """Rows of ``weight`` ``(num_embeddings, embedding_dim)`` at integer indices.

    PyTorch: ``torch.nn.Embedding(num_embeddings, embedding_dim, padding_idx)``.
    """

    num_embeddings: N
    embedding_dim: D
    padding_idx: int | None
    weight: Tensor[tuple[N, D], NoneTape]
    def __init__(
        self: Embedding[Any, Any],
        num_embeddings: int,
        embedding_dim: int,
        padding_idx: int | None = None,
        *,
        dtype: npt.DTypeLike | None = None,
        rng: np.random.Generator | None = None,
    ) -> None: ...
    def shape_spec(self) -> LayerSpec: ...
    # An `Any` shape first (see `_AnyShape`), then `(*batch) -> (*batch, D)`.
    @overload
    def forward(
        self: Embedding[Any, _D], indices: Tensor[_AnyShape, _T]
    ) -> Tensor[tuple[*tuple[Any, ...], _D], _T]: ...
    @overload
    def forward(
        self: Embedding[Any, _D], indices: Tensor[tuple[*_Ts], _T]
    ) -> Tensor[tuple[*_Ts, _D], _T]: ...
    def extra_repr(self) -> str: ...
