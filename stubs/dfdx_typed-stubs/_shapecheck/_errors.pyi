from ..shapes.errors import ErrorCode, ShapeError

class ShapecheckError(ShapeError):
    """A call broke its ``Tensor[...]`` (or jaxtyping) annotations; ``function`` and ``argument``
    say where."""

    function: str
    argument: str
    def __init__(self, code: ErrorCode, message: str, function: str = "", argument: str = "") -> None: ...
    # The runtime's override: pickling keeps function and argument (ShapeError pickles two fields).
    def __reduce__(  # type: ignore[override]
        self,
    ) -> tuple[type[ShapecheckError], tuple[ErrorCode, str, str, str]]: ...
