"""Hostile checkpoint files: one flipped bit at random offsets, truncation at every 1/16th, keys, shapes,
dtypes and values that do not fit, files that are not checkpoints, and a safetensors save killed
mid-write (tests/test_io.py kills an npz save). A failed load leaves every parameter and buffer
unchanged bit for bit; a load that succeeds gives exactly the saved values; no file is lost.
"""

from __future__ import annotations

import json
import os
import random
import signal
import struct
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import safetensors.numpy
from hypothesis import given, settings
from hypothesis import strategies as st

import dfdx_typed as dt
from dfdx_typed import _io, nn

from .conftest import assert_clear, clear_error, outcome, snapshot, tried

FORMATS = [".npz", ".safetensors"]


def _model(seed: int = 0) -> nn.Module:
    dt.manual_seed(seed)
    return nn.Sequential(nn.Linear(5, 4), nn.BatchNorm1d(4), nn.Linear(4, 3))


def _saved(tmp_path: Path, suffix: str) -> tuple[Path, dict[str, Any]]:
    """A checkpoint of a model whose values differ from a fresh model's, and its bitwise snapshot."""
    source = _model(1)
    source.load_state_dict({k: v.numpy() + 1 for k, v in source.state_dict().items()})
    path = tmp_path / f"good{suffix}"
    dt.save(source, path)
    return path, snapshot(source)


def _load_outcome(path: Path, saved: dict[str, Any]) -> str:
    """"error" (a clear one, module unchanged) or "equal" (loaded exactly); anything else fails."""
    model = _model()
    before = snapshot(model)
    kind, got = outcome(lambda: dt.load(model, path))
    if kind == "error":
        assert_clear(got, str(path))
        assert isinstance(got, (dt.CheckpointError, nn.StateDictError)), repr(got)
        assert snapshot(model) == before, f"a failed load changed the module: {got}"
        return "error"
    assert snapshot(model) == saved, "a corrupt file loaded as different numbers"
    return "equal"


@pytest.mark.parametrize("suffix", FORMATS)
def test_one_flipped_bit_at_random_offsets(tmp_path: Path, suffix: str) -> None:
    """npz entries are CRC-checked by zip; safetensors has no checksum of its own, so dt.save stores
    one per tensor in the header's metadata (before it did, 168 of 600 random flips in a
    safetensors file loaded as wrong numbers, and a flip in an npz header escaped as
    NotImplementedError). 500 offsets per format (the files are ~1-2.5 kB; each write costs ~3 ms
    on a slow disk, so not every byte)."""
    good, saved = _saved(tmp_path, suffix)
    data = good.read_bytes()
    rng = random.Random(suffix)
    bad = tmp_path / f"flipped{suffix}"
    seen = {"error": 0, "equal": 0}
    for offset in sorted(rng.sample(range(len(data)), min(500, len(data)))):
        tried(f"files: bit flips ({suffix})")
        flipped = bytearray(data)
        flipped[offset] ^= 1 << rng.randrange(8)
        bad.write_bytes(bytes(flipped))
        seen[_load_outcome(bad, saved)] += 1
    assert seen["error"] > sum(seen.values()) // 2, seen  # most are caught, the rest change nothing


