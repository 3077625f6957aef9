# The Module base. The one typing device here: calling a module is typed by its `forward`.
#
# `__call__` is a descriptor (`_CallForward`), not a method: reading `model.__call__` returns
# `type(model).forward` bound to `model` (solved through the `_HasForward` protocol), so `model(x)`
# has exactly the parameters, overloads and generic result of the subclass's `forward` — in mypy
# and in pyright, with no plugin, for built-in layers and user subclasses alike. Measured
# alternatives that fail (stubs/README-stubs.md): a ParamSpec `__call__` (mypy: `Never` for a
# generic `forward`), a `@property` `__call__` (pyright: a module is then not a `Callable`).
# Two details matter:
# - `_F` is bound to `Callable[..., Any]`: without the bound, mypy solves it from the *call's*
#   expected type (`return self.l2(h)` in a function returning `Tensor[...]`) and reports the
#   module as not callable.
# - `_CallForward.__call__` is what pyright consults when a module is assigned to a `Callable`
#   type (it does not apply descriptors there): gradual `(*args: Any, **kwargs: Any) -> Any`, so
#   that is never an error (mypy checks such assignments against `forward` itself).
from collections.abc import Callable, Iterator, Mapping
from typing import Any, ClassVar, NamedTuple, Protocol, Self, TypeAlias, TypeVar, overload, type_check_only

import numpy.typing as npt

from .._backend import Array
from .._tensor import Tensor
from ..shapes.modules import LayerSpec

_F = TypeVar("_F", bound=Callable[..., Any])
_F_co = TypeVar("_F_co", bound=Callable[..., Any], covariant=True)

@type_check_only
class _HasForward(Protocol[_F_co]):
    @property
    def forward(self) -> _F_co: ...

@type_check_only
class _CallForward:
    """`Module.__call__`: `module(...)` is `module.forward(...)`, typed by the subclass's forward."""

    @overload
    def __get__(self, obj: None, owner: type[Any] | None = None) -> Self: ...
    @overload
    def __get__(self, obj: _HasForward[_F], owner: type[Any] | None = None) -> _F: ...
    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...

@type_check_only
class _AnyShape(tuple[Any, ...]):
    """Never a real shape: only an `Any` shape matches it. A layer whose result is a batch prefix
    plus its own dims lists an overload for it first, because pyright solves `tuple[*Ts, I]`
    against an `Any` shape to a fixed rank 2 (`tuple[Any, Any]`), a false error later."""

class StateDictError(ValueError):
    """A state dict (or checkpoint) does not fit the module; nothing was changed."""

    problems: list[tuple[str, str]]
    def __init__(self, op: str, problems: list[tuple[str, str]]) -> None: ...

class IncompatibleKeys(NamedTuple):
    """What ``load_state_dict(strict=False)`` skipped (PyTorch returns the same pair)."""

    missing_keys: list[str]
    unexpected_keys: list[str]

class Slot(NamedTuple):
    """One place a tensor lives in a module tree: its key, the tensor, how to replace it."""

    name: str
    tensor: Tensor[Any, Any]
    set: Callable[[Tensor[Any, Any]], None]
    is_buffer: bool

Entry: TypeAlias = tuple[str, Any, Callable[[Any], None]]

def as_array(value: Any) -> Array: ...
def check_arrays(
    op: str, slots: Mapping[str, Slot], arrays: Mapping[str, Array], strict: bool
) -> IncompatibleKeys: ...
def traced_if(param: Tensor[Any, Any], *inputs: Any) -> Tensor[Any, Any]: ...
def frozen(arr: Array) -> Tensor[Any, Any]: ...

class Module:
    """Base class of every layer and model. PyTorch: ``torch.nn.Module``.

    Subclasses define ``forward``; ``module(x)`` runs it and is typed by it.
    """

    # `module(...)`: typed by the subclass's `forward` (see the top of this file).
    __call__: ClassVar[_CallForward]
    def forward(self, *args: Any, **kwargs: Any) -> Any: ...
    def shape_spec(self) -> LayerSpec | None: ...
    def register_buffer(self, name: str, tensor: Tensor[Any, Any]) -> None: ...
    def named_children(self) -> Iterator[tuple[str, Module]]: ...
    def children(self) -> Iterator[Module]: ...
    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, Module]]: ...
    def slots(self) -> list[Slot]: ...
    def named_parameters(self) -> Iterator[tuple[str, Tensor[Any, Any]]]: ...
    def parameters(self) -> list[Tensor[Any, Any]]: ...
    def named_buffers(self) -> Iterator[tuple[str, Tensor[Any, Any]]]: ...
    def num_parameters(self) -> int: ...
    def state_dict(self) -> dict[str, Tensor[Any, Any]]: ...
    def replace_tensors(self, new: Mapping[int, Tensor[Any, Any]]) -> None: ...
    def load_state_dict(self, state: Mapping[str, Any], strict: bool = True) -> IncompatibleKeys: ...
    def astype(self, dtype: npt.DTypeLike) -> Self: ...
    def extra_repr(self) -> str: ...
