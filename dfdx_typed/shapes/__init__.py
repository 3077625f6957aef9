"""Pure shape algebra and shape rules (standard library only).

One function per rule. Each takes the op name (for the message) and the operand shapes and returns
the output shape, or raises :class:`ShapeError`. The engine calls these before numpy runs; the mypy
plugin calls the very same functions on dims read from types.
"""

from . import dims as dims
from .broadcast import broadcast as broadcast
from .broadcast import broadcast_to as broadcast_to
from .conv import adaptive_avg_pool2d as adaptive_avg_pool2d
from .conv import avg_pool2d as avg_pool2d
from .conv import conv1d as conv1d
from .conv import conv2d as conv2d
from .conv import conv_transpose2d as conv_transpose2d
from .conv import global_pool2d as global_pool2d
from .conv import max_pool2d as max_pool2d
from .conv import pad as pad
from .conv import upscale2d as upscale2d
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
from .index import ArrayIndex as ArrayIndex
from .index import MaskIndex as MaskIndex
from .index import getitem as getitem
from .join import concat as concat
from .join import split as split
from .join import stack as stack
from .linear import linear as linear
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
from .select import IndexOutOfBounds as IndexOutOfBounds
from .select import arg_reduce as arg_reduce
from .select import einsum as einsum
from .select import embedding as embedding
from .select import gather as gather
from .select import one_hot as one_hot
from .select import roll as roll
from .select import same_shape as same_shape
from .select import select as select
from .select import take_along_axis as take_along_axis
from .select import triangle as triangle
from .select import where as where
from .tape import check_backward as check_backward

__all__ = [
    "ArrayIndex", "IndexOutOfBounds", "MaskIndex", "adaptive_avg_pool2d", "arg_reduce", "avg_pool2d",
    "conv1d", "conv2d", "conv_transpose2d", "einsum", "embedding", "gather", "global_pool2d",
    "max_pool2d", "one_hot", "pad", "roll", "same_shape", "select", "take_along_axis", "triangle",
    "upscale2d", "where",
    "UNKNOWN", "Dim", "Poly", "Shape", "ShapeError", "TapeError", "T", "Undetermined", "Unknown",
    "arange", "broadcast", "broadcast_to", "check_backward", "concat", "eye", "flatten",
    "format_dim", "format_shape", "getitem", "linear", "mT", "matmul", "nested_shape", "new_shape",
    "normalize_axis", "permute", "realize", "reduce", "reshape", "same_axis", "split", "squeeze",
    "stack", "sym", "transpose", "unsqueeze",
]
