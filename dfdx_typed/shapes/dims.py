"""Dims: an ``int``, a symbolic integer polynomial, or unknown.

The checker sees three kinds of dim: literal sizes (``Literal[4]``), symbols (a ``TypeVar`` such as
``B``, and products/sums of them such as ``Mul[B, L[784]]``), and dims known only at run time (``int``).
The run time sees only ints. Every shape rule is written once against this algebra, so the same
function serves both.

Polynomials are kept in a canonical form (sorted monomials, no zero coefficients, constants folded to
plain ``int``) so that structural equality is mathematical equality: ``28·28`` *is* ``784`` and
``B·784`` built two different ways compares equal.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Final, TypeAlias

# A monomial is a sorted tuple of (symbol, power) pairs; () is the constant monomial.
Monomial: TypeAlias = tuple[tuple[str, int], ...]


class Unknown:
    """A dim known only at run time (``int`` in an annotation). Rules never report errors on it."""

    __slots__ = ()
    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "int"

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = Unknown()


class Poly:
    """An integer polynomial over named symbols, in canonical form. Never a bare constant."""

    __slots__ = ("terms", "_hash")
    terms: tuple[tuple[Monomial, int], ...]

    def __init__(self, terms: tuple[tuple[Monomial, int], ...]) -> None:
        self.terms = terms
        self._hash = hash(terms)

    @staticmethod
    def symbol(name: str) -> Poly:
        return Poly((((((name, 1),)), 1),))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Poly) and other.terms == self.terms

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return format_poly(self)

    @property
    def symbols(self) -> frozenset[str]:
        return frozenset(s for mono, _ in self.terms for s, _ in mono)


Dim: TypeAlias = int | Poly | Unknown
"""A single dim: a concrete size, a symbolic polynomial, or unknown."""

Shape: TypeAlias = tuple[Dim, ...]


def sym(name: str) -> Poly:
    """The symbolic dim called ``name`` (a TypeVar at the type level)."""
    return Poly.symbol(name)


# --- canonical form -----------------------------------------------------------------------------


def _as_terms(d: int | Poly) -> dict[Monomial, int]:
    if isinstance(d, int):
        return {(): d} if d != 0 else {}
    return dict(d.terms)


def _from_terms(terms: dict[Monomial, int]) -> int | Poly:
    items = tuple(sorted((m, c) for m, c in terms.items() if c != 0))
    if not items:
        return 0
    if len(items) == 1 and items[0][0] == ():
        return items[0][1]
    return Poly(items)


def _mono_mul(a: Monomial, b: Monomial) -> Monomial:
    powers: dict[str, int] = dict(a)
    for s, p in b:
        powers[s] = powers.get(s, 0) + p
    return tuple(sorted(powers.items()))


# --- arithmetic ---------------------------------------------------------------------------------


def is_known(d: Dim) -> bool:
    """True for an ``int`` or a polynomial; False for an unknown dim."""
    return not isinstance(d, Unknown)


def add(a: Dim, b: Dim) -> Dim:
    if isinstance(a, Unknown) or isinstance(b, Unknown):
        return UNKNOWN
    if isinstance(a, int) and isinstance(b, int):
        return a + b
    terms = _as_terms(a)
    for m, c in _as_terms(b).items():
        terms[m] = terms.get(m, 0) + c
    return _from_terms(terms)


def neg(a: Dim) -> Dim:
    return mul(-1, a)


def sub(a: Dim, b: Dim) -> Dim:
    return add(a, neg(b))


def mul(a: Dim, b: Dim) -> Dim:
    if isinstance(a, Unknown) or isinstance(b, Unknown):
        # 0 * anything is 0 even when the other factor is unknown.
        if a == 0 or b == 0:
            return 0
        return UNKNOWN
    if isinstance(a, int) and isinstance(b, int):
        return a * b
    terms: dict[Monomial, int] = {}
    for ma, ca in _as_terms(a).items():
        for mb, cb in _as_terms(b).items():
            m = _mono_mul(ma, mb)
            terms[m] = terms.get(m, 0) + ca * cb
    return _from_terms(terms)


def product(dims: tuple[Dim, ...] | list[Dim]) -> Dim:
    out: Dim = 1
    for d in dims:
        out = mul(out, d)
    return out


def _leading(terms: dict[Monomial, int], order: tuple[str, ...]) -> tuple[Monomial, int]:
    # Graded lexicographic order over the exponent vector along ``order`` (every symbol of the
    # division). It must be a true monomial order (m1 > m2 implies m1·m3 > m2·m3) for the division
    # below to find every exact quotient; comparing the sparse (symbol, power) lists is not one
    # (it ranks a^2 > a·b and b^2 > a·b with b > a, so (a + b)^2 / (a + b) was missed).
    def key(mono: Monomial) -> tuple[int, tuple[int, ...]]:
        powers = dict(mono)
        return sum(powers.values()), tuple(powers.get(s, 0) for s in order)

    mono = max(terms, key=key)
    return mono, terms[mono]


def _mono_div(a: Monomial, b: Monomial) -> Monomial | None:
    powers = dict(a)
    for s, p in b:
        have = powers.get(s, 0)
        if have < p:
            return None
        if have == p:
            del powers[s]
        else:
            powers[s] = have - p
    return tuple(sorted(powers.items()))


def exact_div(a: Dim, b: Dim) -> Dim | None:
    """``a / b`` when the division is exact (as polynomials), ``None`` when it is definitely not.

    Returns UNKNOWN when either side is unknown. Division by a symbolic divisor is exact only if the
    polynomial division leaves no remainder; ``None`` then means "not provably exact", which callers
    must treat as a definite error only when both sides are plain ints.
    """
    if isinstance(a, Unknown) or isinstance(b, Unknown):
        return UNKNOWN
    if b == 0:
        return None
    if isinstance(a, int) and isinstance(b, int):
        return a // b if a % b == 0 else None
    num = _as_terms(a)
    den = _as_terms(b)
    order = tuple(sorted({s for m in (*num, *den) for s, _ in m}))
    lead_m, lead_c = _leading(den, order)
    quotient: dict[Monomial, int] = {}
    # Multivariate division by a single divisor: exact iff the remainder reaches zero with every step
    # dividing the current leading term.
    for _ in range(10_000):
        if not num:
            return _from_terms(quotient)
        m, c = _leading(num, order)
        qm = _mono_div(m, lead_m)
        if qm is None or c % lead_c != 0:
            return None
        qc = c // lead_c
        quotient[qm] = quotient.get(qm, 0) + qc
        for dm, dc in den.items():
            pm = _mono_mul(qm, dm)
            num[pm] = num.get(pm, 0) - qc * dc
            if num[pm] == 0:
                del num[pm]
    return None


def floordiv(a: Dim, b: int) -> Dim:
    """``a // b`` for a positive int ``b``: exact when ``a`` is an int or divisible; else UNKNOWN."""
    if isinstance(a, int):
        return a // b
    q = exact_div(a, b)
    return UNKNOWN if q is None else q


