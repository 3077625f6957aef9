"""Timing helpers shared by the benchmarks: interleaved rounds, medians, machine and version info.

Contenders are timed in *interleaved rounds* (a block of calls of each, in rotating order, then the
next round), so a slow phase of the machine (another process, frequency scaling) hits all of them
alike instead of whichever happened to run then. Each round gives one sample: the mean time of one
call over the block. The reported figure is the median over rounds.
"""

from __future__ import annotations

import ctypes
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass
class Timing:
    """Per-call times (seconds) of one contender, one sample per round."""

    name: str
    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def spread(self) -> float:
        """Interquartile range relative to the median (a noise figure for the table)."""
        if len(self.samples) < 4:
            return 0.0
        q = statistics.quantiles(self.samples, n=4)
        return (q[2] - q[0]) / self.median


def time_interleaved(
    contenders: dict[str, Callable[[], object]],
    *,
    number: int,
    rounds: int,
    warmup_rounds: int = 2,
) -> dict[str, Timing]:
    """Time each contender: ``rounds`` samples of ``number`` back-to-back calls, interleaved.

    ``warmup_rounds`` rounds run first and are discarded (caches, allocator, BLAS thread start-up).
    """
    names = list(contenders)
    out = {n: Timing(n, []) for n in names}
    clock = time.perf_counter
    for r in range(-warmup_rounds, rounds):
        k = r % len(names)
        for name in names[k:] + names[:k]:  # rotate who goes first, so no one always runs cold
            fn = contenders[name]
            start = clock()
            for _ in range(number):
                fn()
            elapsed = clock() - start
            if r >= 0:
                out[name].samples.append(elapsed / number)
    return out


def fmt_time(seconds: float) -> str:
    if seconds < 1e-6:
        return f"{seconds * 1e9:.0f} ns"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.2f} µs"
    return f"{seconds * 1e3:.3f} ms"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def numpy_blas_thread_count() -> int | None:
    """The thread count of numpy's BLAS, as the loaded library reports it (None when unknown)."""
    try:
        import threadpoolctl  # type: ignore[import-not-found]

        for info in threadpoolctl.threadpool_info():
            if info.get("user_api") == "blas":
                return int(info["num_threads"])
    except ImportError:
        pass
    import numpy  # noqa: F401  (loads the BLAS library that is asked below)

    # numpy's wheels bundle scipy-openblas: ask the loaded library itself.
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "openblas" in line.lower() and "/" in line}
        for path in sorted(paths):
            lib = ctypes.CDLL(path)
            for sym in ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_",
                        "openblas_get_num_threads"):
                fn = getattr(lib, sym, None)
                if fn is not None:
                    return int(fn())
    except OSError:
        pass
    return None


def numpy_blas_threads() -> str:
    """numpy's BLAS thread count as text for a report ("OpenBLAS 2 threads" or why it is unknown)."""
    n = numpy_blas_thread_count()
    if n is None:
        return f"unknown (OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')})"
    return f"{_blas_name()} {n} threads"


def _blas_name() -> str:
    import numpy as np

    try:
        config: Any = np.show_config(mode="dicts")
        return str(config["Build Dependencies"]["blas"]["name"])
    except Exception:  # the layout of show_config is not a stable API
        return "BLAS"


def machine_info(torch_threads: int | None) -> list[list[str]]:
    import numpy as np

    import dfdx_typed

    blas_threads = numpy_blas_thread_count()
    rows = [
        ["machine", f"{_cpu_model()}, {os.cpu_count()} logical CPUs, {platform.system()} "
                    f"{platform.release()}"],
        ["python", sys.version.split()[0]],
        ["numpy", f"{np.__version__}; {_blas_name()} with "
                  f"{blas_threads if blas_threads is not None else 'an unknown number of'} threads"],
        ["dfdx_typed", getattr(dfdx_typed, "__version__", "dev")],
    ]
    if torch_threads is not None:
        import torch

        rows.append(["torch", f"{torch.__version__}; torch.set_num_threads({torch_threads}) "
                              f"(get_num_threads() = {torch.get_num_threads()})"])
    return rows
