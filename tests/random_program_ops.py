"""Random-program rows for the vision, selection, einsum, nn and loss ops (test_plugin_random_programs.py).

A mixin of that file's ``Ops``: each method returns the expression of one op on the current tensor
(``self.b.current``), drawn for its run-time shape, usually valid and about one time in ten wrong
(``self.rarely()``), so the checker's errors are compared with the run time's. It uses the host's
``draw pick int_ rarely dim tuple_ axis tensor b``.

Layer sizes are literal numbers in "mixed" programs (a symbolic or ``int`` input dim then meets a
literal size, which the checker must accept silently when it may fit); index tensors are zeros, so
index *values* are always in range and only shapes can be wrong.
"""

from __future__ import annotations

from typing import Any


class ModelOps:
    b: Any
    tensor: Any

    # Provided by the host class.
    def pick(self, options: Any) -> Any: ...  # pragma: no cover
    def int_(self, lo: int, hi: int) -> int: ...  # pragma: no cover
    def rarely(self) -> bool: ...  # pragma: no cover
    def dim(self, j: int) -> str: ...  # pragma: no cover
    def tuple_(self, items: list[str]) -> str: ...  # pragma: no cover
    def axis(self, rank: int) -> int: ...  # pragma: no cover

    def size(self, j: int) -> str:
        """Dim ``j`` as a layer size: its static spelling in literal programs, its number otherwise."""
        return self.dim(j) if self.b.kind == "literal" else str(self.tensor.shape[j])

    def image(self) -> str:
        """A 4-d image that carries the current tensor's tape (its sum, broadcast)."""
        shape = (self.int_(1, 2), self.int_(1, 4), self.int_(2, 6), self.int_(2, 6))
        return f"dt.randn({shape!r}) + {self.b.current}.sum()"

    def vision(self) -> str:
        t, cur = self.tensor, self.b.current
        if t.ndim not in (3, 4):
            return self.image()
        c = t.shape[-3]
        kind = self.pick(["conv", "conv", "pool", "pad", "upscale", "adaptive", "conv_layer", "pool_layer"])
        k = self.int_(1, 3)
        if kind in ("conv", "conv_layer"):
            groups = self.pick([g for g in (1, 2, 3) if c % g == 0])
            out = groups * self.int_(1, 2)
            stride = self.int_(1, 2)
            padding = self.pick(["0", "1", "'same'"] if stride == 1 else ["0", "1"])
            if kind == "conv_layer":
                cin = str(c + 1) if self.rarely() else self.size(t.ndim - 3)
                options = f"stride={stride}, padding={padding}, groups={groups}"
                return f"dt.nn.Conv2d({cin}, {out}, {k}, {options})({cur})"
            per_group = str(c // groups) if groups > 1 else self.dim(t.ndim - 3)
            if self.rarely():
                per_group = str(c // groups + 1)
            weight = f"dt.randn(({out}, {per_group}, {k}, {self.int_(1, 3)}))"
            return f"dt.conv2d({cur}, {weight}, stride={stride}, padding={padding}, groups={groups})"
        if kind in ("pool", "pool_layer"):
            op = self.pick(["max_pool2d", "avg_pool2d"])
            stride = self.pick(["None", "1", "2"])
            padding = self.int_(0, k // 2 + (1 if self.rarely() else 0))
            if kind == "pool_layer":
                layer = "MaxPool2d" if op == "max_pool2d" else "AvgPool2d"
                return f"dt.nn.{layer}({k}, stride={stride}, padding={padding})({cur})"
            return f"dt.{op}({cur}, {k}, stride={stride}, padding={padding})"
        if kind == "pad":
            mode = self.pick(["constant", "replicate", "reflect"])
            amounts = [self.int_(0, 2) for _ in range(self.pick([2, 4]))]
            return f"dt.pad({cur}, {tuple(amounts)!r}, mode={mode!r})"
        if kind == "upscale":
            return self.pick([f"dt.upscale2d({cur}, scale_factor=2)", f"dt.upscale2d({cur}, size=(3, 2))"])
        return self.pick([f"dt.adaptive_avg_pool2d({cur}, (1, 2))", f"dt.global_avg_pool2d({cur})"])

    def selecting(self) -> str:
        t, cur, rank = self.tensor, self.b.current, self.tensor.ndim
        if rank == 0:
            return f"{cur}.reshape((1, 1))"
        kind = self.pick(["gather", "take", "roll", "one_hot", "einsum", "eq", "select"])
        ax = self.int_(0, rank - 1)
        if kind == "gather":
            dims = [str(self.int_(1, max(1, s))) for s in t.shape]
            if self.rarely():
                dims = dims[:-1] or ["1", "1"]
            return f"dt.gather({cur}, {ax}, dt.zeros({self.tuple_(dims)}, dtype='int64'))"
        if kind == "take":
            dims = [self.pick(["1", self.dim(j)]) for j in range(rank)]
            dims[ax] = str(self.int_(1, 3))
            if self.rarely():
                dims = [*dims, "1"]
            return f"dt.take_along_axis({cur}, dt.zeros({self.tuple_(dims)}, dtype='int64'), axis={ax})"
        if kind == "select":
            return f"dt.select({cur}, {self.axis(rank)}, dt.zeros(({self.int_(1, 3)},), dtype='int64'))"
        if kind == "roll":
            return f"{cur}.roll({self.int_(-2, 2)}, axis={self.axis(rank)})"
        if kind == "one_hot" and t.shape[-1] > 0:
            return f"dt.one_hot({cur}.argmax(axis=-1), {t.shape[-1]})"
        if kind == "eq":
            other = f"dt.randn({self.tuple_([self.dim(j) for j in range(rank)])})"
            if self.rarely():
                other = f"dt.randn(({t.shape[-1] + 1},))"
            return f"{cur} {self.pick(['==', '!='])} {other}"
        letters = "abcd"[:rank]
        if self.draw_bool():
            k = str(t.shape[-1] + 1) if self.rarely() else self.dim(rank - 1)
            out = letters[:-1] + "z"
            return f"dt.einsum('{letters},{letters[-1]}z->{out}', {cur}, dt.randn(({k}, 2)))"
        out = "".join(reversed(letters[1:])) if rank > 1 else ""
        return f"dt.einsum('{letters}->{out}', {cur})"

    def draw_bool(self) -> bool:
        return bool(self.int_(0, 1))

    def layer(self) -> str:
        t, cur, rank = self.tensor, self.b.current, self.tensor.ndim
        if rank == 0:
            return f"{cur}.reshape((1, 1))"
        d = str(t.shape[-1] + 1) if self.rarely() else self.size(rank - 1)
        h, m = self.int_(1, 4), self.int_(1, 4)
        return self.pick([
            f"dt.nn.Linear({d}, {m})({cur})",
            f"dt.nn.Sequential(dt.nn.Linear({d}, {h}), dt.nn.ReLU(), dt.nn.Linear({h}, {m}))({cur})",
            f"dt.nn.LayerNorm({d})({cur})",
            f"dt.nn.Residual(dt.nn.Sequential(dt.nn.Linear({d}, {h}), dt.nn.Tanh(), dt.nn.Linear({h}, {d})))"
            f"({cur})",
            f"dt.nn.Flatten()({cur})",
            f"dt.nn.GRU({d}, {h}, batch_first={self.pick([True, False])})({cur})[0]",
            f"dt.nn.MultiheadAttention({d}, 1)({cur}, {cur}, {cur})[0]",
        ])

    def loss(self) -> str:
        cur, rank = self.b.current, self.tensor.ndim
        dims = [self.dim(j) for j in range(rank)]
        if rank >= 1 and self.draw_bool():
            target = dims[:-1]
            if self.rarely():
                target = dims
            shape = self.tuple_(target) if target else "()"
            return f"dt.losses.cross_entropy({cur}, dt.zeros({shape}, dtype='int64'))"
        if self.rarely() and rank:
            dims = [*dims, "1"]
        op = self.pick(["mse_loss", "mae_loss", "huber_loss", "binary_cross_entropy_with_logits"])
        return f"dt.losses.{op}({cur}, dt.randn({self.tuple_(dims) if dims else '()'}))"
