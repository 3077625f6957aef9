"""Convolution and pooling benchmark: dfdx_typed vs PyTorch (CPU), same process, same inputs.

Run ``python -m benchmarks.bench_conv`` (``--quick`` for a smoke run; ``--threads N`` sets both
PyTorch's intra-op threads and numpy's OpenBLAS threads, default all CPUs). Prints markdown.

Cases, all float32, timed in interleaved rounds (``benchmarks/common.py``):

1. ``conv2d``, 4 -> 8 channels, 4x4 kernel, bias, on a 64x4x28x28 batch (output 64x8x25x25):
   forward alone (nothing traced / ``no_grad``), and forward + backward with the input, weight and
   bias all needing gradients (dfdx_typed: all three traced and all three gradients read, since
   leaf gradients are computed when read; PyTorch: ``torch.autograd.grad`` for all three).
   Target: forward + backward <= 2.0x PyTorch.
2. ``max_pool2d`` 2x2 on 64x8x25x25 (output 64x8x12x12): forward, and forward + backward.

Before timing, the outputs and gradients of both libraries are compared (float32 tolerances below).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import sys
from collections.abc import Callable
from typing import Any

import numpy as np

import dfdx_typed as dt

from .common import fmt_time, machine_info, markdown_table, numpy_blas_threads, time_interleaved

CONV_TARGET = 2.0
# Sums of 64 float32 products (conv) and of up to 40000 (weight gradient): relative agreement of
# ~1e-5 is what float32 accumulation in different orders gives.
RTOL, ATOL = 1e-4, 1e-3


def conv_inputs(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((64, 4, 28, 28)).astype(np.float32)
    bound = 1.0 / np.sqrt(4 * 4 * 4)
    w = rng.uniform(-bound, bound, (8, 4, 4, 4)).astype(np.float32)
    b = rng.uniform(-bound, bound, (8,)).astype(np.float32)
    return x, w, b


def pool_input(seed: int = 1) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((64, 8, 25, 25)).astype(np.float32)


def set_numpy_blas_threads(n: int) -> bool:
    """Give numpy's OpenBLAS ``n`` threads, so both libraries get the same count (best effort)."""
    with open("/proc/self/maps") as f:
        paths = {line.split()[-1] for line in f if "openblas" in line.lower() and "/" in line}
    for path in sorted(paths):
        lib = ctypes.CDLL(path)
        for name in ("scipy_openblas_set_num_threads64_", "openblas_set_num_threads64_",
                     "openblas_set_num_threads"):
            fn = getattr(lib, name, None)
            if fn is not None:
                fn(ctypes.c_int(n))
                return True
    return False


# --- the contenders ---------------------------------------------------------------------------------


