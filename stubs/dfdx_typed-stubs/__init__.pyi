# The public API: exactly what dfdx_typed/__init__.py re-exports, one line per name. A module this
# partial stub package does not stub (shapes, typed inline; and modules not stubbed yet) is read by
# the checkers from dfdx_typed/ itself. Adding a stubbed module: its .pyi plus its line(s) here.
from . import losses as losses
from . import nn as nn
from . import optim as optim
from . import shapes as shapes
from ._anomaly import AnomalyError as AnomalyError
from ._anomaly import detect_anomaly as detect_anomaly
from ._anomaly import is_anomaly_enabled as is_anomaly_enabled
from ._anomaly import set_anomaly_mode as set_anomaly_mode
from ._io import CheckpointError as CheckpointError
from ._io import load as load
from ._io import save as save
from ._markers import Add as Add
from ._markers import Mul as Mul
from ._registry import REGISTRY as REGISTRY
from ._registry import MissingVjpError as MissingVjpError
from ._shapecheck import ShapecheckError as ShapecheckError
from ._shapecheck import shapecheck as shapecheck
from ._tape import Gradients as Gradients
from ._tensor import NoneTape as NoneTape
from ._tensor import OwnedTape as OwnedTape
from ._tensor import Tensor as Tensor
from .gradcheck import GradcheckError as GradcheckError
from .gradcheck import gradcheck as gradcheck
from .ops import *
from .shapes import ShapeError as ShapeError
from .shapes import TapeError as TapeError

__version__: str

