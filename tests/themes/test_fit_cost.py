"""Issue 14: a theme fit lemmatizes each text once and keeps UMAP's compiled kernels on disk."""

from __future__ import annotations

from pipeline.settings import Settings
from pipeline.themes.text import make_analyzer, stop_words

TEXTS = [
    "Hej! Cykelbanorna vid Råby är för smala och bussarna kommer sent.\n\nMvh [NAMN 1]",
    "The bus to Bäckby never comes on time, the road is full of holes.",
    "مسار الدراجات في رابي ضيق جدا",
    "Waddada baaskiilka ee Råby waa cidhiidhi, baska wuu soo daahaa.",
]
LANGUAGES = ["sv", "en", "ar", "so"]


def test_the_fit_analyzer_reads_each_text_once_and_says_what_the_plain_one_says(monkeypatch) -> None:
    from pipeline.themes import fit, text

    calls: list[str] = []
    plain = make_analyzer

    def counting(*args, **kwargs):
        analyze = plain(*args, **kwargs)

        def wrapped(t: str) -> list[str]:
            calls.append(t)
            return analyze(t)

        return wrapped

    monkeypatch.setattr(text, "make_analyzer", counting)
    settings = Settings()
    analyzer = fit._analyzer(settings, TEXTS, LANGUAGES)
    reference = plain(stop_words(str(settings.models_dir)), dict(zip(TEXTS, LANGUAGES, strict=True)))
    for _ in range(3):  # scheme TF-IDF, lexical LSA, novelty
        for t in TEXTS:
            got = analyzer(t)
            assert got == reference(t)
            got.append("ändrad")  # a caller's change stays its own
    assert calls == TEXTS
    assert "cykelbana" in analyzer(TEXTS[0]) and analyzer(TEXTS[1])


def test_umap_kernels_are_cached_on_disk() -> None:
    import umap.umap_ as umap_module

    from pipeline.themes.jit import UMAP_KERNELS, cache_umap_kernels

    assert cache_umap_kernels() == list(UMAP_KERNELS)
    for name in UMAP_KERNELS:
        assert type(getattr(umap_module, name)._cache).__name__ == "FunctionCache"
