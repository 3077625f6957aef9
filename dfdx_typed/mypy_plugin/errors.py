"""The plugin's one registry of error codes, and the one way a hook reports a rule's error.

The codes and their descriptions come from :mod:`dfdx_typed.shapes.errors`, so ``# type: ignore[shape]``
and ``disable_error_code = broadcast`` name exactly what the run time raises as ``ShapeError.code``.
"""

from __future__ import annotations

from typing import Final

from mypy.errorcodes import ErrorCode
from mypy.nodes import Context
from mypy.plugin import CheckerPluginInterface

from dfdx_typed.shapes.errors import BROADCAST, CODE_DESCRIPTIONS, SHAPE, TAPE, ShapeError

SHAPE_CODE: Final = ErrorCode(SHAPE, CODE_DESCRIPTIONS[SHAPE], "General")
BROADCAST_CODE: Final = ErrorCode(BROADCAST, CODE_DESCRIPTIONS[BROADCAST], "General")
TAPE_CODE: Final = ErrorCode(TAPE, CODE_DESCRIPTIONS[TAPE], "General")

CODES: Final[dict[str, ErrorCode]] = {
    SHAPE: SHAPE_CODE,
    BROADCAST: BROADCAST_CODE,
    TAPE: TAPE_CODE,
}


def report(api: CheckerPluginInterface, error: ShapeError, context: Context) -> None:
    """Report a rule's error with the rule's own message and code (never reworded here)."""
    api.fail(error.message, context, code=CODES[error.code])
