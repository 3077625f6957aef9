"""Tracing and backward produce gradients of the right shapes (the examples are run by test_examples)."""

import dfdx_typed as dt


def test_trace_backward_shapes() -> None:
    x = dt.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).trace()
    w = dt.ones((3, 2))
    grads = (x @ w).sum().backward()
    assert grads[w].shape == (3, 2)
    assert grads[x].numpy().tolist() == [[2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]
    assert grads[w].numpy().tolist() == [[5.0, 5.0], [7.0, 7.0], [9.0, 9.0]]
