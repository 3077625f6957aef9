"""Core engine benchmark: per-op overhead and one MLP training step, vs numpy and vs PyTorch.

Run ``python -m benchmarks.bench_core`` (``--quick`` for a smoke run, ``--threads N`` for PyTorch's
intra-op thread count, by default numpy's BLAS thread count). Prints a markdown report.

1. Per-op overhead: ``a + b`` and ``a * b`` on shape ``(4,)`` float32 — untraced, and traced
   (dfdx_typed: one operand ``.trace()``d, so the op records a node; PyTorch: one operand
   ``requires_grad``). Timed in this process, the contenders interleaved round by round.
2. One SGD training step of an MLP 784-512-128-32-10 (see :mod:`benchmarks.mlp`): dfdx_typed, numpy
   written by hand, PyTorch. Each contender is timed in a fresh process of its own, the three run in
   turn, several times in rotating order: numpy's BLAS and PyTorch each keep a pool of threads that
   spin for a while after a parallel call, and in one process the two pools take the 2 cores from
   each other (PyTorch measured 15 ms a step that way, 1 ms alone). The same weights and data go to
   all three, and the three losses of one step, and after it, are compared first.
"""

from __future__ import annotations

import argparse
import gc
import json
import operator
import os
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from .common import (
    Timing,
    fmt_time,
    machine_info,
    markdown_table,
    numpy_blas_thread_count,
    time_interleaved,
)
from .mlp import BATCH, SIZES, DfdxStep, NumpyStep, TorchStep, make_problem

TARGET_VS_NUMPY = 1.15
TARGET_VS_TORCH = 1.0
LOSS_AGREEMENT = 1e-4  # float32 losses of ~2.3 computed three ways agree to ~1e-6
NOISY = 0.25  # interquartile range over median above which a timing is flagged as disturbed
STEPS = {"dfdx_typed": DfdxStep, "numpy": NumpyStep, "torch": TorchStep}


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×"


# --- per-op overhead (in this process) ------------------------------------------------------------


def bench_ops(number: int, rounds: int, torch_on: bool) -> list[list[str]]:
    import dfdx_typed as dt

    a_np = np.arange(1, 5, dtype=np.float32)
    b_np = np.arange(5, 9, dtype=np.float32)
    a, b = dt.from_numpy(a_np), dt.from_numpy(b_np)
    a_traced = a.trace()
    rows: list[list[str]] = []
    for op, sym in (("add", "+"), ("mul", "*")):
        # Closures over this iteration's values (a lambda in a loop would see the last ones).
        def call(fn: Callable[[Any, Any], object], x: Any, y: Any) -> Callable[[], object]:
            return lambda: fn(x, y)

        np_fn = np.add if op == "add" else np.multiply
        dt_fn = operator.add if op == "add" else operator.mul
        contenders: dict[str, Callable[[], object]] = {
            "numpy": call(np_fn, a_np, b_np),
            "dt": call(dt_fn, a, b),
            "dt traced": call(dt_fn, a_traced, b),
        }
        if torch_on:
            import torch

            ta, tb = torch.tensor(a_np), torch.tensor(b_np)
            ta_rg = ta.clone().requires_grad_(True)
            t_fn = torch.add if op == "add" else torch.mul
            contenders["torch"] = call(t_fn, ta, tb)
            contenders["torch traced"] = call(t_fn, ta_rg, tb)
        t = time_interleaved(contenders, number=number, rounds=rounds)
        for traced in (False, True):
            mine = t["dt traced" if traced else "dt"].median
            torch_t = t.get("torch traced" if traced else "torch")
            rows.append([
                f"`a {sym} b`, (4,) float32, {'traced' if traced else 'untraced'}",
                fmt_time(t["numpy"].median),
                fmt_time(torch_t.median) if torch_t else "—",
                fmt_time(mine),
                ratio(mine, t["numpy"].median),
                ratio(mine, torch_t.median) if torch_t else "—",
            ])
    return rows


# --- MLP step (one process per contender) ---------------------------------------------------------


def worker(name: str, steps: int, warmup: int, threads: int) -> None:
    """Time ``steps`` training steps after ``warmup`` and print the per-step seconds as JSON."""
    if name == "torch":
        import torch

        torch.set_num_threads(threads)
    params, x, one_hot = make_problem()
    impl: Any = STEPS[name](params, x, one_hot)
    for _ in range(warmup):
        impl.step()
    clock = time.perf_counter
    samples = []
    for _ in range(steps):
        start = clock()
        impl.step()
        samples.append(clock() - start)
    print(json.dumps({"samples": samples, "blas_threads": numpy_blas_thread_count()}))


def bench_mlp(
    names: list[str], reps: int, steps: int, warmup: int, threads: int
) -> tuple[dict[str, Timing], set[int | None]]:
    """Per-step timings of each contender, and the BLAS thread counts numpy reported in the workers."""
    out = {n: Timing(n, []) for n in names}
    blas_threads: set[int | None] = set()
    # numpy's BLAS reads its thread count when it loads: a fresh process is the place to set it.
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads))
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for rep in range(reps):
        k = rep % len(names)
        for name in names[k:] + names[:k]:
            cmd = [sys.executable, "-m", "benchmarks.bench_core", "--worker", name, "--steps", str(steps),
                   "--warmup", str(warmup), "--threads", str(threads)]
            proc = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=root, env=env)
            result = json.loads(proc.stdout.strip().splitlines()[-1])
            out[name].samples.extend(result["samples"])
            if name != "torch":
                blas_threads.add(result["blas_threads"])
    return out, blas_threads


