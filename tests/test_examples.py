"""The examples: each runs (quick flag, run-time boundary checks on), each type-checks clean with mypy +
the plugin and with pyright, and the intentional-error example fails in mypy exactly as its header says
and at run time with the same messages. Also the main job's pieces: the IDX reader (on files written
here), the PNG writer (decoded here), the progress bar, and the full digits run (>= 97 % test accuracy).

Checkers run in a subprocess whose working directory is a temporary folder, so they read the installed
stub package, not dfdx_typed/*.py (stubs/README-stubs.md).
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

import dfdx_typed as dt

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.py"))
INTENTIONAL = EXAMPLES / "21_shape_errors.py"


def _load_main_job() -> ModuleType:
    spec = importlib.util.spec_from_file_location("examples_main_job", EXAMPLES / "main_job.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


main_job = _load_main_job()

# What each example must print (a fragment of its output), so a run proves more than "no exception".
# A new example must add its line here.
EXPECTED_OUTPUT = {
    "01_tensors.py": "realize refused: realize: (2, 3) cannot be realized as (3, 2): 2 != 3",
    "02_ops.py": "ShapeError: matmul: inner dims differ: (2, 3) @ (2, 3) — 3 != 2",
    "03_gradients.py": "d/dv sum(v*v + v) = [3. 5. 7.] (2v + 1)",
    "04_broadcast_reduce.py": "centered rows sum to 0: True",
    "05_permute.py": "gradient shape follows x: (2, 3, 4)",
    "06_indexing.py": "gather one per row: [0. 7. 9.]",
    "07_custom_module.py": "ShapeError: Mlp.forward: argument x: axis 1 is 9 but declared 10 — shape (5, 9)",
    "08_forward.py": "conv2d: (2, 3, 32, 32) -> (2, 16, 15, 15)",
    "09_sequential.py": "residual: (16, 10)",
    "10_module_gradients.py": "w has a gradient through an untraced w.T? False",
    "11_optimizers.py": "MissingGradientError: Sgd.update: no gradient for parameter '0.bias' (2,)",
    "12_mnist.py": "epoch  2: train loss",
    "13_gradient_accumulation.py": "loss before the step",
    "14_multi_headed.py": "step 100: cross-entropy",
    "15_resnet.py": "step  2: loss",
    "16_transformer.py": "nn.Transformer: (10, 2, 16) + (7, 2, 16) -> (7, 2, 16)",
    "17_rl_dqn.py": "greedy policy reaches cell",
    "18_generic_train_loop.py": "classification: cross-entropy",
    "19_save_load.py": "reloaded output matches: True",
    "20_dynamic_graph.py": "c = 195300 (took the branch 5 times)\ndc/da = 232420, dc/db = 97650",
    "21_shape_errors.py": "line 63: matmul: inner dims differ: (4, 784) @ (512, 10) — 784 != 512",
    "main_job.py": "test accuracy",
}


def run_example(path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch, cwd: Path) -> None:
    """Run a script as ``__main__`` with every function's ``Tensor[...]`` annotations checked."""
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "argv", [str(path), *args])
    dt.shapecheck.run_path(str(path))  # main_job raises SystemExit only on failure


def quick_args(path: Path) -> list[str]:
    return ["--small"] if "--small" in path.read_text(encoding="utf-8") else []


# --- every example runs ---------------------------------------------------------------------------


