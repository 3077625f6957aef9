from typing import Any, TypeVar

from .._tensor import Tensor, _Index

_T2 = TypeVar("_T2")

def getitem(x: Tensor[Any, _T2], index: _Index) -> Tensor[Any, _T2]: ...
