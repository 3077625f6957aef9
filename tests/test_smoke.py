"""The main example runs and produces gradients of the right shapes."""

import runpy
from pathlib import Path

import dfdx_typed as dt

ROOT = Path(__file__).resolve().parents[1]


def test_trace_backward_shapes() -> None:
    x = dt.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).trace()
    w = dt.ones((3, 2))
    grads = (x @ w).sum().backward()
    assert grads[w].shape == (3, 2)
    assert grads[x].numpy().tolist() == [[2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]
    assert grads[w].numpy().tolist() == [[5.0, 5.0], [7.0, 7.0], [9.0, 9.0]]


def test_main_job_runs(capsys: object) -> None:
    runpy.run_path(str(ROOT / "examples" / "main_job.py"), run_name="__main__")
