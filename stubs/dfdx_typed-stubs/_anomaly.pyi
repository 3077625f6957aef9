from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["AnomalyError", "detect_anomaly", "is_anomaly_enabled", "set_anomaly_mode"]

class AnomalyError(FloatingPointError):
    op: str
    phase: str
    shapes: tuple[tuple[int, ...], ...]
    def __init__(self, op: str, phase: str, shapes: tuple[tuple[int, ...], ...], message: str) -> None: ...

def set_anomaly_mode(enabled: bool) -> None: ...
def is_anomaly_enabled() -> bool: ...
@contextmanager
def detect_anomaly(enabled: bool = True) -> Iterator[None]: ...
def check_gradient(op: str, name: str, grad: Any) -> None: ...
