# Transformer blocks keep the shape of the sequence they transform (`src`; `tgt` for decoders), so
# that shape is typed exactly. An encoder's tape is its input's; a decoder's output is traced when
# `tgt` or `memory` is (the tapes join as attention's do; see stubs/README-stubs.md). Masks never
# change the typed tape.
from collections.abc import Callable
from typing import Any, TypeAlias, TypeVar, overload

import numpy as np
import numpy.typing as npt

from .._tensor import NoneTape, OwnedTape, Tensor, _AnyTape
from ..shapes.modules import LayerSpec
from .attention import MultiheadAttention
from .dropout import Dropout
from .linear import Linear
from .module import Module
from .norm import LayerNorm

_S = TypeVar("_S", bound=tuple[Any, ...])
_T = TypeVar("_T")
_M = TypeVar("_M", bound=Module)

_Mask: TypeAlias = Tensor[Any, Any] | None

Activation: TypeAlias = str | Callable[[Tensor[Any, Any]], Tensor[Any, Any]]

def clone(module: _M) -> _M: ...

class TransformerEncoderLayer(Module):
    """Self-attention then a feed-forward block, each with a residual and LayerNorm; output like
    ``src``. PyTorch: ``torch.nn.TransformerEncoderLayer``."""

    d_model: int
    batch_first: bool
    norm_first: bool
    self_attn: MultiheadAttention
    linear1: Linear[Any, Any]
    linear2: Linear[Any, Any]
    dropout: Dropout
    dropout1: Dropout
    dropout2: Dropout
    norm1: LayerNorm
    norm2: LayerNorm
    activation: Module
    def __init__(
        self,
        d_model: int,
        nhead: int,
        dim_feedforward: int = 2048,
        dropout: float = 0.1,
        activation: Activation = "relu",
        layer_norm_eps: float = 1e-5,
        batch_first: bool = False,
        norm_first: bool = False,
        bias: bool = True,
        *,
        dtype: npt.DTypeLike | None = None,
        rng: np.random.Generator | None = None,
    ) -> None: ...
    def shape_spec(self) -> LayerSpec: ...
    def forward(
        self,
        src: Tensor[_S, _T],
        src_mask: _Mask = None,
        src_key_padding_mask: _Mask = None,
        is_causal: bool = False,
    ) -> Tensor[_S, _T]: ...

class TransformerDecoderLayer(Module):
    """Self-attention, attention over ``memory``, a feed-forward block; output like ``tgt``.
    PyTorch: ``torch.nn.TransformerDecoderLayer``."""

    d_model: int
    batch_first: bool
    norm_first: bool
    self_attn: MultiheadAttention
    multihead_attn: MultiheadAttention
    linear1: Linear[Any, Any]
    linear2: Linear[Any, Any]
    dropout: Dropout
    dropout1: Dropout
    dropout2: Dropout
    dropout3: Dropout
    norm1: LayerNorm
    norm2: LayerNorm
    norm3: LayerNorm
    activation: Module
    def __init__(
        self,
        d_model: int,
        nhead: int,
        dim_feedforward: int = 2048,
        dropout: float = 0.1,
        activation: Activation = "relu",
        layer_norm_eps: float = 1e-5,
        batch_first: bool = False,
        norm_first: bool = False,
        bias: bool = True,
        *,
        dtype: npt.DTypeLike | None = None,
        rng: np.random.Generator | None = None,
    ) -> None: ...
    def shape_spec(self) -> LayerSpec: ...
    @overload
    def forward(
        self,
        tgt: Tensor[_S, Any],
        memory: Tensor[Any, _AnyTape],
        tgt_mask: _Mask = None,
        memory_mask: _Mask = None,
        tgt_key_padding_mask: _Mask = None,
        memory_key_padding_mask: _Mask = None,
        tgt_is_causal: bool = False,
        memory_is_causal: bool = False,
    ) -> Tensor[_S, Any]: ...
    @overload
    def forward(
        self,
        tgt: Tensor[_S, Any],
        memory: Tensor[Any, OwnedTape],
        tgt_mask: _Mask = None,
        memory_mask: _Mask = None,
        tgt_key_padding_mask: _Mask = None,
        memory_key_padding_mask: _Mask = None,
        tgt_is_causal: bool = False,
        memory_is_causal: bool = False,
    ) -> Tensor[_S, OwnedTape]: ...
    @overload
    def forward(
        self,
        tgt: Tensor[_S, NoneTape],
        memory: Tensor[Any, _T],
        tgt_mask: _Mask = None,
        memory_mask: _Mask = None,
        tgt_key_padding_mask: _Mask = None,
        memory_key_padding_mask: _Mask = None,
        tgt_is_causal: bool = False,
        memory_is_causal: bool = False,
    ) -> Tensor[_S, _T]: ...
    @overload
    def forward(
        self,
        tgt: Tensor[_S, _T],
        memory: Tensor[Any, _T | NoneTape],
        tgt_mask: _Mask = None,
        memory_mask: _Mask = None,
        tgt_key_padding_mask: _Mask = None,
        memory_key_padding_mask: _Mask = None,
        tgt_is_causal: bool = False,
        memory_is_causal: bool = False,
    ) -> Tensor[_S, _T]: ...

class TransformerEncoder(Module):
    """``num_layers`` copies of ``encoder_layer``, then ``norm`` if given.
    PyTorch: ``torch.nn.TransformerEncoder``."""

    layers: list[TransformerEncoderLayer]
    num_layers: int
    norm: Module | None
    def __init__(
        self, encoder_layer: TransformerEncoderLayer, num_layers: int, norm: Module | None = None
    ) -> None: ...
    def shape_spec(self) -> LayerSpec: ...
    def forward(
        self,
        src: Tensor[_S, _T],
        mask: _Mask = None,
        src_key_padding_mask: _Mask = None,
        is_causal: bool = False,
    ) -> Tensor[_S, _T]: ...

