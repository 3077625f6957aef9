"""The main job: type-check the examples, then train a typed digit classifier.

1. Type-checks every example in this folder with mypy and the dfdx_typed plugin (``examples/mypy.ini``,
   run from a temporary working directory so that mypy reads the installed stub package), and shows that
   ``21_shape_errors.py``, the intentional-error example, fails exactly on the lines its header lists,
   with exactly those messages. Every other example must be clean.
2. Trains a small CNN on real handwritten digits: the bundled UCI 8x8 digits by default (a fixed,
   seeded 80/20 split), or real MNIST with ``--data DIR`` (the four IDX files, gzipped or not). It shows
   a progress bar and per-epoch loss/accuracy, saves a checkpoint with ``dt.save`` (and reloads it into
   a fresh model to prove it), and writes a loss/accuracy plot as a PNG.

Run from the repository root::

    python examples/main_job.py                   # digits, 30 epochs, outputs in runs/main_job/
    python examples/main_job.py --data ~/mnist --epochs 2
    python examples/main_job.py --small           # a few seconds: a subset, 2 epochs, no type check

Runtime needs are numpy and dfdx_typed only; the type check needs mypy (the ``test`` extra).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import re
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as L
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

import dfdx_typed as dt
from dfdx_typed import OwnedTape, Tensor

EXAMPLES = Path(__file__).resolve().parent
INTENTIONAL_ERRORS = "21_shape_errors.py"

Floats: TypeAlias = npt.NDArray[np.float32]
Ints: TypeAlias = npt.NDArray[np.int64]
Images: TypeAlias = Tensor[tuple[int, L[1], int, int]]
"""A batch of one-channel square images; batch and side are known only at run time (data from files)."""
Logits: TypeAlias = Tensor[tuple[int, L[10]], OwnedTape]

# --- 1. type-check the examples --------------------------------------------------------------------

_MYPY_LINE = re.compile(r"^(?P<path>.+?\.py):(?P<line>\d+): (?P<kind>error|note): (?P<msg>.*)$")


def expected_mypy_lines(path: Path) -> list[str]:
    """The lines the file's header says mypy prints: ``    NAME.py:LINE: error: ...`` (indented 4)."""
    prefix = f"    {path.name}:"
    return [line[4:] for line in path.read_text(encoding="utf-8").splitlines() if line.startswith(prefix)]


def mypy_command(files: Sequence[Path], cache_dir: Path) -> list[str]:
    """mypy with the plugin enabled through ``examples/mypy.ini``."""
    return [
        sys.executable, "-m", "mypy", "--config-file", str(EXAMPLES / "mypy.ini"),
        "--cache-dir", str(cache_dir), "--no-error-summary", "--no-pretty", "--no-color-output",
        *[str(f) for f in files],
    ]


def run_mypy(files: Sequence[Path], cache_dir: Path) -> tuple[dict[str, list[str]], list[str]]:
    """mypy's lines per file name (``NAME.py:LINE: kind: message``), and any other output.

    The working directory is a fresh temporary one: run from the repository root, mypy would read
    ``dfdx_typed/*.py`` instead of the stub package (stubs/README-stubs.md).
    """
    with tempfile.TemporaryDirectory() as cwd:
        proc = subprocess.run(mypy_command(files, cache_dir), cwd=cwd, capture_output=True, text=True)
    per_file: dict[str, list[str]] = {f.name: [] for f in files}
    other: list[str] = [line for line in proc.stderr.splitlines() if line.strip()]
    for line in proc.stdout.splitlines():
        m = _MYPY_LINE.match(line)
        name = Path(m["path"]).name if m else ""
        if m and name in per_file:
            per_file[name].append(f"{name}:{m['line']}: {m['kind']}: {m['msg']}")
        elif line.strip():
            other.append(line)
    return per_file, other


