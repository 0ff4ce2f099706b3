"""Swedish person-name detector: trained spaCy NER plus gazetteer and context rules.

The model finds names in ordinary prose; the rules add greetings, signatures, lower-case names
and names of every origin from the lists, widen partial hits to the full name ("Anna-Karin" →
"Anna-Karin Öberg"), and veto places, streets, facilities and organisations that residents
talk about (they must stay readable).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.anonymize.names.context import PARTICLES, PLACE_SUFFIX, Rules, Run, View, fold_lower, origin_shaped
from pipeline.anonymize.names.lexicon import Lexicon, load_lexicon
from pipeline.anonymize.spans import Span
from pipeline.errors import ConfigError

RULES_VERSION = "1"
_PLATE_DIGITS = re.compile(r"^\d{2}[\dA-Z]$")
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
        texts = list(texts)
        out = [self.spans(doc) for doc in self.nlp.pipe(texts, batch_size=batch_size)]
        # A text in capitals is read a second time in lower case, as an SMS ("MVH FADUMO DIRIYE").
        shouted = [k for k, t in enumerate(texts) if _unshouted(t) is not t]
        lowered = self.nlp.pipe([_unshouted(texts[k]) for k in shouted], batch_size=batch_size)
        for k, doc in zip(shouted, lowered, strict=True):
            out[k] = _union(out[k], self.spans(doc))
        return out

    # -- combination ----------------------------------------------------------------------------
    def spans(self, doc: Doc) -> list[Span]:
        """Combine model and rule runs for one parsed doc."""
        v = View.of(doc)
        runs: list[Run] = []
        for ent in doc.ents:
            if ent.label_ == "PER":
                run = self._model_run(v, ent.start, ent.end)
                if run:
                    runs.append(run)
        runs += self.rules.runs(v)
        runs += self.rules.coordinated(v, runs)
        runs = [self._inflected_head(v, self._extend(v, r)) for r in runs]
        runs = [r for r in runs if not self._vetoed(v, r)]
        return self._merge(v, runs)

    def _model_run(self, v: View, start: int, end: int) -> Run | None:
        rules = self.rules
        if any(PLACE_SUFFIX.search(w) and not rules.known(w) for w in v.lower[start:end]):
            return None  # "Li Hällaleden": the model read a street ("Bäckbyvägen") as part of a name
        while start < end and (
            not _wordlike(v.text[start])
            or rules.blocked(v.text[start])
            or v.lower[start] in rules.person
            or v.lower[start] in rules.strong  # "Ring Pelle", "Kontakta Anna"
        ):
            start += 1
        while end > start and (
            v.text[end - 1] != "." and not _wordlike(v.text[end - 1]) or rules.blocked(v.text[end - 1])
        ):
            end -= 1
        if end - start > 1 and _plate_letters(v, end - 1):
            end -= 1  # "Bilen KLM 456 står …": the plate's letters are no surname
        if end <= start:
            return None
        if any(w[:1].isupper() for w in v.text[start:end]):
            # Names hold no lower-case words ("Mörk passage" is a heading, "ringde Ali Said" a verb).
            while v.text[start].islower():
                start += 1
            while v.text[end - 1].islower():
                end -= 1
            # "Svens förskola Trollskogen": the name ends at a lower-case word that is no particle.
            cut = next((k for k in range(start + 1, end) if _plain_lower(v.text[k])), end)
            end = cut
        words = v.text[start:end]
        ctx = rules.context(v, start)
        known = any(rules.known(w) for w in words)
        if all(w.islower() for w in words):
            # "parken är mörk": a lower-case word that is also ordinary Swedish needs a strong context.
            plain = any(rules.is_word_form(w.lower()) for w in words) and ctx != "strong"
            return (
                (start, end, "model") if known and ctx and not plain and not rules.is_trap(words[0].lower()) else None
            )
        known = any(rules.evidence(w) for w in words)
        # The model alone tags many capitalized words (headings, English words, places);
        # without a known name or a strong context there is too little evidence.
        if (
            not known
            and not (ctx == "strong" and rules.lone_line_end(v, end))
            and not self._full_name_shape(v, start, end)
            and not self._unknown_lone_name(v, start, end)
            and not self._named_after_strong(v, start, end, ctx)
        ):
            return None
        # Sentence-initial names that are also words ("Eva", "Svens") are left to the model;
        # only the traps (Bo, Hans, Sten ...) need context or a surname.
        if end - start == 1 and ctx is None and rules.is_trap(v.lower[start]):
            return None
        if (
            rules.opener(v, start, end)
            or rules.definite_start(v, start, end, ctx)
            or rules.finnish_verb_start(v, start, end, ctx)
        ):
            return None
        if end - start == 1 and ctx is None and not rules.known_first(words[0]) and rules.sentence_start(v, start):
            return None if rules.is_word_form(v.lower[start]) else (start, end, "model")
        return (start, end, "model")

    def _full_name_shape(self, v: View, start: int, end: int) -> bool:
        """Two or more capitalized name-like words inside a sentence ("Nomvula Dlamini").

        Names missing from the lists are mostly of other origins, so this keeps the model's
        mid-sentence full names; headings and sentence-initial words stay excluded.
        """
        rules = self.rules
        words = v.text[start:end]
        if end - start < 2 or not v.text[start][:1].isupper() or not all(rules.surname_like(w) for w in words):
            return False
        if not rules.sentence_start(v, start):
            return True
        # At a sentence start ("Amal Darwish påpekade …", "Närvarande: Rania Touma, …") a heading or
        # an opening word is a Swedish word, a place or a facility; a name no list has is none of those.
        named = [rules.evidence(w) and not rules.is_word_form(fold_lower(w)) for w in words]
        return (
            all(n or rules.foreign_word(w) for n, w in zip(named, words, strict=True))
            and any(n or rules.unknown_word(w) for n, w in zip(named, words, strict=True))
            and (all(named) or rules.swedish_text(v) or origin_shaped(v.lower[start:end]))
        )

    def _named_after_strong(self, v: View, start: int, end: int, ctx: str | None) -> bool:
        """The model's name right after a word that introduces a person ("Jag heter Astrid och …").

        A name no list has, even one that is also a word, follows "heter" or "Mvh" as surely as a
        listed one; the words must look like a name (capitalised, no place, keep word or definite
        noun: "Mvh Styrelsen, Brf …").
        """
        rules = self.rules
        words = v.text[start:end]
        return (
            ctx == "strong"
            and end - start <= 3
            and all(w[:1].isupper() and w[1:].islower() and rules.capitalized_namelike(w) for w in words)
            and not any(fold_lower(w) in self.lex.keep or rules.definite_noun(fold_lower(w)) for w in words)
            and not (end < len(v) and v.text[end][:1].isupper())  # "på Carl Larssonskolan": the model cut a name
        )

    def _unknown_lone_name(self, v: View, start: int, end: int) -> bool:
        """One capitalised word no list has, where only a person stands (issue 15).

        Before a speech verb or a verb only people do ("Abdulrahman frågade …"), or alone as the
        last words of the text after a sentence ("Lampan är trasig. Filsan"): a signature.
        """
        rules = self.rules
        if end - start != 1 or not rules.unknown_name(v, start, end):
            return False
        return rules.acts(v, end) or rules.closing(v, start, end)

    def _extend(self, v: View, run: Run) -> Run:
        """Widen a run to the whole name: following surnames/initials and preceding first names."""
        start, end, src = run
        rules = self.rules
        lower = v.text[start].islower()
        while end < len(v) and end - start < 5 and rules.same_line(v, end):
            nxt = v.text[end]
            if not lower and rules.particle_end(v, end):
                end = rules.particle_end(v, end) or end
                continue
            if not (
                nxt.islower() and rules.known(nxt) if lower else rules.surname_like(nxt) or rules.function_name(v, end)
            ):
                break
            end += 1
        while (
            start > 0
            and rules.same_line(v, start)
            and rules.capitalized_namelike(v.text[start - 1])
            and rules.known(v.text[start - 1])
            and rules.context(v, start) != "strong"
        ):
            start -= 1
        return (start, end, src)

    def _inflected_head(self, v: View, run: Run) -> Run:
        """Drop a sentence-initial unknown word before an inflected name ("Dün Ahmet'e", "Soitin Pekalle").

        Turkish and Finnish put the case ending on the last word of a name, so a capitalised word
        before it that no list knows is the sentence's first word, not a first name.
        """
        start, end, src = run
        rules = self.rules
        if (
            end - start >= 2
            and rules.sentence_start(v, start)
            and (
                not rules.known(v.text[start])
                and any(rules.inflected_bases(v.lower[k]) for k in range(start + 1, end))
                # "Bilen Hassan lånade …": a definite noun before a known name is the sentence's subject
                or rules.definite_noun(v.lower[start])
                and any(rules.known(t) for t in v.text[start + 1 : end])
            )
        ):
            return (start + 1, end, src)
        return run

    def _vetoed(self, v: View, run: Run) -> bool:
        """Drop runs that belong to a street, place, facility or organisation name."""
        start, end, src = run
        rules = self.rules
        keep = self.lex.keep
        lowers = v.lower[start:end]
        # "Carl Larssons väg": a lower-case street word inside or right after the run.
        if rules.followed_by_place_head(v, end) or any(
            w in rules.place_heads and t.islower() for w, t in zip(lowers, v.text[start:end], strict=True)
        ):
            return True
        if rules.names_business(v, start, end) or rules.names_facility(v, start, end):
            return True
        for a in range(max(0, start - 3), start + 1):
            for b in range(end, min(len(v), end + 3) + 1):
                if (a, b) != (start, end) or src != "context":
                    if _phrase(v, a, b) in keep:
                        return True
        if src == "context" and any(rules.known(t) for t in v.text[start:end]):
            return False
        if end - start == 1 and lowers[0] in keep:
            return True
        return any(w in keep and not rules.known(t) for w, t in zip(lowers, v.text[start:end], strict=True))

    def _merge(self, v: View, runs: list[Run]) -> list[Span]:
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
            out.append(Span(v.idx[start], v.idx[end - 1] + len(v.text[end - 1]), "PERSON", tag, score))
        return out


def _unshouted(text: str) -> str:
    """A text written in capitals, lower-cased so the rules for SMS names read it ("FATIMA HÄR." → "fatima här.").

    Capitals say nothing about names there; the offsets stay because only texts whose length
    lower-casing keeps are changed.
    """
    upper = lower = 0
    for c in text:
        if c.isupper():
            upper += 1
        elif c.islower():
            lower += 1
    if upper < 12 or lower * 10 > upper:
        return text
    # Turkish "İ" lower-cases to two code points ("SEVGİ" → "sevgi̇"); as "i" the offsets stay.
    low = text.replace("İ", "i").lower()
    return low if len(low) == len(text) else text


def _plate_letters(v: View, k: int) -> bool:
    """Token ``k`` is the three letters of a Swedish plate: the digits follow ("KLM 456", "DXR 77A")."""
    nxt = k + 1
    while nxt < len(v) and v.space[nxt]:
        nxt += 1
    return (
        len(v.text[k]) == 3
        and v.text[k].isalpha()
        and v.text[k].isupper()
        and nxt < len(v)
        and bool(_PLATE_DIGITS.match(v.text[nxt]))
    )


def _union(a: list[Span], b: list[Span]) -> list[Span]:
    """Spans of both lists, overlapping ones joined into one."""
    out: list[Span] = []
    for span in sorted(a + b, key=lambda s: (s.start, -s.end)):
        if out and span.start < out[-1].end:
            last = out[-1]
            if span.end > last.end:
                out[-1] = Span(last.start, span.end, last.label, last.detector, max(last.score, span.score))
        else:
            out.append(span)
    return out


def _plain_lower(text: str) -> bool:
    return text.isalpha() and text.islower() and text not in PARTICLES


def _wordlike(text: str) -> bool:
    return any(c.isalnum() for c in text)


def _phrase(v: View, a: int, b: int) -> str:
    """Lower-cased text of tokens ``[a, b)`` with their original spacing."""
    return "".join(v.lower[k] + (v.ws[k] if k < b - 1 else "") for k in range(a, b))
