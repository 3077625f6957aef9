"""The core benchmark runs end to end (a smoke run: its timings are not asserted, only that it works)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bench_core_quick_prints_the_tables() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_core", "--quick"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "## Per-op overhead (tiny tensor)" in out
    assert "| `a + b`, (4,) float32, traced |" in out
    assert "## MLP 784-512-128-32-10 training step, batch 64, float32" in out
    for name in ("dfdx_typed", "numpy", "torch"):
        assert f"\n| {name} |" in out, f"no MLP row for {name}"
    # The exit code already says the three losses agree; the line says by how much.
    assert "Losses agree across implementations" in out and "(ok;" in out
