"""Each member's statement about the theme, with a vector in a language-neutral space.

A submission often raises several things ("Bussen är sen. Dessutom: fritids har
för lite personal"). Of its clean statements (see ``clean.py``) the one about
this theme is chosen: by the theme's keywords first, by closeness to the
theme's centre when the keywords do not settle it. Points are then formed
over these statements, so a count says how many submissions hold a view.

Vectors: where the store's embedding model can be loaded here, statements that
differ from their whole submission are embedded afresh (in memory only: the
``embeddings`` table belongs to the themes stage); otherwise the submission's
stored vector stands for its statement. Each language's mean vector is
subtracted, as in ``pipeline/themes/fit.py``, so statements group by what they
say, not by the language they say it in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pipeline.summaries.clean import Statement, clean_statements
from pipeline.summaries.features import DEFAULT_KIND, Evidence, cued_kind, find_evidence, language_of
from pipeline.summaries.text import tokens

Embed = Callable[[list[str]], np.ndarray]
MIN_LANGUAGE_DOCS = 5
# "Jag är 79 och går med rollator.", "Vi är en familj med tre barn": who the resident is, not their point.
_SELF_INTRO = re.compile(
    r"^(?:jag|vi) är (?:\d+|över \d+|en?|ett gäng|några|två|tre|fyra|ledare|lärare|mamma|pappa|förälder"
    r"|föräldrar|pensionär|pensionärer|boende|student|studenter|elev|elever|ensamstående)\b",
    re.IGNORECASE,
)
# A statement this much shorter than its submission gets its own vector (the rest is wrapping).
OWN_VECTOR_BELOW = 0.85


@dataclass(frozen=True)
class Offsets:
    """Per-language mean vectors of a dialogue, and the global mean for rare languages."""

    means: dict[str, np.ndarray]
    glob: np.ndarray

    def neutralize(self, vectors: np.ndarray, languages: Sequence[str]) -> np.ndarray:
        """Return unit vectors with each row's language mean subtracted."""
        if not len(vectors) or self.glob.shape[0] != vectors.shape[1]:
            return vectors
        shifted = vectors - np.stack([self.means.get(lang, self.glob) for lang in languages])
        return unit(shifted)


@dataclass
class Chosen:
    """One member's statement about the theme."""

    member: int
    statement: Statement
    language: str
    kind: str
    evidence: Evidence
    relevance: float = 0.0
    cued: bool = True  # a kind rule matched (False: ``kind`` is the default)


@dataclass
class ThemeStatements:
    """The chosen statements of a theme, their vectors, and the members without any."""

    chosen: list[Chosen]
    vectors: np.ndarray
    unusable: list[int] = field(default_factory=list)


def unit(x: np.ndarray) -> np.ndarray:
    """Return ``x`` scaled to unit rows (zero rows stay zero)."""
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return (x / np.where(norms == 0, 1, norms)).astype(np.float32)


def language_offsets(vectors: np.ndarray, languages: Sequence[str]) -> Offsets:
    """Return the language means of a dialogue's submission vectors (rare languages use the global mean)."""
    glob = vectors.mean(axis=0) if len(vectors) else np.zeros(0, np.float32)
    langs = np.array(list(languages))
    means = {}
    for lang in set(languages):
        mask = langs == lang
        if mask.sum() >= MIN_LANGUAGE_DOCS:
            means[lang] = vectors[mask].mean(axis=0)
    return Offsets(means, glob)


def keyword_relevance(text: str, keywords: set[str]) -> float:
    """Return how many theme keywords a statement uses (a 5-letter stem counts: "cyklat" for "cykla").

    A self-introduction without a cue of what the resident wants or finds wrong counts one less, so
    the statement after it is the one chosen ("Jag är 79 och går med rollator. På vintern …").
    """
    stems = {k[:5] for k in keywords if len(k) >= 5}
    found = float(sum(1 for w in tokens(text) if w in keywords or w[:5] in stems))
    return found - 1 if _SELF_INTRO.match(text) and cued_kind(text) is None else found


def _pick(
    statements: list[Statement], scores: list[float], centre: np.ndarray, table: dict[str, np.ndarray] | None
) -> tuple[Statement, np.ndarray | None, float]:
    """Return the statement about the theme, its fresh vector when one was made, and its relevance."""
    top = max(scores)
    if not _tied(statements, scores, centre, table):
        best = int(np.argmax(scores))
        return statements[best], None, top
    assert table is not None
    vectors = np.stack([table[s.text] for s in statements])
    best = int(np.argmax(vectors @ centre + 0.05 * np.asarray(scores)))
    return statements[best], vectors[best], scores[best]


