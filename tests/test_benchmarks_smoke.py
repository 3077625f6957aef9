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


def test_benchmark_suite_quick_prints_every_table_and_writes_nothing() -> None:
    doc = ROOT / "docs" / "benchmarks.md"
    before = doc.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--no-write"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    for heading in ("### Training and layer steps", "### Peak memory of the training loops",
                    "### Per-op overhead", "### mypy with the plugin vs without"):
        assert heading in out, f"no section {heading!r}"
    for case in ("batch 1 |", "batch 64 |", "batch 256 |", "CNN training step", "TransformerEncoderLayer",
                 "MLP training loop", "CNN training loop", "examples/", "2,000-line"):
        assert case in out, f"no row for {case!r}"
    # The contenders of each case start from the same weights and data: their first losses agree.
    assert "agree (relative 0.0001): yes" in out
    assert doc.read_bytes() == before, "--no-write must leave docs/benchmarks.md alone"