def typecheck_examples(cache_dir: Path) -> bool:
    """Step 1. True when every example is clean and the intentional-error one fails exactly as told."""
    files = sorted(EXAMPLES.glob("*.py"))
    print(f"[1/2] mypy + dfdx_typed.mypy_plugin on {len(files)} files in examples/ ...", flush=True)
    if importlib.util.find_spec("mypy") is None:
        print('  mypy is not installed: pip install -e ".[test]" (or --skip-typecheck)')
        return False
    started = time.perf_counter()
    per_file, other = run_mypy(files, cache_dir)
    ok = not other
    for line in other:
        print(f"  mypy: {line}")
    for name, lines in per_file.items():
        if name != INTENTIONAL_ERRORS and lines:
            ok = False
            print(f"  {name}: expected no errors, got:", *lines, sep="\n    ")
    expected = expected_mypy_lines(EXAMPLES / INTENTIONAL_ERRORS)
    actual = per_file.get(INTENTIONAL_ERRORS, [])
    clean = len(files) - 1 - sum(1 for n, lines in per_file.items() if n != INTENTIONAL_ERRORS and lines)
    print(f"  {clean} of {len(files) - 1} examples type-check clean")
    if actual == expected and expected:
        errors = sum(" error: " in line for line in actual)
        print(f"  {INTENTIONAL_ERRORS} fails exactly where its header says ({errors} errors):")
        for line in actual:
            print(f"    {line}")
    else:
        ok = False
        print(f"  {INTENTIONAL_ERRORS}: mypy's output differs from its header")
        print("    expected:", *expected, sep="\n      ")
        print("    got:", *actual, sep="\n      ")
    print(f"  ({time.perf_counter() - started:.1f} s)", flush=True)
    return ok


# --- 2a. data --------------------------------------------------------------------------------------

_IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path: Path) -> npt.NDArray[np.generic]:
    """An IDX file (MNIST's format; gzipped when the name ends in .gz) as a numpy array.

    Layout: two zero bytes, a type code, the rank; then one big-endian uint32 per dim; then the data.
    """
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_DTYPES:
        raise ValueError(f"{path}: not an IDX file (header {raw[:4].hex()})")
    rank = raw[3]
    dims = struct.unpack(f">{rank}I", raw[4:4 + 4 * rank])
    dtype = np.dtype(_IDX_DTYPES[raw[2]])
    body = raw[4 + 4 * rank:]
    if len(body) != dtype.itemsize * int(np.prod(dims)):
        need = dtype.itemsize * int(np.prod(dims))
        raise ValueError(f"{path}: {len(body)} data bytes, but dims {dims} need {need}")
    return np.frombuffer(body, dtype=dtype).reshape(dims).astype(dtype.newbyteorder("="))


def _idx_file(folder: Path, stem: str) -> Path:
    # Distributions spell the names train-images-idx3-ubyte, train-images.idx3-ubyte, ... (.gz or not).
    found = sorted(p for p in folder.iterdir() if p.name.startswith(stem) and "idx" in p.name)
    if not found:
        raise FileNotFoundError(f"no {stem}*idx* file in {folder}")
    return found[0]


@dataclass
class Split:
    """Images ``(N, 1, S, S)`` scaled to [0, 1] and integer labels ``(N,)``, for training and test."""

    train_x: Floats
    train_y: Ints
    test_x: Floats
    test_y: Ints
    name: str

    @property
    def side(self) -> int:
        return int(self.train_x.shape[-1])


def load_mnist(folder: Path) -> Split:
    """The four MNIST IDX files in ``folder``."""
    def images(stem: str) -> Floats:
        arr = read_idx(_idx_file(folder, stem))
        return (arr.astype(np.float32) / 255.0)[:, None, :, :]

    def labels(stem: str) -> Ints:
        return read_idx(_idx_file(folder, stem)).astype(np.int64)

    return Split(images("train-images"), labels("train-labels"), images("t10k-images"),
                 labels("t10k-labels"), f"MNIST ({folder})")


def load_digits(test_fraction: float = 0.2, seed: int = 0) -> Split:
    """The bundled UCI 8x8 digits (examples/data/README.md), split once with a seeded permutation."""
    with gzip.open(EXAMPLES / "data" / "digits.csv.gz", "rt") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.float32)
    x = (table[:, :64] / 16.0).reshape(-1, 1, 8, 8)
    y = table[:, 64].astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(y))
    n_test = round(len(y) * test_fraction)
    test, train = order[:n_test], order[n_test:]
    return Split(x[train], y[train], x[test], y[test], "UCI digits 8x8 (bundled)")


def batches(n: int, size: int, rng: np.random.Generator | None) -> Iterator[Ints]:
    """Index arrays of ``size`` (the last may be shorter), shuffled when ``rng`` is given."""
    order = rng.permutation(n) if rng is not None else np.arange(n)
    for start in range(0, n, size):
        yield order[start:start + size]


# --- 2b. progress bar and PNG plot ------------------------------------------------------------------


def progress(done: int, total: int, label: str, extra: str = "", width: int = 30) -> None:
    """One line, redrawn in place on a terminal; printed once, when complete, anywhere else."""
    if done < total and not sys.stdout.isatty():
        return
    filled = width * done // max(total, 1)
    bar = "#" * filled + "." * (width - filled)
    end = "\n" if done >= total else ""
    print(f"\r{label} [{bar}] {done}/{total} {extra}", end=end, flush=True)


