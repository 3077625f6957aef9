"""Every op, one module per family. ``dfdx_typed`` re-exports the public ones."""

from .conv import conv1d as conv1d
from .conv import conv2d as conv2d
from .conv import conv_transpose2d as conv_transpose2d
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
from .einsum import einsum as einsum
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
from .linalg import linear as linear
from .linalg import matmul as matmul
from .pool import adaptive_avg_pool2d as adaptive_avg_pool2d
from .pool import avg_pool2d as avg_pool2d
from .pool import global_avg_pool2d as global_avg_pool2d
from .pool import global_max_pool2d as global_max_pool2d
from .pool import max_pool2d as max_pool2d
from .pool import pad as pad
from .pool import upscale2d as upscale2d
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
from .select import argmax as argmax
from .select import argmin as argmin
from .select import dropout as dropout
from .select import embedding as embedding
from .select import eq as eq
from .select import gather as gather
from .select import ge as ge
from .select import gt as gt
from .select import le as le
from .select import lt as lt
from .select import ne as ne
from .select import one_hot as one_hot
from .select import roll as roll
from .select import select as select
from .select import take_along_axis as take_along_axis
from .select import tril as tril
from .select import triu as triu
from .select import where as where
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
    "conv1d",
    "conv2d",
    "conv_transpose2d",
    "einsum",
    "adaptive_avg_pool2d",
    "avg_pool2d",
    "global_avg_pool2d",
    "global_max_pool2d",
    "max_pool2d",
    "pad",
    "upscale2d",
    "argmax",
    "argmin",
    "dropout",
    "embedding",
    "eq",
    "gather",
    "ge",
    "gt",
    "le",
    "lt",
    "ne",
    "one_hot",
    "roll",
    "select",
    "take_along_axis",
    "tril",
    "triu",
    "where",
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
    "linear",
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
