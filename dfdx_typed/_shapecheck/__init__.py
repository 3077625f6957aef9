"""Run-time shape checks at function boundaries, built on jaxtyping (see docs/shapecheck.md).

Importing this package does not import jaxtyping; the first decoration does.
"""

from ._decorator import ShapeCheck as ShapeCheck
from ._decorator import shapecheck as shapecheck
from ._errors import ShapecheckError as ShapecheckError

__all__ = ["ShapeCheck", "ShapecheckError", "shapecheck"]
