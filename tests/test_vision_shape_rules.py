"""The vision and selection shape rules: exact messages on definite errors, and exact (or unknown)
output shapes on symbolic dims, with no error where some value of the symbols would fit.

These are the functions the mypy plugin calls on dims read from types; the run time calls the same
functions on ints (``test_vision_ops.py`` checks the run-time ops raise these very messages).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dfdx_typed import shapes as S
from dfdx_typed.shapes import UNKNOWN, ShapeError, sym
from dfdx_typed.shapes.dims import add, mul
from dfdx_typed.shapes.index import ArrayIndex, MaskIndex

B, C, H, W, N, M, D = (sym(name) for name in "BCHWNMD")
U = UNKNOWN

# --- definite errors, with their exact messages -----------------------------------------------------

ERRORS: list[tuple[str, Callable[[], Any], str, str]] = [
    ("conv2d-kernel-larger-than-input", lambda: S.conv2d("conv2d", (1, 3, 4, 4), (16, 3, 5, 5)), "shape",
     "conv2d: kernel spans 5 along H (size 5, dilation 1) but the input is 4: "
     "input (1, 3, 4, 4), weight (16, 3, 5, 5)"),
    ("conv2d-kernel-too-wide-unpadded-axis",
     lambda: S.conv2d("conv2d", (1, 3, 4, 7), (16, 3, 3, 8), padding=(1, 0)), "shape",
     "conv2d: kernel spans 8 along W (size 8, dilation 1) but the input is 7: "
     "input (1, 3, 4, 7), weight (16, 3, 3, 8)"),
    ("conv2d-dilated-kernel-too-large",
     lambda: S.conv2d("conv2d", (1, 3, 4, 4), (16, 3, 3, 3), dilation=2, padding=(0, 1)), "shape",
     "conv2d: kernel spans 5 along H (size 3, dilation 2) but the input is 4: "
     "input (1, 3, 4, 4), weight (16, 3, 3, 3)"),
    ("conv2d-padded-still-too-small",
     lambda: S.conv2d("conv2d", (1, 3, 2, 2), (16, 3, 5, 5), padding=1), "shape",
     "conv2d: kernel spans 5 along H (size 5, dilation 1) but the padded input is 4 (2 + 2×1): "
     "input (1, 3, 2, 2), weight (16, 3, 5, 5)"),
    ("conv2d-channels-not-divisible-by-groups",
     lambda: S.conv2d("conv2d", (1, 3, 8, 8), (4, 1, 3, 3), groups=2), "shape",
     "conv2d: input channels 3 are not divisible by groups 2: input (1, 3, 8, 8), weight (4, 1, 3, 3)"),
    ("conv2d-out-channels-not-divisible-by-groups",
     lambda: S.conv2d("conv2d", (1, 4, 8, 8), (6, 1, 3, 3), groups=4), "shape",
     "conv2d: out channels 6 are not divisible by groups 4: input (1, 4, 8, 8), weight (6, 1, 3, 3)"),
    ("conv2d-in-channel-mismatch", lambda: S.conv2d("conv2d", (1, 3, 8, 8), (16, 4, 3, 3)), "shape",
     "conv2d: input channels 3 != weight in-channels 4 × groups 1: input (1, 3, 8, 8), "
     "weight (16, 4, 3, 3)"),
    ("conv2d-in-channel-mismatch-with-groups",
     lambda: S.conv2d("conv2d", (1, 4, 8, 8), (16, 4, 3, 3), groups=2), "shape",
     "conv2d: input channels 4 != weight in-channels 4 × groups 2: input (1, 4, 8, 8), "
     "weight (16, 4, 3, 3)"),
    ("conv2d-bias", lambda: S.conv2d("conv2d", (1, 3, 8, 8), (16, 3, 3, 3), (8,)), "shape",
     "conv2d: bias must be (16,) for weight (16, 3, 3, 3), got (8,)"),
    ("conv2d-same-with-stride",
     lambda: S.conv2d("conv2d", (1, 3, 8, 8), (16, 3, 3, 3), stride=2, padding="same"), "shape",
     "conv2d: padding='same' needs stride 1, got stride 2"),
    ("conv2d-input-rank", lambda: S.conv2d("conv2d", (3, 8), (16, 3, 3, 3)), "shape",
     "conv2d: input must be (N, C, H, W) or (C, H, W), got (3, 8)"),
    ("conv2d-bad-padding-string",
     lambda: S.conv2d("conv2d", (1, 3, 8, 8), (16, 3, 3, 3), padding="full"), "shape",
     "conv2d: padding must be an int, a tuple, 'same' or 'valid', got 'full'"),
    ("conv2d-zero-stride", lambda: S.conv2d("conv2d", (1, 3, 8, 8), (16, 3, 3, 3), stride=0), "shape",
     "conv2d: stride must be at least 1, got 0"),
    ("conv1d-kernel-larger-than-input", lambda: S.conv1d("conv1d", (2, 3, 4), (8, 3, 7)), "shape",
     "conv1d: kernel spans 7 along L (size 7, dilation 1) but the input is 4: input (2, 3, 4), "
     "weight (8, 3, 7)"),
    ("conv1d-in-channel-mismatch", lambda: S.conv1d("conv1d", (2, 3, 40), (8, 2, 7)), "shape",
     "conv1d: input channels 3 != weight in-channels 2 × groups 1: input (2, 3, 40), weight (8, 2, 7)"),
    ("conv_transpose2d-output-padding",
     lambda: S.conv_transpose2d("conv_transpose2d", (1, 8, 4, 4), (8, 4, 3, 3), stride=2,
                                output_padding=2), "shape",
     "conv_transpose2d: output_padding 2 must be smaller than stride 2 or dilation 1"),
    ("conv_transpose2d-in-channel-mismatch",
     lambda: S.conv_transpose2d("conv_transpose2d", (1, 8, 4, 4), (6, 4, 3, 3)), "shape",
     "conv_transpose2d: input channels 8 != weight in-channels 6: input (1, 8, 4, 4), "
     "weight (6, 4, 3, 3)"),
    ("conv_transpose2d-empty-output",
     lambda: S.conv_transpose2d("conv_transpose2d", (1, 8, 1, 1), (8, 4, 1, 1), padding=1), "shape",
     "conv_transpose2d: output size along H would be -1, which is not positive: input (1, 8, 1, 1), "
     "weight (8, 4, 1, 1), stride 1, padding 1"),
    ("conv_transpose2d-groups",
     lambda: S.conv_transpose2d("conv_transpose2d", (1, 6, 4, 4), (6, 4, 3, 3), groups=4), "shape",
     "conv_transpose2d: input channels 6 are not divisible by groups 4: input (1, 6, 4, 4), "
     "weight (6, 4, 3, 3)"),
    ("max_pool2d-kernel-larger-than-input", lambda: S.max_pool2d("max_pool2d", (1, 3, 4, 4), 5), "shape",
     "max_pool2d: kernel spans 5 along H (size 5, dilation 1) but the input is 4: "
     "input (1, 3, 4, 4), kernel_size 5"),
    ("max_pool2d-padding-over-half-kernel",
     lambda: S.max_pool2d("max_pool2d", (1, 3, 8, 8), 3, padding=2), "shape",
     "max_pool2d: padding 2 must be at most half of kernel_size 3"),
    ("avg_pool2d-string-padding",
     lambda: S.avg_pool2d("avg_pool2d", (1, 3, 8, 8), 3, padding="same"),  # type: ignore[arg-type]
     "shape", "avg_pool2d: padding must be an int or a tuple of 2 ints, got 'same'"),
    ("upscale2d-no-size", lambda: S.upscale2d("upscale2d", (1, 3, 4, 4)), "shape",
     "upscale2d: give exactly one of size and scale_factor"),
    ("upscale2d-mode", lambda: S.upscale2d("upscale2d", (1, 3, 4, 4), size=8, mode="bicubic"), "shape",
     "upscale2d: mode must be 'nearest' or 'bilinear', got 'bicubic'"),
    ("upscale2d-align-corners-nearest",
     lambda: S.upscale2d("upscale2d", (1, 3, 4, 4), size=8, align_corners=True), "shape",
     "upscale2d: align_corners only applies to mode='bilinear'"),
    ("adaptive-output-size", lambda: S.adaptive_avg_pool2d("adaptive_avg_pool2d", (1, 3, 4, 4), (0, 2)),
     "shape", "adaptive_avg_pool2d: output_size must hold positive ints, got (0, 2)"),
    ("pad-odd-length", lambda: S.pad("pad", (2, 3), (1, 2, 3)), "shape",
     "pad: pad must be an even-length tuple of ints, got (1, 2, 3)"),
    ("pad-reflect-too-wide", lambda: S.pad("pad", (2, 3), (3, 1), mode="reflect"), "shape",
     "pad: reflect padding (3, 1) must be smaller than dim 1 of (2, 3) (3)"),
    ("pad-too-many-dims", lambda: S.pad("pad", (2, 3), (1, 1, 1, 1, 1, 1)), "shape",
     "pad: pad (1, 1, 1, 1, 1, 1) covers 3 dims but the input (2, 3) has 2"),
    ("einsum-letter-mismatch", lambda: S.einsum("einsum", "ij,jk->ik", (2, 3), (4, 5)), "shape",
     "einsum: letter 'j' is 3 in operand 0 (2, 3) but 4 in operand 1 (4, 5) ('ij,jk->ik')"),
    ("einsum-diagonal-mismatch", lambda: S.einsum("einsum", "ii->i", (2, 3)), "shape",
     "einsum: letter 'i' is 2 in operand 0 (2, 3) but 3 in operand 0 (2, 3) ('ii->i')"),
    ("einsum-operand-count", lambda: S.einsum("einsum", "ij,jk->ik", (2, 3)), "shape",
     "einsum: subscripts 'ij,jk->ik' name 2 operands, 1 given"),
    ("einsum-rank", lambda: S.einsum("einsum", "ij,jk->ik", (2, 3, 1), (3, 5)), "shape",
     "einsum: operand 0 has 3 dims but 'ij' names 2"),
    ("einsum-unknown-output-letter", lambda: S.einsum("einsum", "ij,jk->il", (2, 3), (3, 5)), "shape",
     "einsum: output letter 'l' does not appear in any operand of 'ij,jk->il'"),
    ("einsum-repeated-output-letter", lambda: S.einsum("einsum", "ij,jk->ii", (2, 3), (3, 5)), "shape",
     "einsum: output 'ii' repeats the letter 'i'"),
    ("einsum-ellipsis-broadcast",
     lambda: S.einsum("einsum", "...ij,...jk->...ik", (2, 3, 4), (3, 4, 5)), "shape",
     "einsum: '...' dims do not broadcast: operand 0 (2, 3, 4) and operand 1 (3, 4, 5) (2 vs 3)"),
    ("einsum-ellipsis-missing-in-output", lambda: S.einsum("einsum", "...ij->ij", (2, 3, 4)), "shape",
     "einsum: operands have '...' dims, so the output 'ij' needs '...' too"),
    ("einsum-bad-character", lambda: S.einsum("einsum", "i1->i", (2, 3)), "shape",
     "einsum: invalid character '1' in operand 0 term 'i1'"),
    ("gather-rank", lambda: S.gather("gather", (3, 4), 1, (3,)), "shape",
     "gather: index (3,) must have the rank of the input (3, 4)"),
    ("gather-index-larger", lambda: S.gather("gather", (3, 4), 1, (4, 2)), "shape",
     "gather: index (4, 2) is larger than the input (3, 4) at dim 0 (4 > 3); only dim 1 may differ"),
    ("gather-axis", lambda: S.gather("gather", (3, 4), 2, (3, 4)), "shape",
     "gather: axis 2 is out of range for (3, 4) (rank 2)"),
    ("take_along_axis-broadcast", lambda: S.take_along_axis("take_along_axis", (3, 4), (2, 5), 1),
     "shape", "take_along_axis: indices (2, 5) do not broadcast against the input (3, 4) at dim 0: "
     "2 != 3"),
    ("embedding-weight-rank", lambda: S.embedding("embedding", (2, 3), (10,)), "shape",
     "embedding: weight must be (num_embeddings, embedding_dim), got (10,)"),
    ("where-incompatible", lambda: S.where("where", (3,), (4,), ()), "shape",
     "where: shapes do not broadcast at dim -1: condition (3,), x (4,), y ()"),
    ("where-two-sided", lambda: S.where("where", (3, 1), (1, 4), ()), "broadcast",
     "where: broadcast expands every operand: condition (3, 1), x (1, 4), y () give (3, 4); if that "
     "is intended, broadcast_to((3, 4)) one of them explicitly"),
    ("lt-incompatible", lambda: S.broadcast("lt", (3, 4), (3,)), "shape",
     "lt: shapes (3, 4) and (3,) do not broadcast: 4 != 3 at dim -1"),
    ("one_hot-classes", lambda: S.one_hot("one_hot", (3,), 0), "shape",
     "one_hot: num_classes must be a positive int, got 0"),
    ("roll-shift-count", lambda: S.roll("roll", (3, 4), (1, 2), 0), "shape",
     "roll: 2 shifts given for 1 axes ((1, 2), 0)"),
    ("roll-axis", lambda: S.roll("roll", (3, 4), 1, 2), "shape",
     "roll: axis 2 is out of range for (3, 4) (rank 2)"),
    ("tril-rank", lambda: S.triangle("tril", (3,)), "shape", "tril: expected at least 2 dims, got (3,)"),
    ("argmax-axis", lambda: S.arg_reduce("argmax", (3, 4), 2), "shape",
     "argmax: axis 2 is out of range for (3, 4) (rank 2)"),
    ("getitem-mask-mismatch", lambda: S.getitem("getitem", (3, 4), (MaskIndex((3, 5)),)), "shape",
     "getitem: boolean index (3, 5) does not match the indexed dims (3, 4) (from axis 0) of (3, 4)"),
    ("getitem-index-tensors-do-not-broadcast",
     lambda: S.getitem("getitem", (3, 4), (ArrayIndex((2,)), ArrayIndex((3,)))), "shape",
     "getitem: index tensors of shapes (2,), (3,) do not broadcast together (indexing (3, 4))"),
    ("getitem-mask-too-many-dims", lambda: S.getitem("getitem", (3, 4), (MaskIndex((3, 4)), 0)), "shape",
     "getitem: too many indices for (3, 4): 3 given for rank 2"),
    ("getitem-int-out-of-bounds-with-tensor",
     lambda: S.getitem("getitem", (3, 4), (ArrayIndex((2,)), 4)), "shape",
     "getitem: index 4 is out of bounds for axis 1 with size 4 in (3, 4)"),
]


@pytest.mark.parametrize(("fn", "code", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_definite_error_message(fn: Callable[[], Any], code: str, message: str) -> None:
    with pytest.raises(ShapeError) as info:
        fn()
    assert (info.value.code, info.value.message) == (code, message)


# --- shapes: literal, symbolic and unknown dims ------------------------------------------------------

SHAPES: list[tuple[str, Callable[[], Any], tuple[Any, ...]]] = [
    ("conv2d-literal", lambda: S.conv2d("conv2d", (8, 3, 28, 28), (16, 3, 5, 5), stride=2, padding=2),
     (8, 16, 14, 14)),
    ("conv2d-unbatched", lambda: S.conv2d("conv2d", (3, 9, 9), (4, 3, 3, 3), dilation=2), (4, 5, 5)),
    ("conv2d-same-asymmetric", lambda: S.conv2d("conv2d", (1, 3, 7, 6), (4, 3, 4, 2), padding="same"),
     (1, 4, 7, 6)),
    ("conv2d-symbolic-same-size", lambda: S.conv2d("conv2d", (B, 3, H, W), (16, 3, 3, 3), padding=1),
     (B, 16, H, W)),
    ("conv2d-symbolic-shrinks", lambda: S.conv2d("conv2d", (B, 3, H, W), (16, 3, 5, 5)),
     (B, 16, add(H, -4), add(W, -4))),
    ("conv2d-symbolic-stride-unknown", lambda: S.conv2d("conv2d", (B, 3, H, W), (16, 3, 3, 3), stride=2),
     (B, 16, U, U)),
    ("conv2d-symbolic-stride-exact",
     lambda: S.conv2d("conv2d", (B, 3, mul(2, H), W), (16, 3, 4, 4), stride=2, padding=1),
     (B, 16, H, U)),
    ("conv2d-symbolic-same-dilated",
     lambda: S.conv2d("conv2d", (B, 3, H, W), (16, 3, 4, 3), padding="same", dilation=2), (B, 16, H, W)),
    ("conv2d-symbolic-channels-no-false-error",
     lambda: S.conv2d("conv2d", (B, C, H, W), (16, 3, 3, 3), groups=2), (B, 16, add(H, -2), add(W, -2))),
    ("conv2d-unknown-dims-no-false-error", lambda: S.conv2d("conv2d", (B, U, U, W), (16, 3, 3, 3)),
     (B, 16, U, add(W, -2))),
    ("conv2d-unknown-kernel", lambda: S.conv2d("conv2d", (B, 3, H, W), (16, 3, U, 3)),
     (B, 16, U, add(W, -2))),
    ("conv2d-unknown-kernel-same", lambda: S.conv2d("conv2d", (B, 3, H, W), (16, 3, U, 3), padding="same"),
     (B, 16, H, W)),
    ("conv1d-symbolic", lambda: S.conv1d("conv1d", (B, C, N), (8, C, 3), padding=1), (B, 8, N)),
    ("conv_transpose2d-literal",
     lambda: S.conv_transpose2d("conv_transpose2d", (2, 8, 7, 7), (8, 4, 3, 3), stride=2, padding=1,
                                output_padding=1, groups=2), (2, 8, 14, 14)),
    ("conv_transpose2d-symbolic-doubles",
     lambda: S.conv_transpose2d("conv_transpose2d", (B, 8, H, W), (8, 4, 4, 4), stride=2, padding=1),
     (B, 4, mul(2, H), mul(2, W))),
    ("max_pool2d-literal-floor", lambda: S.max_pool2d("max_pool2d", (64, 8, 25, 25), 2), (64, 8, 12, 12)),
    ("max_pool2d-symbolic-even", lambda: S.max_pool2d("max_pool2d", (B, C, mul(2, H), mul(2, W)), 2),
     (B, C, H, W)),
    ("max_pool2d-symbolic-unknown", lambda: S.max_pool2d("max_pool2d", (B, C, H, W), 2), (B, C, U, U)),
    ("avg_pool2d-symbolic-same", lambda: S.avg_pool2d("avg_pool2d", (B, C, H, W), 3, stride=1, padding=1),
     (B, C, H, W)),
    ("upscale2d-symbolic", lambda: S.upscale2d("upscale2d", (B, C, H, W), scale_factor=2),
     (B, C, mul(2, H), mul(2, W))),
    ("upscale2d-fractional-literal", lambda: S.upscale2d("upscale2d", (1, 3, 5, 5), scale_factor=1.5),
     (1, 3, 7, 7)),
    ("upscale2d-fractional-symbolic", lambda: S.upscale2d("upscale2d", (B, C, H, W), scale_factor=1.5),
     (B, C, U, U)),
    ("adaptive-none-keeps", lambda: S.adaptive_avg_pool2d("adaptive_avg_pool2d", (B, C, H, W), (7, None)),
     (B, C, 7, W)),
    ("global-pool", lambda: S.global_pool2d("global_avg_pool2d", (B, C, H, W)), (B, C)),
    ("pad-symbolic", lambda: S.pad("pad", (B, C, H), (1, 2), mode="reflect"), (B, C, add(H, 3))),
    ("einsum-symbolic", lambda: S.einsum("einsum", "bij,bjk->bik", (B, N, D), (B, D, M)), (B, N, M)),
    ("einsum-symbol-vs-literal-no-false-error",
     lambda: S.einsum("einsum", "bij,bjk->bik", (B, N, D), (B, 4, M)), (B, N, M)),
    ("einsum-unknown", lambda: S.einsum("einsum", "bij,bjk->bik", (B, N, U), (B, D, M)), (B, N, M)),
    ("einsum-implicit-ellipsis", lambda: S.einsum("einsum", "...ij,jk", (B, N, D), (D, M)), (B, N, M)),
    ("einsum-implicit-sorted", lambda: S.einsum("einsum", "ba,Ab", (2, 3), (4, 2)), (4, 3)),
    ("einsum-keeps-the-literal", lambda: S.einsum("einsum", "ij,jk->jk", (N, D), (4, M)), (4, M)),
    ("getitem-embedding-lookup", lambda: S.getitem("getitem", (1000, 64), (ArrayIndex((B, N)),)),
     (B, N, 64)),
    ("getitem-mask-count-unknown", lambda: S.getitem("getitem", (B, D), (MaskIndex((B, D)),)), (U,)),
    ("getitem-mask-symbolic-no-false-error",
     lambda: S.getitem("getitem", (B, D, 3), (MaskIndex((B, 4)),)), (U, 3)),
    ("getitem-advanced-first-when-split",
     lambda: S.getitem("getitem", (N, D, M), (ArrayIndex((B,)), slice(None), ArrayIndex((B,)))), (B, D)),
    ("getitem-int-joins-advanced",
     lambda: S.getitem("getitem", (N, D, M), (slice(None), 0, ArrayIndex((B,)))), (N, B)),
    ("getitem-int-split-goes-first",
     lambda: S.getitem("getitem", (N, D, M), (0, slice(None), ArrayIndex((B,)))), (B, D)),
    ("gather-symbolic", lambda: S.gather("gather", (B, N), 1, (B, 3)), (B, 3)),
    ("select-2d-index", lambda: S.select("select", (N, D), 0, (B, 3)), (B, 3, D)),
    ("take_along_axis-broadcast", lambda: S.take_along_axis("take_along_axis", (B, N), (1, 3), 1), (B, 3)),
    ("embedding", lambda: S.embedding("embedding", (B, N), (1000, 64)), (B, N, 64)),
    ("where-mask-over-batch", lambda: S.where("where", (N, N), (B, 4, N, N), ()), (B, 4, N, N)),
    ("one_hot", lambda: S.one_hot("one_hot", (B, N), 10), (B, N, 10)),
    ("argmax-keepdims", lambda: S.arg_reduce("argmax", (B, N), -1, True), (B, 1)),
    ("argmax-flat", lambda: S.arg_reduce("argmax", (B, N)), ()),
]


@pytest.mark.parametrize(("fn", "expected"), [s[1:] for s in SHAPES], ids=[s[0] for s in SHAPES])
def test_output_shape(fn: Callable[[], Any], expected: tuple[Any, ...]) -> None:
    assert fn() == expected


def test_symbolic_two_sided_where_is_reported() -> None:
    """``(N,)`` against ``(N, 1)`` expands both even with a symbolic N (the silent outer product)."""
    with pytest.raises(ShapeError) as info:
        S.where("where", (N,), (N, 1), ())
    assert info.value.code == "broadcast"


def test_symbolic_letter_mismatch_is_reported_only_when_definite() -> None:
    with pytest.raises(ShapeError, match="letter 'j' is D in operand 0 .* but 2·D in operand 1"):
        S.einsum("einsum", "bij,bjk->bik", (B, N, D), (B, mul(2, D), M))
    assert S.einsum("einsum", "bij,bjk->bik", (B, N, D), (B, add(D, 0), M)) == (B, N, M)


def test_symbolic_kernel_too_large_needs_a_literal_size() -> None:
    """A symbolic H could be large enough; a literal 2 cannot hold a 5-wide kernel."""
    assert S.conv2d("conv2d", (B, 3, H, W), (16, 3, 5, 5))[2] == add(H, -4)
    with pytest.raises(ShapeError, match="kernel spans 5 along H"):
        S.conv2d("conv2d", (B, 3, 2, W), (16, 3, 5, 5))
