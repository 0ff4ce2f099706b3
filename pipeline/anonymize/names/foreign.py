"""Person names in languages the Swedish name model was not trained for (issue 15 §5).

The Swedish model reads English and German as if they were Swedish: "Bowling Green", "Warren
County", "Das Auto" and sentence-initial "Nur" came out as names in a fifth of real public
comments. For a text in such a language this detector favours keeping words. Capitalised nouns,
sentence starts, places and organisations are not names unless there is evidence:

* a title before them ("Mr Smith", "Frau Huber");
* an introduction ("my name is …", "ich heiße …") or a header field ("Name: …");
* a signature: the words alone on their line (or after a comma) right after a sign-off
  ("Best regards," with "John Miller" on the next line; "Mit freundlichen Grüßen, Anna Huber");
* a first name from the lists followed by a surname-like word ("John Miller"), unless a place or
  organisation head follows ("Warren County", "Anna Huber Straße");
* a person word before a known name ("my neighbour Ahmed", "Dear Anna");
* a first name common in Sweden, inside a sentence, that is no word of these languages
  ("talked to Fatima"): residents who write English still name Västerås people.

Cue words are data (``rules/names/foreign.yaml``). :func:`uses_swedish_model` decides which texts
go to which detector.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Doc

from pipeline.anonymize.names.context import INITIAL, PRONOUN_COPULA, SURNAME_MORPH, Rules, View
from pipeline.anonymize.names.lexicon import RULES_DIR
from pipeline.anonymize.spans import Span
from pipeline.errors import ConfigError

RULES_FILE = RULES_DIR / "foreign.yaml"
KEYS = ("titles", "intro_phrases", "self_intro", "signoffs", "person_words", "headers", "contact_headers", "org_heads")
# Languages whose texts keep the Swedish name model: Swedish, the Nordic languages, and the
# languages Västerås residents write in whose names the lists and the training texts cover.
SWEDISH_MODEL_LANGUAGES = frozenset("sv no nb nn da is fo fi so ar fa ti ku ckb kmr bs hr sr pl tr".split())
# Below this many words the detected language is a guess, so short texts stay as they were.
SHORT_WORDS = 4
STOPWORD_LANGUAGES = ("en", "de", "es", "fr")
# Hand-written function-word lists (``function_words.yaml``) of residents' languages lingua has no model for.
RESIDENTS_LATIN = ("tigrinya_latin", "sorani_latin", "kurdish", "persian_latin")
# Words of those lists that are also English or German words or places (checked once against simplemma's
# en/de dictionaries, too large to load here): they never mark a residents' language.
SHARED_WITH_EN_DE = frozenset({"lay", "nab", "wan", "bash", "eye", "dest", "pisa"})
MAX_RUN = 3
# Arabic name particles: joined to the next part ("al-Najjar", "Abd al-Rahman") or before a
# capitalised part ("Abdullah bin Saleh"). "bin" is also German ("ich bin"), so only a capital after it counts.
ARABIC_PARTICLES = frozenset({"al", "el", "abu", "abd", "bin", "ibn", "bint"})
# A phone number that ends its line: the words before it sign an SMS ("… pls send someone. Sanjay 076-168 97 22").
TRAILING_PHONE = re.compile(r"^[ \t]*\+?\d[\d \t().\-/]{5,}\d[ \t]*$")
FOREIGN_SURNAME = re.compile(r"(sson|ić|ič|vić|ski|cki|wicz|czyk|zadeh|pour|oğlu|oglu|enko|inen|ainen)$")
VERSION = "1"
SCORE = 0.8


@lru_cache(maxsize=2)
def load_cues(path: Path = RULES_FILE) -> dict[str, frozenset[str]]:
    """Load and validate the cue lists (cached).

    Raises:
        ConfigError: the file is missing or a list is absent or not a list of strings.
    """
    if not path.exists():
        raise ConfigError(f"{path.name} is missing in {path.parent}; restore it from git.")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    bad = [k for k in KEYS if not isinstance(data.get(k), list) or not all(isinstance(w, str) for w in data[k])]
    if bad:
        raise ConfigError(f"{path.name} lacks the list(s) {bad} (lists of lower-case strings); add them.")
    return {k: frozenset(w.lower() for w in data[k]) for k in KEYS}


@lru_cache(maxsize=4)
def foreign_stopwords(languages: tuple[str, ...] = STOPWORD_LANGUAGES) -> frozenset[str]:
    """Function words of the languages handled here (spaCy's lists, shipped offline)."""
    words: set[str] = set()
    for lang in languages:
        words |= importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS
    return frozenset(w.lower() for w in words)


@lru_cache(maxsize=1)
def swedish_only() -> frozenset[str]:
    """Return the Swedish stop words (spaCy's list) that are no foreign stop word."""
    from spacy.lang.sv.stop_words import STOP_WORDS

    return frozenset(w.lower() for w in STOP_WORDS) - foreign_stopwords()


@lru_cache(maxsize=1)
def english_german_only() -> frozenset[str]:
    """English and German function words that are no Swedish function words ("die", "the")."""
    from spacy.lang.sv.stop_words import STOP_WORDS

    return foreign_stopwords(("en", "de")) - {w.lower() for w in STOP_WORDS}


def swedish_words(text: str) -> int:
    """Count the Swedish function words in ``text`` that no other language here shares ("och", "inte")."""
    only = swedish_only()
    return sum(w.strip(".,;:!?()\"'") in only for w in text.lower().split())


@lru_cache(maxsize=1)
def _residents_only() -> frozenset[str]:
    """The hand-written function words of the residents' languages that lingua has no model for.

    Tigrinya and Sorani in Latin letters read like German to lingua ("haftey … ab Råby tineber"),
    so such a text went to the keep-favouring rules and its names stayed. English, German,
    Spanish and French function words and Swedish words are left out, so they cannot move a text.
    """
    from pipeline.anonymize.names.lexicon import swedish_dictionary

    data = yaml.safe_load((RULES_DIR / "function_words.yaml").read_text(encoding="utf-8")) or {}
    own = data.get("own") or {}
    words = {str(w).lower() for key in RESIDENTS_LATIN for w in own.get(key, [])}
    return frozenset(
        w
        for w in words
        if len(w) > 2 and w not in foreign_stopwords() and w not in swedish_dictionary() and w not in SHARED_WITH_EN_DE
    )


def residents_words(text: str) -> int:
    """Count the distinct words of Tigrinya, Kurdish or Persian in Latin letters in ``text``."""
    only = _residents_only()
    return len({w for w in (x.strip(".,;:!?()\"'") for x in text.lower().split()) if w in only})


def uses_swedish_model(text: str, language: str | None) -> bool:
    """Say whether ``text`` goes to the Swedish name model (else to :class:`ForeignNames`).

    Args:
        text: The raw text.
        language: The channel's or stored language (ISO 639-1), or None to detect it.
    """
    from pipeline.anonymize.language import detect_language, normalise_language
    from pipeline.themes.language import guess_language

    given = normalise_language(language)
    if given is not None:
        return given in SWEDISH_MODEL_LANGUAGES
    if swedish_words(text) >= 2:
        return True  # Swedish, or a mix with a Swedish part: the name model reads it as before
    if residents_words(text) >= 2:
        return True  # a residents' language lingua does not know, written in Latin letters
    if len(text.split()) < SHORT_WORDS:
        # Too short for lingua: only a foreign function word ("Kein Fleischimport") moves it.
        guess = guess_language(text, min_hits=1)
        return guess is None or guess in SWEDISH_MODEL_LANGUAGES
    # Most texts are Swedish and say so in their function words; lingua (~5 ms) only for the rest.
    if guess_language(text, min_hits=2) == "sv":
        return True
    return detect_language(text) in SWEDISH_MODEL_LANGUAGES


class ForeignNames:
    """Find PERSON spans in texts of languages without a name model, favouring keeping words."""

    def __init__(self, make_doc: Callable[[str], Doc], rules: Rules, cues: dict[str, frozenset[str]]) -> None:
        """Bind a tokenizer, the name rules (lists and word classes) and the cue lists."""
        self.make_doc = make_doc
        self.rules = rules
        self.cues = cues
        self.stop = foreign_stopwords()
        self.stop_en_de = foreign_stopwords(("en",))
        self.tag = f"foreign-names@{VERSION}"
        lex = rules.lex
        origin_first = {n.lower() for lists in lex.origins.values() for n in lists.get("first", [])}
        # Names that may stand alone: common in Sweden, or on the hand-written origin lists.
        self.lone_names = frozenset(lex.common_first | origin_first)
        # Longest phrase first, in a fixed order: "kind regards" must win over "regards" (a set's
        # order changes with the hash seed, and "regards" alone does not open its line).
        self._signoffs = sorted((tuple(p.split()) for p in cues["signoffs"]), key=lambda p: (-len(p), p))
        self._intros = sorted((tuple(p.split()) for p in cues["intro_phrases"]), key=lambda p: (-len(p), p))
        self._self_intros = sorted((tuple(p.split()) for p in cues["self_intro"]), key=lambda p: (-len(p), p))

    def detect_many(self, texts: Iterable[str]) -> list[list[Span]]:
        """Return PERSON spans for each text."""
        return [self.spans(View.of(self.make_doc(t))) for t in texts]

    def spans(self, v: View) -> list[Span]:
        """Return the PERSON spans of one tokenized text."""
        out: list[Span] = []
        i = 0
        while i < len(v):
            end = self._run(v, i) if not v.space[i] else None
            if end is None:
                i += 1
                continue
            out.append(Span(v.idx[i], v.idx[end - 1] + len(v.text[end - 1]), "PERSON", self.tag, SCORE))
            i = end
        return out

    def _run(self, v: View, i: int) -> int | None:
        """End of a name that starts at token ``i`` and has evidence, else None."""
        cue = self._cue(v, i)
        if cue is None and v.text[i].islower():
            end = i + 2 if self._lower_pair(v, i) else i
        else:
            end = self._extent(v, i, cue)
        if end == i or self._org_follows(v, end) or self._org_inside(v, i, end):
            return None
        if cue == "signoff":
            signed = self.rules.lone_line_end(v, end) or self._contact_follows(v, end)
            return end if signed and self._namelike(v, i, end) else None
        if cue == "self":
            words = v.text[i:end]
            return end if self.rules.known_first(words[0]) and all(w[:1].isupper() for w in words) else None
        if cue == "person":
            return end if any(self.rules.known(t) for t in v.text[i:end]) and self._namelike(v, i, end) else None
        if cue is not None or v.text[i].islower():
            return end
        if self._sms_signature(v, i, end):
            return end
        if end - i == 1:
            return end if self._lone_first(v, i) else None
        return end if self._first_and_surname(v, i, end) else None

    def _contact_follows(self, v: View, end: int) -> bool:
        """The rest of the line, after an optional comma, is a phone number or an e-mail address ("…, +49 151 …")."""
        j = end
        while j < len(v) and v.space[j]:
            j += 1
        if j >= len(v) or not self.rules.same_line(v, j):
            return False
        rest = self._line_rest(v, j + 1 if v.text[j] == "," else j)
        return "@" in rest or bool(TRAILING_PHONE.match(rest))

    def _sms_signature(self, v: View, i: int, end: int) -> bool:
        """Capitalised words that open a sentence and are followed only by a phone number on the last line."""
        if not self.rules.sentence_start(v, i) or not self._namelike(v, i, end):
            return False
        if any(v.lower[k] in self.stop or self.rules.is_word_form(v.lower[k]) for k in range(i, end)):
            return False
        rest = self._line_rest(v, end)
        return bool(TRAILING_PHONE.match(rest)) and "\n" not in v.text[-1] and self._last_line(v, end)

    @staticmethod
    def _line_rest(v: View, j: int) -> str:
        """Text from token ``j`` to the end of its line."""
        out = []
        while j < len(v) and "\n" not in v.text[j]:
            out.append(v.text[j] + v.ws[j])
            if "\n" in v.ws[j]:
                break
            j += 1
        return "".join(out)

    @staticmethod
    def _last_line(v: View, j: int) -> bool:
        return not any("\n" in v.ws[k] or "\n" in v.text[k].strip() for k in range(j, len(v) - 1))

    def _lone_first(self, v: View, i: int) -> bool:
        """A first name common in Sweden (or on the origin lists) that is no word, alone inside a sentence.

        Residents writing English or German still name Västerås people; a sentence start, a
        word in any of the languages here or a name missing from the common list is kept.
        """
        low = v.lower[i]
        t = v.text[i]
        return (
            low in self.lone_names
            and t[:1].isupper()
            and not t.isupper()
            and low not in self.stop
            and not self.rules.is_word_form(low)
            and (not self.rules.sentence_start(v, i) or "-" in low)
        )

    def _first_and_surname(self, v: View, i: int, end: int) -> bool:
        """A common first name that is no ordinary word, then a surname ("John Miller", "Anna Huber").

        A following word must be a known surname, or have a surname ending after a first name
        common in Sweden (the full list holds Art, Sky and Texas), so that "Scott Waste",
        "Olive Garden" and "Art Seilbahnsystem" stay.
        """
        low = v.lower[i]
        lex = self.rules.lex
        if end - i < 2 or not v.text[i][:1].isupper() or v.text[i].isupper() or low in self.stop:
            return False
        if low not in lex.first or self.rules.is_word_form(low) or not self._namelike(v, i + 1, end):
            return False
        rest = range(i + 1, end)
        if any(v.lower[k] in lex.last for k in rest):
            return True
        if any(FOREIGN_SURNAME.search(v.lower[k]) or self._particle(v, k) for k in rest):
            return True  # "Amra Begović", "Leila Karimzadeh": endings no English or German word has
        return low in lex.common_first and any(SURNAME_MORPH.search(v.lower[k]) for k in rest)

    def _lower_pair(self, v: View, i: int) -> bool:
        """Two lower-case known names that are no words ("the driver mehmet yilmaz")."""
        return self.rules.lower_pair(v, i) and v.lower[i] not in self.stop and v.lower[i + 1] not in self.stop

    def _extent(self, v: View, i: int, cue: str | None) -> int:
        """End of the run of up to ``MAX_RUN`` name-like words from ``i`` on one line.

        After a cue a known name may be a function word elsewhere ("Anders", "Sara").
        """
        end = i
        rules = self.rules
        lower_ok = cue in ("intro", "signoff")
        particles = 0  # a particle does not count towards the run: "Abd al-Rahman Qasim"
        while end < len(v) and end - i - particles < MAX_RUN and (end == i or rules.same_line(v, end)):
            if end > i and self._particle(v, end):
                end += 1
                particles += 1
                continue
            t = v.text[end]
            low = v.lower[end]
            capital = rules.surname_like(t) and (low not in self.stop or cue is not None and rules.known(t))
            if not (capital or lower_ok and t.islower() and rules.known(t)):
                break
            end += 1
        return end

    def _namelike(self, v: View, start: int, end: int) -> bool:
        """Words that look like a name: not function words, and known names or capitalised."""
        return all(
            INITIAL.match(v.text[k])
            or self._particle(v, k)
            or not v.text[k].isupper()
            and (v.lower[k] not in self.stop or self.rules.known(v.text[k]) and v.lower[k] not in self.stop_en_de)
            for k in range(start, end)
        )

    def _particle(self, v: View, k: int) -> bool:
        """Token ``k`` is an Arabic name particle inside a name ("al-Najjar", "bin" before "Saleh")."""
        head, dash, tail = v.text[k].partition("-")
        if dash:
            return head.lower() in ARABIC_PARTICLES and tail[:1].isupper()
        nxt = k + 1
        return (
            v.lower[k] in ARABIC_PARTICLES
            and nxt < len(v)
            and not v.space[k]
            and "\n" not in v.ws[k]
            and (v.text[nxt][:1].isupper() and not v.text[nxt].isupper() or "-" in v.text[nxt])
        )

    def _org_follows(self, v: View, end: int) -> bool:
        j = end
        while j < len(v) and v.space[j]:
            j += 1
        return j < len(v) and v.lower[j].rstrip(".") in self.cues["org_heads"] and self.rules.same_line(v, j)

    def _org_inside(self, v: View, start: int, end: int) -> bool:
        return any(v.lower[k].rstrip(".") in self.cues["org_heads"] for k in range(start, end))

    def _cue(self, v: View, i: int) -> str | None:
        """``title``, ``intro``, ``person`` or ``signoff`` for the words before token ``i``."""
        j = Rules.prev_index(v, i)
        if j is None:
            return None
        if v.text[j] == "." and j > 0:
            k = Rules.prev_index(v, j)
            if k is not None and v.lower[k] in self.cues["titles"]:
                return "title"
        if v.lower[j] in self.cues["titles"]:
            return "title"
        if v.text[j] == ":":
            k = Rules.prev_index(v, j)
            opens = k is not None and self.rules.sentence_start(v, k)
            if opens and v.lower[k] in self.cues["contact_headers"]:  # type: ignore[index]
                return "person"
            return "intro" if opens and v.lower[k] in self.cues["headers"] else None  # type: ignore[index]
        if self._phrase_start(v, j, self._intros) is not None:
            return "intro"
        if self._phrase_start(v, j, self._self_intros) is not None:
            return "self"
        if v.lower[j] in PRONOUN_COPULA and self.rules.copula_after(v, i, PRONOUN_COPULA[v.lower[j]]):
            return "intro"  # "Silav, ez Hejîn Kakayi im": Kurmanji the language detector did not know
        if v.lower[j] in self.cues["person_words"]:
            return "person"
        if v.text[j] in (",", "!", "."):
            j = Rules.prev_index(v, j)
        # A sign-off opens its line or sentence ("…\nBest regards,"), so "the best John" is none.
        start = self._phrase_start(v, j, self._signoffs) if j is not None else None
        return "signoff" if start is not None and self.rules.sentence_start(v, start) else None

    @staticmethod
    def _phrase_start(v: View, j: int, phrases: Sequence[tuple[str, ...]]) -> int | None:
        """Index where one of ``phrases`` starts if it ends at token ``j`` (spaces skipped), else None."""
        for phrase in phrases:
            k: int | None = j
            n = len(phrase) - 1
            while k is not None and n >= 0 and v.lower[k] == phrase[n]:
                n -= 1
                if n >= 0:
                    k = Rules.prev_index(v, k)
            if n < 0:
                return k
        return None


def build_foreign_names(make_doc: Callable[[str], Doc], rules: Rules) -> ForeignNames:
    """Return the foreign-language name detector over a tokenizer and the Swedish name rules."""
    return ForeignNames(make_doc, rules, load_cues())
