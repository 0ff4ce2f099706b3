"""Readers for the Swedish NER corpora in ``shared/data/ner`` (Webbnyheter 2012, UNER).

Every reader yields ``(words, tags)`` with BIO tags over PER, LOC and ORG only; MISC is dropped
because Lyhörd never needs it and it blurs the PER/O boundary.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

LABELS = ("PER", "LOC", "ORG")
Sentence = tuple[list[str], list[str]]


def _io_to_bio(tags: list[str]) -> list[str]:
    out, prev = [], "O"
    for tag in tags:
        label = tag if tag in LABELS else "O"
        if label == "O":
            out.append("O")
        else:
            out.append(("I-" if prev == label else "B-") + label)
        prev = label
    return out


def read_webbnyheter(path: Path) -> Iterator[Sentence]:
    """Read Webbnyheter 2012 (``token<ws>tag`` per line, IO tags, blank line between sentences).

    The file mixes tab and space separators, so a line is split on its last run of whitespace;
    lines without a tag (one malformed line in the train file) are skipped. Soft hyphens are
    removed from tokens because resident text never carries them.
    """
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.rsplit(maxsplit=1)
        if not line.strip():
            if words:
                yield words, _io_to_bio(tags)
            words, tags = [], []
            continue
        if len(parts) != 2:
            continue
        word = parts[0].replace("\u00ad", "").strip()
        if word:
            words.append(word)
            tags.append(parts[1].strip())
    if words:
        yield words, _io_to_bio(tags)


def read_iob2(path: Path) -> Iterator[Sentence]:
    """Read a UNER ``.iob2`` file (id, token, BIO tag, ...; ``#`` comment lines)."""
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            if words:
                yield words, tags
            words, tags = [], []
            continue
        tag = cols[2]
        words.append(cols[1])
        tags.append(tag if tag[2:] in LABELS else "O")
    if words:
        yield words, tags


def to_doc(nlp: Language, words: list[str], tags: list[str]) -> Doc:
    """Build a gold ``Doc`` from pre-tokenized words and BIO tags."""
    return Doc(nlp.vocab, words=words, ents=tags)


def corpus_sentences(shared_dir: Path, split: str) -> list[Sentence]:
    """Return ``(words, BIO tags)`` for a named split.

    Args:
        shared_dir: the shared folder (holding ``data/ner``).
        split: ``train`` (Webbnyheter train + UNER Talbanken train, also available apart as
            ``webbnyheter-train`` and ``uner-train``), ``dev`` (UNER Talbanken dev),
            ``webbnyheter-test`` or ``uner-pud``.
    """
    ner = shared_dir / "data" / "ner"
    sources = {
        "train": [
            read_webbnyheter(ner / "webbnyheter2012/train_corpus.txt"),
            read_iob2(ner / "uner-talbanken/sv_talbanken-ud-train.iob2"),
        ],
        "webbnyheter-train": [read_webbnyheter(ner / "webbnyheter2012/train_corpus.txt")],
        "uner-train": [read_iob2(ner / "uner-talbanken/sv_talbanken-ud-train.iob2")],
        "dev": [read_iob2(ner / "uner-talbanken/sv_talbanken-ud-dev.iob2")],
        "webbnyheter-test": [read_webbnyheter(ner / "webbnyheter2012/test_corpus.txt")],
        "uner-pud": [read_iob2(ner / "uner-pud/sv_pud-ud-test.iob2")],
    }
    return [sentence for source in sources[split] for sentence in source]


def corpus_docs(nlp: Language, shared_dir: Path, split: str) -> list[Doc]:
    """Return gold docs for a named split (see :func:`corpus_sentences`)."""
    return [to_doc(nlp, w, t) for w, t in corpus_sentences(shared_dir, split)]
