# Recurrent layers. Output and state sizes depend on flags (`batch_first`, `bidirectional`), so their
# shapes are `Any`; the tape is traced when the input or an initial state is (the overloads join
# the tapes as attention's do). RNN and GRU return `(output, h_n)`, LSTM `(output, (h_n, c_n))`.
from typing import Any, TypeAlias, TypeVar, overload

import numpy as np
import numpy.typing as npt

from .._tensor import NoneTape, OwnedTape, Tensor, _AnyTape
from ..shapes.modules import LayerSpec
from .module import Module

_T = TypeVar("_T")

_Out: TypeAlias = tuple[Tensor[Any, _T], Tensor[Any, _T]]
_LstmOut: TypeAlias = tuple[Tensor[Any, _T], tuple[Tensor[Any, _T], Tensor[Any, _T]]]

class _RNNBase(Module):
    input_size: int
    hidden_size: int
    num_layers: int
    bias: bool
    batch_first: bool
    dropout: float
    bidirectional: bool
    def __init__(
        self,
        mode: str,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        *,
        dtype: npt.DTypeLike | None = None,
        rng: np.random.Generator | None = None,
    ) -> None: ...
    # The weights are set per layer and direction with PyTorch's names (`weight_ih_l0`,
    # `bias_hh_l1_reverse`, ...), so they are looked up by name.
    def __getattr__(self, name: str) -> Tensor[tuple[Any, ...], NoneTape]: ...
    def shape_spec(self) -> LayerSpec: ...
    # Each subclass types its own results; here only what all of them share.
    def forward(self, input: Tensor[Any, Any], hx: Any = None) -> tuple[Tensor[Any, Any], Any]: ...
    def extra_repr(self) -> str: ...

class RNN(_RNNBase):
    """Elman RNN (tanh or ReLU). PyTorch: ``torch.nn.RNN``."""

    nonlinearity: str
    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        nonlinearity: str = "tanh",
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        *,
        dtype: npt.DTypeLike | None = None,
        rng: np.random.Generator | None = None,
    ) -> None: ...
    @overload
    def forward(self, input: Tensor[Any, _T], hx: None = None) -> _Out[_T]: ...
    @overload
    def forward(self, input: Tensor[Any, Any], hx: Tensor[Any, _AnyTape]) -> _Out[Any]: ...
    @overload
    def forward(self, input: Tensor[Any, Any], hx: Tensor[Any, OwnedTape]) -> _Out[OwnedTape]: ...
    @overload
    def forward(self, input: Tensor[Any, NoneTape], hx: Tensor[Any, _T]) -> _Out[_T]: ...
    @overload
    def forward(self, input: Tensor[Any, _T], hx: Tensor[Any, _T | NoneTape]) -> _Out[_T]: ...

class LSTM(_RNNBase):
    """LSTM with PyTorch's gate order; ``hx`` is ``(h_0, c_0)``. PyTorch: ``torch.nn.LSTM``."""

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        *,
        dtype: npt.DTypeLike | None = None,
        rng: np.random.Generator | None = None,
    ) -> None: ...
    @overload
    def forward(self, input: Tensor[Any, _T], hx: None = None) -> _LstmOut[_T]: ...
    @overload
    def forward(
        self, input: Tensor[Any, Any], hx: tuple[Tensor[Any, _AnyTape], Tensor[Any, Any]]
    ) -> _LstmOut[Any]: ...
    @overload
    def forward(
        self, input: Tensor[Any, Any], hx: tuple[Tensor[Any, Any], Tensor[Any, _AnyTape]]
    ) -> _LstmOut[Any]: ...
    @overload
    def forward(
        self, input: Tensor[Any, Any], hx: tuple[Tensor[Any, OwnedTape], Tensor[Any, Any]]
    ) -> _LstmOut[OwnedTape]: ...
    @overload
    def forward(
        self, input: Tensor[Any, Any], hx: tuple[Tensor[Any, Any], Tensor[Any, OwnedTape]]
    ) -> _LstmOut[OwnedTape]: ...
    @overload
    def forward(
        self, input: Tensor[Any, NoneTape], hx: tuple[Tensor[Any, _T], Tensor[Any, _T]]
    ) -> _LstmOut[_T]: ...
    @overload
    def forward(
        self, input: Tensor[Any, _T], hx: tuple[Tensor[Any, _T | NoneTape], Tensor[Any, _T | NoneTape]]
    ) -> _LstmOut[_T]: ...

class GRU(_RNNBase):
    """GRU with PyTorch's gate order. PyTorch: ``torch.nn.GRU``."""

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        *,
        dtype: npt.DTypeLike | None = None,
        rng: np.random.Generator | None = None,
    ) -> None: ...
    @overload
    def forward(self, input: Tensor[Any, _T], hx: None = None) -> _Out[_T]: ...
    @overload
    def forward(self, input: Tensor[Any, Any], hx: Tensor[Any, _AnyTape]) -> _Out[Any]: ...
    @overload
    def forward(self, input: Tensor[Any, Any], hx: Tensor[Any, OwnedTape]) -> _Out[OwnedTape]: ...
    @overload
    def forward(self, input: Tensor[Any, NoneTape], hx: Tensor[Any, _T]) -> _Out[_T]: ...
    @overload
    def forward(self, input: Tensor[Any, _T], hx: Tensor[Any, _T | NoneTape]) -> _Out[_T]: ...