@pytest.mark.parametrize("suffix", FORMATS)
def test_truncation_at_every_sixteenth(tmp_path: Path, suffix: str) -> None:
    good, saved = _saved(tmp_path, suffix)
    data = good.read_bytes()
    cut = tmp_path / f"cut{suffix}"
    for k in range(17):
        tried(f"files: truncations ({suffix})")
        cut.write_bytes(data[: len(data) * k // 16])
        assert _load_outcome(cut, saved) == ("equal" if k == 16 else "error"), k


MUTATIONS = ["drop", "extra", "rename", "reshape", "float64", "int32", "nan", "inf", "scalar", "transpose"]


@settings(max_examples=60, deadline=None)
@given(
    suffix=st.sampled_from(FORMATS),
    changes=st.lists(
        st.tuples(st.sampled_from(MUTATIONS), st.integers(0, 6)),
        min_size=1,
        max_size=3,
        unique_by=lambda c: c[1],
    ),
    strict=st.booleans(),
)
def test_checkpoints_that_do_not_fit_the_module(
    tmp_path_factory: pytest.TempPathFactory, suffix: str, changes: list[tuple[str, int]], strict: bool
) -> None:
    """Every offending key is named in one error and nothing changes; with ``strict=False`` only
    missing and unexpected keys are let through (as PyTorch's ``load_state_dict``)."""
    tried("files: mismatched checkpoints")
    state = {k: v.numpy() for k, v in _model(2).state_dict().items()}
    keys = list(state)
    content: set[str] = set()  # keys whose value no longer fits (missing/unexpected ones are found below)
    for mutation, i in changes:
        key = keys[i % len(keys)]
        if key not in state:
            continue
        value = state[key]
        if mutation == "drop":
            del state[key]
        elif mutation == "extra":
            state[f"{key}_extra"] = value
        elif mutation == "rename":
            state[f"renamed.{i}"] = state.pop(key)
            content.discard(key)
        elif mutation == "reshape":
            state[key] = value.reshape(-1, 1) if value.ndim else value.reshape(1)
        elif mutation in ("float64", "int32"):
            state[key] = value.astype(mutation)
        elif mutation in ("nan", "inf") and value.dtype.kind == "f":
            state[key] = value.copy()
            state[key].reshape(-1)[0] = np.nan if mutation == "nan" else -np.inf
        elif mutation == "scalar" and value.ndim:
            state[key] = np.array(1, dtype=value.dtype)
        elif mutation == "transpose" and value.ndim == 2:
            state[key] = np.ascontiguousarray(value.T)
        else:
            continue
        if mutation not in ("drop", "extra", "rename"):
            content.add(key)
    path = tmp_path_factory.mktemp("mismatch") / f"m{suffix}"
    if suffix == ".npz":
        np.savez(path, **state)
    else:
        safetensors.numpy.save_file(state, str(path))
    model = _model()
    before = snapshot(model)
    kind, got = outcome(lambda: dt.load(model, path, strict=strict))
    structural = {k for k in before if k not in state} | {k for k in state if k not in before}
    content &= set(state)
    if not content and (not strict or not structural):
        assert kind == "ok", got
        for key, value in state.items():  # what was loaded is exactly what the file holds
            if key in before:
                assert model.state_dict()[key].numpy().tobytes() == value.tobytes()
        return
    assert kind == "error", f"{changes} loaded (strict={strict})"
    assert isinstance(got, nn.StateDictError) and snapshot(model) == before
    for key in content | (structural if strict else set()):
        assert f"'{key}'" in str(got), (key, str(got))


@pytest.mark.parametrize("suffix", FORMATS)
def test_files_that_are_not_checkpoints(tmp_path: Path, suffix: str) -> None:
    model = _model()
    before = snapshot(model)
    path = tmp_path / f"x{suffix}"
    header = json.dumps({"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}).encode()
    cases: dict[str, bytes] = {
        "empty": b"",
        "text": b"not a checkpoint at all",
        "random": bytes(random.Random(0).randrange(256) for _ in range(300)),
        "huge header length": struct.pack("<Q", 2**62) + b"{" + b" " * 20,
        "header not json": struct.pack("<Q", 10) + b"{not json}" + b"\0" * 8,
        "data past the end": struct.pack("<Q", len(header)) + header + b"\0" * 4,
    }
    pickled = tmp_path / "pickled.npz"
    np.savez(pickled, **{"0.weight": np.array([object()], dtype=object)})
    cases["pickled object array"] = pickled.read_bytes()
    for label, data in cases.items():
        tried("files: not checkpoints")
        path.write_bytes(data)
        with clear_error("load", str(path)):
            dt.load(model, path)
        assert snapshot(model) == before, label
    with clear_error("no checkpoint file"):
        dt.load(model, tmp_path / f"missing{suffix}")
    with clear_error(str(tmp_path)):
        dt.load(model, tmp_path)  # a directory
    assert snapshot(model) == before


def test_a_save_that_fails_midway_leaves_the_old_file_and_no_debris(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, saved = _saved(tmp_path, ".npz")
    old = path.read_bytes()

    def half_then_fail(f: Any, arrays: Any) -> None:
        f.write(b"PK half of a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_io, "_write_npz", half_then_fail)
    with pytest.raises(OSError, match="No space left"):
        dt.save(_model(), path)
    assert path.read_bytes() == old and sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    monkeypatch.undo()
    with clear_error("No such file or directory"):
        dt.save(_model(), tmp_path / "no-such-dir" / "m.npz")
    (tmp_path / "adir.npz").mkdir()
    with clear_error("adir.npz"):
        dt.save(_model(), tmp_path / "adir.npz")  # the target is a directory: refused, nothing left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir.npz", path.name]
    assert _load_outcome(path, saved) == "equal"


# --- a safetensors save killed mid-write -------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import io, sys, time
    import numpy as np
    import dfdx_typed as dt
    from dfdx_typed import _io, nn

    path = sys.argv[1]
    model = nn.Sequential(nn.Linear(500, 500), nn.Linear(500, 500))  # 2 MB of float32
    real = _io.atomic_write

    def half_then_wait(target, write):
        def halfway(f):
            buf = io.BytesIO()
            write(buf)
            data = buf.getvalue()
            f.write(data[: len(data) // 2])
            f.flush()
            print("HALF", flush=True)
            time.sleep(60)
            f.write(data[len(data) // 2 :])
        real(target, halfway)

    for version in (1, 2):
        state = {k: np.full(v.shape, version, np.float32) for k, v in model.state_dict().items()}
        model.load_state_dict(state)
        if version == 2:
            _io.atomic_write = half_then_wait
        dt.save(model, path)
        print("SAVED", version, flush=True)
    """
)


def test_a_safetensors_save_killed_mid_write_leaves_the_previous_file_intact(tmp_path: Path) -> None:
    tried("files: killed mid-write")
    path = tmp_path / "ckpt.safetensors"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert proc.stdout is not None
    lines = []
    try:
        for line in proc.stdout:
            lines.append(line.strip())
            if lines[-1] == "HALF":
                break
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert lines == ["SAVED 1", "HALF"]
    model = nn.Sequential(nn.Linear(500, 500), nn.Linear(500, 500))
    dt.load(model, path)  # version 1, whole and checksummed
    assert {float(v) for t in model.state_dict().values() for v in np.unique(t.numpy())} == {1.0}
    leftovers = [p for p in tmp_path.iterdir() if p != path]
    assert len(leftovers) == 1 and leftovers[0].name.startswith(".ckpt.safetensors.")
    assert leftovers[0].stat().st_size < path.stat().st_size  # the half-written temporary file
