# einsum: the result's dims come from the subscripts (the mypy plugin's); the tape is joined over the
# operands. One or two operands: exact (as the binary ops); three or more: all untraced -> untraced,
# all traced -> traced, otherwise `Any` (a variadic list cannot say "at least one is traced").
from typing import Any, TypeVar, overload

from .._tensor import NoneTape, OwnedTape, Tensor, _AnyTape

_T = TypeVar("_T")

@overload
def einsum(subscripts: str, a: Tensor[Any, _T], /) -> Tensor[Any, _T]: ...
@overload
def einsum(subscripts: str, a: Tensor[Any, Any], b: Tensor[Any, _AnyTape], /) -> Tensor[Any, Any]: ...
@overload
def einsum(subscripts: str, a: Tensor[Any, Any], b: Tensor[Any, OwnedTape], /) -> Tensor[Any, OwnedTape]: ...
@overload
def einsum(subscripts: str, a: Tensor[Any, NoneTape], b: Tensor[Any, _T], /) -> Tensor[Any, _T]: ...
@overload
def einsum(subscripts: str, a: Tensor[Any, _T], b: Tensor[Any, _T | NoneTape], /) -> Tensor[Any, _T]: ...
@overload
def einsum(subscripts: str, *operands: Tensor[Any, NoneTape]) -> Tensor[Any, NoneTape]: ...
@overload
def einsum(subscripts: str, *operands: Tensor[Any, OwnedTape]) -> Tensor[Any, OwnedTape]: ...
@overload
def einsum(
    subscripts: str,
    a: Tensor[Any, Any],
    b: Tensor[Any, Any],
    c: Tensor[Any, Any],
    /,
    *operands: Tensor[Any, Any],
) -> Tensor[Any, Any]: ...
