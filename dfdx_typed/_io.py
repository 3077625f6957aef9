"""Checkpoint files: ``dt.save(module, path)`` and ``dt.load(module, path)``.

Keys are PyTorch ``state_dict`` names, so a file written here loads into the equivalent ``torch.nn``
model and the reverse. Two formats: ``.npz`` (numpy's zip of ``.npy`` entries, CRC-checked) and, when
the ``safetensors`` package is installed, ``.safetensors`` (chosen by the file suffix on save, by the
file's first bytes on load).

Saving is atomic: the data goes to a temporary file in the same directory, is flushed to disk, and
replaces the old file in one ``os.replace``; a crash at any point leaves the old file intact. Loading
reads and checks every entry (key, shape, dtype, finite values) before it changes anything.

Corruption is caught by checksums: npz entries carry zip's CRC-32, and the safetensors format has
none of its own, so :func:`save` stores the CRC-32 of every tensor in the file's ``__metadata__``
(key ``dfdx_typed.crc32``) and :func:`load` checks it. Files written elsewhere (PyTorch's
``safetensors.torch.save_file``) have no such entry and are loaded unchecked.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import numpy as np

from ._backend import Array
from .nn.module import Module

PathLike = str | os.PathLike[str]


class CheckpointError(ValueError):
    """A checkpoint file cannot be read (truncated, corrupt, or not a checkpoint); nothing changed.

    PyTorch: none — ``torch.load`` raises a plain ``RuntimeError`` or ``pickle.UnpicklingError``.
    """


_CRC_KEY = "dfdx_typed.crc32"
"""The safetensors ``__metadata__`` entry holding ``{tensor key: CRC-32 of its bytes}`` as JSON."""


def _crc(arr: Array) -> int:
    return zlib.crc32(np.ascontiguousarray(arr).tobytes())


def _is_safetensors_path(path: PathLike) -> bool:
    return os.fspath(path).endswith(".safetensors")


def _safetensors_numpy() -> Any:
    try:
        import safetensors.numpy
    except ImportError:  # pragma: no cover - exercised only without the optional extra
        raise ImportError(
            "safetensors files need the optional 'safetensors' package: pip install safetensors"
        ) from None
    return safetensors.numpy


def _contiguous(arr: Array) -> Array:
    # Not np.ascontiguousarray: it turns a 0-d array (num_batches_tracked) into shape (1,).
    return arr if arr.flags.c_contiguous else arr.copy(order="C")


def _write_npz(f: IO[bytes], arrays: dict[str, Array]) -> None:
    # What numpy.savez does, without its keyword API (a parameter named "file" would clash with it).
    with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        for key, arr in arrays.items():
            with zf.open(key + ".npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, _contiguous(arr), allow_pickle=False)


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: PathLike, write: Callable[[IO[bytes]], None]) -> None:
    """Write a file so that readers see the old content or the new, never a mix or a truncation.

    ``write(f)`` writes the content to a temporary file in the same directory, which is flushed and
    fsynced, then renamed over ``path`` (``os.replace`` is atomic) and the directory fsynced. A crash
    leaves at most a stray ``.<name>.*.tmp`` file. PyTorch: ``torch.save`` writes in place (not atomic).
    """
    target = Path(path)
    directory = target.resolve().parent
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        mode = target.stat().st_mode & 0o777 if target.exists() else _new_file_mode()
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    # Make the rename itself durable.
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def save(module: Module, path: PathLike) -> None:
    """Write ``module.state_dict()`` to ``path`` atomically.

    A ``.safetensors`` suffix writes safetensors, anything else npz; a crash mid-save leaves the old
    file intact.

    PyTorch: ``torch.save(module.state_dict(), path)``.
    """
    arrays = {key: t._data for key, t in module.state_dict().items()}
    if _is_safetensors_path(path):
        tensors = {k: _contiguous(a) for k, a in arrays.items()}
        crcs = json.dumps({k: _crc(a) for k, a in tensors.items()}, sort_keys=True)
        blob = _safetensors_numpy().save(tensors, metadata={_CRC_KEY: crcs})

        def write(f: IO[bytes]) -> None:
            f.write(blob)

        atomic_write(path, write)
    else:
        atomic_write(path, lambda f: _write_npz(f, arrays))


def _read_npz(path: Path) -> dict[str, Array]:
    try:
        zf = zipfile.ZipFile(path)
    except Exception as e:  # BadZipFile, and for damaged headers NotImplementedError, struct.error...
        raise CheckpointError(
            f"load: {path} is not a readable .npz checkpoint (truncated or corrupt): {e}"
        ) from None
    out: dict[str, Array] = {}
    with zf:
        for info in zf.infolist():
            if not info.filename.endswith(".npy"):
                raise CheckpointError(f"load: {path} has an entry '{info.filename}' that is not an array")
            key = info.filename[: -len(".npy")]
            try:
                with zf.open(info) as member:
                    arr = np.lib.format.read_array(member, allow_pickle=False)
                    if member.read(1):
                        raise ValueError("trailing bytes after the array data")
            except Exception as e:
                raise CheckpointError(
                    f"load: {path}: the entry for '{key}' is corrupt or truncated: {e}"
                ) from None
            out[key] = arr
    return out


def _read_safetensors(path: Path, data: bytes, header_len: int) -> dict[str, Array]:
    try:
        arrays: dict[str, Array] = _safetensors_numpy().load(data)
    except ImportError:
        raise
    except Exception as e:
        raise CheckpointError(
            f"load: {path} is not a readable .safetensors checkpoint (truncated or corrupt): {e}"
        ) from None
    header = json.loads(data[8 : 8 + header_len])  # valid: safetensors has just parsed it
    metadata = header.get("__metadata__") if isinstance(header, dict) else None
    _check_crcs(path, arrays, metadata if isinstance(metadata, dict) else {})
    return arrays


def _check_crcs(path: Path, arrays: dict[str, Array], metadata: dict[str, Any]) -> None:
    """Compare every tensor with the CRC-32 :func:`save` stored (files from elsewhere have none)."""
    if _CRC_KEY not in metadata:
        return
    try:
        crcs = json.loads(metadata[_CRC_KEY])
        if not isinstance(crcs, dict):
            raise ValueError("not a table")
    except ValueError as e:
        raise CheckpointError(f"load: {path}: its checksum table is corrupt: {e}") from None
    bad = [k for k, a in arrays.items() if crcs.get(k) != _crc(a)]
    lost = [k for k in crcs if k not in arrays]
    if bad or lost:
        problems = [f"the entry for '{k}' is corrupt (checksum mismatch)" for k in bad]
        problems += [f"the entry for '{k}' is missing from the file" for k in lost]
        raise CheckpointError(f"load: {path}: " + "; ".join(problems))


def read_checkpoint(path: PathLike) -> dict[str, Array]:
    """Every array in a checkpoint file by key, read and checked for corruption (npz or safetensors).

    PyTorch: ``torch.load(path)`` / ``safetensors.torch.load_file(path)``.
    """
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"load: no checkpoint file at {p}")
    with open(p, "rb") as f:
        head = f.read(9)
    if head[:2] == b"PK":
        return _read_npz(p)
    if len(head) == 9 and head[8:9] == b"{":
        data = p.read_bytes()
        (header_len,) = struct.unpack("<Q", data[:8])
        if 8 + header_len > len(data):
            raise CheckpointError(
                f"load: {p} is truncated: its safetensors header says {header_len} bytes but the file "
                f"has {len(data)}"
            )
        return _read_safetensors(p, data, header_len)
    raise CheckpointError(
        f"load: {p} is neither an .npz nor a .safetensors checkpoint (it starts with {head[:8]!r})"
    )


def load(module: Module, path: PathLike, strict: bool = True) -> None:
    """Load a checkpoint written by :func:`save` (or from a PyTorch ``state_dict``) into ``module``.

    Every key, shape and dtype is checked and every value must be finite before anything changes; on
    any problem the module is left as it was and the error names each offending key.

    PyTorch: ``module.load_state_dict(torch.load(path))``.
    """
    arrays = read_checkpoint(path)
    module._load_arrays(f"load {os.fspath(path)}", arrays, strict)
