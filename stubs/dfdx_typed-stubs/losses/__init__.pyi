# The public names of dt.losses, exactly as dfdx_typed/losses/__init__.py re-exports them.

from .classification import binary_cross_entropy_with_logits as binary_cross_entropy_with_logits
from .classification import cross_entropy as cross_entropy
from .classification import cross_entropy_with_logits as cross_entropy_with_logits
from .classification import kl_div_with_logits as kl_div_with_logits
from .classification import nll_loss as nll_loss
from .regression import huber_loss as huber_loss
from .regression import mae_loss as mae_loss
from .regression import mse_loss as mse_loss
from .regression import rmse_loss as rmse_loss
from .regression import smooth_l1_loss as smooth_l1_loss