def check_agreement(names: list[str]) -> tuple[dict[str, tuple[float, float]], float]:
    """One step from identical weights in each implementation: (loss of the step, loss after it)."""
    params, x, one_hot = make_problem()
    losses = {}
    for name in names:
        impl: Any = STEPS[name](params, x, one_hot)
        losses[name] = (impl.step(), impl.eval_loss())
    worst = max(abs(a[k] - b[k]) for a in losses.values() for b in losses.values() for k in (0, 1))
    return losses, worst


# --- report -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="dfdx_typed core benchmark (prints markdown)")
    parser.add_argument("--quick", action="store_true", help="few repeats: a smoke run, not a measurement")
    parser.add_argument("--threads", type=int, default=0,
                        help="threads for numpy's BLAS and PyTorch in the MLP processes (default: "
                             "numpy's BLAS default here, usually the CPU count)")
    parser.add_argument("--no-torch", action="store_true", help="leave out the PyTorch columns")
    parser.add_argument("--worker", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--steps", type=int, default=200, help=argparse.SUPPRESS)
    parser.add_argument("--warmup", type=int, default=30, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    threads = args.threads or numpy_blas_thread_count() or os.cpu_count() or 1
    if args.worker:
        worker(args.worker, args.steps, args.warmup, threads)
        return 0

    torch_on = not args.no_torch
    if torch_on:
        import torch

        torch.set_num_threads(threads)
    names = ["dfdx_typed", "numpy"] + (["torch"] if torch_on else [])
    op_number, op_rounds = (200, 5) if args.quick else (2000, 41)
    # Many short runs in rotation rather than a few long ones: a burst of load from elsewhere then
    # lands on every contender alike.
    reps, steps, warmup = (1, 5, 2) if args.quick else (6, 100, 30)

    command = "python -m benchmarks.bench_core" + (" --quick" if args.quick else "")
    smoke = " (--quick: a smoke run, not a measurement)" if args.quick else ""
    print("# dfdx_typed core benchmark" + smoke)
    print()
    print(f"Command: `{command}`. Per-op: median over {op_rounds} interleaved rounds of {op_number} calls. "
          f"MLP: median over {reps} × {steps} steps per contender (after {warmup} warm-up steps), each "
          f"contender in a process of its own, run in rotating order. Garbage collector "
          f"{'on' if gc.isenabled() else 'off'}, as in a training loop.")
    print()
    print(markdown_table(["", ""], machine_info(threads if torch_on else None)))
    print()

    print("## Per-op overhead (tiny tensor)")
    print()
    print(markdown_table(["case", "numpy", "torch", "dfdx_typed", "dt / numpy", "dt / torch"],
                         bench_ops(op_number, op_rounds, torch_on)))
    print()

    losses, worst = check_agreement(names)
    timings, worker_blas_threads = bench_mlp(names, reps, steps, warmup, threads)
    mine = timings["dfdx_typed"].median
    print(f"## MLP {'-'.join(map(str, SIZES))} training step, batch {BATCH}, float32")
    print()
    shown = ", ".join(str(n) for n in sorted(worker_blas_threads, key=str))
    print(f"Threads: numpy's BLAS {shown} (OPENBLAS_NUM_THREADS={threads}, as reported by the library in "
          f"the dfdx_typed and numpy processes); PyTorch torch.set_num_threads({threads}). Elementwise "
          "numpy ops are single-threaded; PyTorch's use the threads too.")
    print()
    rows = []
    for name, t in timings.items():
        target = {"numpy": TARGET_VS_NUMPY, "torch": TARGET_VS_TORCH}.get(name)
        r = mine / t.median
        if target is None:
            verdict = ""
        elif args.quick:
            verdict = f"≤ {target:.2f}× (not judged on a smoke run)"
        else:
            verdict = f"≤ {target:.2f}×: {'met' if r <= target else 'MISSED'}"
        rows.append([name, fmt_time(t.median), f"{t.spread * 100:.0f}%",
                     "" if target is None else ratio(mine, t.median), verdict,
                     f"{losses[name][0]:.6f}", f"{losses[name][1]:.6f}"])
    print(markdown_table(["implementation", "median step", "IQR / median", "dfdx_typed / this", "target",
                          "loss of step 1", "loss after step 1"], rows))
    print()
    noisy = [name for name, t in timings.items() if t.spread > NOISY]
    if noisy and not args.quick:
        print(f"**Warning**: the step times of {', '.join(noisy)} spread over more than {NOISY:.0%} of "
              "their median: the machine was busy during the run; run it again on a quiet machine.")
        print()
    ok = worst <= LOSS_AGREEMENT
    print(f"Losses agree across implementations: max abs diff {worst:.2e} "
          f"({'ok' if ok else 'MISMATCH'}; limit {LOSS_AGREEMENT:.0e}).")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
