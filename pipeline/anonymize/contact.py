"""Spans for the submitter's own contact details where they recur in the text.

The raw row may carry the submitter's name, e-mail and phone in separate fields. These are
never copied to ``submissions``; if they also occur in the text they are redacted there even
when no recognizer would have found them.
"""

from __future__ import annotations

import re

from pipeline.anonymize.spans import Span

DETECTOR = "contact@1"


def digits_of(phone: str) -> str:
    """Return a phone number as national digits (``+46 70…`` and ``0046 70…`` become ``070…``)."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+46"):
        return "0" + digits[2:].lstrip("0")
    if digits.startswith("0046"):
        return "0" + digits[4:].lstrip("0")
    return digits


def phone_pattern(phone: str) -> re.Pattern[str] | None:
    """Return a pattern that finds ``phone`` in text whatever its spacing and prefix."""
    digits = digits_of(phone)
    if len(digits) < 6:
        return None
    body = r"[ \t\-–()/]*".join(digits[1:] if digits.startswith("0") else digits)
    prefix = r"(?:\+46|0046|0)[ \t\-–()]*(?:\(0\)[ \t\-–]*)?" if digits.startswith("0") else ""
    return re.compile(rf"(?<![\d+]){prefix}{body}(?!\d)")


def contact_spans(text: str, name: str | None, email: str | None, phone: str | None) -> list[Span]:
    """Return spans where the given contact details occur in ``text``."""
    spans: list[Span] = []
    if email and email.strip():
        for m in re.finditer(re.escape(email.strip()), text, re.IGNORECASE):
            spans.append(Span(m.start(), m.end(), "EMAIL", DETECTOR, 1.0))
    pattern = phone_pattern(phone) if phone else None
    if pattern is not None:
        spans.extend(Span(m.start(), m.end(), "PHONE", DETECTOR, 1.0) for m in pattern.finditer(text))
    if name and name.strip():
        spans.extend(_name_spans(text, name.strip()))
    return spans


def _name_spans(text: str, name: str) -> list[Span]:
    spans = [
        Span(m.start(), m.end(), "PERSON", DETECTOR, 1.0)
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?:s|:s)?(?!\w)", text, re.IGNORECASE)
    ]
    # Single words of the name count only where written with a capital: "Maj" but not "maj".
    for word in {w for w in re.split(r"[\s,]+", name) if len(w) >= 2}:
        capital = word[:1].upper() + word[1:]
        for m in re.finditer(rf"(?<!\w){re.escape(capital)}(?:s|:s)?(?!\w)", text):
            spans.append(Span(m.start(), m.end(), "PERSON", DETECTOR, 0.9))
    return spans
