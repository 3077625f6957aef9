# `@dt.shapecheck` returns what it decorates, with the same type: the checks are run-time only.
# `install_import_hook` returns jaxtyping's hook manager (a context manager with `uninstall()`).
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, overload

_F = TypeVar("_F", bound=Callable[..., Any])

class ShapeCheck:
    """The ``@dt.shapecheck`` decorator: checks a function's ``Tensor[...]`` annotations on every call."""

    enabled: bool
    active: bool
    def __init__(self) -> None: ...
    @overload
    def __call__(self, fn: _F, /) -> _F: ...
    @overload
    def __call__(
        self, fn: None = None, /, *, typechecker: Callable[[Any], Any] | str | None = None
    ) -> Callable[[_F], _F]: ...
    def check(self, value: Any, annotation: Any, name: str = "value") -> None: ...
    def install_import_hook(self, packages: str | Sequence[str], typechecker: str | None = None) -> Any: ...
    def run_path(self, path: str, run_name: str = "__main__") -> dict[str, Any]: ...

shapecheck: ShapeCheck
