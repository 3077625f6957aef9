"""The benchmark suite: ``python -m benchmarks`` runs every case and writes the table to docs/benchmarks.md.

``--quick`` is a smoke run (few repeats: the numbers are not measurements), ``--no-write`` prints the
report instead of writing it, ``--threads N`` sets numpy's BLAS and PyTorch's intra-op threads (default:
numpy's BLAS default here), ``--skip-mypy`` leaves out the mypy rows.

Every contender of a timed case runs in a fresh process of its own (numpy's BLAS pool and PyTorch's
pool would take the cores from each other in one process), the contenders of a case in turn, several
times in rotating order (``--reps``); a figure is the median over all steps of all its processes. Each
process also reports its peak resident memory over the timed steps: the high-water mark is reset after
the warm-up (``/proc/self/clear_refs``), read after the last step (``VmHWM``), and the resident size the
process had after its imports and data (before the model) is subtracted. The loss of each contender's
first step is compared across contenders before any figure is trusted.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .common import fmt_time, machine_info, markdown_table, numpy_blas_thread_count

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
RESULTS_HEADING = "## Results"
LOSS_RTOL = 1e-4  # float32 losses computed by two libraries in different orders agree to ~1e-6

# case -> (label, contenders, steps per process, warm-up steps, targets {reference: ratio})
CASES: dict[str, tuple[str, tuple[str, ...], int, int, dict[str, float]]] = {
    "mlp1": ("MLP 784-512-128-32-10 training step, batch 1", ("dfdx_typed", "numpy", "torch"), 400, 50,
             {"torch": 1.0, "numpy": 1.15}),
    "mlp64": ("MLP 784-512-128-32-10 training step, batch 64", ("dfdx_typed", "numpy", "torch"), 150, 30,
              {"torch": 1.0, "numpy": 1.15}),
    "mlp256": ("MLP 784-512-128-32-10 training step, batch 256", ("dfdx_typed", "numpy", "torch"), 50, 10,
               {"torch": 1.0, "numpy": 1.15}),
    "cnn": ("CNN training step (conv-bn-relu-pool ×2, linear), 64×1×28×28", ("dfdx_typed", "torch"), 20, 5,
            {"torch": 2.0}),
    "transformer": ("TransformerEncoderLayer fwd+bwd, batch 16, seq 64, d 128, 4 heads",
                    ("dfdx_typed", "torch"), 10, 3, {"torch": 1.5}),
}
MEMORY_CASES = {"mlp64": "MLP training loop, batch 64", "cnn": "CNN training loop"}
MEMORY_TARGET = 1.0
MYPY_TARGET = 1.3
NOISY = 0.25  # interquartile range over median above which a timing is flagged as disturbed


# --- worker (one contender of one case, in its own process) --------------------------------------


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def _reset_peak() -> bool:
    """Reset VmHWM to the current resident size (Linux >= 4.0); False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def make_contender(case: str, name: str) -> Any:
    if case.startswith("mlp"):
        from .mlp import DfdxStep, NumpyStep, TorchStep, make_problem

        cls = {"dfdx_typed": DfdxStep, "numpy": NumpyStep, "torch": TorchStep}[name]
        data: tuple[Any, ...] = make_problem(batch=int(case[3:]))
    else:
        from . import models

        if case == "cnn":
            data = models.cnn_data()
            cls = models.DfdxCnn if name == "dfdx_typed" else models.TorchCnn
        else:
            data = models.encoder_data()
            cls = models.DfdxEncoder if name == "dfdx_typed" else models.TorchEncoder
    return cls, data


def worker(case: str, name: str, steps: int, warmup: int, threads: int) -> None:
    import numpy  # noqa: F401

    import dfdx_typed  # noqa: F401

    if name == "torch":
        import torch

        torch.set_num_threads(threads)
    cls, data = make_contender(case, name)
    gc.collect()
    baseline = _status_kib("VmRSS")
    impl = cls(*data)
    first_loss = impl.step()
    for _ in range(warmup):
        impl.step()
    reset = _reset_peak()
    clock = time.perf_counter
    samples = []
    for _ in range(steps):
        start = clock()
        impl.step()
        samples.append(clock() - start)
    peak = _status_kib("VmHWM")
    print(json.dumps({"samples": samples, "peak_kib": peak - baseline, "peak_reset": reset,
                      "loss": first_loss, "blas_threads": numpy_blas_thread_count()}))


