# ruff: noqa: E501  (the header quotes mypy's long lines exactly)
"""Shape errors, caught before the program runs: the intentional-error example.

mypy with the plugin (``mypy --config-file examples/mypy.ini examples/21_shape_errors.py``, run from a
folder outside the repository root) prints exactly these lines for this file:

    21_shape_errors.py:55: error: matmul: inner dims differ: (B, 784) @ (512, 10) — 784 != 512  [shape]
    21_shape_errors.py:59: error: getitem: index 5 is out of bounds for axis 1 with size 4 in (B, 4)  [shape]
    21_shape_errors.py:63: error: matmul: inner dims differ: (4, 784) @ (512, 10) — 784 != 512  [shape]
    21_shape_errors.py:64: error: sub: broadcast expands both operands: (8,) and (8, 1) give (8, 8); if that is intended, broadcast_to((8, 8)) one of them explicitly  [broadcast]
    21_shape_errors.py:65: error: sum: axis 2 is out of range for (4, 784) (rank 2)  [shape]
    21_shape_errors.py:66: error: permute: (0, 0) is not a permutation of the axes of (4, 784)  [shape]
    21_shape_errors.py:67: error: reshape: cannot reshape (4, 784) into (4, 28, 27): 3136 elements != 3024  [shape]
    21_shape_errors.py:68: error: concat: tensor 1 differs from tensor 0 in dim 1: (2, 3) vs (2, 4) — 3 != 4  [shape]
    21_shape_errors.py:69: error: backward: expected a 0-d tensor, got (784,); reduce it to a scalar first (e.g. .sum() or .mean())  [tape]
    21_shape_errors.py:70: error: Sequential layer 2 (Linear[256, 10]) expects (..., 256), got (..., 512)  [shape]
    21_shape_errors.py:71: error: conv2d: kernel spans 5 along H (size 5, dilation 1) but the padded input is 4 (2 + 2×1): input (1, 3, 2, 28), weight (16, 3, 5, 5)  [shape]

examples/main_job.py and tests/test_examples.py check that it still does. Without the plugin (plain mypy,
pyright) the file is clean: the dims these errors need come from the plugin. Run it, and every line
fails at run time too, with the same message (symbolic dims then have their sizes, and the ``...`` that
stands for any batch dims in a ``Sequential`` chain's message becomes the input's batch dims).
"""

from collections.abc import Callable
from typing import Literal as L
from typing import TypeVar

import dfdx_typed as dt
from dfdx_typed import Tensor, nn

B = TypeVar("B", bound=int)

x = dt.zeros((4, 784))
w = dt.zeros((512, 10))
pred = dt.zeros((8,))
target = dt.zeros((8, 1))


def attempt(error: Callable[[], object]) -> None:
    """Run one erroneous line and print the run-time error with the line it came from."""
    try:
        error()
    except dt.ShapeError as e:
        tb = e.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename != __file__:
            tb = tb.tb_next
        line = tb.tb_next.tb_lineno if tb is not None and tb.tb_next is not None else 0
        print(f"line {line}: {e}")
    else:
        raise AssertionError("expected a ShapeError")


def head(features: Tensor[tuple[B, L[784]]]) -> None:
    attempt(lambda: features @ w)  # for every batch size B


def last_column(table: Tensor[tuple[B, L[4]]]) -> None:
    attempt(lambda: table[:, 5])  # a (B, 4) table has columns 0..3


def main() -> None:
    attempt(lambda: x @ w)  # the weight of another layer
    attempt(lambda: pred - target)  # (8,) - (8, 1): every prediction against every target
    attempt(lambda: x.sum(axis=2))  # there is no axis 2
    attempt(lambda: x.permute(0, 0))  # not a permutation
    attempt(lambda: x.reshape((4, 28, 27)))  # 28 * 27 != 784
    attempt(lambda: dt.concat([dt.zeros((2, 3)), dt.zeros((2, 4))], axis=0))  # 3 vs 4 columns
    attempt(lambda: x.trace().mean(axis=0).backward())  # a (784,) loss, not a scalar
    attempt(lambda: nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(256, 10))(x))  # 512 features into a 256-input layer
    attempt(lambda: dt.conv2d(dt.zeros((1, 3, 2, 28)), dt.zeros((16, 3, 5, 5)), padding=1))  # a 5x5 kernel on 2 + 2 rows
    head(x)
    last_column(dt.zeros((3, 4)))


if __name__ == "__main__":
    main()
