"""The anonymizer: pattern recognizers plus the PERSON-name model, then the operators.

``Anonymizer.analyze_many`` finds the final, non-overlapping spans of many texts;
``anonymize_many`` also writes the placeholder text. The name model is loaded lazily from
``settings.models_dir`` (it is trained and shipped by ``pipeline.anonymize.names``).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from pipeline.anonymize.operators import Redaction, other_mentions, placeholder_ranges, replace, resolve
from pipeline.anonymize.recognizers import Recognizer, default_recognizers, keep_guard
from pipeline.anonymize.spans import Span
from pipeline.errors import ConfigError

NAME = "lyhord.anonymize"
VERSION = 1
_cache: dict[str, Anonymizer] = {}
_cache_lock = threading.Lock()


class NameDetector(Protocol):
    """What the PERSON-name model offers (``pipeline.anonymize.names.detector.NameDetector``)."""

    def detect_many(self, texts: Sequence[str]) -> list[list[Span]]:
        """Return PERSON spans for each text."""
        ...


class Anonymizer:
    """Runs every recognizer and the name detector, resolves overlaps and replaces spans."""

    def __init__(
        self,
        recognizers: Sequence[Recognizer],
        names: NameDetector | None,
        guard: object,
        foreign: NameDetector | None = None,
        scripts: NameDetector | None = None,
    ) -> None:
        """Combine recognizers, an optional name detector and the keep-guard.

        Args:
            recognizers: Pattern recognizers (``default_recognizers()``).
            names: The PERSON detector; ``None`` only for pattern-only runs (benchmarks, tests).
            guard: The keep-guard whose spans veto overlapping identifier spans.
            foreign: The PERSON detector for texts in languages the name model does not cover
                (``pipeline.anonymize.names.foreign``); ``None`` sends every text to ``names``.
            scripts: The PERSON detector for names in Arabic and Ethiopic script, run on every text
                beside the others (``pipeline.anonymize.names.scripts``).
        """
        self.recognizers = list(recognizers)
        self.names = names
        self.guard = guard
        self.foreign = foreign
        self.scripts = scripts
        # Provenance for submissions.anonymizer: this pipeline and the name models it used.
        tags = [
            getattr(d, "model_tag", None) or getattr(d, "tag", None) for d in (names, foreign, scripts) if d is not None
        ]
        self.name = f"{NAME}@{VERSION}" + "".join(f"+{t}" for t in tags if t)

    def analyze_many(
        self,
        texts: Sequence[str],
        extra: Sequence[Sequence[Span]] | None = None,
        languages: Sequence[str | None] | None = None,
    ) -> list[list[Span]]:
        """Return the final spans of each text (sorted, non-overlapping, offsets into it).

        Args:
            texts: The texts.
            extra: Optional further spans per text (e.g. the submitter's own contact details).
            languages: The channel's language per text where known (None entries are detected);
                it decides which name detector reads the text.
        """
        person = self._person(texts, languages)
        out = []
        for i, text in enumerate(texts):
            found = [s for r in self.recognizers for s in r.analyze(text)]
            names = self._outside_streets(text, person[i])
            found = self._unguarded(text, found) + names + list(extra[i] if extra else [])
            blocked = placeholder_ranges(text)
            spans = resolve(found, text, blocked)
            more = self._outside_streets(text, other_mentions(text, spans))
            out.append(resolve(spans + more, text, blocked) if more else spans)
        return out

    def analyze(self, text: str) -> list[Span]:
        """Return the final spans of one text."""
        return self.analyze_many([text])[0]

    def anonymize_many(
        self,
        texts: Sequence[str],
        extra: Sequence[Sequence[Span]] | None = None,
        languages: Sequence[str | None] | None = None,
    ) -> list[Redaction]:
        """Return the anonymized text and the replaced spans for each text (arguments as ``analyze_many``)."""
        return [
            Redaction(replace(text, spans), tuple(spans))
            for text, spans in zip(texts, self.analyze_many(texts, extra, languages), strict=True)
        ]

    def anonymize(self, text: str) -> Redaction:
        """Return the anonymized text and the replaced spans of one text."""
        return self.anonymize_many([text])[0]

    def _person(self, texts: Sequence[str], languages: Sequence[str | None] | None) -> list[list[Span]]:
        """PERSON spans per text: the name model or the foreign rules, plus names in other scripts."""
        found = self._latin_person(texts, languages)
        if self.scripts is None:
            return found
        return [a + b if b else a for a, b in zip(found, self.scripts.detect_many(list(texts)), strict=True)]

    def _latin_person(self, texts: Sequence[str], languages: Sequence[str | None] | None) -> list[list[Span]]:
        """PERSON spans per text: the name model for Swedish-like texts, the foreign rules for the rest."""
        if self.names is None:
            return [[] for _ in texts]
        if self.foreign is None:
            return self.names.detect_many(list(texts))
        from pipeline.anonymize.names.foreign import uses_swedish_model

        given = languages if languages is not None else [None] * len(texts)
        swedish = [uses_swedish_model(t, g) for t, g in zip(texts, given, strict=True)]
        found = iter(self.names.detect_many([t for t, sv in zip(texts, swedish, strict=True) if sv]))
        other = iter(self.foreign.detect_many([t for t, sv in zip(texts, swedish, strict=True) if not sv]))
        return [next(found) if sv else next(other) for sv in swedish]

    def _outside_streets(self, text: str, person: Sequence[Span]) -> list[Span]:
        """Drop name guesses that lie inside a known street name ("Karl" in "Karl IX:s väg")."""
        if not person:
            return []
        streets = self.guard.street_names(text)  # type: ignore[attr-defined]
        return [s for s in person if not _inside(s, streets)] if streets else list(person)

    def _unguarded(self, text: str, spans: list[Span]) -> list[Span]:
        if not spans:
            return spans
        keep = self.guard.analyze(text)  # type: ignore[attr-defined]
        return [s for s in spans if not any(_vetoes(k, s) for k in keep)]


def _inside(span: Span, spans: list[Span]) -> bool:
    return any(k.start <= span.start and span.end <= k.end for k in spans)


def _vetoes(keep: Span, span: Span) -> bool:
    """A keep span vetoes an overlapping span unless that span is longer and contains it."""
    if not keep.overlaps(span):
        return False
    contains = span.start <= keep.start and span.end >= keep.end
    return not (contains and span.end - span.start > keep.end - keep.start)


def load_name_detector(models_dir: Path) -> NameDetector:
    """Load the PERSON-name model from ``models_dir``.

    Raises:
        ConfigError: the names package or its trained model is missing.
    """
    try:
        from pipeline.anonymize.names.detector import NameDetector as _Detector
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("pipeline.anonymize.names"):
            raise
        raise ConfigError(
            "the Swedish name model (pipeline.anonymize.names.detector) is not installed; "
            "update Lyhörd or train it with `lyhord train ner`"
        ) from None
    return _Detector.load(Path(models_dir))


def build_anonymizer(
    names: NameDetector | None, foreign: NameDetector | None = None, scripts: NameDetector | None = None
) -> Anonymizer:
    """Return an anonymizer with the default recognizers and the given name detectors."""
    return Anonymizer(default_recognizers(), names, keep_guard(), foreign, scripts)


def script_detector() -> NameDetector:
    """Return the detector for names in Arabic and Ethiopic script."""
    from pipeline.anonymize.names.scripts import build_script_names

    return build_script_names()


def foreign_detector(names: NameDetector) -> NameDetector | None:
    """Return the foreign-language detector sharing the name model's tokenizer and lists, if it has them."""
    nlp, rules = getattr(names, "nlp", None), getattr(names, "rules", None)
    if nlp is None or rules is None:
        return None
    from pipeline.anonymize.names.foreign import build_foreign_names

    return build_foreign_names(nlp.make_doc, rules)


def get_anonymizer(models_dir: Path) -> Anonymizer:
    """Return the full anonymizer for ``models_dir``, loading the name model once per process."""
    key = str(Path(models_dir).resolve())
    with _cache_lock:
        if key not in _cache:
            names = load_name_detector(Path(models_dir))
            _cache[key] = build_anonymizer(names, foreign_detector(names), script_detector())
        return _cache[key]
