"""Checkpoint files: PyTorch state_dict keys both ways (npz and safetensors), atomic saves that survive
a SIGKILL mid-write, and loads that check everything first and name the offending key."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
import safetensors.numpy
import safetensors.torch
import torch

import dfdx_typed as dt
from dfdx_typed import nn


def _model() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(2, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 4 * 4, 3)
    )


def _torch_model() -> torch.nn.Module:
    return torch.nn.Sequential(
        torch.nn.Conv2d(2, 4, 3),
        torch.nn.BatchNorm2d(4),
        torch.nn.ReLU(),
        torch.nn.Flatten(),
        torch.nn.Linear(4 * 4 * 4, 3),
    ).eval()


def _snapshot(m: nn.Module) -> dict[str, tuple[dt.Tensor, np.ndarray]]:
    return {k: (v, v.numpy()) for k, v in m.state_dict().items()}


def _unchanged(m: nn.Module, snap: dict[str, tuple[dt.Tensor, np.ndarray]]) -> bool:
    now = m.state_dict()
    return now.keys() == snap.keys() and all(
        now[k] is t and np.array_equal(now[k].numpy(), a) for k, (t, a) in snap.items()
    )


def _train_a_little(m: nn.Module) -> None:
    # Move the parameters and BatchNorm's running statistics off their initial values.
    opt = dt.optim.Adam(m, lr=0.1)
    for _ in range(2):
        x = dt.randn((3, 2, 6, 6)).trace()
        opt.update(m, m(x).sum().backward())


@pytest.mark.parametrize("suffix", [".npz", ".safetensors"])
def test_saved_file_loads_into_torch_and_gives_the_same_outputs(tmp_path: Path, suffix: str) -> None:
    dt.manual_seed(0)
    m = _model()
    _train_a_little(m)
    path = tmp_path / f"m{suffix}"
    dt.save(m, path)
    if suffix == ".npz":
        with np.load(path) as f:
            state = {k: torch.from_numpy(f[k]) for k in f.files}
    else:
        state = safetensors.torch.load_file(str(path))
    tm = _torch_model()
    tm.load_state_dict(state)  # strict: every key is a PyTorch state_dict key
    x = np.random.default_rng(1).standard_normal((2, 2, 6, 6)).astype(np.float32)
    np.testing.assert_allclose(
        tm(torch.tensor(x)).detach().numpy(), m(dt.from_numpy(x)).numpy(), rtol=1e-5, atol=1e-6
    )
    # And back: load our own file into a fresh model.
    fresh = _model()
    dt.load(fresh, path)
    for k, v in m.state_dict().items():
        np.testing.assert_array_equal(fresh.state_dict()[k].numpy(), v.numpy())


@pytest.mark.parametrize("suffix", [".npz", ".safetensors"])
def test_a_torch_checkpoint_loads_here_and_gives_the_same_outputs(tmp_path: Path, suffix: str) -> None:
    torch.manual_seed(0)
    tm = _torch_model().train()
    tm(torch.randn(5, 2, 6, 6))  # running statistics move
    tm.eval()
    path = tmp_path / f"t{suffix}"
    if suffix == ".npz":
        np.savez(path, **{k: v.numpy() for k, v in tm.state_dict().items()})
    else:
        safetensors.torch.save_file(tm.state_dict(), str(path))
    m = _model()
    dt.load(m, path)
    x = np.random.default_rng(2).standard_normal((2, 2, 6, 6)).astype(np.float32)
    np.testing.assert_allclose(
        m(dt.from_numpy(x)).numpy(), tm(torch.tensor(x)).detach().numpy(), rtol=1e-5, atol=1e-6
    )


def test_save_replaces_atomically_and_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    m = _model()
    dt.save(m, path)
    os.chmod(path, 0o640)
    dt.save(m, path)
    assert (path.stat().st_mode & 0o777) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.npz"]  # no temporary file left behind


# --- a writer killed mid-save -----------------------------------------------------------------------


WRITER = textwrap.dedent(
    """
    import sys, time
    import numpy as np
    import dfdx_typed as dt
    from dfdx_typed import _io, nn

    path, mode = sys.argv[1], sys.argv[2]
    model = nn.Sequential(nn.Linear(1000, 1000), nn.Linear(1000, 1000))  # 8 MB of float32
    if mode == "pause":
        # Write the first half of the file, say so, and wait to be killed.
        real = _io._write_npz
        def half_then_wait(f, arrays):
            import io
            buf = io.BytesIO()
            real(buf, arrays)
            data = buf.getvalue()
            f.write(data[: len(data) // 2])
            f.flush()
            print("HALF", flush=True)
            time.sleep(60)
            f.write(data[len(data) // 2 :])
    version = 0
    while True:
        version += 1
        state = {k: np.full(v.shape, version, np.float32) for k, v in model.state_dict().items()}
        model.load_state_dict(state)
        print("SAVING", version, flush=True)
        dt.save(model, path)
        print("SAVED", version, flush=True)
        if mode == "pause" and version == 1:
            _io._write_npz = half_then_wait
    """
)


def _writer(path: Path, mode: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), mode],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )


def _versions_in(path: Path) -> set[float]:
    m = nn.Sequential(nn.Linear(1000, 1000), nn.Linear(1000, 1000))
    dt.load(m, path)
    return {float(v) for t in m.state_dict().values() for v in np.unique(t.numpy())}


def test_a_writer_killed_mid_write_leaves_the_previous_file_intact(tmp_path: Path) -> None:
    path = tmp_path / "ckpt.npz"
    # A first, complete save by the same code path (the writer pauses only from its second save).
    proc = _writer(path, "pause")
    assert proc.stdout is not None
    lines = []
    try:
        for line in proc.stdout:
            lines.append(line.split()[0])
            if lines[-1] == "HALF":
                break
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert lines == ["SAVING", "SAVED", "SAVING", "HALF"]
    # Killed with half of version 2 written: the file holds all of version 1, and the half-written
    # temporary file sits beside it.
    assert _versions_in(path) == {1.0}
    leftovers = [p for p in tmp_path.iterdir() if p.name != "ckpt.npz"]
    assert len(leftovers) == 1 and leftovers[0].name.startswith(".ckpt.npz.")
    assert leftovers[0].stat().st_size < path.stat().st_size


@pytest.mark.parametrize("delay", [0.05, 0.13, 0.31])
def test_a_writer_killed_at_any_moment_leaves_a_loadable_checkpoint(tmp_path: Path, delay: float) -> None:
    path = tmp_path / "ckpt.npz"
    proc = _writer(path, "loop")
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if line.startswith("SAVED 2"):
                break
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    versions = _versions_in(path)
    assert len(versions) == 1 and min(versions) >= 2  # one whole version, never a mix


# --- loads that fail: the module is left unchanged and the error names the key -------------------------


def _saved(tmp_path: Path, m: nn.Module, name: str = "m.npz") -> Path:
    path = tmp_path / name
    dt.save(m, path)
    return path


def _assert_load_fails(m: nn.Module, path: Path, pattern: str, error: type[Exception] = ValueError) -> None:
    snap = _snapshot(m)
    with pytest.raises(error, match=pattern):
        dt.load(m, path)
    assert _unchanged(m, snap)


def test_missing_and_unexpected_keys(tmp_path: Path) -> None:
    with_bias = nn.Linear(3, 2)
    without = nn.Linear(3, 2, bias=False)
    _assert_load_fails(with_bias, _saved(tmp_path, without), r"'bias': missing from the state dict")
    _assert_load_fails(without, _saved(tmp_path, with_bias, "b.npz"), r"'bias': unexpected key")


def test_wrong_shape_and_dtype(tmp_path: Path) -> None:
    _assert_load_fails(
        nn.Linear(3, 5),
        _saved(tmp_path, nn.Linear(3, 2)),
        r"'weight': shape \(2, 3\) != the module's \(5, 3\)",
    )
    wide = nn.Linear(3, 2).astype(np.float64)
    _assert_load_fails(
        nn.Linear(3, 2), _saved(tmp_path, wide, "w.npz"), r"'weight': dtype float64 != the module's float32"
    )


@pytest.mark.parametrize("suffix", [".npz", ".safetensors"])
def test_nan_and_inf_are_refused(tmp_path: Path, suffix: str) -> None:
    state = {k: v.numpy() for k, v in nn.Linear(3, 2).state_dict().items()}
    state["bias"][1] = np.nan
    state["weight"][0, 0] = np.inf
    path = tmp_path / f"nan{suffix}"
    if suffix == ".npz":
        np.savez(path, **state)
    else:
        safetensors.numpy.save_file(state, str(path))
    _assert_load_fails(
        nn.Linear(3, 2), path, r"'weight': 1 non-finite value \(NaN or inf\); 'bias': 1 non-finite"
    )


@pytest.mark.parametrize("suffix", [".npz", ".safetensors"])
def test_truncated_files(tmp_path: Path, suffix: str) -> None:
    path = _saved(tmp_path, nn.Linear(30, 20), f"t{suffix}")
    data = path.read_bytes()
    for keep in (len(data) // 2, len(data) - 10, 5):
        path.write_bytes(data[:keep])
        _assert_load_fails(nn.Linear(30, 20), path, "truncated|corrupt|neither", dt.CheckpointError)


def test_corrupt_bytes_inside_an_entry_name_the_entry(tmp_path: Path) -> None:
    m = nn.Linear(30, 20)
    path = _saved(tmp_path, m)
    data = bytearray(path.read_bytes())
    weight = m.weight.numpy().tobytes()
    at = bytes(data).index(weight) + len(weight) // 2
    data[at] ^= 0xFF  # one flipped byte in the middle of the weight's array data
    path.write_bytes(bytes(data))
    _assert_load_fails(nn.Linear(30, 20), path, r"the entry for 'weight' is corrupt", dt.CheckpointError)


def test_not_a_checkpoint_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "junk.npz"
    path.write_bytes(b"hello, this is not a checkpoint")
    _assert_load_fails(nn.Linear(3, 2), path, "neither an .npz nor a .safetensors", dt.CheckpointError)
    with zipfile.ZipFile(tmp_path / "z.npz", "w") as zf:
        zf.writestr("weight.txt", "1 2 3")
    _assert_load_fails(
        nn.Linear(3, 2), tmp_path / "z.npz", "'weight.txt' that is not an array", dt.CheckpointError
    )
    _assert_load_fails(nn.Linear(3, 2), tmp_path / "nope.npz", "no checkpoint file", FileNotFoundError)
