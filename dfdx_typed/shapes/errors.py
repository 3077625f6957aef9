"""Error codes and the exceptions every shape rule raises.

The codes are the ones users see in mypy output and silence with ``# type: ignore[code]``; the run
time raises the same :class:`ShapeError` with the same message, so the two never disagree.
"""

from __future__ import annotations

from typing import Final, Literal, TypeAlias

ErrorCode: TypeAlias = Literal["shape", "broadcast", "tape"]

SHAPE: Final = "shape"
BROADCAST: Final = "broadcast"
TAPE: Final = "tape"

CODE_DESCRIPTIONS: Final[dict[str, str]] = {
    SHAPE: "Definite shape error (dims that cannot fit together)",
    BROADCAST: "Broadcast that expands both operands (the silent (N,) - (N, 1) -> (N, N) bug)",
    TAPE: "Gradient tape misuse (backward on an untraced or non-scalar tensor)",
}


class ShapeError(ValueError):
    """A shape rule was violated. ``code`` is ``shape`` or ``broadcast`` (or ``tape``).

    PyTorch: none — PyTorch raises a RuntimeError at run time only.
    """

    code: ErrorCode
    message: str

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __reduce__(self) -> tuple[type[ShapeError], tuple[ErrorCode, str]]:
        return (type(self), (self.code, self.message))


class TapeError(ShapeError):
    """``backward()`` called where it cannot work. Same message statically and at run time.

    PyTorch: none — the nearest is RuntimeError("element 0 of tensors does not require grad").
    """

    def __init__(self, message: str) -> None:
        super().__init__("tape", message)

    def __reduce__(self) -> tuple[type[ShapeError], tuple[ErrorCode, str]]:
        return (ShapeError, ("tape", self.message))


class Undetermined(Exception):
    """The rule cannot compute the result statically (e.g. ``squeeze()`` over unknown dims).

    Never raised for all-int shapes, so the run time never sees it; the checker falls back to an
    unknown shape and stays silent.
    """


def backward_untraced_message(shape: str) -> str:
    return (
        f"backward: the tensor {shape} is not traced (NoneTape), so there is no tape to run backward "
        "on; call .trace() on an input (or a parameter) before the forward pass"
    )


def backward_not_scalar_message(shape: str) -> str:
    return (
        f"backward: expected a 0-d tensor, got {shape}; reduce it to a scalar first "
        "(e.g. .sum() or .mean())"
    )
