# `@dt.shapecheck` and its error; the implementation modules (_checks, _compile, _hook) are read
# from dfdx_typed/ itself (the stub package is partial).
from ._decorator import ShapeCheck as ShapeCheck
from ._decorator import shapecheck as shapecheck
from ._errors import ShapecheckError as ShapecheckError

__all__ = ["ShapeCheck", "ShapecheckError", "shapecheck"]