def _tied(statements: list[Statement], scores: list[float], centre: np.ndarray, table: object) -> bool:
    """Say whether the keywords leave the choice open, so closeness to the theme's centre decides."""
    top = max(scores)
    return not (len(statements) == 1 or (top > 0 and scores.count(top) == 1) or table is None or not len(centre))


def _statement_vectors(
    members: list[dict[str, Any]],
    found: list[tuple[list[Statement], list[float]]],
    centre: np.ndarray,
    embed: Embed | None,
) -> dict[str, np.ndarray] | None:
    """Embed, in one batch, every statement a theme needs a vector of; return unit vectors by text.

    Those are all statements of a member whose keywords tie (:func:`_pick` compares them with
    the centre) and a chosen statement much shorter than its submission (:func:`choose_statements`).
    One batch instead of one call per member: the embedder's vectors do not depend on the batch,
    and per-call overhead was a quarter of the statements' embedding CPU (issue 14).
    """
    if embed is None:
        return None
    texts: list[str] = []
    for member, (statements, scores) in zip(members, found, strict=True):
        if not statements:
            continue
        if _tied(statements, scores, centre, True):
            texts += [s.text for s in statements]
        else:
            chosen = statements[int(np.argmax(scores))]
            if _own_vector(chosen, member):
                texts.append(chosen.text)
    distinct = list(dict.fromkeys(texts))
    return dict(zip(distinct, unit(embed(distinct)), strict=True)) if distinct else {}


def _own_vector(statement: Statement, member: dict[str, Any]) -> bool:
    """Say whether a statement differs enough from its whole submission to need its own vector."""
    return len(statement.text) < OWN_VECTOR_BELOW * len(member["text"].strip())


def choose_statements(
    members: list[dict[str, Any]],
    vectors: np.ndarray,
    keywords: set[str],
    offsets: Offsets | None,
    embed: Embed | None,
) -> ThemeStatements:
    """Return each member's statement about the theme with a language-neutral vector.

    Args:
        members: The theme's members (``id``, ``text``, ``language``).
        vectors: One unit vector per member (stored embeddings, or TF-IDF).
        keywords: The theme's keywords, lower case.
        offsets: The dialogue's language means (None: no neutralization, e.g. TF-IDF).
        embed: Embeds statement texts in the space of ``vectors``; None keeps the stored vectors.
    """
    languages = [language_of(m.get("language"), m["text"], m["text"]) for m in members]
    own = offsets.neutralize(vectors, languages) if offsets else vectors
    centre = unit(own.mean(axis=0)) if len(own) else own
    centre = centre if offsets else np.zeros(0)
    cleaned = [clean_statements(m["text"]) for m in members]
    found = [(st, [keyword_relevance(s.text, keywords) for s in st]) for st in cleaned]
    table = _statement_vectors(members, found, centre, embed)
    chosen: list[Chosen] = []
    rows: list[np.ndarray] = []
    fresh: dict[int, np.ndarray] = {}
    unusable: list[int] = []
    for i, (member, (statements, scores)) in enumerate(zip(members, found, strict=True)):
        if not statements:
            unusable.append(i)
            continue
        statement, vector, relevance = _pick(statements, scores, centre, table)
        lang = language_of(member.get("language"), statement.text, member["text"])
        kind = cued_kind(statement.text)
        chosen.append(Chosen(i, statement, lang, kind or DEFAULT_KIND, find_evidence(statement.text)))
        chosen[-1].relevance = relevance
        chosen[-1].cued = kind is not None
        if vector is not None:
            fresh[len(rows)] = vector
        elif table is not None and _own_vector(statement, member):
            fresh[len(rows)] = table[statement.text]
        rows.append(vectors[i])
    matrix = np.asarray(rows, dtype=np.float32) if rows else np.zeros((0, vectors.shape[1]), np.float32)
    for row, vector in fresh.items():
        matrix[row] = vector
    if offsets:
        matrix = offsets.neutralize(matrix, [c.language for c in chosen])
    return ThemeStatements(chosen, matrix, unusable)
