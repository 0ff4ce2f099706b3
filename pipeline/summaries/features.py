"""What a statement is and how specific it is: kind, evidence, language, near-duplicates.

The kind (förslag, problem, beröm, kritik, fråga) and the evidence markers
(a reason, a proposal, a time) are regular expressions in
``rules/<language>.yaml``; places come from the anonymizer's gazetteers
(``pipeline/anonymize/rules/localities.txt``, ``streets_vasteras.txt``), the
dialogue's own district names and a few Swedish place-name endings.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pipeline.summaries.ruleset import KINDS, Rules, load_places, load_rules
from pipeline.summaries.text import tokens

# Where a kind ties, the rarer and more telling one wins (praise over a bare problem).
KIND_ORDER = ("fråga", "beröm", "kritik", "förslag", "problem")
DEFAULT_KIND = "problem"
_PREPOSITION_PLACE = re.compile(
    r"\b(?:vid|i|på|längs|mellan|till|från|utanför|genom|bakom|near|at|in|on|along|between|from|to)\s+"
    r"([A-ZÅÄÖ][\w\-:]+(?:\s+[A-ZÅÄÖ][\w\-:]+)*)"
)
PLACE_ENDING = re.compile(
    r"\b[\wåäö]{3,}(?:gatan|vägen|väg|parken|torget|torg|skolan|skola|bron|leden|stråket|spåret|badet|hallen|"
    r"gården|backen|platsen|stigen|ängen|skogen|stranden|förskola|gymnasiet|centrum)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# Sentence-initial words that are capitalised only because they start the sentence.
_NOT_PLACES = frozenset("det den de vi jag ni man mer fler bättre snälla tack hej".split())


@dataclass(frozen=True)
class Evidence:
    """What makes a statement specific; ``flag`` when it has at least two kinds of detail."""

    place: bool
    reason: bool
    proposal: bool
    time: bool

    @property
    def score(self) -> int:
        """Return how many kinds of detail the statement has (0–4)."""
        return int(self.place) + int(self.reason) + int(self.proposal) + int(self.time)

    @property
    def flag(self) -> bool:
        """Say whether the statement is evidence-rich: a place, reason, proposal or time, two of them."""
        return self.score >= 2


def classify_kind(text: str, rules: Rules | None = None) -> str:
    """Return the kind of one statement: fråga, beröm, kritik, förslag or problem (the default)."""
    return cued_kind(text, rules) or DEFAULT_KIND


def cued_kind(text: str, rules: Rules | None = None) -> str | None:
    """Return the kind a statement's own words give it, or None when no kind rule matches."""
    if rules is None:  # a statement's kind is asked for its statement, its label and its position
        return _cued_kind_default(text)
    return _cued_kind(text, rules)


@lru_cache(maxsize=1 << 16)
def _cued_kind_default(text: str) -> str | None:
    return _cued_kind(text, load_rules())


def _cued_kind(text: str, rules: Rules) -> str | None:
    if any(p.search(text) for p in rules.kinds.get("fråga", ())):
        return "fråga"
    hits = {kind: sum(1 for p in rules.kinds.get(kind, ()) if p.search(text)) for kind in KINDS if kind != "fråga"}
    best = max(hits.values(), default=0)
    if best == 0:
        return None
    return next(kind for kind in KIND_ORDER if hits.get(kind) == best)


def majority_kind(kinds: Iterable[str | None]) -> str:
    """Return the most common kind (ties: the order of ``KIND_ORDER``).

    Statements no rule gave a kind (None) count only when none has one: three
    statements that say nothing of their kind and one that praises make a point
    of praise, not a "problem" by default.
    """
    given = list(kinds)
    counts = Counter(k for k in given if k) or Counter(DEFAULT_KIND for _ in given)
    if not counts:
        return DEFAULT_KIND
    top = max(counts.values())
    return next(kind for kind in KIND_ORDER if counts.get(kind) == top)


def has_place(text: str, extra_places: frozenset[str] = frozenset()) -> bool:
    """Say whether ``text`` names a place: a known name, a place-name ending, or "vid/i/på" + a name."""
    if PLACE_ENDING.search(text):
        return True
    known = load_places() | extra_places
    for match in _PREPOSITION_PLACE.finditer(text):
        if match.group(1).split()[0].casefold() not in _NOT_PLACES:
            return True
    tokens = [t for t in _TOKEN.findall(text) if t[:1].isupper() and t.casefold() not in _NOT_PLACES]
    return any(t.casefold() in known for t in tokens[1:] if len(t) >= 4)


def find_evidence(text: str, extra_places: frozenset[str] = frozenset(), rules: Rules | None = None) -> Evidence:
    """Return the evidence markers of one statement."""
    rules = rules or load_rules()

    def any_of(name: str) -> bool:
        return any(p.search(text) for p in rules.evidence.get(name, ()))

    return Evidence(
        place=has_place(text, extra_places),
        reason=any_of("reason"),
        proposal=any_of("proposal"),
        time=any_of("time") or bool(_NUMBER.search(text)),
    )


def fold(text: str) -> str:
    """Return ``text`` casefolded without diacritics: an SMS typed "Tagen stalls in" meets "Tågen ställs in"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Quote picking compares every candidate with every shown item, again for each pick: the same
# texts are tokenized thousands of times per theme. A statement's words never change.
@lru_cache(maxsize=1 << 16)
def token_set(text: str) -> frozenset[str]:
    """Return the folded word forms of ``text`` (for near-duplicate checks)."""
    return frozenset(_TOKEN.findall(fold(text)))


def jaccard(a: str, b: str) -> float:
    """Return the token-set Jaccard similarity of two texts (0–1)."""
    x, y = token_set(a), token_set(b)
    return len(x & y) / len(x | y) if x and y else 0.0


def near_duplicate(a: str, b: str, threshold: float = 0.8) -> bool:
    """Say whether two shown items say the same thing: token-set Jaccard at least ``threshold``."""
    return jaccard(a, b) >= threshold


@lru_cache(maxsize=1 << 16)
def _stems(text: str) -> frozenset[str]:
    return frozenset(fold(w)[:5] for w in tokens(text))


def restates(a: str, b: str, threshold: float = 0.6) -> bool:
    """Say whether one item adds nothing to the other (stricter, used when choosing what to show).

    Compared on content words cut to five letters ("behövs" and "behov" are not
    content, "förskoleplatser" and "förskolor" meet): True when they overlap by
    ``threshold`` (Jaccard) or the content of one (two words or more) is all in the other.
    """
    x, y = _stems(a), _stems(b)
    if not x or not y:
        return near_duplicate(a, b, threshold)
    small, large = (x, y) if len(x) <= len(y) else (y, x)
    return len(x & y) / len(x | y) >= threshold or (len(small) >= 2 and small <= large)


def language_of(member_language: str | None, statement: str, whole_text: str) -> str:
    """Return a statement's language: the stored one, else the guess for the statement, then the submission.

    ``und`` (ISO 639 "undetermined") when nothing can be told, never None.
    """
    if member_language:
        return str(member_language)
    from pipeline.themes.language import guess_language  # late: loads spaCy's stop-word lists

    return guess_language(statement) or guess_language(whole_text) or "und"