class TransformerDecoder(Module):
    """``num_layers`` copies of ``decoder_layer``, then ``norm`` if given.
    PyTorch: ``torch.nn.TransformerDecoder``."""

    layers: list[TransformerDecoderLayer]
    num_layers: int
    norm: Module | None
    def __init__(
        self, decoder_layer: TransformerDecoderLayer, num_layers: int, norm: Module | None = None
    ) -> None: ...
    @overload
    def forward(
        self,
        tgt: Tensor[_S, Any],
        memory: Tensor[Any, _AnyTape],
        tgt_mask: _Mask = None,
        memory_mask: _Mask = None,
        tgt_key_padding_mask: _Mask = None,
        memory_key_padding_mask: _Mask = None,
        tgt_is_causal: bool = False,
        memory_is_causal: bool = False,
    ) -> Tensor[_S, Any]: ...
    @overload
    def forward(
        self,
        tgt: Tensor[_S, Any],
        memory: Tensor[Any, OwnedTape],
        tgt_mask: _Mask = None,
        memory_mask: _Mask = None,
        tgt_key_padding_mask: _Mask = None,
        memory_key_padding_mask: _Mask = None,
        tgt_is_causal: bool = False,
        memory_is_causal: bool = False,
    ) -> Tensor[_S, OwnedTape]: ...
    @overload
    def forward(
        self,
        tgt: Tensor[_S, NoneTape],
        memory: Tensor[Any, _T],
        tgt_mask: _Mask = None,
        memory_mask: _Mask = None,
        tgt_key_padding_mask: _Mask = None,
        memory_key_padding_mask: _Mask = None,
        tgt_is_causal: bool = False,
        memory_is_causal: bool = False,
    ) -> Tensor[_S, _T]: ...
    @overload
    def forward(
        self,
        tgt: Tensor[_S, _T],
        memory: Tensor[Any, _T | NoneTape],
        tgt_mask: _Mask = None,
        memory_mask: _Mask = None,
        tgt_key_padding_mask: _Mask = None,
        memory_key_padding_mask: _Mask = None,
        tgt_is_causal: bool = False,
        memory_is_causal: bool = False,
    ) -> Tensor[_S, _T]: ...

class Transformer(Module):
    """Encoder-decoder Transformer: ``forward(src, tgt)``, output like ``tgt``.
    PyTorch: ``torch.nn.Transformer``."""

    encoder: Module
    decoder: Module
    d_model: int
    nhead: int
    batch_first: bool
    def __init__(
        self,
        d_model: int = 512,
        nhead: int = 8,
        num_encoder_layers: int = 6,
        num_decoder_layers: int = 6,
        dim_feedforward: int = 2048,
        dropout: float = 0.1,
        activation: Activation = "relu",
        custom_encoder: Module | None = None,
        custom_decoder: Module | None = None,
        layer_norm_eps: float = 1e-5,
        batch_first: bool = False,
        norm_first: bool = False,
        bias: bool = True,
        *,
        dtype: npt.DTypeLike | None = None,
        rng: np.random.Generator | None = None,
    ) -> None: ...
    @staticmethod
    def generate_square_subsequent_mask(
        sz: int, dtype: npt.DTypeLike | None = None
    ) -> Tensor[tuple[Any, Any], NoneTape]: ...
    @overload
    def forward(
        self,
        src: Tensor[Any, _AnyTape],
        tgt: Tensor[_S, Any],
        src_mask: _Mask = None,
        tgt_mask: _Mask = None,
        memory_mask: _Mask = None,
        src_key_padding_mask: _Mask = None,
        tgt_key_padding_mask: _Mask = None,
        memory_key_padding_mask: _Mask = None,
        src_is_causal: bool = False,
        tgt_is_causal: bool = False,
        memory_is_causal: bool = False,
    ) -> Tensor[_S, Any]: ...
    @overload
    def forward(
        self,
        src: Tensor[Any, OwnedTape],
        tgt: Tensor[_S, Any],
        src_mask: _Mask = None,
        tgt_mask: _Mask = None,
        memory_mask: _Mask = None,
        src_key_padding_mask: _Mask = None,
        tgt_key_padding_mask: _Mask = None,
        memory_key_padding_mask: _Mask = None,
        src_is_causal: bool = False,
        tgt_is_causal: bool = False,
        memory_is_causal: bool = False,
    ) -> Tensor[_S, OwnedTape]: ...
    @overload
    def forward(
        self,
        src: Tensor[Any, _T],
        tgt: Tensor[_S, NoneTape],
        src_mask: _Mask = None,
        tgt_mask: _Mask = None,
        memory_mask: _Mask = None,
        src_key_padding_mask: _Mask = None,
        tgt_key_padding_mask: _Mask = None,
        memory_key_padding_mask: _Mask = None,
        src_is_causal: bool = False,
        tgt_is_causal: bool = False,
        memory_is_causal: bool = False,
    ) -> Tensor[_S, _T]: ...
    @overload
    def forward(
        self,
        src: Tensor[Any, _T | NoneTape],
        tgt: Tensor[_S, _T],
        src_mask: _Mask = None,
        tgt_mask: _Mask = None,
        memory_mask: _Mask = None,
        src_key_padding_mask: _Mask = None,
        tgt_key_padding_mask: _Mask = None,
        memory_key_padding_mask: _Mask = None,
        src_is_causal: bool = False,
        tgt_is_causal: bool = False,
        memory_is_causal: bool = False,
    ) -> Tensor[_S, _T]: ...