def test_every_example_has_expected_output() -> None:
    assert sorted(EXPECTED_OUTPUT) == [p.name for p in EXAMPLE_FILES]


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.stem for p in EXAMPLE_FILES])
def test_example_runs(
    path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_example(path, quick_args(path), monkeypatch, tmp_path)
    out = capsys.readouterr().out
    assert EXPECTED_OUTPUT[path.name] in out, out[-3000:]


def test_gradient_accumulation_equals_full_batch(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_example(EXAMPLES / "13_gradient_accumulation.py", [], monkeypatch, tmp_path)
    diffs = [float(d) for d in re.findall(r"max \|difference\| = (\S+)", capsys.readouterr().out)]
    assert len(diffs) == 4 and max(diffs) < 1e-5, diffs  # float32 sums in another order


def test_full_examples_learn(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The full-size runs of the examples that claim to learn something (a few seconds each).
    run_example(EXAMPLES / "17_rl_dqn.py", [], monkeypatch, tmp_path)
    run_example(EXAMPLES / "16_transformer.py", [], monkeypatch, tmp_path)
    out = capsys.readouterr().out
    assert "greedy policy reaches cell 7 in 7 steps" in out, out
    assert "step 300: loss" in out and out.rstrip().endswith("tokens right 100%"), out[-500:]


# --- type checks ----------------------------------------------------------------------------------


def test_plugin_imports() -> None:
    # mypy would report a plugin that fails to import as a config error; this says why.
    import dfdx_typed.mypy_plugin as plugin

    assert callable(plugin.plugin)


@pytest.fixture(scope="module")
def mypy_lines(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, list[str]], list[str]]:
    """One mypy run (plugin on, examples/mypy.ini) over every example: lines per file, other output."""
    per_file, other = main_job.run_mypy(EXAMPLE_FILES, tmp_path_factory.mktemp("mypy_cache"))
    return per_file, other


@pytest.mark.slow
def test_examples_type_check_clean_with_the_plugin(
    mypy_lines: tuple[dict[str, list[str]], list[str]],
) -> None:
    per_file, other = mypy_lines
    assert other == [], "\n".join(other)
    errors = {name: lines for name, lines in per_file.items() if lines and name != INTENTIONAL.name}
    assert errors == {}, "\n".join(line for lines in errors.values() for line in lines)


@pytest.mark.slow
def test_shape_errors_header_is_mypys_output(mypy_lines: tuple[dict[str, list[str]], list[str]]) -> None:
    per_file, other = mypy_lines
    assert other == [], "\n".join(other)
    expected = main_job.expected_mypy_lines(INTENTIONAL)
    assert len(expected) >= 9  # the header lists the errors; an empty header would match nothing
    assert per_file[INTENTIONAL.name] == expected
    codes = {line.rsplit("[", 1)[-1].rstrip("]") for line in expected}
    assert codes == {"shape", "broadcast", "tape"}


def test_readme_quotes_the_header() -> None:
    # The README shows some of mypy's lines for the intentional-error example: they must be current.
    quoted = [line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
              if line.startswith(INTENTIONAL.name + ":")]
    assert quoted and set(quoted) <= set(main_job.expected_mypy_lines(INTENTIONAL))


def test_shape_errors_fail_at_run_time_with_the_same_messages(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_example(INTENTIONAL, [], monkeypatch, tmp_path)
    at_run_time = dict(re.findall(r"^line (\d+): (.*)$", capsys.readouterr().out, flags=re.M))
    static = {}
    for line in main_job.expected_mypy_lines(INTENTIONAL):
        m = re.match(r"^[^:]+:(\d+): error: (.*)  \[\w+\]$", line)
        assert m, line
        static[m.group(1)] = m.group(2)
    assert sorted(at_run_time) == sorted(static)  # every statically reported line fails when run
    # Identical text, except that the run time names concrete sizes where the checker has the symbol
    # ``B`` or, for the input a chain got, ``...`` for any batch dims.
    for line, message in static.items():
        pattern = re.escape(message).replace(r"got\ \(\.\.\.", r"got\ \(\d+(?:, \d+)*")
        pattern = re.sub(r"\bB\b", r"\\d+", pattern)
        assert re.fullmatch(pattern, at_run_time[line]), (line, message, at_run_time[line])


@pytest.mark.slow
def test_examples_type_check_clean_with_pyright(tmp_path: Path) -> None:
    (tmp_path / "pyrightconfig.json").write_text(json.dumps({"typeCheckingMode": "standard"}))
    proc = subprocess.run(
        [sys.executable, "-m", "pyright", "--outputjson", "--pythonpath", sys.executable,
         *[str(p) for p in EXAMPLE_FILES]],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )
    report = json.loads(proc.stdout)
    assert report["summary"]["filesAnalyzed"] == len(EXAMPLE_FILES)
    problems = [
        f"{Path(d['file']).name}:{d['range']['start']['line'] + 1}: {d['severity']}: {d['message']}"
        for d in report["generalDiagnostics"] if d["severity"] in ("error", "warning")
    ]
    assert problems == [], "\n".join(problems)


# --- the main job's pieces ------------------------------------------------------------------------


def write_idx(path: Path, array: np.ndarray, type_code: int) -> None:
    """The IDX format, written independently of the reader under test."""
    header = bytes([0, 0, type_code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    body = header + array.astype(array.dtype.newbyteorder(">")).tobytes()
    path.write_bytes(gzip.compress(body) if path.suffix == ".gz" else body)


def test_read_idx_all_types(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    cases = [
        (0x08, rng.integers(0, 256, size=(3, 4, 5)).astype(np.uint8), "a-idx3-ubyte"),
        (0x09, rng.integers(-128, 128, size=(7,)).astype(np.int8), "b-idx1-byte.gz"),
        (0x0B, rng.integers(-3000, 3000, size=(2, 3)).astype(np.int16), "c-idx2-short"),
        (0x0C, rng.integers(-10**9, 10**9, size=(4,)).astype(np.int32), "d-idx1-int"),
        (0x0D, rng.normal(size=(2, 2)).astype(np.float32), "e-idx2-float"),
        (0x0E, rng.normal(size=(3,)), "f-idx1-double.gz"),
    ]
    for code, array, name in cases:
        write_idx(tmp_path / name, array, code)
        got = main_job.read_idx(tmp_path / name)
        assert got.dtype == array.dtype and got.shape == array.shape, name
        np.testing.assert_array_equal(got, array)


def test_read_idx_rejects_bad_files(tmp_path: Path) -> None:
    (tmp_path / "not-idx").write_bytes(b"\x89PNG....")
    with pytest.raises(ValueError, match="not an IDX file"):
        main_job.read_idx(tmp_path / "not-idx")
    write_idx(tmp_path / "short", np.zeros((4, 4), np.uint8), 0x08)
    (tmp_path / "short").write_bytes((tmp_path / "short").read_bytes()[:-3])
    with pytest.raises(ValueError, match="13 data bytes, but dims \\(4, 4\\) need 16"):
        main_job.read_idx(tmp_path / "short")


def test_main_job_trains_on_mnist_idx_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A tiny fake MNIST (28x28, both naming styles, one gzipped): the --data path end to end.
    rng = np.random.default_rng(1)
    data = tmp_path / "mnist"
    data.mkdir()
    write_idx(data / "train-images-idx3-ubyte.gz", rng.integers(0, 256, (48, 28, 28)).astype(np.uint8), 0x08)
    write_idx(data / "train-labels-idx1-ubyte", rng.integers(0, 10, (48,)).astype(np.uint8), 0x08)
    write_idx(data / "t10k-images.idx3-ubyte", rng.integers(0, 256, (16, 28, 28)).astype(np.uint8), 0x08)
    write_idx(data / "t10k-labels.idx1-ubyte", rng.integers(0, 10, (16,)).astype(np.uint8), 0x08)
    out = tmp_path / "out"
    run_example(EXAMPLES / "main_job.py", ["--data", str(data), "--small", "--out", str(out)], monkeypatch,
                tmp_path)
    printed = capsys.readouterr().out
    assert "48 train / 16 test images of 28x28" in printed, printed
    assert (out / "model.npz").stat().st_size > 0 and (out / "history.png").exists()


def decode_png(blob: bytes) -> np.ndarray:
    """An 8-bit RGB, non-interlaced PNG with filter 0 rows, decoded with CRCs checked."""
    assert blob[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(blob):
        (length,) = struct.unpack(">I", blob[pos:pos + 4])
        kind, data = blob[pos + 4:pos + 8], blob[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", blob[pos + 8 + length:pos + 12 + length])
        assert crc == zlib.crc32(kind + data), kind
        chunks[kind] = chunks.get(kind, b"") + data
        pos += 12 + length
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (depth, color, interlace) == (8, 2, 0) and b"IEND" in chunks
    rows = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), np.uint8).reshape(height, 1 + 3 * width)
    assert (rows[:, 0] == 0).all()
    return rows[:, 1:].reshape(height, width, 3)


def test_png_writer_round_trips() -> None:
    image = np.random.default_rng(0).integers(0, 256, (7, 5, 3)).astype(np.uint8)
    np.testing.assert_array_equal(decode_png(main_job.encode_png(image)), image)


def test_plot_draws_both_series(tmp_path: Path) -> None:
    history = main_job.History([1.0, 0.5, 0.2], [0.6, 0.8, 0.9], [1.1, 0.6, 0.3], [0.5, 0.7, 0.85])
    main_job.plot_history(history, tmp_path / "h.png")
    pixels = decode_png((tmp_path / "h.png").read_bytes()).reshape(-1, 3)
    colours = {tuple(int(v) for v in p) for p in pixels}
    assert {main_job.BLUE, main_job.ORANGE, main_job.BLACK, (255, 255, 255)} <= colours


def test_progress_bar_prints_once_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    for step in range(1, 5):
        main_job.progress(step, 4, "epoch 1/1", f"loss {step}")
    assert capsys.readouterr().out == "\repoch 1/1 [##############################] 4/4 loss 4\n"


@pytest.mark.slow
def test_main_job_reaches_97_percent_on_the_digits(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The README's claim, on the default data, split and seed (the type check has its own tests).
    run_example(EXAMPLES / "main_job.py", ["--skip-typecheck", "--out", str(tmp_path)], monkeypatch, tmp_path)
    printed = capsys.readouterr().out
    m = re.search(r"^test accuracy (\S+)%; checkpoint .* \(reloaded: (\S+)%\)", printed, flags=re.M)
    assert m, printed[-2000:]
    assert float(m.group(1)) >= 97.0 and m.group(2) == m.group(1)
    assert "1438 train / 359 test images of 8x8, 30 epochs" in printed
