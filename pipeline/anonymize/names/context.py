"""Gazetteer and context rules for person names over a tokenized text.

Rules produce token ranges ``(start, end, source)``. A name "run" is one to four name-like
tokens on one line. Context decides how much evidence a run needs:

* strong context (``heter``, sign-offs, ``/``, header fields, a lone signature line) accepts
  capitalized unknown words and lower-case known names;
* person context (greetings, titles, kinship words) accepts capitalized words and lower-case
  known names;
* no context accepts capitalized known first names, with extra care for names that are also
  common words (``ambiguous``) and for traps such as Bo, Hans and Sten.

For speed the rules work on a ``View``: plain Python lists of token attributes built once per
document, with word-level answers cached per word form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.anonymize.names.lexicon import Lexicon, english_dictionary, swedish_dictionary
from pipeline.anonymize.names.unmarked import writes_nouns_lower

SURNAME_MORPH = re.compile(
    r"(sson|son|ström|qvist|kvist|gren|blad|dahl|mark|ell|ius|nen|inen|ić|ič|vić|ski|ska|cki|"
    r"cka|wicz|czyk|zadeh|pour|oğlu|oglu|ian|yan|enko|ov|ova|ev|eva|berg|lund|holm|stedt|"
    r"felt|feldt|man|er|sen)$"
)
PLACE_SUFFIX = re.compile(
    r"(gatan|vägen|väg|gränd|gränden|torget|stigen|allén|backen|leden|platsen|parken|skolan|"
    r"förskolan|gymnasiet|kyrkan|hallen|centrum|badet|sjukhuset|stan|staden|kommun|rådet|"
    r"nämnden|föreningen|förvaltningen|enheten|verket)$"
)
BREAKS = {".", "!", "?", ":", ";", "-", "–", "•", "*", ")", "(", '"', "…", "/", "//"}
LINE_END_PUNCT = {",", ".", "!", ":", ")"}
CACHE_MAX = 200_000  # word forms cached per Rules; cleared when full (long-running servers)
PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "af",
    "al",
    "el",
    "bin",
    "ibn",
    "abu",
    "da",
    "di",
    "du",
    "la",
    "le",
    "ter",
    "ten",
    "dos",
    "das",
    "del",
}
JOINED_PARTICLES = frozenset({"al", "el", "abu", "abd", "bin", "ibn"})
HERE = {"här", "here"}
# Company forms close a name only in capitals ("Bygg AB"); in lower case they are words of other languages.
COMPANY_FORMS = frozenset({"ab", "hb"})
# "Ez Rojhilat im", "ane Yafet eye": a pronoun, the name, the copula (Kurmanji, Tigrinya in Latin letters).
# Endings of a Swedish noun's definite singular and plural ("bil-en", "hus-et", "bila-n", "bilar-na").
DEFINITE_ENDINGS = frozenset({"en", "n", "et", "t", "na"})
PRONOUN_COPULA = {"ez": frozenset({"im", "me", "m"}), "ane": frozenset({"eye", "iye", "iyye", "eyye"})}
GREETINGS = {"hej", "hejsan", "hallå", "tjena", "tja", "hejhej"}
# SMS spellings of "det är" ("de e ruta", "dä e …") besides the written one.
COPULAS = {"är", "e", "ä"}
# Greetings residents open an SMS with in their own languages; "salaan, waa X" is Somali for "hello, it is X".
GREETED_INTRO = {"waa": frozenset({"salaan", "nabad", "asc", "hej", "hello", "hi", "salam", "salaam"})}
# Words that open a Swedish clause addressed to someone named just before the comma
# ("Rezhna, jag tycker …", "Tsega, kan ni …"): the word before is then a vocative name.
VOCATIVE_NEXT = {"jag", "du", "ni", "vi", "kan", "vill", "tack", "har", "hoppas", "snälla", "skulle", "varför", "hur"}
# Greetings that open a text in the residents' languages; "Selam," is a greeting, not the name Selam.
OPENERS = {"selam", "salam", "salaam", "silav", "merhaba", "marhaba", "hei", "moi", "zdravo", "cześć"}
TITLES = {
    "fru",
    "frun",
    "herr",
    "herrn",
    "fröken",
    "doktor",
    "dr",
    "doktorn",
    "professor",
    "pastor",
    "imam",
    "kyrkoherde",
    # Polish "Pan"/"Pani" and Sorani "Kak"/"Kaka" (Mr, Mrs) before a surname
    "pan",
    "pani",
    "kak",
    "kaka",
}
RECIPIENT_HEADERS = {"till", "to", "kopia", "cc"}
# Swedish role nouns, also as compounds ("fritidsledaren", "busschauffören", "mötesledare"): like the
# person words, a name may follow them ("fritidsledaren Hawre") or stand before them in brackets.
ROLE_NOUN = re.compile(
    r"(ledare|ledaren|skötare|skötaren|sköterska|sköterskan|arbetare|arbetaren|lärare|läraren|pedagog|pedagogen|"
    r"handläggare|handläggaren|rådgivare|rådgivaren|assistent|assistenten|kurator|kuratorn|samordnare|"
    r"samordnaren|chaufför|chauffören|tränare|tränaren|förare|föraren|ansvarig|ansvarige)$"
)
# Verbs only people do: an unknown capitalised word right before them is a name ("Hagosit ringde
# mig", "Zerevan berättade"), like the speech verbs of context.yaml.
PERSON_VERBS = {"ringde", "skrev", "mejlade", "berättade", "frågade", "svarade", "hälsade", "sms:ade"}
# Words that list names: "Ashti, Bezhar och Darbaz", "Saron & Tesfalem", "Hodan iyo Sagal".
COORDINATORS = {",", "och", "o", "&", "iyo", "û", "ve"}
# People named by what they are, before a bracketed name ("en kvinna (Sagal, 70 år)", "Pappa (Dawit Tekle)").
BRACKET_PERSON = {
    "kvinna",
    "kvinnan",
    "man",
    "mannen",
    "pojke",
    "pojken",
    "flicka",
    "flickan",
    "tjej",
    "kille",
    "äldre",
}
PLACE_PREPOSITIONS = {"i", "till", "från", "mot", "via", "ur", "nära", "utanför", "in", "to", "from", "near"}
FOREIGN_LETTERS = re.compile(r"[êîûşçğıłńśźżąęćčđžš]")
INITIAL = re.compile(r"^[A-ZÅÄÖ]\.$")
# Surname endings of the residents' origins (Polish, Finnish, Bosnian, Persian, Turkish, Armenian, Kurdish).
ORIGIN_MORPH = re.compile(
    r"(ski|ska|cki|cka|wicz|czyk|czak|inen|ainen|ović|ević|vić|ić|zadeh|zade|pour|oğlu|oglu|yan|ian|ayi|eyi)$"
)
# Case endings residents attach to names (issue 15 §2). Turkish puts any suffix after an apostrophe
# ("Ahmet'e", "Yılmaz'ın"); Finnish inflects a -nen surname on the stem -se- ("Virtasen",
# "Virtaselle") and adds endings to vowel stems, undoing kk/tt/pp gradation ("Pekalle" ← Pekka).
APOSTROPHES = ("'", "’")
FINNISH_NEN = ("selle", "sella", "sellä", "selta", "seltä", "sesta", "sestä", "sessa", "sessä", "sen", "seen")
FINNISH_ENDINGS = ("lle", "lla", "llä", "lta", "ltä", "ssa", "ssä", "sta", "stä", "kin", "ksi", "n")
# A -nen surname no list has, with a Finnish case ending or a Swedish possessive ("Kuusiselle",
# "Kuusinens"); the bare and genitive forms are left out because German infinitives and plurals
# look the same ("Wohnen", "Wiesen").
FINNISH_SURNAME = re.compile(r"[aeiouyäö](nens|selle|sella|sellä|selta|seltä|sesta|sestä)$")
VOWELS = "aeiouyäö"
# Longer words are Swedish compounds ("Minimilönelagstiftningen"), not names no list has.
MAX_NAME_LEN = 15
Run = tuple[int, int, str]


def origin_shaped(words: list[str]) -> bool:
    """Lower-cased words spelt like a name of the residents' origins: letters Swedish lacks or a surname ending.

    "Hêvî", "Iwona Michalska", "Kaisu Nieminen", "Welat Akreyi": no German or English heading looks so.
    """
    return any(FOREIGN_LETTERS.search(w) or ORIGIN_MORPH.search(w) for w in words)


def _compound(low: str, words: object) -> bool:
    """A Swedish compound of two dictionary words ("kontaktcenter", "fritidsgården"), not a name."""
    for k in range(3, len(low) - 2):
        head, tail = low[:k], low[k:]
        if tail in words and (head in words or head.endswith("s") and head[:-1] in words):  # type: ignore[operator]
            return True
    return False


def fold_lower(text: str) -> str:
    """Lower case that keeps Turkish "İ" one letter: Python turns "İbrahim" into "i̇brahim" (i + U+0307)."""
    return text.lower().replace("i\u0307", "i")


def _alpha(text: str) -> bool:
    return text.replace("-", "").replace("'", "").isalpha()


@dataclass
class View:
    """Token attributes of one doc as plain lists (fast to index from Python)."""

    text: list[str]
    lower: list[str]
    ws: list[str]
    space: list[bool]
    idx: list[int]

    @classmethod
    def of(cls, doc: Doc) -> View:
        """Build the view of a parsed doc."""
        text = [t.text for t in doc]
        return cls(
            text,
            [fold_lower(t) for t in text],
            [t.whitespace_ for t in doc],
            [t.isspace() for t in text],
            [t.idx for t in doc],
        )

    def __len__(self) -> int:
        return len(self.text)


class Rules:
    """Name rules bound to one lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        """Keep the lexicon, derive the context sets and start the per-word caches."""
        self.lex = lex
        ctx = lex.context
        self.strong = ctx["before_strong"]
        self.person = ctx["before_person"]
        self.headers = ctx["headers"]
        self.place_heads = ctx["place_heads"]
        self.facility = ctx["facility_heads"]
        # First names of the residents' origins (hand-written lists): rare in Sweden, so not on the
        # common list, yet in lower case ("pratat med nimco") they are no Swedish word either.
        self.origin_first = frozenset(
            n.lower()
            for lists in lex.origins.values()
            for n in lists.get("first", []) + lists.get("short", [])
            if n.lower() not in lex.stopwords
        )
        self.finnish = frozenset(
            n.lower()
            for n in lex.origins.get("finnish", {}).get("first", []) + lex.origins.get("finnish", {}).get("last", [])
        )
        # "Ma", "Ez", "Iyo": function words of the residents' other languages are no names, unless
        # they are common names too ("Ali", "Kim"); in lower case ("tarik", "heli") they never are.
        names = lex.common_first | {n.lower() for lists in lex.origins.values() for v in lists.values() for n in v}
        self.function = lex.function_words - names - PARTICLES
        self.function_all = lex.function_words
        self.origin_last = frozenset(
            n.lower() for lists in lex.origins.values() for n in lists.get("last", []) if n.lower() not in lex.stopwords
        )
        self.speech = ctx["speech_verbs"]
        self.phrases_person: dict[str, list[tuple[str, ...]]] = {}
        for p in ctx["phrases_person"]:
            words = tuple(p.split())
            self.phrases_person.setdefault(words[-1], []).append(words)
        self.business = ctx["business_heads"]
        self.phrases: dict[str, list[tuple[str, ...]]] = {}
        for p in ctx["phrases_strong"]:
            words = tuple(p.split())
            self.phrases.setdefault(words[-1], []).append(words)
        self._known: dict[str, bool] = {}
        self._first: dict[str, bool] = {}
        self._cap: dict[str, bool] = {}
        self._unknown: dict[str, bool] = {}
        self._definite: dict[str, bool] = {}

    # -- word classes (cached per word form) ----------------------------------------------------
    def known(self, word: str) -> bool:
        """A first name or surname from the lists, also in possessive or hyphenated form."""
        hit = self._known.get(word)
        if hit is None:
            if len(self._known) > CACHE_MAX:
                self._known.clear()
            hit = self._known[word] = self._known_uncached(fold_lower(word))
        return hit

    def _known_uncached(self, w: str) -> bool:
        lex = self.lex
        if w in lex.not_names or w in lex.stopwords and w not in lex.traps or w in self.function:
            return False
        if w in lex.first or w in lex.last:
            return True
        if w.endswith("s") and len(w) > 3 and (w[:-1] in lex.first or w[:-1] in lex.last):
            return True
        if any(b in lex.first or b in lex.last for b in self.inflected_bases(w)):
            return True
        parts = [p for p in w.split("-") if p]
        return len(parts) > 1 and all(p in lex.first or p in lex.last for p in parts)

    def inflected_bases(self, w: str) -> list[str]:
        """Names a lower-case word may inflect: "ahmet'e" → ahmet, "virtaselle" → virtanen, "pekalle" → pekka.

        Finnish vowel-stem endings only count for names on the Finnish list, so Swedish words
        ("annan") do not turn into names ("anna").
        """
        out = [w.split(a)[0] for a in APOSTROPHES if a in w and len(w.split(a)[0]) > 1]
        out += [w[: -len(e)] + "nen" for e in FINNISH_NEN if w.endswith(e) and len(w) - len(e) >= 3]
        for e in FINNISH_ENDINGS:
            stem = w[: -len(e)]
            if w.endswith(e) and len(stem) >= 3 and stem[-1] in VOWELS:
                grades = [stem]
                if stem[-2] in "ktp" and stem[-3] != stem[-2]:
                    grades.append(stem[:-1] + stem[-2] + stem[-1])
                out += [g for g in grades if g in self.finnish]
        return out

    def known_first(self, word: str) -> bool:
        """A first name from the lists (possessive and hyphenated forms too)."""
        hit = self._first.get(word)
        if hit is None:
            w = fold_lower(word)
            parts = [p for p in w.split("-") if p]
            hit = (
                w not in self.lex.not_names
                and w not in self.function
                and (
                    bool(parts)
                    and all(p in self.lex.first for p in parts)
                    or w.endswith("s")
                    and w[:-1] in self.lex.first
                    or any(b in self.lex.first for b in self.inflected_bases(w))
                )
            )
            if len(self._first) > CACHE_MAX:
                self._first.clear()
            self._first[word] = hit
        return hit

    def is_trap(self, low: str) -> bool:
        """A trap word (Bo, Hans, Sten ...), also in possessive form ("Dags")."""
        traps = self.lex.traps
        return low in traps or low.endswith("s") and low[:-1] in traps

    def is_ambiguous(self, low: str) -> bool:
        """A name that is also a common word, or a trap (possessive forms included)."""
        amb = self.lex.ambiguous
        return low in amb or low.endswith("s") and low[:-1] in amb or self.is_trap(low)

    def is_word_form(self, low: str) -> bool:
        """A name that is also some Swedish word form (broad list; possessives included)."""
        forms = self.lex.word_forms
        return low in forms or low.endswith("s") and low[:-1] in forms or self.is_ambiguous(low)

    def definite_noun(self, low: str) -> bool:
        """A Swedish noun in its definite form ("bilen", "huset"), not a common or origin first name.

        SCB lists a few bearers of "Bilen"; at a sentence start it is the car (issue 15), so such a
        word needs other evidence: a context word, a surname after it.
        """
        hit = self._definite.get(low)
        if hit is None:
            words = swedish_dictionary()
            lemma = words.get(low)
            hit = self._definite[low] = bool(
                lemma
                and lemma != low
                and len(lemma) >= 3
                and words.get(lemma) == lemma
                and low[len(lemma) :] in DEFINITE_ENDINGS
                and low.startswith(lemma)
                and low not in self.lex.common_first
                and low not in self.origin_first
                and low not in self.origin_last
            )
        return hit

    def finnish_verb_start(self, v: View, i: int, end: int, ctx: str | None) -> bool:
        """A lone sentence-initial word known only as a Finnish case form of a name ("Toivon, että …").

        Finnish verbs in the first person end in -n like a name's genitive ("Toivon" I hope / Toivo's),
        so at a sentence start without a context word it is the verb.
        """
        if ctx is not None or end - i != 1 or not self.sentence_start(v, i):
            return False
        w = v.lower[i]
        lex = self.lex
        if any(a in w for a in APOSTROPHES) or w in lex.first or w in lex.last:
            return False
        if w.endswith("s") and (w[:-1] in lex.first or w[:-1] in lex.last):
            return False
        bases = self.inflected_bases(w)
        nxt = v.lower[end] if end < len(v) else ""
        # "Pekan auto on rikki" (Pekka's car) is a name; a name that is also a word, or a clause
        # after a comma, makes it the verb.
        return bool(bases) and (any(self.is_ambiguous(b) for b in bases) or nxt in (",", "että", "etta"))

    def definite_start(self, v: View, i: int, end: int, ctx: str | None) -> bool:
        """A lone capitalised definite noun opening a sentence without a context word ("Bilen står …")."""
        return ctx is None and end - i == 1 and self.sentence_start(v, i) and self.definite_noun(v.lower[i])

    def evidence(self, word: str) -> bool:
        """A capitalized known name that is not a trap: enough to trust a model span."""
        return word[:1].isupper() and self.known(word) and not self.is_trap(fold_lower(word))

    def blocked(self, word: str) -> bool:
        """Words that can never be part of a name."""
        w = fold_lower(word)
        return w in self.lex.not_names or (w in self.lex.stopwords and w not in self.lex.traps) or w in self.function

    def unknown_word(self, t: str) -> bool:
        """A word no list knows as Swedish, a place or a function word: in a person slot, a name ("Hüso")."""
        low = fold_lower(t)
        hit = self._unknown.get(low)
        if hit is None:
            if len(self._unknown) > CACHE_MAX:
                self._unknown.clear()
            words = swedish_dictionary()
            hit = self._unknown[low] = (
                len(low) > 2
                and _alpha(low)
                and low not in words
                and low not in self.lex.keep
                and low not in self.function_all
                and not self.blocked(low)
                and not PLACE_SUFFIX.search(low)
                and not _compound(low, words)
            )
        return hit

    def foreign_word(self, t: str) -> bool:
        """A word that is no Swedish or English word, place or function word.

        Unlike ``unknown_word`` it may split into two Swedish words ("Barakat", "Sweidan" look like
        compounds); English words are out because Swedish texts quote English names of things.
        """
        low = fold_lower(t)
        return (
            2 < len(low) <= MAX_NAME_LEN
            and _alpha(low)
            and low not in swedish_dictionary()
            and low not in english_dictionary()
            and low not in self.lex.keep
            and low not in self.function_all
            and not self.blocked(low)
            and not PLACE_SUFFIX.search(low)
        )

    def capitalized_namelike(self, t: str) -> bool:
        """A capitalized alphabetic word that is not blocked and not a street or place word."""
        hit = self._cap.get(t)
        if hit is None:
            if len(self._cap) > CACHE_MAX:
                self._cap.clear()
            hit = self._cap[t] = self._cap_uncached(t)
        return hit

    def _cap_uncached(self, t: str) -> bool:
        if not t[:1].isupper() or not _alpha(t) or (t.isupper() and len(t) > 1):
            return False
        low = fold_lower(t)
        if PLACE_SUFFIX.search(low) and low not in self.lex.first and low not in self.lex.last:
            return False
        # Sign-off and contact words ("Hälsar", "Ring") open a name; they are never part of one.
        # Person words ("Doktor", "Ägaren") introduce a name; they are not part of it.
        return not self.blocked(t) and low not in self.place_heads and low not in self.strong and low not in self.person

    def function_name(self, v: View, k: int) -> bool:
        """A name that is a function word of another residents' language, capitalised inside a sentence.

        Croatian "ako" (if) and "bile" (were) are Kurdish and Somali names; capitalised mid-sentence
        ("Enligt Ako …", "Till Maxamed Bile") the function word reading is out.
        """
        t, low = v.text[k], v.lower[k]
        lex = self.lex
        return (
            len(t) > 2
            and t[:1].isupper()
            and t[1:].islower()
            and low in self.function
            and (low in lex.first or low in lex.last)
            and low not in lex.stopwords
            and low not in lex.not_names
            and not self.sentence_start(v, k)
        )

    def surname_like(self, t: str) -> bool:
        """A word that may continue a name: capitalized name-like, or an initial ("W.")."""
        return self.capitalized_namelike(t) or bool(INITIAL.match(t))

    # -- positions ------------------------------------------------------------------------------
    @staticmethod
    def prev_index(v: View, i: int, skip_comma: bool = False) -> int | None:
        """Index of the previous non-space token (optionally skipping one comma)."""
        j = i - 1
        while j >= 0 and v.space[j]:
            j -= 1
        if skip_comma and j >= 0 and v.text[j] == ",":
            return Rules.prev_index(v, j)
        return j if j >= 0 else None

    @staticmethod
    def same_line(v: View, i: int) -> bool:
        """Say whether token ``i`` is on the same line as token ``i - 1``."""
        return i > 0 and "\n" not in v.ws[i - 1] and "\n" not in v.text[i - 1] and "\n" not in v.text[i]

    def sentence_start(self, v: View, i: int) -> bool:
        """True at the text start, after a line break or after sentence punctuation."""
        j = self.prev_index(v, i)
        if j is None:
            return True
        if "\n" in v.ws[j] or any("\n" in v.text[k] for k in range(j + 1, i)):
            return True
        return v.text[j] in BREAKS

    def context(self, v: View, i: int) -> str | None:
        """Return ``strong``, ``person`` or None for the words before token ``i``."""
        j = self.prev_index(v, i, skip_comma=True)
        if j is None:
            return None
        prev = v.lower[j]
        if prev[0] == "/" and set(prev) == {"/"}:
            attached = j > 0 and not v.ws[j - 1] and not v.space[j - 1]
            return None if attached else "strong"
        if prev in self.strong or prev in PRONOUN_COPULA and self.copula_after(v, i, PRONOUN_COPULA[prev]):
            return "strong"
        if prev == ":":
            k = self.prev_index(v, j)
            if k is None or v.lower[k] not in self.headers:
                return None
            # "Till:"/"Kopia:" often name a department, so they need a known name.
            return "person" if v.lower[k] in RECIPIENT_HEADERS else "strong"
        for phrase in self.phrases.get(prev, ()):
            n = len(phrase)
            if j - n + 1 >= 0 and tuple(v.lower[j - n + 1 : j + 1]) == phrase:
                return "strong"
        for phrase in self.phrases_person.get(prev, ()):
            n = len(phrase)
            if j - n + 1 >= 0 and tuple(v.lower[j - n + 1 : j + 1]) == phrase:
                return "person"
        return "person" if prev in self.person or v.text[j].islower() and ROLE_NOUN.search(prev) else None

    def copula_after(self, v: View, i: int, copulas: frozenset[str]) -> bool:
        """The copula follows the one to three capitalised words from ``i`` on the same line."""
        k = i
        while k < len(v) and k - i < 3 and self.same_line(v, k) and v.text[k][:1].isupper():
            k += 1
        return i < k < len(v) and self.same_line(v, k) and v.lower[k] in copulas

    # -- runs -----------------------------------------------------------------------------------
    def candidate(self, v: View, i: int) -> bool:
        """Cheap test: could token ``i`` start a name run in some context?"""
        t = v.text[i]
        return (
            self.capitalized_namelike(t)
            or self.joined_particle(t)
            and self.context(v, i) is not None
            or self.function_name(v, i)
            and self.context(v, i) is not None
            or (
                t.islower()
                and (
                    self.known(t)
                    or self.lower_slot(v, i)
                    or self.introduced_here(v, i)
                    or self.greeted_intro_end(v, i) is not None
                    or self.with_me(v, i, i + 1)
                    and self.unknown_word(t)
                )
            )
        )

    def lower_slot(self, v: View, i: int) -> bool:
        """A lower-case word where SMS writers put their name, even one no list has.

        "…, siciid här igen", "tuba från hälla här", "ring mig 070… / rigat".
        """
        t, low = v.text[i], v.lower[i]
        if not _alpha(t) or low in self.lex.stopwords or low in self.function_all or low in self.lex.not_names:
            return False
        ok = self.known_first(t) or self.unknown_word(t)
        j = self.prev_index(v, i)
        nxt = v.lower[i + 1] if i + 1 < len(v) else ""
        if nxt in HERE and (j is None or v.text[j] == "," or self.sentence_start(v, i) or v.lower[j] in GREETINGS):
            return ok  # "anas här", "tja anas här": the writer's name even if it is some Swedish word form
        if nxt == "från" and i + 3 < len(v) and v.lower[i + 3] in HERE and self.sentence_start(v, i):
            return not self.is_word_form(low) or ok
        if j is not None and v.text[j] in ("/", "//") and self.lone_line_end(v, i + 1):
            return ok and self.context(v, i) == "strong"
        # "pratat med hêvî om saken", "min granne xali": a person slot takes an SMS writer's lower-case name
        return self.context(v, i) == "person" and self.unknown_word(t)

    def opener(self, v: View, i: int, end: int) -> bool:
        """A greeting opening the text or a sentence ("Selam, ane …"), not a name."""
        return (
            end - i == 1
            and v.lower[i] in OPENERS
            and self.sentence_start(v, i)
            and end < len(v)
            and v.text[end] in (",", "!")
        )

    def with_me(self, v: View, i: int, end: int) -> bool:
        """The run stands before "och jag"/"och min…" or after "jag och" ("Cemo och jag cyklar")."""
        after = v.lower[end : end + 2]
        j = self.prev_index(v, i)
        k = self.prev_index(v, j) if j is not None else None
        return (
            len(after) == 2
            and after[0] in ("och", "o")  # "o" is how SMS writers spell "och"
            and after[1] in ("jag", "min", "mina", "hennes", "hans", "vi")
            or k is not None
            and v.lower[j] in ("och", "o")  # type: ignore[index]
            and v.lower[k] in ("jag", "vi")
        )

    def kin_possessive(self, v: View, i: int) -> bool:
        """An unknown name's possessive before a person word ("Rojvans mamma", "Kibreabs dotter")."""
        low = v.lower[i]
        return (
            low.endswith("s")
            and i + 1 < len(v)
            and self.same_line(v, i + 1)
            and v.lower[i + 1] in self.person
            and v.text[i + 1].islower()
            and self.unknown_word(low[:-1])
        )

    def speaks(self, v: View, end: int) -> bool:
        """A speech or opinion verb follows ("Svenne sa att", "Memo tycker att")."""
        return end < len(v) and v.lower[end] in self.speech and self.same_line(v, end)

    def origin_surname(self, v: View, i: int, end: int) -> bool:
        """A surname of the residents' origins inside a sentence ("med Virtanens fru", "Komşum Özdemir'in")."""
        if self.sentence_start(v, i) or not v.text[i][:1].isupper():
            return False
        last = self.origin_last
        for w in v.lower[i:end]:
            forms = [w, w[:-1] if w.endswith("s") else w, *self.inflected_bases(w)]
            if any(f in last for f in forms) and w not in self.lex.keep and not self.is_word_form(w):
                return True
        return False

    def finnish_surname(self, v: View, i: int, end: int) -> bool:
        """A Finnish surname shape, inflected or not ("Ahosen", "Ahoselle", "Ahonens"), inside a sentence."""
        return (
            end - i == 1
            and v.text[i][:1].isupper()
            and not self.sentence_start(v, i)
            and bool(FINNISH_SURNAME.search(v.lower[i]))
            and self.unknown_word(v.text[i])
        )

    def run_from(self, v: View, i: int, ctx: str | None) -> int:
        """Return the end index of the name run starting at ``i`` (``i`` if there is none)."""
        t = v.text[i]
        low = t.islower()
        lower_ok = (
            ctx is not None
            and low
            and self.known(t)
            and not self.is_trap(v.lower[i])
            and (ctx == "strong" or not self.is_word_form(v.lower[i]))
        )
        here = i + 1 < len(v) and v.lower[i + 1] in HERE and self.known_first(t) and not self.is_word_form(v.lower[i])
        if low and self.lower_name_here(v, i):
            return i + 2
        if low and self.introduced_here(v, i):
            return i + 1
        greeted = self.greeted_intro_end(v, i)
        if greeted:
            return greeted
        particle = self.particle_end(v, i) if ctx is not None else None
        if particle:
            return particle
        lone = low and self.lower_lone(v, i)
        if not (
            lower_ok
            or self.capitalized_namelike(t)
            or ctx is not None
            and self.function_name(v, i)
            or low
            and (
                here
                or lone
                or self.lower_pair(v, i)
                or self.lower_slot(v, i)
                or self.with_me(v, i, i + 1)
                and (self.known_first(t) or self.unknown_word(t))
                and not self.is_trap(v.lower[i])
            )
        ):
            return i
        end = i + 1
        while end < len(v) and end - i < 4 and self.same_line(v, end):
            nxt = v.text[end]
            if not low and (self.surname_like(nxt) or self.function_name(v, end)):
                end += 1
            elif not low and self.particle_end(v, end):
                end = self.particle_end(v, end) or end
            elif (
                low
                and nxt.islower()
                and self.known(nxt)
                and (not self.is_word_form(v.lower[end]) or SURNAME_MORPH.search(v.lower[end]))
            ):
                end += 1
            elif (
                low and ctx is not None and nxt.islower() and self.unknown_word(nxt) and self.lone_line_end(v, end + 1)
            ):
                end += 1  # "sms från hamse samatar", "min granne xali dhuux": an SMS writer's surname
            elif (
                low
                and ctx is not None
                and nxt.islower()
                and self.unknown_word(nxt)
                and end + 1 < len(v)
                and v.text[end + 1] in (":", ",")
            ):
                end += 1
            else:
                break
        return end

    def particle_end(self, v: View, j: int) -> int | None:
        """End of "van der Berg"/"al-" style particles plus the capitalized surname after them."""
        if self.joined_particle(v.text[j]):
            return j + 1  # one token: "al-Zubaidi", "el-Sayed"
        k = j
        while k < len(v) and k - j < 2 and v.lower[k] in PARTICLES and (k == j or self.same_line(v, k)):
            k += 1
        if k == j or k >= len(v) or not self.same_line(v, k) or not self.surname_like(v.text[k]):
            return None
        return k + 1

    def joined_particle(self, t: str) -> bool:
        """An Arabic particle joined to a capitalised surname in one token ("al-Zubaidi", "el-Sayed")."""
        head, dash, tail = t.partition("-")
        return bool(dash) and head.lower() in JOINED_PARTICLES and self.capitalized_namelike(tail)

    def lower_lone(self, v: View, i: int) -> bool:
        """A lower-case first name that is no word form or surname ("kan fatima ringa mig")."""
        low = v.lower[i]
        return (
            len(low) > 3
            and (low in self.lex.common_first or low in self.origin_first)
            and not self.is_word_form(low)
            and low not in self.lex.last
            and low not in self.lex.not_names
            and low not in self.function_all
        )

    def lower_pair(self, v: View, i: int) -> bool:
        """Two lower-case known names in a row that are not ordinary words ("erik johansson")."""
        j = i + 1
        if j >= len(v) or not self.same_line(v, j):
            return False
        return all(v.text[k].islower() and self.known(v.text[k]) and not self.is_word_form(v.lower[k]) for k in (i, j))

    def followed_by_place_head(self, v: View, end: int) -> bool:
        """Say whether a street word follows, as in "Carl Larssons väg" (a place, not a person).

        Company forms count in capitals only: Tigrinya "ab" means "in" ("hawey Yafet ab Råby").
        """
        return (
            end < len(v)
            and v.lower[end] in self.place_heads
            and not (v.lower[end] in COMPANY_FORMS and not v.text[end].isupper())
        )

    def lower_name_here(self, v: View, i: int) -> bool:
        """A lower-case first name and surname before "här" ("agnieszka kamiński här. lampan …")."""
        j = i + 1
        return (
            j + 1 < len(v)
            and v.lower[j + 1] in HERE
            and self.same_line(v, j)
            and self.known_first(v.text[i])
            and not self.is_word_form(v.lower[i])
            and _alpha(v.text[j])
            and v.text[j].islower()
            and v.lower[j] not in self.lex.stopwords
            and not self.is_word_form(v.lower[j])
        )

    def introduced_here(self, v: View, i: int) -> bool:
        """A lower-case word after "det är" ("hej det är ruta här", "hej, detta är zînê."): an SMS writer's name.

        Before "här" a word that is no Swedish word is enough, and after a greeting any word
        ("det är sol här" is weather). Before a full stop or comma it needs the greeting and must
        be no Swedish word or a first name that is no word form.
        """
        j = self.prev_index(v, i)
        k = self.prev_index(v, j) if j is not None else None
        if not (
            k is not None
            and v.lower[j] in COPULAS  # type: ignore[index]
            and v.lower[k] in ("det", "detta", "de", "dä")
            and i + 1 < len(v)
            and _alpha(v.text[i])
            and v.lower[i] not in self.lex.stopwords
            and v.lower[i] not in self.function_all
        ):
            return False
        if v.lower[i + 1] in HERE:
            # a name, or after a greeting a name that is also a word ("hej det är sol här"); no plain word ("lugnt")
            named = self.known_first(v.text[i]) or self.unknown_word(v.text[i])
            return named and (not self.is_word_form(v.lower[i]) or self._greeting_before(v, k))
        return (
            (v.text[i + 1] in (".", ",", "!") or v.lower[i + 1] == "från")
            and self._greeting_before(v, k)
            and (self.unknown_word(v.text[i]) or self.known_first(v.text[i]) and not self.is_word_form(v.lower[i]))
        )

    def greeted_intro_end(self, v: View, i: int) -> int | None:
        """End of a writer's name after a greeting and an introducing copula ("salaan, waa sagal cabdi.").

        The name is one or two words that are no Swedish or function words and end their clause,
        so "salaan, waa xaalad xun" (it is bad) stays when its words are on the function lists.
        """
        j = self.prev_index(v, i)
        if j is None or v.lower[j] not in GREETED_INTRO or not self.same_line(v, i):
            return None
        g = self.prev_index(v, j, skip_comma=True)
        if g is None or v.lower[g] not in GREETED_INTRO[v.lower[j]] or not self.sentence_start(v, g):
            return None
        end = i
        while (
            end < len(v) and end - i < 2 and (end == i or self.same_line(v, end)) and self._intro_word(v, end, end > i)
        ):
            end += 1
        if end == i or end < len(v) and self.same_line(v, end) and v.text[end] not in (".", ",", "!"):
            return None
        return end

    def _intro_word(self, v: View, k: int, surname: bool = False) -> bool:
        """A word of the writer's name; a surname may be another language's function word ("… filsan bile.")."""
        t, low = v.text[k], v.lower[k]
        lex = self.lex
        if not _alpha(t) or t.isupper():
            return False
        if low in self.function_all:
            return surname and (low in lex.first or low in lex.last) and low not in lex.stopwords
        return self.unknown_word(t) or self.known(t) and not self.is_word_form(low)

    def _greeting_before(self, v: View, k: int) -> bool:
        """A greeting before "det är" makes a word that is also a noun a name ("det är sol här" is weather)."""
        g = self.prev_index(v, k, skip_comma=True)
        if g is not None and v.lower[g] == "igen":  # "hej igen de e …"
            g = self.prev_index(v, g, skip_comma=True)
        return g is not None and v.lower[g] in GREETINGS

    def foreign_letters(self, v: View, i: int, end: int) -> bool:
        """Capitalised words spelt with letters Swedish never uses ("Nazê", "Yılmaz", "Hodžić"), inside a sentence.

        Kurdish, Turkish, Bosnian and Polish names missing from the lists are still names; a place
        from the keep list ("Gdańsk" is not one residents discuss here) or a sentence start is not enough.
        """
        if self.sentence_start(v, i) and end - i < 2 and not self.swedish_follows(v, end):
            return False
        j = self.prev_index(v, i)
        if j is not None and v.lower[j] in PLACE_PREPOSITIONS:
            return False  # "till Gdańsk", "från Niš": a place
        words = v.lower[i:end]
        return (
            all(v.text[k][:1].isupper() for k in range(i, end))
            and any(FOREIGN_LETTERS.search(w) for w in words)
            and not any(w in self.lex.keep for w in words)
        )

    def swedish_follows(self, v: View, end: int) -> bool:
        """A Swedish word follows ("Berçem från Råby vill …"): the sentence is Swedish, the word before it a name."""
        if end >= len(v) or not self.same_line(v, end):
            return False
        nxt = v.lower[end]
        if nxt in ("från", "och", "här") or nxt in self.speech:
            return True
        return (
            v.text[end].islower()
            and nxt in swedish_dictionary()
            and nxt not in self.lex.stopwords
            and nxt not in self.function_all
        )

    def after_title(self, v: View, i: int) -> bool:
        """A title (fru, herr, doktor ...) stands right before token ``i``."""
        j = self.prev_index(v, i)
        if j is not None and v.text[j] == "." and j > 0:
            j = self.prev_index(v, j)
        return j is not None and v.lower[j] in TITLES

    def names_business(self, v: View, start: int, end: int) -> bool:
        """The run names a business: "Café Anna", "Salong Fatima", "Lisas Café", "Mehmets Kebab"."""
        heads = self.business
        j = self.prev_index(v, start)
        if j is not None and v.lower[j] in heads and self.same_line(v, start) and v.text[j][:1].isupper():
            return True
        if any(self.business_word(v.lower[k]) for k in range(start, end)) and end - start > 1:
            return True
        return end < len(v) and self.business_word(v.lower[end]) and v.lower[end - 1].endswith("s")

    def business_word(self, low: str) -> bool:
        """A business head, also as the end of a compound ("hemstäd", "stenugnsbageri", "kebabgrillen")."""
        return low in self.business or any(
            len(h) > 3 and len(low) - len(h) > 2 and low.endswith(h) for h in self.business
        )

    def names_facility(self, v: View, start: int, end: int) -> bool:
        """The run names a facility after a person: "Astrid Lindgrens förskola", "Rudbecks skola".

        A first name alone ("Annas förskola") is a child's or a worker's; a facility with its own
        name after it ("Svens förskola Trollskogen") is that person's.
        """
        if end >= len(v) or v.lower[end] not in self.facility or not v.lower[end - 1].endswith("s"):
            return False
        if self.context(v, start) is not None:
            return False  # "min dotter Sara Lindqvists förskola"
        after = end + 1
        if after < len(v) and self.same_line(v, after) and self.capitalized_namelike(v.text[after]):
            return False
        if end - start >= 2:
            return True
        low = v.lower[start][:-1]
        return low in self.lex.last and low not in self.lex.first

    def closing(self, v: View, start: int, end: int) -> bool:
        """The run opens the last sentence or line of the text and only punctuation follows it.

        A resident signs with the name alone after the message ("Lampan är trasig. Nazdar Hama
        Amin"); the text must say something before it.
        """
        j = self.prev_index(v, start)
        if j is None or not self.sentence_start(v, start):
            return False
        if v.text[j] not in (".", "!", "?") and not any("\n" in v.ws[n] or "\n" in v.text[n] for n in range(j, start)):
            return False  # "… funktionsstörningar (Utah).": a bracket is no new sentence
        k = end
        if k + 1 < len(v) and v.text[k] == "," and v.lower[k + 1] in self.lex.keep:
            k += 2  # "Mukhtar Elmi, Råby": the district after the name
        return all(v.text[n] in LINE_END_PUNCT or v.space[n] for n in range(k, len(v)))

    def unknown_name(self, v: View, start: int, end: int) -> bool:
        """One to three capitalised words no list has that are no Swedish or English words ("Mahallati").

        The text must hold a Swedish function word: German headings ("Konzept Wohnen") reach the
        Swedish model too, and their nouns are on no Swedish or English list.
        """
        words = v.text[start:end]
        return (
            end - start <= 3
            and all(w[1:].islower() and self.foreign_word(w) for w in words)
            and any(self.unknown_word(w) for w in words)
            and (self.swedish_text(v) or origin_shaped(v.lower[start:end]))
        )

    def swedish_text(self, v: View) -> bool:
        """The text holds a function word of Swedish or a residents' language, and none only English or German has.

        Names no list has are sought in Swedish texts and in the residents' languages ("Meel
        mugdi ah. Filsan"); German headings reach the Swedish model too ("Konzept Wohnen: die …",
        "Autofreier Sonntag", "Ein Ticketsystem"). A Swedish or residents' word counts in lower case
        only: German capitalises its nouns, so "15 Min" is no Swedish "min".
        """
        from pipeline.anonymize.names.foreign import english_german_only, swedish_only

        only = swedish_only()
        if any(t in only for t in v.text):
            return True
        other = english_german_only()
        own = self.function_all
        return not any(w in other for w in v.lower) and any(t in own for t in v.text)

    def lone_line_end(self, v: View, end: int) -> bool:
        """True if only punctuation follows the run on its line."""
        while end < len(v) and self.same_line(v, end):
            if v.text[end] not in LINE_END_PUNCT:
                return False
            end += 1
        return True

    def runs(self, v: View) -> list[Run]:
        """All rule runs: context, signature and gazetteer."""
        out: list[Run] = []
        lower_nouns = writes_nouns_lower(v.lower, self.lex.stopwords)
        for i in range(len(v)):
            if v.space[i] or not self.candidate(v, i):
                continue
            ctx = self.context(v, i)
            end = self.run_from(v, i, ctx)
            if end == i or self.followed_by_place_head(v, end):
                continue
            src = self._classify(v, i, end, ctx, lower_nouns)
            if src:
                out.append((i, end, src))
        return out

    def _classify(self, v: View, i: int, end: int, ctx: str | None, lower_nouns: bool = False) -> str | None:
        """Decide which rule, if any, accepts the run ``[i, end)``.

        ``lower_nouns``: the text is in a language that writes ordinary words in lower case.
        """
        words = v.text[i:end]
        if self.opener(v, i, end) or self.definite_start(v, i, end, ctx) or self.finnish_verb_start(v, i, end, ctx):
            return None
        if self.greeted_intro_end(v, i) == end:
            return "context"
        known = any(self.known(w) for w in words)
        if ctx in ("person", "strong") and end - i == 1 and self.joined_particle(words[0]):
            return "context"  # "min granne el-Masri", "familjen al-Zubaidi"
        if ctx == "person" and (known or end - i > 1) or ctx == "strong" and (known or self.lone_line_end(v, end)):
            return "context"
        cap = v.text[i][:1].isupper()
        if ctx == "person" and cap and self.after_title(v, i):
            return "context"  # "Fru Botani", "doktor Haddad": a title takes an unknown surname
        header = (j := self.prev_index(v, i)) is not None and v.text[j] == ":"
        if (
            cap
            and end - i == 1
            and self.unknown_word(words[0])
            and (ctx in ("person", "strong") and not header or self.with_me(v, i, end) or self.kin_possessive(v, i))
        ):
            return "context"  # "min granne Hüso", "pratade med Xali", "Cemo och jag"
        if cap and self.closing(v, i, end) and self.unknown_name(v, i, end):
            return "signature"  # "Lampan är trasig. Mahallati": a name alone closes the text
        if cap and (self.vocative(v, i, end) or self.bracketed(v, i, end)):
            return "context"
        if lower_nouns and cap and self.capital_inside(v, i, end):
            return "context"
        if cap and end - i <= 2 and self.acts(v, end) and all(self.unknown_word(w) for w in words):
            return "context"
        if v.text[i].islower() and end - i == 1 and (self.lower_slot(v, i) or self.introduced_here(v, i)):
            return "gazetteer"
        if v.text[i].islower() and end - i == 1 and self.with_me(v, i, end) and self.unknown_word(v.text[i]):
            return "gazetteer"
        first = any(self.known_first(w) for w in words)
        if not first and (
            self.foreign_letters(v, i, end) or self.origin_surname(v, i, end) or self.finnish_surname(v, i, end)
        ):
            return "gazetteer"
        if not first:
            return None
        single_trap = end - i == 1 and self.is_trap(v.lower[i])
        if self.sentence_start(v, i):
            here = end < len(v) and v.lower[end] in HERE
            if here or (self.lone_line_end(v, end) and not single_trap):
                return "signature"
        if v.text[i].islower():
            if end - i > 1 and self.lower_pair(v, i) or end < len(v) and v.lower[end] in HERE:
                return "gazetteer"
            if self.introduced_here(v, i):
                return "gazetteer"
            if end - i == 1 and self.with_me(v, i, end) and not self.is_trap(v.lower[i]):
                return "gazetteer"  # "jag och björn vill ha ett utegym"
            return "gazetteer" if self.lower_lone(v, i) else None
        if not self.known_first(v.text[i]):
            return None
        if end - i < 2 and self.needs_support(v, i) and not self.speaks(v, end) and not self.with_me(v, i, end):
            return None
        return "gazetteer"

    def vocative(self, v: View, i: int, end: int) -> bool:
        """Unknown capitalised words that open the text or a line before a comma and a Swedish clause.

        "Rezhna, jag tycker att …": no list has the name, but no Swedish word, place or function
        word stands there either; the clause after the comma says it is Swedish.
        """
        if end - i > 2 or not self.sentence_start(v, i) or end + 1 >= len(v) or v.text[end] != ",":
            return False
        nxt = end + 1
        while nxt < len(v) and v.space[nxt]:
            nxt += 1
        return (
            nxt < len(v)
            and self.same_line(v, nxt)
            and v.lower[nxt] in VOCATIVE_NEXT
            and v.text[nxt].islower()
            and all(self.unknown_word(v.text[k]) and v.text[k][1:].islower() for k in range(i, end))
        )

    def acts(self, v: View, end: int) -> bool:
        """A speech verb or a verb only people do follows on the same line ("… ringde", "… säger")."""
        return end < len(v) and self.same_line(v, end) and (v.lower[end] in self.speech or v.lower[end] in PERSON_VERBS)

    def coordinated(self, v: View, runs: list[Run]) -> list[Run]:
        """Names listed with found names ("Ashti, Bezhar och Darbaz", "Saron & Tesfalem", "Rania Touma, Bashar Halabi").

        A found full name or a lone first name that is no word anchors the list; each neighbour
        across a coordinator that looks like a name no list has (one or two capitalised words that
        are no Swedish or English words) is a name and anchors the next one.
        """
        out: list[Run] = []
        taken = {k for s, e, _ in runs for k in range(s, e)}
        todo = [(s, e) for s, e, _ in runs if self._anchor(v, s, e)]
        while todo:
            start, end = todo.pop()
            for member in (self._member_after(v, end), self._member_before(v, start)):
                if member is not None and not taken.intersection(range(*member)):
                    out.append((*member, "context"))
                    taken.update(range(*member))
                    todo.append(member)
        return out + self._sandwiched(v, runs)

    def _anchor(self, v: View, start: int, end: int) -> bool:
        """A run that may anchor a list: a lone first name that is no word, or two to three name words.

        The words of a full name are known names or no Swedish or English words: "New Jersey" and
        "Stride Rite" anchor nothing.
        """
        if end - start == 1:
            return self.known_first(v.text[start]) and not self.is_word_form(v.lower[start])
        return end - start <= 3 and all(self._list_word(v, k, k > start) for k in range(start, end))

    def _member_after(self, v: View, end: int) -> tuple[int, int] | None:
        """The name after a coordinator that follows token ``end - 1`` on its line ("… och Naimo")."""
        j = self._skip_space(v, end)
        if j >= len(v) or v.lower[j] not in COORDINATORS or not self.same_line(v, j):
            return None
        k = self._skip_space(v, j + 1)
        m = k
        while m < len(v) and m - k < 2 and (m == k or self.same_line(v, m)) and self._list_word(v, m, m > k):
            m += 1
        nxt = self._skip_space(v, m)
        if m == k or nxt < len(v) and self.same_line(v, nxt) and v.text[nxt][:1].isupper():
            return None
        return (k, m) if any(self.unknown_word(t) or self.known(t) for t in v.text[k:m]) else None

    def _member_before(self, v: View, start: int) -> tuple[int, int] | None:
        """The one-word name before a coordinator that precedes token ``start`` ("Shilan och Karwan Abdulla")."""
        before = self.prev_index(v, start)
        if before is None or v.lower[before] not in COORDINATORS or not self.same_line(v, start):
            return None
        first = self.prev_index(v, before)
        if first is None or not self._list_word(v, first) or not self.unknown_word(v.text[first]):
            return None
        prev = self.prev_index(v, first)
        if prev is not None and self.same_line(v, first) and v.text[prev][:1].isupper():
            return None  # "… Bäckby Shilan och …": part of something longer
        return (first, first + 1)

    def _list_word(self, v: View, k: int, surname: bool = False) -> bool:
        """A capitalised word of a listed name: no Swedish or English word, or a known name.

        A surname may be a word.
        """
        t = v.text[k]
        if not (t[:1].isupper() and t[1:].islower() and self.capitalized_namelike(t)):
            return False
        return self.foreign_word(t) or self.evidence(t) and (surname or not self.is_word_form(v.lower[k]))

    def _sandwiched(self, v: View, runs: list[Run]) -> list[Run]:
        """A first name that is also a word, between two found names in a list ("Behrouz, Mina, Tarek och Samir")."""
        if len(runs) < 2:
            return []
        ends = {r[1] for r in runs}
        starts = {r[0] for r in runs}
        out: list[Run] = []
        for k in range(1, len(v) - 1):
            t = v.text[k]
            if not (t[:1].isupper() and t[1:].islower() and self.known_first(t)) or k in starts:
                continue
            before = self.prev_index(v, k)
            after = self._skip_space(v, k + 1)
            if before is None or v.text[before] != "," or before not in ends or after >= len(v):
                continue
            if (v.text[after] == "," or v.lower[after] in COORDINATORS) and self.same_line(v, after):
                if self._skip_space(v, after + 1) in starts:
                    out.append((k, k + 1, "context"))
        return out

    @staticmethod
    def _skip_space(v: View, j: int) -> int:
        while j < len(v) and v.space[j]:
            j += 1
        return j

    def capital_inside(self, v: View, i: int, end: int) -> bool:
        """Capitalised words inside a sentence of a language that writes nouns in lower case."""
        return not self.sentence_start(v, i) and all(
            not v.text[k].isupper() and (self.unknown_word(v.text[k]) or self.known(v.text[k])) for k in range(i, end)
        )

    def bracketed(self, v: View, i: int, end: int) -> bool:
        """Unknown capitalised words in brackets after a person word, or before a bracketed role.

        "Pappa (Dawit Tekle) har rullator", "en kvinna (Sagal, 70 år)", "Tekle (mötesledare) sa".
        """
        if end - i > 3 or not all(self.unknown_word(v.text[k]) or self.known(v.text[k]) for k in range(i, end)):
            return False
        j = self.prev_index(v, i)
        if j is not None and v.text[j] == "(" and end < len(v) and v.text[end] in (")", ","):
            k = self.prev_index(v, j)
            if k is not None and (
                v.lower[k] in self.person or v.lower[k] in BRACKET_PERSON or ROLE_NOUN.search(v.lower[k])
            ):
                return True
        nxt = end
        while nxt < len(v) and v.space[nxt]:
            nxt += 1
        if nxt + 2 < len(v) and v.text[nxt] == "(" and v.text[nxt + 2] == ")":
            role = v.lower[nxt + 1]
            return role in self.person or bool(ROLE_NOUN.search(role))
        return False

    def needs_support(self, v: View, i: int) -> bool:
        """A lone capitalized word needs more evidence if it is a trap or a sentence-initial word."""
        low = v.lower[i]
        if self.is_trap(low):
            return True
        return self.is_word_form(low) and self.sentence_start(v, i) and not self.possessive_before_noun(v, i)

    def possessive_before_noun(self, v: View, i: int) -> bool:
        """A first name's possessive before a lower-case noun ("Svens förskola", "Annas pappa").

        No Swedish word form reads that way, so a sentence start needs no further support.
        """
        low = v.lower[i]
        j = i + 1
        return (
            low.endswith("s")
            and low[:-1] in self.lex.first
            and j < len(v)
            and self.same_line(v, j)
            and v.text[j].isalpha()
            and v.text[j].islower()
            and v.lower[j] not in self.lex.stopwords
        )
