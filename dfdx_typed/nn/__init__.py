"""Layers and models (``dt.nn``): PyTorch names, PyTorch weight layouts and initialisation.

Training and inference are told apart by the tape: Dropout and BatchNorm train when their input is
traced and infer when it is not; there is no ``train()``/``eval()``.
"""

from . import init as init
from .activation import GELU as GELU
from .activation import LeakyReLU as LeakyReLU
from .activation import LogSoftmax as LogSoftmax
from .activation import PReLU as PReLU
from .activation import ReLU as ReLU
from .activation import Sigmoid as Sigmoid
from .activation import Softmax as Softmax
from .activation import Tanh as Tanh
from .attention import MultiheadAttention as MultiheadAttention
from .container import Residual as Residual
from .container import Sequential as Sequential
from .conv import Conv1d as Conv1d
from .conv import Conv2d as Conv2d
from .conv import ConvTranspose2d as ConvTranspose2d
from .dropout import Dropout as Dropout
from .embedding import Embedding as Embedding
from .flatten import Flatten as Flatten
from .linear import Identity as Identity
from .linear import Linear as Linear
from .module import IncompatibleKeys as IncompatibleKeys
from .module import Module as Module
from .module import StateDictError as StateDictError
from .norm import BatchNorm1d as BatchNorm1d
from .norm import BatchNorm2d as BatchNorm2d
from .norm import LayerNorm as LayerNorm
from .pool import AdaptiveAvgPool2d as AdaptiveAvgPool2d
from .pool import AvgPool2d as AvgPool2d
from .pool import MaxPool2d as MaxPool2d
from .recurrent import GRU as GRU
from .recurrent import LSTM as LSTM
from .recurrent import RNN as RNN
from .transformer import Transformer as Transformer
from .transformer import TransformerDecoder as TransformerDecoder
from .transformer import TransformerDecoderLayer as TransformerDecoderLayer
from .transformer import TransformerEncoder as TransformerEncoder
from .transformer import TransformerEncoderLayer as TransformerEncoderLayer
