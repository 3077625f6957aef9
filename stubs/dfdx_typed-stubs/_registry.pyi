from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, TypeAlias

import numpy.typing as npt

from ._tensor import Tensor

_Array: TypeAlias = npt.NDArray[Any]

ShapeRule: TypeAlias = Callable[..., Any]
Forward: TypeAlias = Callable[..., _Array]
Vjp: TypeAlias = Callable[..., _Array]

class _NonDiff: ...

NONDIFF: Final[_NonDiff]

class MissingVjpError(NotImplementedError):
    """A traced operand reached a primitive that has no vjp for it."""

@dataclass(eq=False)
class Primitive:
    name: str
    forward: Forward
    shape_rule: ShapeRule | None = None
    vjps: tuple[Vjp | _NonDiff | None, ...] | None = None
    unbroadcast: bool = False
    variadic_vjp: Callable[..., _Array] | None = None
    def defvjp(self, *vjps: Vjp | _NonDiff | None) -> None: ...
    def is_nondiff(self, i: int) -> bool: ...
    def vjp_for(self, i: int) -> Vjp | _NonDiff: ...

@dataclass(eq=False)
class Composite:
    name: str
    shape_rule: ShapeRule | None = None

REGISTRY: dict[str, Primitive | Composite]

def primitive(
    name: str,
    forward: Forward,
    shape_rule: ShapeRule | None = None,
    *vjps: Vjp | _NonDiff | None,
    unbroadcast: bool = False,
) -> Primitive: ...
def composite(name: str, shape_rule: ShapeRule | None = None) -> Composite: ...

class Node:
    prim: Primitive
    inputs: tuple[Any, ...]
    ans: _Array
    params: dict[str, Any]
    parents: tuple[Node | None, ...]
    uids: tuple[int, ...]
    shapes: tuple[tuple[int, ...], ...]
    released: bool
    def __init__(
        self,
        prim: Primitive,
        inputs: tuple[Any, ...],
        ans: _Array,
        params: dict[str, Any],
        parents: tuple[Node | None, ...],
        uids: tuple[int, ...],
        shapes: tuple[tuple[int, ...], ...],
    ) -> None: ...
    def release(self) -> None: ...

def apply(prim: Primitive, args: tuple[Any, ...], params: dict[str, Any]) -> Tensor[Any, Any]: ...
def call(name: str, *args: Any, **params: Any) -> Tensor[Any, Any]: ...