_FONT = {  # 3x5 glyphs, enough for numbers and the plot's words
    "0": "111101101101111", "1": "010110010010111", "2": "111001111100111", "3": "111001111001111",
    "4": "101101111001001", "5": "111100111001111", "6": "111100111101111", "7": "111001001001001",
    "8": "111101111101111", "9": "111101111001111", ".": "000000000000010", "%": "101001010100101",
    " ": "000000000000000", "A": "010101111101101", "C": "011100100100011", "E": "111100110100111",
    "H": "101101111101101", "I": "111010010010111", "L": "100100100100111", "N": "110101101101101",
    "O": "010101101101010", "P": "110101110100100", "R": "110101110101101", "S": "011100010001110",
    "T": "111010010010010", "U": "101101101101111", "Y": "101101010010010",
}
BLUE, ORANGE, GREY, BLACK = (31, 119, 180), (255, 127, 14), (225, 225, 225), (40, 40, 40)


Image: TypeAlias = npt.NDArray[np.uint8]
Color: TypeAlias = tuple[int, int, int]


def _text(img: Image, x: int, y: int, s: str, color: Color, k: int = 2) -> None:
    for i, ch in enumerate(s.upper()):
        bits = _FONT.get(ch, _FONT[" "])
        for j, bit in enumerate(bits):
            if bit == "1":
                r, c = y + (j // 3) * k, x + i * 4 * k + (j % 3) * k
                img[r:r + k, c:c + k] = color


def _line(img: Image, p: tuple[float, float], q: tuple[float, float], color: Color) -> None:
    steps = int(max(abs(q[0] - p[0]), abs(q[1] - p[1]))) + 1
    for t in np.linspace(0.0, 1.0, steps + 1):
        x, y = int(round(p[0] + t * (q[0] - p[0]))), int(round(p[1] + t * (q[1] - p[1])))
        img[y - 1:y + 1, x - 1:x + 1] = color


def _panel(img: Image, left: int, title: str, series: list[tuple[list[float], Color]], lo: float, hi: float,
           fmt: str) -> None:
    top, width, height = 40, 250, 200
    _text(img, left, 12, title, BLACK)
    for i in range(5):  # horizontal grid with labels
        y = top + height - i * height // 4
        img[y, left:left + width] = GREY
        _text(img, left - 62, y - 5, format(lo + (hi - lo) * i / 4, fmt).rjust(7), BLACK)
    img[top:top + height + 1, left] = BLACK
    img[top + height, left:left + width] = BLACK
    n = max(len(values) for values, _ in series)
    for values, color in series:
        pts = [(left + (width - 1) * i / max(n - 1, 1), top + height - (v - lo) / (hi - lo or 1.0) * height)
               for i, v in enumerate(values)]
        for p, q in zip(pts, pts[1:]):
            _line(img, p, q, color)
    _text(img, left, top + height + 10, f"EPOCH 1 TO {n}", BLACK)


def encode_png(rgb: Image) -> bytes:
    """An 8-bit RGB image ``(H, W, 3)`` as PNG bytes (filter 0 on every row, one zlib stream)."""
    height, width, _ = rgb.shape
    rows = np.concatenate([np.zeros((height, 1), np.uint8), rgb.reshape(height, -1)], axis=1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows.tobytes(), 9))
            + chunk(b"IEND", b""))


