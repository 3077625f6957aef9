"""What the mypy plugin costs: mypy on a generated 2,000-line model file, with the plugin and without.

Both configurations check the same file with a cold cache (a fresh ``--cache-dir`` every run, so the
standard library, numpy's stubs and the library's stubs are analysed each time, as on a first CI run),
in one process per run (the plugin's import is counted), interleaved round by round. The figures are
medians over rounds, of wall time and of the mypy process's CPU time; the target is at most 1.3x.

A second table re-checks only the model file against a warm cache of its dependencies (an edit in an
editor or a second CI run): there the plugin's own work is most of what changes.

Run: ``python benchmarks/bench_mypy.py [--rounds 5] [--lines 2000]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import machine_info, markdown_table, time_interleaved  # noqa: E402

HEADER = '''\
"""A generated model file for the mypy benchmark: blocks of typed tensor code."""

from typing import Literal as L
from typing import TypeVar

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor

B = TypeVar("B", bound=int)
'''

# One block: an MLP step with a residual, attention-like scores, reductions, reshapes, joins,
# indexing and a backward pass. {i} numbers the block; {d}, {h}, {k} are its literal sizes.
BLOCK = '''

def block_{i}(
    x: Tensor[tuple[B, L[{d}]], OwnedTape],
    w1: Tensor[tuple[L[{d}], L[{h}]]],
    b1: Tensor[tuple[L[{h}]]],
    w2: Tensor[tuple[L[{h}], L[{d}]]],
) -> Tensor[tuple[B, L[{d}]], OwnedTape]:
    hidden = (x @ w1 + b1).relu()
    out = hidden @ w2 + x
    scores = (out @ out.T).softmax(axis=-1)
    mixed = scores @ out
    centred = mixed - mixed.mean(axis=-1, keepdims=True)
    scaled = centred / (centred.std(axis=-1, keepdims=True) + 1e-5)
    halves = scaled.reshape((x.shape[0], 2, {k}))
    flat = halves.transpose(1, 2).flatten(1)
    both = dt.concat([flat, x], axis=1)
    first = both[:, :{d}]
    return first.normalize(axis=-1) + out.unsqueeze(0).squeeze(0)


def step_{i}() -> float:
    x = dt.randn((32, {d})).trace()
    w1, b1, w2 = dt.randn(({d}, {h})), dt.zeros(({h},)), dt.randn(({h}, {d}))
    y = block_{i}(x, w1, b1, w2)
    loss = (y * y).sum(axis=(0, 1)) + y.max(axis=0).mean()
    grads = loss.backward()
    update = w1 - grads[w1] * 0.01
    return float(update.sum().item())
'''
LINES_PER_BLOCK = BLOCK.count("\n")


def model_source(lines: int) -> str:
    blocks: list[str] = []
    i = 0
    while HEADER.count("\n") + LINES_PER_BLOCK * len(blocks) < lines:
        d = 8 * (2 + i % 6)
        blocks.append(BLOCK.format(i=i, d=d, h=16 * (1 + i % 4), k=d // 2))
        i += 1
    return HEADER + "".join(blocks)


# A plugin that only imports the library and hooks nothing: what the plugin costs before any hook
# runs (importing dfdx_typed.mypy_plugin runs dfdx_typed/__init__.py, which imports numpy).
IMPORT_ONLY_PLUGIN = """\
import dfdx_typed.mypy_plugin
from mypy.plugin import Plugin


def plugin(version: str) -> type[Plugin]:
    return Plugin
