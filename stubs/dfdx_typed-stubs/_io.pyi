# Checkpoint files: `dt.save(module, path)` / `dt.load(module, path)` (.npz, or .safetensors).
import os
from collections.abc import Callable
from typing import IO, TypeAlias

from ._backend import Array
from .nn.module import Module

PathLike: TypeAlias = str | os.PathLike[str]

class CheckpointError(ValueError):
    """A checkpoint file cannot be read (truncated, corrupt, or not a checkpoint); nothing changed."""

def atomic_write(path: PathLike, write: Callable[[IO[bytes]], None]) -> None: ...
def save(module: Module, path: PathLike) -> None: ...
def read_checkpoint(path: PathLike) -> dict[str, Array]: ...
def load(module: Module, path: PathLike, strict: bool = True) -> None: ...