def plot_history(history: History, path: Path) -> None:
    """Loss (left) and accuracy (right), train in blue and test in orange, as a PNG."""
    img = np.full((280, 680, 3), 255, np.uint8)
    losses = history.train_loss + history.test_loss
    _panel(img, 70, "LOSS", [(history.train_loss, BLUE), (history.test_loss, ORANGE)], 0.0,
           max(losses) * 1.05, ".3f")
    accs = [100 * a for a in history.train_acc + history.test_acc]
    lo = min(90.0, 10 * (min(accs) // 10))
    _panel(img, 410, "ACCURACY %", [([100 * a for a in history.train_acc], BLUE),
                                    ([100 * a for a in history.test_acc], ORANGE)], lo, 100.0, ".1f")
    _text(img, 520, 12, "TRAIN", BLUE)
    _text(img, 590, 12, "TEST", ORANGE)
    path.write_bytes(encode_png(img))


# --- 2c. the model and the training loop ------------------------------------------------------------


def make_model(side: int) -> dt.nn.Sequential:
    """``(B, 1, S, S) -> (B, 10)``: two conv/pool stages, then one linear layer.

    Width ``c`` is 32 on the 8x8 digits and 16 on 28x28 MNIST (12 times the pixels: a quarter of the
    work per pixel keeps an epoch of 60,000 images to minutes on a CPU).
    """
    nn = dt.nn
    c = 32 if side <= 8 else 16
    return nn.Sequential(
        nn.Conv2d(1, c, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),          # (B, c, S/2, S/2)
        nn.Conv2d(c, 2 * c, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),      # (B, 2c, S/4, S/4)
        nn.Flatten(), nn.Linear(2 * c * (side // 4) ** 2, 10),              # (B, 10)
    )


@dataclass
class History:
    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)


def evaluate(model: dt.nn.Module, x: Floats, y: Ints, batch_size: int = 500) -> tuple[float, float]:
    """Mean loss and accuracy, untraced (so nothing is recorded: inference)."""
    total_loss, correct = 0.0, 0
    for idx in batches(len(y), batch_size, None):
        images: Images = dt.from_numpy(x[idx])
        logits: Tensor[tuple[int, L[10]]] = model(images)
        total_loss += dt.losses.cross_entropy(logits, dt.from_numpy(y[idx])).item() * len(idx)
        correct += int((logits.argmax(axis=-1).numpy() == y[idx]).sum())
    return total_loss / len(y), correct / len(y)


def train(
    data: Split, epochs: int, batch_size: int, lr: float, seed: int
) -> tuple[dt.nn.Sequential, History]:
    dt.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = make_model(data.side)
    opt = dt.optim.Adam(model, lr=lr)
    schedule = dt.optim.CosineAnnealingLR(opt, T_max=epochs)
    history = History()
    steps = -(-len(data.train_y) // batch_size)
    for epoch in range(1, epochs + 1):
        total_loss, correct, seen = 0.0, 0, 0
        for step, idx in enumerate(batches(len(data.train_y), batch_size, rng), start=1):
            images: Images = dt.from_numpy(data.train_x[idx])
            logits: Logits = model(images.trace())  # a traced input: the forward pass is recorded
            loss = dt.losses.cross_entropy(logits, dt.from_numpy(data.train_y[idx]))
            opt.update(model, loss.backward())
            total_loss += loss.item() * len(idx)
            correct += int((logits.argmax(axis=-1).numpy() == data.train_y[idx]).sum())
            seen += len(idx)
            progress(step, steps, f"epoch {epoch:2d}/{epochs}", f"loss {total_loss / seen:.4f}")
        schedule.step()
        test_loss, test_acc = evaluate(model, data.test_x, data.test_y)
        history.train_loss.append(total_loss / seen)
        history.train_acc.append(correct / seen)
        history.test_loss.append(test_loss)
        history.test_acc.append(test_acc)
        print(f"  train loss {total_loss / seen:.4f} acc {correct / seen:6.2%} | "
              f"test loss {test_loss:.4f} acc {test_acc:6.2%}", flush=True)
    return model, history


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Type-check the examples, then train a digit classifier.")
    parser.add_argument("--data", type=Path, help="a folder with the four MNIST IDX files")
    parser.add_argument("--epochs", type=int, help="default: 30 on the digits, 2 on MNIST")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("runs") / "main_job")
    parser.add_argument("--small", action="store_true", help="quick run: a subset, 2 epochs, no type check")
    parser.add_argument("--skip-typecheck", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)

    typed_ok = True
    if not (args.small or args.skip_typecheck):
        typed_ok = typecheck_examples(args.out.resolve() / ".mypy_cache")

    data = load_mnist(args.data) if args.data else load_digits()
    epochs = args.epochs or (2 if args.small else 2 if args.data else 30)
    if args.small:
        data = Split(data.train_x[:256], data.train_y[:256], data.test_x[:128], data.test_y[:128],
                     data.name + ", subset")
    print(f"[2/2] training a CNN on {data.name}: {len(data.train_y)} train / {len(data.test_y)} test "
          f"images of {data.side}x{data.side}, {epochs} epochs", flush=True)
    model, history = train(data, epochs, args.batch_size, args.lr, args.seed)

    checkpoint = args.out / "model.npz"
    dt.save(model, checkpoint)
    reloaded = make_model(data.side)
    dt.load(reloaded, checkpoint)
    _, reloaded_acc = evaluate(reloaded, data.test_x, data.test_y)
    plot = args.out / "history.png"
    plot_history(history, plot)
    final = history.test_acc[-1]
    print(f"test accuracy {final:.2%}; checkpoint {checkpoint} (reloaded: {reloaded_acc:.2%}); plot {plot}")
    print(f"main job done in {time.perf_counter() - started:.1f} s"
          + ("" if typed_ok else " -- but the type check FAILED (see above)"))
    return 0 if typed_ok and reloaded_acc == final else 1


if __name__ == "__main__":
    status = main()
    if status:  # only on failure: runpy-style callers see a normal return on success
        sys.exit(status)
