"""Pattern recognizers for identifiers, contact details, addresses and plates (presidio-style).

A recognizer finds spans and never changes text; operators (``pipeline.anonymize.operators``)
replace them. Each recognizer is one small class in one file, registered under a versioned
name (``id_number.v1``) that is written to ``pii_findings.detector`` as ``id_number@1``.
"""

from __future__ import annotations

import re
from typing import Protocol

from pipeline.anonymize.spans import Span
from pipeline.registry import Registry


class Recognizer(Protocol):
    """Finds spans of one label in a text."""

    name: str
    version: int
    label: str

    def analyze(self, text: str) -> list[Span]:
        """Return the spans found in ``text`` (offsets into it)."""
        ...


RECOGNIZERS: Registry[type] = Registry("recognizer")


def context_pattern(words: list[str], fillers: int = 3) -> re.Pattern[str]:
    """Return a pattern for a context word standing right before a position.

    Up to ``fillers`` lower-case words may come between ("personnummer till min mamma: …"). Only
    such words, never names or numbers, so that replacing personal data elsewhere in the text
    cannot bring a context word into reach: anonymizing twice then changes nothing.
    """
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w\[])(?:{alternation})\.?(?:[\s:=,()\-–]+[a-zåäöé]+\.?){{0,{fillers}}}[\s:=,()\-–]*$",
        re.IGNORECASE,
    )


def detector_name(recognizer: object) -> str:
    """Return the ``name@version`` written into provenance columns."""
    return f"{recognizer.name}@{recognizer.version}"  # type: ignore[attr-defined]


def _import_all() -> None:
    # Importing the modules registers their classes.
    from pipeline.anonymize.recognizers import address, email, id_number, keep, phone, plate  # noqa: F401


def default_recognizers() -> list[Recognizer]:
    """Return one instance of every registered PII recognizer (not the keep-guard)."""
    _import_all()
    return [RECOGNIZERS.get(name)() for name in RECOGNIZERS if not name.startswith("keep.")]


def keep_guard() -> object:
    """Return the keep-guard that vetoes spans over bus lines, case numbers and the like."""
    _import_all()
    return RECOGNIZERS.get("keep.v1")()