def ops_worker(quick: bool, threads: int) -> None:
    import torch

    from .bench_core import bench_ops

    torch.set_num_threads(threads)
    number, rounds = (200, 5) if quick else (2000, 31)
    print(json.dumps(bench_ops(number, rounds, torch_on=True)))


# --- driver ------------------------------------------------------------------------------------------


def _run(args: list[str], threads: int) -> str:
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads))
    proc = subprocess.run([sys.executable, "-m", "benchmarks", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark worker {args} failed:\n{proc.stdout}{proc.stderr}")
    return proc.stdout.strip().splitlines()[-1]


def run_case(case: str, reps: int, quick: bool, threads: int) -> dict[str, dict[str, Any]]:
    _, names, steps, warmup, _ = CASES[case]
    if quick:
        steps, warmup = max(2, steps // 20), 1
    out: dict[str, dict[str, Any]] = {n: {"samples": [], "peaks": [], "loss": None} for n in names}
    for rep in range(reps):
        k = rep % len(names)
        for name in names[k:] + names[:k]:
            result = json.loads(_run(["--worker", case, name, "--steps", str(steps), "--warmup",
                                      str(warmup), "--threads", str(threads)], threads))
            out[name]["samples"] += result["samples"]
            out[name]["peaks"].append(result["peak_kib"])
            out[name]["loss"] = result["loss"]
    return out


def _spread(samples: list[float]) -> float:
    q = statistics.quantiles(samples, n=4) if len(samples) >= 4 else [0.0, 0.0, 0.0]
    return (q[2] - q[0]) / statistics.median(samples)


def verdict(ratio: float, target: float, quick: bool) -> str:
    if quick:
        return "not judged (--quick)"
    return "met" if ratio <= target else "**missed**"


def report(args: argparse.Namespace, threads: int) -> tuple[str, bool]:
    reps = 1 if args.quick else args.reps
    rows: list[list[str]] = []
    memory_rows: list[list[str]] = []
    agree = True
    noisy = False
    results = {}
    for case, (label, _, _, _, targets) in CASES.items():
        print(f"running {case} ...", file=sys.stderr, flush=True)
        res = results[case] = run_case(case, reps, args.quick, threads)
        mine = statistics.median(res["dfdx_typed"]["samples"])
        losses = [r["loss"] for r in res.values()]
        ok = max(losses) - min(losses) <= LOSS_RTOL * max(1.0, max(abs(v) for v in losses))
        agree = agree and ok
        for ref, target in targets.items():
            theirs = statistics.median(res[ref]["samples"])
            spread = max(_spread(res["dfdx_typed"]["samples"]), _spread(res[ref]["samples"]))
            disturbed = spread > NOISY and not args.quick
            noisy = noisy or disturbed
            judged = "not judged (disturbed run)" if disturbed else verdict(mine / theirs, target, args.quick)
            rows.append([label, fmt_time(mine), ref, fmt_time(theirs), f"{mine / theirs:.2f}×",
                         f"{spread:.0%}", f"≤ {target:.2f}×", judged])
        if not ok:
            rows.append([label, "", "", "", "", "", "", f"LOSSES DISAGREE: {losses}"])
    for case, label in MEMORY_CASES.items():
        mine_kib = statistics.median(results[case]["dfdx_typed"]["peaks"])
        theirs_kib = statistics.median(results[case]["torch"]["peaks"])
        ratio = mine_kib / max(theirs_kib, 1)
        memory_rows.append([label, f"{mine_kib / 1024:.1f} MiB", f"{theirs_kib / 1024:.1f} MiB",
                            f"{ratio:.2f}×", f"≤ {MEMORY_TARGET:.2f}×",
                            verdict(ratio, MEMORY_TARGET, args.quick)])

    print("running per-op overhead ...", file=sys.stderr, flush=True)
    op_rows = json.loads(_run(["--ops-worker"] + (["--quick"] if args.quick else []) +
                              ["--threads", str(threads)], threads))
    mypy_rows: list[list[str]] = []
    if not args.skip_mypy:
        from .bench_mypy import compare_examples, compare_generated

        print("running mypy ...", file=sys.stderr, flush=True)
        rounds = 1 if args.quick else args.mypy_rounds
        for label, measured in (("examples/ (all files, cold cache)", compare_examples(rounds)),
                                ("generated 2,000-line model file (cold cache)",
                                 compare_generated(rounds, 2000))):
            (w_with, w_without), (c_with, c_without) = measured
            mypy_rows.append([
                label, f"{w_with:.2f} s / {c_with:.2f} s", f"{w_without:.2f} s / {c_without:.2f} s",
                f"{w_with / w_without:.2f}× / {c_with / c_without:.2f}×", f"≤ {MYPY_TARGET:.2f}×",
                verdict(c_with / c_without, MYPY_TARGET, args.quick),
            ])

    command = "python -m benchmarks" + (" --quick" if args.quick else "")
    lines = [
        RESULTS_HEADING,
        "",
        f"Measured with `{command}` on {time.strftime('%Y-%m-%d')}"
        + (" — **a smoke run (`--quick`): the numbers are not measurements**." if args.quick else "."),
        f"Each contender runs in a process of its own, {reps} process(es) per contender in rotating order; "
        "a time is the median over all timed steps. Ratio = dfdx_typed / reference (lower is better).",
        "",
        markdown_table(["", ""], machine_info(threads)),
        "",
        f"Threads: numpy's BLAS `OPENBLAS_NUM_THREADS={threads}`, PyTorch `torch.set_num_threads({threads})` "
        "in every process; numpy's elementwise ops are single-threaded, PyTorch's use the threads too.",
        "",
        "### Training and layer steps",
        "",
        markdown_table(["case", "dfdx_typed", "reference", "reference time", "ratio", "IQR / median",
                        "target", "target met"], rows),
        "",
        "IQR / median: the larger interquartile range of the two contenders' step times over their median. "
        + (f"**Above {NOISY:.0%} on this run: the machine was busy (other processes took the cores) and "
           "the figures of those rows are not to be trusted; run it again on a quiet machine.**"
           if noisy else f"Below {NOISY:.0%} on every row: the machine was quiet enough."),
        "",
        "### Peak memory of the training loops",
        "",
        "Peak resident memory over the timed steps (`VmHWM`, reset after the warm-up) minus the resident "
        "size of the same process after its imports and data, median over processes.",
        "",
        markdown_table(["loop", "dfdx_typed", "torch", "ratio", "target", "target met"], memory_rows),
        "",
        "### Per-op overhead (tiny tensors, one process, interleaved rounds)",
        "",
        markdown_table(["case", "numpy", "torch", "dfdx_typed", "dt / numpy", "dt / torch"], op_rows),
        "",
    ]
    if mypy_rows:
        lines += [
            "### mypy with the plugin vs without",
            "",
            "Fresh cache each run (a first CI run), one mypy process per run, interleaved; wall / CPU time "
            "(user + system of the mypy process). The verdict uses CPU time, steadier than the wall clock "
            "on a shared machine.",
            "",
            markdown_table(["files", "with plugin (wall / CPU)", "without (wall / CPU)", "ratio (wall / CPU)",
                            "target", "target met"], mypy_rows),
            "",
        ]
    lines.append("First-step losses of the contenders of each case agree "
                 f"(relative {LOSS_RTOL:g}): {'yes' if agree else '**NO**'}.")
    return "\n".join(lines) + "\n", agree


def write_results(section: str) -> None:
    """Replace the Results section of docs/benchmarks.md, keeping the page's frame above it."""
    text = DOC.read_text()
    head = text.split(RESULTS_HEADING, 1)[0] if RESULTS_HEADING in text else text.rstrip() + "\n\n"
    DOC.write_text(head + section)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: few repeats, not a measurement")
    parser.add_argument("--no-write", action="store_true", help="print the report, leave docs/ alone")
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--reps", type=int, default=4, help="processes per contender per case")
    parser.add_argument("--mypy-rounds", type=int, default=5)
    parser.add_argument("--skip-mypy", action="store_true")
    parser.add_argument("--worker", nargs=2, metavar=("CASE", "CONTENDER"), help=argparse.SUPPRESS)
    parser.add_argument("--ops-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--steps", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--warmup", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    threads = args.threads or numpy_blas_thread_count() or os.cpu_count() or 1
    if args.worker:
        worker(args.worker[0], args.worker[1], args.steps, args.warmup, threads)
        return 0
    if args.ops_worker:
        ops_worker(args.quick, threads)
        return 0
    section, agree = report(args, threads)
    if args.no_write:
        print(section)
    else:
        write_results(section)
        print(section)
        print(f"(written to {DOC.relative_to(ROOT)})", file=sys.stderr)
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
