"""Presidio set up as a Swedish user would: the baseline printed beside Lyhörd's figures.

``lyhord eval pii`` and ``bench/anonymize.py`` run it in the same process as Lyhörd.

Blank Swedish spaCy (no Swedish model is installable), Presidio's Swedish recognizers
(personnummer, organisationsnummer) switched on, plus its e-mail and phone recognizers for
Sweden. tldextract is kept from fetching its suffix list from the web.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.anonymize.spans import Span

NAME = "presidio-sv"
# Presidio entity -> Lyhörd label (entities without a counterpart are left out).
ENTITY_LABELS = {
    "SE_PERSONNUMMER": "ID_NUMBER",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "PERSON": "PERSON",
}


class PresidioBaseline:
    """Presidio's AnalyzerEngine with blank sv spaCy and its Swedish, e-mail and phone recognizers."""

    def __init__(self, workdir: Path | None = None) -> None:
        """Build the engine; the blank spaCy pipeline is saved under ``workdir`` (a temp dir by default)."""
        import spacy
        import tldextract
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
        from presidio_analyzer.predefined_recognizers import (
            EmailRecognizer,
            PhoneRecognizer,
            SeOrganisationsnummerRecognizer,
            SePersonnummerRecognizer,
        )

        # Presidio's e-mail validation would otherwise download the public suffix list.
        tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())
        logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
        self._tmp = tempfile.TemporaryDirectory(prefix="lyhord-presidio-") if workdir is None else None
        model_dir = Path(workdir or self._tmp.name) / "sv_blank"  # type: ignore[union-attr]
        spacy.blank("sv").to_disk(model_dir)
        nlp_engine = SpacyNlpEngine(models=[{"lang_code": "sv", "model_name": str(model_dir)}])
        nlp_engine.load()
        registry = RecognizerRegistry(supported_languages=["sv"])
        for recognizer in (
            SePersonnummerRecognizer(supported_language="sv"),
            SeOrganisationsnummerRecognizer(supported_language="sv"),
            EmailRecognizer(supported_language="sv"),
            PhoneRecognizer(supported_language="sv", supported_regions=("SE", "FI", "NO", "DK", "GB", "US", "DE")),
        ):
            registry.add_recognizer(recognizer)
        self.engine = AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["sv"])

    def analyze(self, text: str) -> list[Span]:
        """Return Presidio's spans for ``text``, mapped to Lyhörd labels."""
        results: list[Any] = self.engine.analyze(text=text, language="sv")
        return sorted(
            Span(r.start, r.end, ENTITY_LABELS[r.entity_type], f"{NAME}:{r.entity_type}", float(r.score))
            for r in results
            if r.entity_type in ENTITY_LABELS
        )

    def analyze_many(self, texts: Sequence[str]) -> list[list[Span]]:
        """Return Presidio's spans for each text."""
        return [self.analyze(t) for t in texts]
