"""Finding and removing an erased person's words in what was derived from them (GDPR art. 17).

Rows keyed by submission id are deleted by :mod:`pipeline.anonymize.erasure`. This module
handles text that *quotes* the person: summary sentences and quotes, officials' edited texts,
responses and reasons, and the ``before``/``after`` payloads of review events (redacted through
:func:`pipeline.review.audit.redact_events`, so the hash chain still verifies).

A piece of text carries the person's words when it holds their e-mail address, phone number or
full name, a quoted fragment of what they wrote, or a whole sentence of it. A quote or sentence
that a remaining submission still says verbatim is someone else's words too, and stays.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.anonymize.contact import phone_pattern
from pipeline.review.actions import quote_source
from pipeline.review.audit import ERASE_ACTION
from pipeline.store import Store
from pipeline.summaries.text import paragraphs, quoted_fragments, split_sentences

# Shorter sentences ("Hej!", "Tack på förhand.") are everyone's words, not one person's.
MIN_SENTENCE = 20
SCRUBBED_REASON = (
    "Ett stycke i granskningen (redigerad text, svar eller skäl) citerade en synpunkt som har raderats "
    "och är borttaget. Granska temat igen."
)
REVIEW_TEXT_FIELDS = ("edited_text", "response", "reason")


@dataclass(frozen=True)
class ErasedWords:
    """What erased submissions said and how their authors could be reached; never logged."""

    texts: tuple[str, ...]
    sentences: tuple[str, ...]
    contacts: tuple[re.Pattern[str], ...]

    @classmethod
    def collect(cls, store: Store, ids: Sequence[str]) -> ErasedWords:
        """Read the raw and anonymized texts and contact details of ``ids``; call inside ``raw_access``."""
        wanted = list(ids)
        texts = [r[0] for r in store.fetchall("SELECT text FROM submissions WHERE list_contains(?, id)", [wanted])]
        raw = store.fetchall(
            "SELECT text, contact_name, contact_email, contact_phone FROM submissions_raw WHERE list_contains(?, id)",
            [wanted],
        )
        texts += [r[0] for r in raw]
        kept = tuple(t for t in texts if t)
        sentences = {s for t in kept for s in split_sentences(t) if len(s) >= MIN_SENTENCE}
        contacts = [p for _, name, email, phone in raw for p in _contact_patterns(name, email, phone)]
        return cls(kept, tuple(sorted(sentences)), tuple(contacts))

    def found_in(self, store: Store, text: str, theme_id: str | None) -> bool:
        """Say whether ``text`` carries these words where no remaining submission says them too.

        Args:
            store: The store, after the erased rows were deleted.
            text: An official's paragraph, a summary sentence or a payload string.
            theme_id: The theme the text belongs to: its quotes must come from the theme's submissions.
        """
        if any(p.search(text) for p in self.contacts):
            return True
        for fragment in quoted_fragments(text):
            if any(fragment in t for t in self.texts) and not _still_said(store, theme_id, fragment):
                return True
        return any(s in text and not _still_said(store, None, s) for s in self.sentences)


def _contact_patterns(name: str | None, email: str | None, phone: str | None) -> Iterator[re.Pattern[str]]:
    if email and email.strip():
        yield re.compile(rf"(?<![\w.+\-]){re.escape(email.strip())}(?![\w\-])", re.IGNORECASE)
    pattern = phone_pattern(phone) if phone else None
    if pattern is not None:
        yield pattern
    # A full name only: one first name alone ("Anna") would also strike officials' own words.
    if name and len(name.split()) >= 2:
        words = r"\s+".join(re.escape(word) for word in name.split())
        yield re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def _still_said(store: Store, theme_id: str | None, piece: str) -> bool:
    if theme_id is not None:
        return quote_source(store, theme_id, piece) is not None
    return bool(store.scalar("SELECT count(*) > 0 FROM submissions WHERE contains(text, ?)", [piece]))


def scrub_summaries(store: Store, ids: set[str], words: ErasedWords) -> int:
    """Drop quotes from, citations of and sentences quoting erased submissions; return summaries changed."""
    changed = 0
    for summary_id, theme_id, sentences_json, quotes_json, stats_json in store.fetchall(
        "SELECT id, theme_id, sentences, quotes, stats FROM theme_summaries"
    ):
        sentences: list[dict[str, Any]] = json.loads(sentences_json) if sentences_json else []
        quotes: list[dict[str, Any]] = json.loads(quotes_json) if quotes_json else []
        stats: dict[str, Any] = json.loads(stats_json) if stats_json else {}
        kept_quotes = [q for q in quotes if q.get("submission_id") not in ids]
        kept_sentences = [s for s in (_kept_sentence(store, theme_id, s, ids, words) for s in sentences) if s]
        reps = stats.get("representative_ids")
        kept_stats = {**stats, "representative_ids": [r for r in reps if r not in ids]} if reps else stats
        if (kept_quotes, kept_sentences, kept_stats) == (quotes, sentences, stats):
            continue
        store.execute(
            "UPDATE theme_summaries SET sentences = ?, quotes = ?, stats = ? WHERE id = ?",
            [_dump(kept_sentences), _dump(kept_quotes), None if stats_json is None else _dump(kept_stats), summary_id],
        )
        changed += 1
    return changed


def _kept_sentence(
    store: Store, theme_id: str, sentence: dict[str, Any], ids: set[str], words: ErasedWords
) -> dict[str, Any] | None:
    cited = list(sentence.get("citations") or [])
    remaining = [c for c in cited if c not in ids]
    if cited and (not remaining or cited[0] in ids):
        # The first citation is the one an extractive sentence quotes verbatim; without it
        # (or with nothing left) the sentence would carry erased text.
        return None
    if words.found_in(store, str(sentence.get("text", "")), theme_id):
        return None  # e.g. an LLM sentence quoting a later citation
    kept = {**sentence, "citations": remaining} if cited else dict(sentence)
    if "quotes" in sentence:  # a point's own quotes (extractive.v2)
        kept["quotes"] = [q for q in sentence["quotes"] or [] if q.get("submission_id") not in ids]
    return kept


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def scrubbed_review_texts(store: Store, row: dict[str, Any], words: ErasedWords) -> dict[str, str | None]:
    """Return the review fields that lose paragraphs carrying erased words, with those paragraphs dropped."""
    changes: dict[str, str | None] = {}
    for field in REVIEW_TEXT_FIELDS:
        text = row.get(field)
        if not text:
            continue
        before = paragraphs(text)
        kept = [p for p in before if not words.found_in(store, p, row["theme_id"])]
        if len(kept) != len(before):
            changes[field] = "\n\n".join(kept) or None
    return changes


def events_quoting(store: Store, words: ErasedWords) -> list[int]:
    """Return the seq of every unredacted review event whose payload carries erased words."""
    rows = store.fetchall(
        "SELECT seq, theme_id, before, after FROM review_events WHERE redacted_at IS NULL AND action <> ? "
        "AND (before IS NOT NULL OR after IS NOT NULL) ORDER BY seq",
        [ERASE_ACTION],
    )
    hits = []
    for seq, theme_id, before, after in rows:
        strings = [s for payload in (before, after) if payload for s in _strings(json.loads(payload))]
        if any(words.found_in(store, s, theme_id) for s in strings):
            hits.append(int(seq))
    return hits


def _strings(value: Any) -> Iterator[str]:
    """Yield every string in a JSON value, keys included, paragraph by paragraph."""
    if isinstance(value, str):
        yield from paragraphs(value) or [value]
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
