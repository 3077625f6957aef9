"""Must-accept: ``dt.linear`` (``x @ weight.T + bias``) — tapes joined over input, weight and bias.

Type-checked with zero errors by pyright (strict) and by mypy without the plugin (tests/test_stubs.py),
and executed. `assert_type` is used only where both checkers agree on the type.
"""

from __future__ import annotations

from typing import Any, TypeVar, assert_type
from typing import Literal as L

import dfdx_typed as dt
from dfdx_typed import NoneTape, OwnedTape, Tensor

T = TypeVar("T")

Batch = Tensor[tuple[L[4], L[3]]]
Weight = Tensor[tuple[L[5], L[3]]]
Untraced = Tensor[Any, NoneTape]
Traced = Tensor[Any, OwnedTape]


def linears(x: Batch, w: Weight, b: Tensor[tuple[L[5]]]) -> None:
    # The output's dims are the plugin's (`Any` shape); traced if input, weight or bias is.
    assert_type(dt.linear(x, w), Untraced)
    assert_type(dt.linear(x, w, b), Untraced)
    assert_type(dt.linear(x.trace(), w, b), Traced)
    assert_type(dt.linear(x, w.trace()), Traced)
    assert_type(dt.linear(x, w, bias=b.trace()), Traced)
    assert dt.linear(x, w, b).shape == (4, 5)


def generic_linear(x: Tensor[Any, T], w: Weight) -> Tensor[Any, T]:
    # An untraced weight keeps the input's (generic) tape.
    return dt.linear(x, w)


def main() -> None:
    dt.manual_seed(0)
    x: Batch = dt.randn((4, 3))
    linears(x, dt.randn((5, 3)), dt.zeros((5,)))
    assert generic_linear(x.trace(), dt.randn((5, 3))).shape == (4, 5)


if __name__ == "__main__":
    main()