def constant_ratio(a: Dim, b: Dim) -> Fraction | None:
    """``a / b`` when it is the same rational number for every value of the symbols, else None.

    ``784·B / 5·B`` is ``784/5``: a reshape asking for that many rows fails for every batch size.
    """
    if isinstance(a, Unknown) or isinstance(b, Unknown) or b == 0:
        return None
    ta, tb = _as_terms(a), _as_terms(b)
    if set(ta) != set(tb) or not ta:
        return None
    ratios = {Fraction(ta[m], tb[m]) for m in ta}
    return ratios.pop() if len(ratios) == 1 else None


# --- comparisons that never guess -----------------------------------------------------------------


def definitely_equal(a: Dim, b: Dim) -> bool:
    return is_known(a) and is_known(b) and a == b


def definitely_differ(a: Dim, b: Dim) -> bool:
    """True only when ``a != b`` for every value of the symbols (and neither is unknown).

    Symbols stand for sizes, so they range over positive integers. The difference of two polynomials
    is then non-zero for every assignment when all its coefficients have the same sign (``784·B``
    vs ``756·B``, ``B + 1`` vs ``B``). Anything else (``B`` vs ``3``) could be equal for some
    assignment, and the checker stays silent.
    """
    if not (is_known(a) and is_known(b)):
        return False
    if isinstance(a, int) and isinstance(b, int):
        return a != b
    diff = sub(a, b)
    if isinstance(diff, int):
        return diff != 0
    assert isinstance(diff, Poly)
    signs = {c > 0 for _, c in diff.terms}
    return len(signs) == 1


def is_one(d: Dim) -> bool:
    return isinstance(d, int) and d == 1


def concrete(shape: Shape) -> tuple[int, ...]:
    """The shape as plain ints (run-time shapes always are; a symbolic dim here is a bug)."""
    out = []
    for d in shape:
        if not isinstance(d, int):
            raise TypeError(f"expected a concrete shape, got a {format_dim(d)} dim")
        out.append(d)
    return tuple(out)


# --- formatting ---------------------------------------------------------------------------------


def _format_mono(mono: Monomial, coef: int) -> str:
    factors = [s if p == 1 else f"{s}^{p}" for s, p in mono]
    if coef != 1 or not factors:
        factors.insert(0, str(coef))
    return "·".join(factors)


def format_poly(p: Poly) -> str:
    # Highest degree first reads naturally: "784·B + 1".
    ordered = sorted(p.terms, key=lambda t: (-sum(pw for _, pw in t[0]), t[0]))
    out = ""
    for i, (mono, coef) in enumerate(ordered):
        text = _format_mono(mono, abs(coef))
        if i == 0:
            out = ("-" if coef < 0 else "") + text
        else:
            out += (" - " if coef < 0 else " + ") + text
    return out


def format_dim(d: Dim) -> str:
    if isinstance(d, int):
        return str(d)
    if isinstance(d, Unknown):
        return "int"
    return format_poly(d)


def format_shape(shape: Shape) -> str:
    """``(B, 784)``; a 1-tuple keeps its comma as Python writes it: ``(784,)``."""
    inner = ", ".join(format_dim(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"
