"""The one exception the boundary checks raise.

A subclass of :class:`dfdx_typed.ShapeError`, so ``except dt.ShapeError`` catches the engine's shape
errors and the boundary checks' alike. ``code`` is ``"shape"`` for dims and ranks and ``"tape"`` for a
tensor whose tape is not the declared one (the codes the mypy plugin uses for the same mistakes).
"""

from __future__ import annotations

from ..shapes.errors import ErrorCode, ShapeError


class ShapecheckError(ShapeError):
    """A call broke its ``Tensor[...]`` (or jaxtyping) annotations.

    ``function`` is the checked function's name, ``argument`` what was checked (``"argument x"``,
    ``"return value"``, ``"argument xs[1]"``).

    PyTorch: none — jaxtyping raises ``TypeCheckError`` through its type checker.
    """

    function: str
    argument: str

    def __init__(self, code: ErrorCode, message: str, function: str = "", argument: str = "") -> None:
        super().__init__(code, message)
        self.function = function
        self.argument = argument

    def __reduce__(self) -> tuple[type[ShapecheckError], tuple[ErrorCode, str, str, str]]:  # type: ignore[override]
        return (type(self), (self.code, self.message, self.function, self.argument))
