"""Swedish person-name detector: trained spaCy NER plus gazetteer and context rules.

The model finds names in ordinary prose; the rules add greetings, signatures, lower-case names
and names of every origin from the lists, widen partial hits to the full name ("Anna-Karin" →
"Anna-Karin Öberg"), and veto places, streets, facilities and organisations that residents
talk about (they must stay readable).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.anonymize.names.context import Rules, Run
from pipeline.anonymize.names.lexicon import Lexicon, load_lexicon
from pipeline.anonymize.spans import Span
from pipeline.errors import ConfigError

RULES_VERSION = "1"
MODEL_DIRNAME = "ner-sv"
SCORES = {"model": 0.85, "context": 0.9, "signature": 0.8, "gazetteer": 0.75}
_CACHE: dict[Path, NameDetector] = {}
_LOCK = threading.Lock()


def resolve_model_dir(models_dir: Path) -> Path:
    """Accept either the ``models/`` folder or the ``models/ner-sv`` folder itself."""
    for cand in (models_dir / MODEL_DIRNAME, models_dir):
        if (cand / "config.cfg").exists() and (cand / "meta.json").exists():
            return cand.resolve()
    raise ConfigError(
        f"No Swedish NER model in {models_dir} (expected {MODEL_DIRNAME}/config.cfg); "
        "restore models/ner-sv from git or run `lyhord train ner`."
    )


class NameDetector:
    """Find PERSON spans in Swedish resident text."""

    def __init__(self, nlp: Language, lex: Lexicon) -> None:
        """Bind a loaded spaCy pipeline (tokenizer + NER) and the name lists."""
        self.nlp = nlp
        self.lex = lex
        self.rules = Rules(lex)
        self.model_tag = f"ner-sv@{nlp.meta.get('version', '0')}"
        self.rules_tag = f"name-rules@{RULES_VERSION}"

    @classmethod
    def load(cls, models_dir: Path) -> NameDetector:
        """Load (once per process) the shipped model from ``models_dir`` and the name lists."""
        path = resolve_model_dir(Path(models_dir))
        with _LOCK:
            if path not in _CACHE:
                import spacy

                nlp = spacy.load(path, exclude=["parser", "tagger", "lemmatizer"])
                _CACHE[path] = cls(nlp, load_lexicon())
            return _CACHE[path]

    def detect(self, text: str) -> list[Span]:
        """Return the PERSON spans of one text (character offsets, sorted)."""
        return self.detect_many([text])[0]

    def detect_many(self, texts: Iterable[str], batch_size: int = 256) -> list[list[Span]]:
        """Return PERSON spans for many texts, running the model in batches."""
        return [self.spans(doc) for doc in self.nlp.pipe(texts, batch_size=batch_size)]

    # -- combination ----------------------------------------------------------------------------
    def spans(self, doc: Doc) -> list[Span]:
        """Combine model, context, signature and gazetteer runs for one parsed doc."""
        rules = self.rules
        runs: list[Run] = [
            r for ent in doc.ents if ent.label_ == "PER" for r in [self._model_run(doc, ent.start, ent.end)] if r
        ]
        runs += rules.context_runs(doc) + rules.signature_runs(doc) + rules.gazetteer_runs(doc)
        runs = [self._extend(doc, r) for r in runs]
        runs = [r for r in runs if not self._vetoed(doc, r)]
        return self._merge(doc, runs)

    def _model_run(self, doc: Doc, start: int, end: int) -> Run | None:
        rules = self.rules
        while start < end and (doc[start].is_punct or doc[start].is_space or rules.blocked(doc[start].text)):
            start += 1
        while end > start and (
            doc[end - 1].is_space
            or rules.blocked(doc[end - 1].text)
            or doc[end - 1].is_punct
            and doc[end - 1].text != "."
        ):
            end -= 1
        if end <= start:
            return None
        toks = doc[start:end]
        ctx = rules.context(doc, start)
        known = any(rules.known(t.text) for t in toks)
        if all(t.is_lower for t in toks) and not (known and ctx):
            return None
        # The model alone tags many capitalized words (headings, English words, places);
        # without a known name or a person context there is too little evidence.
        if not known and not (ctx == "strong" and rules.lone_line_end(doc, end)):
            return None
        if end - start == 1 and ctx is None and rules.needs_support(doc, start):
            return None
        return (start, end, "model")

    def _extend(self, doc: Doc, run: Run) -> Run:
        """Widen a run to the whole name: following surnames/initials and preceding first names."""
        start, end, src = run
        rules = self.rules
        lower = doc[start].is_lower
        while (
            end < len(doc)
            and end - start < 5
            and rules.same_line(doc, end)
            and (rules.surname_like(doc[end]) if not lower else doc[end].is_lower and rules.known(doc[end].text))
        ):
            end += 1
        while (
            start > 0
            and rules.same_line(doc, start)
            and rules.capitalized_namelike(doc[start - 1])
            and rules.known(doc[start - 1].text)
            and not (rules.context(doc, start) == "strong")
        ):
            start -= 1
        return (start, end, src)

    def _vetoed(self, doc: Doc, run: Run) -> bool:
        """Drop runs that belong to a street, place, facility or organisation name."""
        start, end, src = run
        rules = self.rules
        if rules.followed_by_place_head(doc, end) or any(t.lower_ in rules.place_heads for t in doc[start:end]):
            return True
        if any(t.lower_ in self.lex.keep and not rules.known(t.text) for t in doc[start:end]):
            return True
        if src == "context" and any(self.rules.known_first(t.text) for t in doc[start:end]):
            return False
        keep = self.lex.keep
        for a in range(max(0, start - 3), start + 1):
            for b in range(end, min(len(doc), end + 3) + 1):
                if doc[a:b].text.lower() in keep:
                    return True
        return False

    def _merge(self, doc: Doc, runs: list[Run]) -> list[Span]:
        merged: list[list] = []
        for start, end, src in sorted(runs):
            if merged and start <= merged[-1][1]:
                last = merged[-1]
                last[1] = max(last[1], end)
                last[2].add(src)
            else:
                merged.append([start, end, {src}])
        out = []
        for start, end, srcs in merged:
            tag = self.model_tag if "model" in srcs else self.rules_tag
            score = max(SCORES[s] for s in srcs)
            last = doc[end - 1]
            out.append(Span(doc[start].idx, last.idx + len(last.text), "PERSON", tag, score))
        return out
