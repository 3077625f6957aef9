"""Input builders for op rows: each returns ``inputs(rng) -> list[np.ndarray]`` (float64)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

Shape = tuple[int, ...]
Inputs = Callable[[np.random.Generator], list[np.ndarray]]


def normal(*shapes: Shape, scale: float = 1.0) -> Inputs:
    """Standard normal samples times ``scale``, one array per shape."""
    return lambda rng: [np.asarray(rng.standard_normal(s) * scale) for s in shapes]


def positive(*shapes: Shape, low: float = 0.5, high: float = 2.0) -> Inputs:
    """Uniform in ``[low, high)``: for log, sqrt, fractional powers and denominators."""
    return lambda rng: [np.asarray(rng.uniform(low, high, s)) for s in shapes]


def away_from(*shapes: Shape, points: Sequence[float] = (0.0,), margin: float = 0.1,
              scale: float = 1.0) -> Inputs:
    """Normal samples resampled until every entry is at least ``margin`` from each of ``points``.

    Keeps central differences off the kinks of relu/abs (0) and clamp (its bounds).
    """

    def make(rng: np.random.Generator) -> list[np.ndarray]:
        out = []
        for s in shapes:
            a = np.asarray(rng.standard_normal(s) * scale)
            for _ in range(1000):
                bad = np.zeros(a.shape, dtype=bool)
                for p in points:
                    bad |= np.abs(a - p) < margin
                if not bad.any():
                    break
                a[bad] = rng.standard_normal(int(bad.sum())) * scale
            out.append(a)
        return out

    return make


def nonzero(*shapes: Shape, low: float = 0.3, high: float = 2.0) -> Inputs:
    """Magnitude uniform in ``[low, high)`` with a random sign: denominators, abs, relu."""

    def make(rng: np.random.Generator) -> list[np.ndarray]:
        return [np.asarray(rng.uniform(low, high, s) * rng.choice([-1.0, 1.0], s)) for s in shapes]

    return make


def fixed(*arrays: object, dtype: type = np.float64) -> Inputs:
    """Exactly these values (ties, boundaries); float64 unless ``dtype`` says otherwise."""
    return lambda rng: [np.array(a, dtype=dtype) for a in arrays]


def integers(*shapes: Shape, low: int = 0, high: int = 3) -> Inputs:
    """Small integer values stored as float64: many exact ties, exact in float32 too."""
    return lambda rng: [np.asarray(rng.integers(low, high, s), dtype=np.float64) for s in shapes]


def none() -> Inputs:
    """No inputs (creation ops)."""
    return lambda rng: []
