"""The op name is the join key: every registered op has rows, and every row names a registered op.

A registered op needs a gradcheck row (central differences) unless it has no gradient by nature
(creation ops, integer casts), which every one of its rows must say in ``note``; and it needs a
PyTorch row. Rows that deviate from the default float32 tolerance must say why.
"""

from __future__ import annotations

from collections import defaultdict

from op_rows import OpRow, all_rows
from op_rows.core import KINK_ROWS

import dfdx_typed as dt

ROWS = all_rows()
DEFAULT_RTOL, DEFAULT_ATOL = OpRow.rtol, OpRow.atol


def _by_op(rows: list[OpRow]) -> dict[str, list[OpRow]]:
    out: dict[str, list[OpRow]] = defaultdict(list)
    for r in rows:
        out[r.op].append(r)
    return out


def test_every_row_names_a_registered_op() -> None:
    unknown = sorted({f"{r.label} -> {r.op}" for r in ROWS + KINK_ROWS if r.op not in dt.REGISTRY})
    assert unknown == [], f"rows name ops that are not in dt.REGISTRY: {unknown}"


def test_every_op_has_a_gradcheck_row_or_a_stated_reason() -> None:
    by_op = _by_op(ROWS)
    missing = []
    for name in dt.REGISTRY:
        rows = by_op.get(name, [])
        if any(r.gradcheck for r in rows):
            continue
        if rows and all(r.note for r in rows):
            continue  # no gradient by nature, and every row says why
        missing.append(name)
    assert missing == [], f"ops with no gradcheck row (and no note saying why): {missing}"


def test_every_op_has_a_torch_row() -> None:
    by_op = _by_op(ROWS)
    missing = [n for n in dt.REGISTRY if not any(r.torch_fn is not None for r in by_op.get(n, []))]
    assert missing == [], f"ops with no PyTorch row: {missing}"


def test_exemptions_and_tolerance_deviations_are_explained() -> None:
    unexplained = [
        r.label for r in ROWS + KINK_ROWS
        if not r.note and (not r.gradcheck or (r.rtol, r.atol) != (DEFAULT_RTOL, DEFAULT_ATOL))
    ]
    assert unexplained == [], f"rows without gradcheck or with other tolerances need a note: {unexplained}"


def test_labels_are_unique() -> None:
    labels = [r.label for r in ROWS + KINK_ROWS]
    assert len(labels) == len(set(labels)), sorted({x for x in labels if labels.count(x) > 1})
