"""``einsum``: numpy's contraction, with every letter bound to one dim across operands.

Supported: explicit (``"ij,jk->ik"``) and implicit (``"ij,jk"``: letters used once, alphabetically)
outputs; any number of operands; repeated letters in one operand (diagonals and traces:
``"ii->i"``, ``"ii"``); ``...`` for broadcast batch dims (size 1 stretches there; named letters
must match exactly). The gradient of each operand is another einsum, of the output gradient with
the other operands, onto that operand's letters; letters found nowhere else are broadcast back, and
repeated letters write the result onto the diagonal.
"""

from __future__ import annotations

from typing import Any

from .. import shapes
from .._backend import Array, xp
from .._registry import primitive
from .._tensor import Tensor
from ..shapes.select import parse_einsum
from ._common import check_tensor, run

_SPARE = "".join(chr(c) for c in [*range(ord("A"), ord("Z") + 1), *range(ord("a"), ord("z") + 1)])


class _Plan:
    """Subscripts as single letters for numpy: ``...`` dims get letters unused elsewhere, and dims
    of size 1 that broadcast are squeezed out of their operand (numpy only broadcasts under ``...``)."""

    def __init__(self, subscripts: str, arrays: tuple[Array, ...]) -> None:
        labels, output = parse_einsum("einsum", subscripts, [a.ndim for a in arrays])
        used = {lab for term in labels for lab in term if not lab.isdigit()}
        spare = iter(c for c in _SPARE if c not in used)
        letter = {lab: lab for lab in used}
        for term in labels:
            for lab in term:
                if lab not in letter:
                    letter[lab] = next(spare)
        self.sizes: dict[str, int] = {}
        for term, a in zip(labels, arrays):
            for lab, n in zip(term, a.shape):
                if n != 1 or letter[lab] not in self.sizes:
                    self.sizes[letter[lab]] = max(n, self.sizes.get(letter[lab], 1))
        # For each operand: its letters and which of its axes stay (broadcast size-1 dims go).
        self.terms: list[str] = []
        self.keep: list[tuple[int, ...]] = []
        for term, a in zip(labels, arrays):
            keep = tuple(
                k for k, (lab, n) in enumerate(zip(term, a.shape))
                if not (lab.isdigit() and n == 1 and self.sizes[letter[lab]] != 1)
            )
            self.keep.append(keep)
            self.terms.append("".join(letter[term[k]] for k in keep))
        self.output = "".join(letter[lab] for lab in output)

    def squeezed(self, i: int, a: Array) -> Array:
        return a.reshape([a.shape[k] for k in self.keep[i]])

    def spec(self) -> str:
        return ",".join(self.terms) + "->" + self.output


def _forward(*arrays: Array, subscripts: str) -> Array:
    plan = _Plan(subscripts, arrays)
    ops = [plan.squeezed(i, a) for i, a in enumerate(arrays)]
    return xp.asarray(xp.einsum(plan.spec(), *ops, optimize=len(ops) > 1))


def _vjp(i: int, g: Array, ans: Array, *arrays: Array, subscripts: str) -> Array:
    plan = _Plan(subscripts, arrays)
    term = plan.terms[i]
    unique = "".join(dict.fromkeys(term))
    others = [(plan.terms[j], plan.squeezed(j, a)) for j, a in enumerate(arrays) if j != i]
    reachable = set(plan.output).union(*(set(t) for t, _ in others))
    target = "".join(c for c in unique if c in reachable)
    spec = ",".join([plan.output, *(t for t, _ in others)]) + "->" + target
    grad = xp.einsum(spec, g, *(a for _, a in others), optimize=len(others) > 0)
    # Letters only this operand has were summed away: their gradient is the same along them.
    if target != unique:
        grad = grad.reshape([plan.sizes[c] if c in target else 1 for c in unique])
        grad = xp.broadcast_to(grad, [plan.sizes[c] for c in unique])
    if unique != term:
        full = xp.zeros([plan.sizes[c] for c in term], dtype=g.dtype)
        xp.einsum(f"{term}->{unique}", full)[...] = grad  # the diagonal, as a writable view
        grad = full
    return xp.asarray(grad, dtype=g.dtype).reshape(arrays[i].shape)


def _rule(op: str, *shape_list: shapes.Shape, subscripts: str) -> shapes.Shape:
    return shapes.einsum(op, subscripts, *shape_list)


_einsum = primitive("einsum", _forward, _rule)
_einsum.variadic_vjp = _vjp


def einsum(subscripts: str, *operands: Tensor[Any, Any]) -> Tensor[Any, Any]:
    """Einstein summation: ``einsum("bij,bjk->bik", a, b)`` is a batched matmul.

    Shapes: ``operands: (one dim per letter)`` each (``...`` takes the rest); a letter's dims agree
    across operands -> the output letters' dims (``(B, I, J)`` and ``(B, J, K)`` give ``(B, I, K)``).

    PyTorch: ``torch.einsum(subscripts, *operands)``.
    """
    if not isinstance(subscripts, str):
        raise TypeError(f"einsum: subscripts must be a str, got {type(subscripts).__name__}")
    ts = [check_tensor(t, "einsum", f"operands[{k}]") for k, t in enumerate(operands)]
    return run(_einsum, *ts, subscripts=subscripts)
