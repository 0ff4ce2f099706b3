"""Operators: resolve overlapping spans and replace them with typed Swedish placeholders.

Detectors only find spans; this module decides which span wins where they overlap and writes
the anonymized text. Names are numbered within one submission: the same person gets the same
number, also when mentioned later by first name only, by surname only or in the possessive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pipeline.anonymize.spans import LABELS, Span

PLACEHOLDERS = {
    "ID_NUMBER": "[PERSONNUMMER]",
    "PHONE": "[TELEFON]",
    "EMAIL": "[E-POST]",
    "ADDRESS": "[ADRESS]",
    "PLATE": "[REGNR]",
}
# Already-anonymized text: these are never detected again, so anonymizing twice changes nothing.
PLACEHOLDER_RE = re.compile(r"\[(?:NAMN (\d+)|PERSONNUMMER|TELEFON|E-POST|ADRESS|REGNR)\]")
# Where two spans overlap, a validated pattern span beats a name guess; then the longer wins, and
# at equal length the more specific label does.
PRIORITY = {"ID_NUMBER": 0, "EMAIL": 1, "PHONE": 2, "PLATE": 3, "ADDRESS": 4, "PERSON": 5}
_TRIM = " \t\n\r.,;:!?()[]\"'«»–-/"
_POSSESSIVE = re.compile(r"(?::s|'s|’s)$")


@dataclass(frozen=True)
class Redaction:
    """One anonymized text: the new text and the spans (offsets into the original) it replaced."""

    text: str
    spans: tuple[Span, ...]


def resolve(spans: Iterable[Span], text: str, blocked: Iterable[tuple[int, int]] = ()) -> list[Span]:
    """Return non-overlapping spans, sorted by start.

    Pattern spans (identifiers, contact details, addresses, plates) are taken before names; within
    each group longest first (ties: the more specific label). A later span that overlaps an
    accepted one is cut to the parts outside it rather than dropped, so nothing that any
    detector found is left readable. ``blocked`` ranges (placeholders) are never part of a span.
    """
    taken: list[tuple[int, int]] = sorted(blocked)
    accepted: list[Span] = []
    order = sorted(spans, key=lambda s: (s.label == "PERSON", s.start - s.end, PRIORITY.get(s.label, 9), s.start))
    for span in order:
        parts = _outside(span.start, span.end, taken)
        for start, end in parts:
            piece = (start, end) if parts == [(span.start, span.end)] else _trimmed(text, start, end)
            if piece is None:
                continue
            accepted.append(Span(piece[0], piece[1], span.label, span.detector, span.score))
            taken.append(piece)
        taken.sort()
    return _merge_names(sorted(accepted), text)


def _outside(start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    parts, cursor = [], start
    for t_start, t_end in taken:
        if t_end <= cursor or t_start >= end:
            continue
        if t_start > cursor:
            parts.append((cursor, t_start))
        cursor = max(cursor, t_end)
    if cursor < end:
        parts.append((cursor, end))
    return parts


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return (start, end) if end - start >= 2 else None


def _merge_names(spans: list[Span], text: str) -> list[Span]:
    """Join PERSON spans separated only by spaces or a hyphen ("Anna-Karin" + "Öberg")."""
    out: list[Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label == span.label == "PERSON"
            and text[prev.end : span.start].strip(" \t-") == ""
            and "\n" not in text[prev.end : span.start]
        ):
            out[-1] = Span(prev.start, span.end, "PERSON", prev.detector, min(prev.score, span.score))
        else:
            out.append(span)
    return out


def _norm(token: str) -> str:
    return _POSSESSIVE.sub("", token.lower().strip(".,:;!?\"'()"))


def _same(a: str, b: str) -> bool:
    return a == b or (len(a) > 2 and a == b + "s") or (len(b) > 2 and b == a + "s")


def _covers(short: list[str], long: list[str]) -> bool:
    return all(any(_same(s, t) for t in long) for s in short)


def number_names(text: str, spans: list[Span], first: int = 1) -> dict[Span, int]:
    """Give each PERSON span a number; mentions of the same person share it.

    A mention joins an earlier person when its words are all among that person's words
    (possessive -s ignored): "Anna Svensson", "Anna", "Svenssons" and "Annas" are one person.
    When several earlier persons fit, the most recently mentioned one wins.
    """
    persons: list[list[str]] = []
    last_seen: list[int] = []
    numbers: dict[Span, int] = {}
    for i, span in enumerate(s for s in spans if s.label == "PERSON"):
        words = [_norm(w) for w in re.split(r"\s+", text[span.start : span.end]) if _norm(w)]
        match = None
        for k, known in enumerate(persons):
            if words and (_covers(words, known) or _covers(known, words)):
                if match is None or last_seen[k] > last_seen[match]:
                    match = k
        if match is None:
            persons.append(words)
            last_seen.append(i)
            match = len(persons) - 1
        elif len(words) > len(persons[match]):
            persons[match] = words
        last_seen[match] = i
        numbers[span] = first + match
    return numbers


def other_mentions(text: str, spans: list[Span]) -> list[Span]:
    """Return further mentions of names already found: "Lena Åkerlund … Lena lovade" → "Lena".

    A word of a found name (three letters or more, same capital letter, possessive -s allowed)
    counts wherever else it stands, unless the text also uses it as an ordinary lower-case word
    or it is a place name ("Maria Lund … resan till Lund").
    """
    words: set[str] = set()
    for span in spans:
        if span.label == "PERSON":
            for word in re.findall(r"[^\W\d_][\w\-]*", text[span.start : span.end]):
                word = _POSSESSIVE.sub("", word)
                if len(word) >= 3 and word[0].isupper():
                    words.add(word[:-1] if word.endswith("s") and word[:-1] in words else word)
    if not words:
        return []
    lower = {w.lower() for w in re.findall(r"(?<![\w])[a-zåäöéü][\w\-]*", text)}
    places = _localities()
    words = {
        w for w in words if w.lower() not in lower and w.lower().rstrip("s") not in lower and w.lower() not in places
    }
    if not words:
        return []
    pattern = re.compile(
        rf"(?<![\w\-])(?:{'|'.join(map(re.escape, sorted(words, key=len, reverse=True)))})"
        r"(?::s|s)?(?![\w\-])"
    )
    taken = [(s.start, s.end) for s in spans]
    return [
        Span(m.start(), m.end(), "PERSON", "mentions@1", 0.8)
        for m in pattern.finditer(text)
        if not any(a < m.end() and m.start() < b for a, b in taken)
    ]


@lru_cache(maxsize=1)
def _localities() -> frozenset[str]:
    from pipeline.anonymize.rules import load_word_list

    return frozenset(w.lower() for w in load_word_list("localities"))


def replace(text: str, spans: list[Span]) -> str:
    """Return ``text`` with each span (non-overlapping, sorted) replaced by its placeholder."""
    first = 1 + max((int(m.group(1)) for m in PLACEHOLDER_RE.finditer(text) if m.group(1)), default=0)
    numbers = number_names(text, spans, first)
    out, cursor = [], 0
    for span in spans:
        if span.label not in LABELS:
            raise ValueError(f"unknown PII label {span.label!r}; expected one of {', '.join(LABELS)}")
        out.append(text[cursor : span.start])
        out.append(f"[NAMN {numbers[span]}]" if span.label == "PERSON" else PLACEHOLDERS[span.label])
        cursor = span.end
    out.append(text[cursor:])
    return "".join(out)


def placeholder_ranges(text: str) -> list[tuple[int, int]]:
    """Return the ranges of placeholders already present in ``text``."""
    if "[" not in text:
        return []
    return [(m.start(), m.end()) for m in PLACEHOLDER_RE.finditer(text)]
