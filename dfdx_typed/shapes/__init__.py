"""Pure shape algebra and shape rules (standard library only).

One function per rule. Each takes the op name (for the message) and the operand shapes and returns
the output shape, or raises :class:`ShapeError`. The engine calls these before numpy runs; the mypy
plugin calls the very same functions on dims read from types.
"""

from . import dims as dims
from .broadcast import broadcast as broadcast
from .broadcast import broadcast_to as broadcast_to
from .creation import arange as arange
from .creation import eye as eye
from .creation import nested_shape as nested_shape
from .creation import new_shape as new_shape
from .dims import UNKNOWN as UNKNOWN
from .dims import Dim as Dim
from .dims import Poly as Poly
from .dims import Shape as Shape
from .dims import Unknown as Unknown
from .dims import format_dim as format_dim
from .dims import format_shape as format_shape
from .dims import sym as sym
from .errors import ShapeError as ShapeError
from .errors import TapeError as TapeError
from .errors import Undetermined as Undetermined
from .index import getitem as getitem
from .join import concat as concat
from .join import split as split
from .join import stack as stack
from .matmul import matmul as matmul
from .permute import T as T
from .permute import mT as mT
from .permute import permute as permute
from .permute import transpose as transpose
from .reduce import normalize_axis as normalize_axis
from .reduce import reduce as reduce
from .reduce import same_axis as same_axis
from .reshape import flatten as flatten
from .reshape import realize as realize
from .reshape import reshape as reshape
from .reshape import squeeze as squeeze
from .reshape import unsqueeze as unsqueeze
from .tape import check_backward as check_backward

__all__ = [
    "UNKNOWN", "Dim", "Poly", "Shape", "ShapeError", "TapeError", "T", "Undetermined", "Unknown",
    "arange", "broadcast", "broadcast_to", "check_backward", "concat", "eye", "flatten",
    "format_dim", "format_shape", "getitem", "mT", "matmul", "nested_shape", "new_shape",
    "normalize_axis", "permute", "realize", "reduce", "reshape", "same_axis", "split", "squeeze",
    "stack", "sym", "transpose", "unsqueeze",
]
