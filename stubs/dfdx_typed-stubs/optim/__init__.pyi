# The public names of dt.optim, exactly as dfdx_typed/optim/__init__.py re-exports them.
from .adam import Adam as Adam
from .adam import AdamW as AdamW
from .clip import clip_grad_norm as clip_grad_norm
from .clip import clip_grad_value as clip_grad_value
from .lr_scheduler import CosineAnnealingLR as CosineAnnealingLR
from .lr_scheduler import LinearLR as LinearLR
from .lr_scheduler import LRScheduler as LRScheduler
from .lr_scheduler import SequentialLR as SequentialLR
from .lr_scheduler import StepLR as StepLR
from .optimizer import GradsLike as GradsLike
from .optimizer import MissingGradientError as MissingGradientError
from .optimizer import Optimizer as Optimizer
from .rmsprop import RMSprop as RMSprop
from .sgd import Sgd as Sgd
