# Reductions: with no axis (and no keepdims) the result is 0-d, which plain typing can say; with an
# axis the plugin computes the shape. The softmax family keeps the shape.
from typing import Any, Literal, TypeAlias, TypeVar, overload

from .._tensor import Tensor

_S2 = TypeVar("_S2", bound=tuple[Any, ...])
_T2 = TypeVar("_T2")

Axis: TypeAlias = int | tuple[int, ...] | None

@overload
def sum(
    x: Tensor[Any, _T2], axis: None = None, keepdims: Literal[False] = False
) -> Tensor[tuple[()], _T2]: ...
@overload
def sum(x: Tensor[Any, _T2], axis: Axis = None, keepdims: bool = False) -> Tensor[Any, _T2]: ...
@overload
def max(
    x: Tensor[Any, _T2], axis: None = None, keepdims: Literal[False] = False
) -> Tensor[tuple[()], _T2]: ...
@overload
def max(x: Tensor[Any, _T2], axis: Axis = None, keepdims: bool = False) -> Tensor[Any, _T2]: ...
@overload
def min(
    x: Tensor[Any, _T2], axis: None = None, keepdims: Literal[False] = False
) -> Tensor[tuple[()], _T2]: ...
@overload
def min(x: Tensor[Any, _T2], axis: Axis = None, keepdims: bool = False) -> Tensor[Any, _T2]: ...
@overload
def mean(
    x: Tensor[Any, _T2], axis: None = None, keepdims: Literal[False] = False
) -> Tensor[tuple[()], _T2]: ...
@overload
def mean(x: Tensor[Any, _T2], axis: Axis = None, keepdims: bool = False) -> Tensor[Any, _T2]: ...
@overload
def logsumexp(
    x: Tensor[Any, _T2], axis: None = None, keepdims: Literal[False] = False
) -> Tensor[tuple[()], _T2]: ...
@overload
def logsumexp(x: Tensor[Any, _T2], axis: Axis = None, keepdims: bool = False) -> Tensor[Any, _T2]: ...
@overload
def var(
    x: Tensor[Any, _T2], axis: None = None, keepdims: Literal[False] = False, ddof: int = 0
) -> Tensor[tuple[()], _T2]: ...
@overload
def var(
    x: Tensor[Any, _T2], axis: Axis = None, keepdims: bool = False, ddof: int = 0
) -> Tensor[Any, _T2]: ...
@overload
def std(
    x: Tensor[Any, _T2], axis: None = None, keepdims: Literal[False] = False, ddof: int = 0
) -> Tensor[tuple[()], _T2]: ...
@overload
def std(
    x: Tensor[Any, _T2], axis: Axis = None, keepdims: bool = False, ddof: int = 0
) -> Tensor[Any, _T2]: ...
def softmax(x: Tensor[_S2, _T2], axis: int = -1) -> Tensor[_S2, _T2]: ...
def log_softmax(x: Tensor[_S2, _T2], axis: int = -1) -> Tensor[_S2, _T2]: ...
def normalize(x: Tensor[_S2, _T2], axis: int = -1, eps: float = 1e-5) -> Tensor[_S2, _T2]: ...
