"""The tape rule: backward() needs a traced 0-d tensor."""

from __future__ import annotations

from .dims import Shape, format_shape
from .errors import TapeError, backward_not_scalar_message, backward_untraced_message


def check_backward(shape: Shape | None, traced: bool | None) -> None:
    """Raise :class:`TapeError` unless the tensor is traced and 0-d.

    ``None`` means "not known" (an unknown rank or an ``Any`` tape) and is never an error.
    """
    shown = format_shape(shape) if shape is not None else "(...)"
    if traced is False:
        raise TapeError(backward_untraced_message(shown))
    if shape is not None and len(shape) != 0:
        raise TapeError(backward_not_scalar_message(shown))