def dt_conv(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[Callable[[], Any], Callable[[], Any]]:
    tx, tw, tb = dt.from_numpy(x), dt.from_numpy(w), dt.from_numpy(b)

    def forward() -> Any:
        return dt.conv2d(tx, tw, tb)

    def forward_backward() -> Any:
        xs, ws, bs = tx.trace(), tw.trace(), tb.trace()
        grads = dt.conv2d(xs, ws, bs).sum().backward()
        return grads[xs], grads[ws], grads[bs]

    return forward, forward_backward


def torch_conv(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[Callable[[], Any], Callable[[], Any]]:
    import torch
    import torch.nn.functional as F

    tx, tw, tb = (torch.from_numpy(a.copy()).requires_grad_(True) for a in (x, w, b))

    def forward() -> Any:
        with torch.no_grad():
            return F.conv2d(tx, tw, tb)

    def forward_backward() -> Any:
        return torch.autograd.grad(F.conv2d(tx, tw, tb).sum(), [tx, tw, tb])

    return forward, forward_backward


def dt_pool(x: np.ndarray) -> tuple[Callable[[], Any], Callable[[], Any]]:
    tx = dt.from_numpy(x)

    def forward() -> Any:
        return dt.max_pool2d(tx, 2)

    def forward_backward() -> Any:
        xs = tx.trace()
        return dt.max_pool2d(xs, 2).sum().backward()[xs]

    return forward, forward_backward


def torch_pool(x: np.ndarray) -> tuple[Callable[[], Any], Callable[[], Any]]:
    import torch
    import torch.nn.functional as F

    tx = torch.from_numpy(x.copy()).requires_grad_(True)

    def forward() -> Any:
        with torch.no_grad():
            return F.max_pool2d(tx, 2)

    def forward_backward() -> Any:
        return torch.autograd.grad(F.max_pool2d(tx, 2).sum(), [tx])

    return forward, forward_backward


def check_agreement() -> float:
    """Largest relative disagreement (scaled by the tolerance) over outputs and gradients; <= 1 is ok."""
    x, w, b = conv_inputs()
    p = pool_input()
    worst = 0.0
    pairs = [
        (dt_conv(x, w, b), torch_conv(x, w, b)),
        (dt_pool(p), torch_pool(p)),
    ]
    for (ours_f, ours_fb), (theirs_f, theirs_fb) in pairs:
        results = [(ours_f(), theirs_f())]
        ours_grads, theirs_grads = ours_fb(), theirs_fb()
        if not isinstance(ours_grads, tuple):
            ours_grads = (ours_grads,)
        results += list(zip(ours_grads, theirs_grads))
        for a, t in results:
            a_np, t_np = np.asarray(a), t.detach().numpy()
            excess = np.abs(a_np - t_np) / (ATOL + RTOL * np.abs(t_np))
            worst = max(worst, float(excess.max()))
    return worst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="few repeats: a smoke run, not a measurement")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                        help="threads for PyTorch and for numpy's BLAS alike (default: all CPUs)")
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(args.threads)
    if not set_numpy_blas_threads(args.threads):
        print(f"(could not set numpy's BLAS threads; it reports {numpy_blas_threads()})")
    number, rounds = (2, 3) if args.quick else (5, 41)

    print("# dfdx_typed convolution benchmark" + (" (--quick: smoke run, numbers are not measurements)"
                                                  if args.quick else ""))
    print()
    print(f"Command: `python -m benchmarks.bench_conv{' --quick' if args.quick else ''}`. "
          f"Medians over {rounds} interleaved rounds of {number} calls each; float32.")
    print()
    print(markdown_table(["", ""], [[k, v] for k, v in machine_info(args.threads)]))
    print()

    worst = check_agreement()
    x, w, b = conv_inputs()
    p = pool_input()
    dcf, dcfb = dt_conv(x, w, b)
    tcf, tcfb = torch_conv(x, w, b)
    dpf, dpfb = dt_pool(p)
    tpf, tpfb = torch_pool(p)
    cases = [
        ("conv2d 64x4x28x28, 4→8, 4x4 kernel: forward", dcf, tcf, None),
        ("conv2d 64x4x28x28, 4→8, 4x4 kernel: forward + backward", dcfb, tcfb, CONV_TARGET),
        ("max_pool2d 2x2 on 64x8x25x25: forward", dpf, tpf, None),
        ("max_pool2d 2x2 on 64x8x25x25: forward + backward", dpfb, tpfb, None),
    ]
    rows = []
    missed = False
    for label, ours, theirs, target in cases:
        t = time_interleaved({"dt": ours, "torch": theirs}, number=number, rounds=rounds)
        r = t["dt"].median / t["torch"].median
        verdict = "—" if target is None else f"{'meets' if r <= target else 'MISSES'} ≤ {target:.1f}×"
        missed = missed or (target is not None and r > target)
        rows.append([
            label, fmt_time(t["dt"].median), f"±{t['dt'].spread * 50:.0f}%",
            fmt_time(t["torch"].median), f"±{t['torch'].spread * 50:.0f}%", f"{r:.2f}×", verdict,
        ])
    print(markdown_table(
        ["case", "dfdx_typed", "IQR/2", "torch", "IQR/2", "dt / torch", "target"], rows
    ))
    print()
    ok = worst <= 1.0
    print(f"Agreement with PyTorch (outputs and every gradient): worst |diff| / (atol + rtol·|ref|) = "
          f"{worst:.2f} with rtol={RTOL:g}, atol={ATOL:g} ({'ok' if ok else 'MISMATCH'}).")
    if missed and not args.quick:
        print("The conv2d forward + backward target was missed on this run.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
