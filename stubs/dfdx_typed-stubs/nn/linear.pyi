# Linear is generic in its sizes: `Linear[L[784], L[512]]` maps `(..., 784)` to `(..., 512)` over any
# batch prefix (a method-scoped TypeVarTuple), keeping the input's tape. `Linear(784, 512)` itself
# is `Linear[Any, Any]` (plain typing cannot read the literals; the mypy plugin puts them in):
# never a false error, and an annotation `Linear[L[784], L[512]]` makes it exact.
from typing import Any, Generic, TypeVar, overload

import numpy as np
import numpy.typing as npt
from typing_extensions import TypeVarTuple

from .._tensor import NoneTape, Tensor
from ..shapes.modules import LayerSpec
from .module import Module, _AnyShape

In = TypeVar("In", bound=int)
Out = TypeVar("Out", bound=int)

_I = TypeVar("_I", bound=int)
_O = TypeVar("_O", bound=int)
_S = TypeVar("_S", bound=tuple[Any, ...])
_T = TypeVar("_T")
_Ts = TypeVarTuple("_Ts")

class Linear(Module, Generic[In, Out]):
    """``y = x @ weight.T + bias`` on ``(..., in_features) -> (..., out_features)``.

    PyTorch: ``torch.nn.Linear(in_features, out_features, bias)``.
    """

    in_features: In
    out_features: Out
    weight: Tensor[tuple[Out, In], NoneTape]
    bias: Tensor[tuple[Out], NoneTape] | None
    def __init__(
        self: Linear[Any, Any],
        in_features: int,
        out_features: int,
        bias: bool = True,
        *,
        dtype: npt.DTypeLike | None = None,
        rng: np.random.Generator | None = None,
    ) -> None: ...
    def shape_spec(self) -> LayerSpec: ...
    # An `Any` shape first (see `_AnyShape`), then `(*batch, In) -> (*batch, Out)`. A last dim that
    # cannot be `In` is an error; so is `int` (narrow it with `realize`) and an unknown rank spelled
    # `tuple[int, ...]` (spell it `tuple[Any, ...]`), as for matmul.
    @overload
    def forward(
        self: Linear[Any, _O], x: Tensor[_AnyShape, _T]
    ) -> Tensor[tuple[*tuple[Any, ...], _O], _T]: ...
    @overload
    def forward(self: Linear[_I, _O], x: Tensor[tuple[*_Ts, _I], _T]) -> Tensor[tuple[*_Ts, _O], _T]: ...
    def extra_repr(self) -> str: ...

class Identity(Module):
    """Returns its input. PyTorch: ``torch.nn.Identity()``."""

    def shape_spec(self) -> LayerSpec: ...
    def forward(self, x: Tensor[_S, _T]) -> Tensor[_S, _T]: ...
