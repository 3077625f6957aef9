# Joining: the dims are arithmetic over the operands' (plugin). The tape: all untraced gives an
# untraced result, all traced a traced one; a mix (or an `Any` tape) gives an `Any` tape, because a
# list's element type cannot say "at least one is traced" (and mypy joins NoneTape with OwnedTape
# to `object`).
from collections.abc import Sequence
from typing import Any, TypeVar, overload

from .._tensor import NoneTape, OwnedTape, Tensor, _AnyTape

_T2 = TypeVar("_T2")

@overload
def concat(tensors: Sequence[Tensor[Any, _AnyTape]], axis: int = 0) -> Tensor[Any, Any]: ...
@overload
def concat(tensors: Sequence[Tensor[Any, NoneTape]], axis: int = 0) -> Tensor[Any, NoneTape]: ...
@overload
def concat(tensors: Sequence[Tensor[Any, OwnedTape]], axis: int = 0) -> Tensor[Any, OwnedTape]: ...
@overload
def concat(tensors: Sequence[Tensor[Any, Any]], axis: int = 0) -> Tensor[Any, Any]: ...
@overload
def stack(tensors: Sequence[Tensor[Any, _AnyTape]], axis: int = 0) -> Tensor[Any, Any]: ...
@overload
def stack(tensors: Sequence[Tensor[Any, NoneTape]], axis: int = 0) -> Tensor[Any, NoneTape]: ...
@overload
def stack(tensors: Sequence[Tensor[Any, OwnedTape]], axis: int = 0) -> Tensor[Any, OwnedTape]: ...
@overload
def stack(tensors: Sequence[Tensor[Any, Any]], axis: int = 0) -> Tensor[Any, Any]: ...
def split(
    x: Tensor[Any, _T2], split_size_or_sections: int | Sequence[int], axis: int = 0
) -> list[Tensor[Any, _T2]]: ...