"""


def _config(folder: Path, plugin: str | None, name: str) -> Path:
    path = folder / f"{name}.ini"
    plugin_line = f"plugins = {plugin}\n" if plugin else ""
    path.write_text(f"[mypy]\n{plugin_line}strict = True\n")
    return path


CPU_SAMPLES: dict[str, list[float]] = {}
"""CPU seconds (user + system) of each mypy run, by contender: steadier than wall time on a shared
machine, where other processes take turns on the same cores."""


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _mypy(folder: Path, config: Path, cache: Path) -> str:
    # Run in the model's folder: from the repository root mypy would read the library's sources
    # instead of its stubs.
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), "--cache-dir", str(cache),
         "--no-error-summary", "model.py"],
        cwd=folder, capture_output=True, text=True,
    )
    if done.returncode not in (0, 1) or "Traceback" in done.stdout + done.stderr:
        raise RuntimeError(f"mypy failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def _mypy_timed(label: str, folder: Path, config: Path, cache: Path) -> None:
    before = _child_cpu()
    _mypy(folder, config, cache)
    CPU_SAMPLES.setdefault(label, []).append(_child_cpu() - before)


def compare_cold(sources: dict[str, str], targets: list[str], rounds: int,
                 extra_config: str = "") -> tuple[tuple[float, float], tuple[float, float]]:
    """mypy with the plugin vs without on ``sources`` (file name -> text), a fresh cache every run.

    Returns ((wall with, wall without), (CPU with, CPU without)), medians over ``rounds`` interleaved
    rounds after one warm-up round. The files are written to a temporary folder outside the
    repository (from its root mypy would read the library's sources instead of its stubs).
    """
    folder = Path(tempfile.mkdtemp(prefix="bench-mypy-"))
    cpu: dict[str, list[float]] = {"with": [], "without": []}
    try:
        for name, text in sources.items():
            (folder / name).write_text(text)
        configs = {
            "with": folder / "with.ini",
            "without": folder / "without.ini",
        }
        configs["with"].write_text(f"[mypy]\nplugins = dfdx_typed.mypy_plugin\nstrict = True\n{extra_config}")
        configs["without"].write_text(f"[mypy]\nstrict = True\n{extra_config}")
        runs = iter(range(10**6))

        def cold(key: str) -> Callable[[], None]:
            def run() -> None:
                before = _child_cpu()
                done = subprocess.run(
                    [sys.executable, "-m", "mypy", "--config-file", str(configs[key]), "--cache-dir",
                     str(folder / f"cache-{next(runs)}"), "--no-error-summary", *targets],
                    cwd=folder, capture_output=True, text=True,
                )
                if done.returncode not in (0, 1) or "Traceback" in done.stdout + done.stderr:
                    raise RuntimeError(f"mypy failed:\n{done.stdout}{done.stderr}")
                cpu[key].append(_child_cpu() - before)

            return run

        times = time_interleaved({k: cold(k) for k in configs}, number=1, rounds=rounds, warmup_rounds=1)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    # The first CPU sample of each configuration is its warm-up round.
    return ((times["with"].median, times["without"].median),
            (statistics.median(cpu["with"][1:]), statistics.median(cpu["without"][1:])))


def compare_examples(rounds: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """The cold comparison over every file of examples/ with examples/mypy.ini's options."""
    examples = Path(__file__).resolve().parents[1] / "examples"
    sources = {p.name: p.read_text() for p in sorted(examples.glob("*.py"))}
    return compare_cold(sources, sorted(sources), rounds,
                        "allow_redefinition_new = True\nlocal_partial_types = True\n")


def compare_generated(rounds: int, lines: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """The cold comparison on the generated model file of ``lines`` lines."""
    return compare_cold({"model.py": model_source(lines)}, ["model.py"], rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--lines", type=int, default=2000)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-mypy-"))
    try:
        source = model_source(args.lines)
        (folder / "model.py").write_text(source)
        (folder / "import_only_plugin.py").write_text(IMPORT_ONLY_PLUGIN)
        configs = {
            "with plugin": _config(folder, "dfdx_typed.mypy_plugin", "with"),
            "import only": _config(folder, str(folder / "import_only_plugin.py"), "import_only"),
            "without plugin": _config(folder, None, "without"),
        }
        for name, config in configs.items():
            errors = [line for line in _mypy(folder, config, folder / f"check-{name}").splitlines() if line]
            if errors:
                raise RuntimeError(f"the model file must check cleanly {name}:\n" + "\n".join(errors[:20]))

        runs = iter(range(10**6))

        def cold(name: str, config: Path) -> Callable[[], None]:
            return lambda: _mypy_timed(f"cold {name}", folder, config, folder / f"cold-{next(runs)}")

        def warm(name: str, config: Path, cache: Path) -> Callable[[], None]:
            def run() -> None:
                # Touch the model so mypy re-checks it (its dependencies stay cached).
                os.utime(folder / "model.py")
                _mypy_timed(f"warm {name}", folder, config, cache)

            return run

        cold_times = time_interleaved(
            {name: cold(name, config) for name, config in configs.items()},
            number=1, rounds=args.rounds, warmup_rounds=1,
        )
        warm_caches = {name: folder / f"warm-{i}" for i, name in enumerate(configs)}
        for name, config in configs.items():
            _mypy(folder, config, warm_caches[name])
        warm_times = time_interleaved(
            {name: warm(name, config, warm_caches[name]) for name, config in configs.items()},
            number=1, rounds=args.rounds, warmup_rounds=1,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print(f"mypy on a generated model file of {source.count(chr(10))} lines, {args.rounds} rounds, median\n")
    print(markdown_table(["", "value"], machine_info(None)))
    print()
    names = ("with plugin", "import only", "without plugin")
    rows = []
    for label, key, times in (
        ("cold cache", "cold", cold_times),
        ("warm dependencies, model re-checked", "warm", warm_times),
    ):
        wall = [times[n].median for n in names]
        # The first sample of each contender is its warm-up round.
        cpu = [statistics.median(CPU_SAMPLES[f"{key} {n}"][1:]) for n in names]
        for kind, values in (("wall", wall), ("CPU", cpu)):
            cells = [f"{v:.2f} s" for v in values]
            rows.append([f"{label}, {kind}", *cells, f"{values[0] / values[2]:.2f}x"])
    print(markdown_table(["run", *names, "ratio"], rows))
    print("\nratio = with plugin / without plugin; 'import only' loads the plugin module and hooks")
    print("nothing (its cost is importing dfdx_typed, numpy included). CPU = user + system time of")
    print("the mypy process, steadier than wall time when other processes share the cores.")


if __name__ == "__main__":
    main()
