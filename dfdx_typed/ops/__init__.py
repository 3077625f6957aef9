"""Every op, one module per family. ``dfdx_typed`` re-exports the public ones."""

from .creation import arange as arange
from .creation import bool_ as bool_
from .creation import default_rng as default_rng
from .creation import eye as eye
from .creation import float32 as float32
from .creation import float64 as float64
from .creation import from_numpy as from_numpy
from .creation import full as full
from .creation import int32 as int32
from .creation import int64 as int64
from .creation import manual_seed as manual_seed
from .creation import ones as ones
from .creation import rand as rand
from .creation import randn as randn
from .creation import tensor as tensor
from .creation import zeros as zeros
from .elementwise import abs as abs
from .elementwise import add as add
from .elementwise import astype as astype
from .elementwise import clamp as clamp
from .elementwise import cos as cos
from .elementwise import div as div
from .elementwise import exp as exp
from .elementwise import gelu as gelu
from .elementwise import leaky_relu as leaky_relu
from .elementwise import log as log
from .elementwise import maximum as maximum
from .elementwise import minimum as minimum
from .elementwise import mul as mul
from .elementwise import neg as neg
from .elementwise import pow as pow
from .elementwise import recip as recip
from .elementwise import relu as relu
from .elementwise import sigmoid as sigmoid
from .elementwise import sin as sin
from .elementwise import sqrt as sqrt
from .elementwise import square as square
from .elementwise import sub as sub
from .elementwise import tanh as tanh
from .index import getitem as getitem
from .join import concat as concat
from .join import split as split
from .join import stack as stack
from .linalg import matmul as matmul
from .reduce import log_softmax as log_softmax
from .reduce import logsumexp as logsumexp
from .reduce import max as max
from .reduce import mean as mean
from .reduce import min as min
from .reduce import normalize as normalize
from .reduce import softmax as softmax
from .reduce import std as std
from .reduce import sum as sum
from .reduce import var as var
from .shape_ops import broadcast_to as broadcast_to
from .shape_ops import flatten as flatten
from .shape_ops import matrix_transpose as matrix_transpose
from .shape_ops import permute as permute
from .shape_ops import realize as realize
from .shape_ops import reshape as reshape
from .shape_ops import squeeze as squeeze
from .shape_ops import transpose as transpose
from .shape_ops import unsqueeze as unsqueeze

__all__ = [
    "arange",
    "bool_",
    "default_rng",
    "eye",
    "float32",
    "float64",
    "from_numpy",
    "full",
    "int32",
    "int64",
    "manual_seed",
    "ones",
    "rand",
    "randn",
    "tensor",
    "zeros",
    "abs",
    "add",
    "astype",
    "clamp",
    "cos",
    "div",
    "exp",
    "gelu",
    "leaky_relu",
    "log",
    "maximum",
    "minimum",
    "mul",
    "neg",
    "pow",
    "recip",
    "relu",
    "sigmoid",
    "sin",
    "sqrt",
    "square",
    "sub",
    "tanh",
    "getitem",
    "concat",
    "split",
    "stack",
    "matmul",
    "log_softmax",
    "logsumexp",
    "max",
    "mean",
    "min",
    "normalize",
    "softmax",
    "std",
    "sum",
    "var",
    "broadcast_to",
    "flatten",
    "matrix_transpose",
    "permute",
    "realize",
    "reshape",
    "squeeze",
    "transpose",
    "unsqueeze",
]
