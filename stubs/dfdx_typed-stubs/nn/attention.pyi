# Multi-head attention. The output has the query's shape (its last dim is embed_dim, as the query's
# must be); the weights' shape depends on the flags (`Any`). The tape is traced when any of query,
# key and value is: the overloads join the three tapes as the binary ops join two (see
# stubs/README-stubs.md, "Joining tapes"). Masks never change the typed tape.
from typing import Any, TypeAlias, TypeVar, overload

import numpy as np
import numpy.typing as npt

from .._tensor import NoneTape, OwnedTape, Tensor, _AnyTape
from ..shapes.modules import LayerSpec
from .linear import Linear
from .module import Module

_S = TypeVar("_S", bound=tuple[Any, ...])
_T = TypeVar("_T")

_Mask: TypeAlias = Tensor[Any, Any] | None

def additive_mask(mask: Tensor[Any, Any], dtype: npt.DTypeLike) -> Tensor[Any, Any]: ...
def causal_mask(
    target: int, source: int, dtype: npt.DTypeLike | None = None
) -> Tensor[tuple[Any, Any], NoneTape]: ...

class MultiheadAttention(Module):
    """Scaled dot-product attention over ``num_heads`` heads, with input and output projections;
    ``forward(query, key, value)`` returns ``(output, weights)``. PyTorch: ``torch.nn.MultiheadAttention``.
    """

    embed_dim: int
    num_heads: int
    dropout: float
    batch_first: bool
    kdim: int
    vdim: int
    head_dim: int
    # `in_proj_weight` when kdim == vdim == embed_dim (PyTorch's packed layout), else the three
    # `*_proj_weight`s.
    in_proj_weight: Tensor[tuple[Any, Any], NoneTape]
    q_proj_weight: Tensor[tuple[Any, Any], NoneTape]
    k_proj_weight: Tensor[tuple[Any, Any], NoneTape]
    v_proj_weight: Tensor[tuple[Any, Any], NoneTape]
    in_proj_bias: Tensor[tuple[Any], NoneTape] | None
    out_proj: Linear[Any, Any]
    def __init__(
        self,
        embed_dim: int,
        num_heads: int,
        dropout: float = 0.0,
        bias: bool = True,
        add_bias_kv: bool = False,
        add_zero_attn: bool = False,
        kdim: int | None = None,
        vdim: int | None = None,
        batch_first: bool = False,
        *,
        dtype: npt.DTypeLike | None = None,
        rng: np.random.Generator | None = None,
    ) -> None: ...
    def shape_spec(self) -> LayerSpec: ...
    # Tapes, in order: an `Any` key or value tape -> `Any`; a traced key or value -> traced; an
    # untraced query takes the key's and value's (shared) tape; otherwise the query's tape, with
    # key and value untraced or sharing it.
    @overload
    def forward(
        self,
        query: Tensor[_S, Any],
        key: Tensor[Any, _AnyTape],
        value: Tensor[Any, Any],
        key_padding_mask: _Mask = None,
        need_weights: bool = True,
        attn_mask: _Mask = None,
        average_attn_weights: bool = True,
        is_causal: bool = False,
    ) -> tuple[Tensor[_S, Any], Tensor[Any, Any] | None]: ...
    @overload
    def forward(
        self,
        query: Tensor[_S, Any],
        key: Tensor[Any, Any],
        value: Tensor[Any, _AnyTape],
        key_padding_mask: _Mask = None,
        need_weights: bool = True,
        attn_mask: _Mask = None,
        average_attn_weights: bool = True,
        is_causal: bool = False,
    ) -> tuple[Tensor[_S, Any], Tensor[Any, Any] | None]: ...
    @overload
    def forward(
        self,
        query: Tensor[_S, Any],
        key: Tensor[Any, OwnedTape],
        value: Tensor[Any, Any],
        key_padding_mask: _Mask = None,
        need_weights: bool = True,
        attn_mask: _Mask = None,
        average_attn_weights: bool = True,
        is_causal: bool = False,
    ) -> tuple[Tensor[_S, OwnedTape], Tensor[Any, OwnedTape] | None]: ...
    @overload
    def forward(
        self,
        query: Tensor[_S, Any],
        key: Tensor[Any, Any],
        value: Tensor[Any, OwnedTape],
        key_padding_mask: _Mask = None,
        need_weights: bool = True,
        attn_mask: _Mask = None,
        average_attn_weights: bool = True,
        is_causal: bool = False,
    ) -> tuple[Tensor[_S, OwnedTape], Tensor[Any, OwnedTape] | None]: ...
    @overload
    def forward(
        self,
        query: Tensor[_S, NoneTape],
        key: Tensor[Any, _T],
        value: Tensor[Any, _T],
        key_padding_mask: _Mask = None,
        need_weights: bool = True,
        attn_mask: _Mask = None,
        average_attn_weights: bool = True,
        is_causal: bool = False,
    ) -> tuple[Tensor[_S, _T], Tensor[Any, _T] | None]: ...
    @overload
    def forward(
        self,
        query: Tensor[_S, _T],
        key: Tensor[Any, _T | NoneTape],
        value: Tensor[Any, _T | NoneTape],
        key_padding_mask: _Mask = None,
        need_weights: bool = True,
        attn_mask: _Mask = None,
        average_attn_weights: bool = True,
        is_causal: bool = False,
    ) -> tuple[Tensor[_S, _T], Tensor[Any, _T] | None]: ...
    def extra_repr(self) -> str: ...
