"""Person names written in Arabic script (Arabic, Persian, Kurdish Sorani) or Ethiopic script (issue 15 §1).

The Swedish name model and the foreign rules read Latin script only, so "اسمي أحمد" or "ስመይ ዮናስ" kept
the name. This detector runs on any text that holds one of those scripts, in a comment written
wholly in it or in a Swedish sentence with one name in it. A word is a name when it is on the
hand-written lists (``rules/names/script_names.yaml``), or when it follows an introduction or a
person word ("اسمي", "ስመይ", "السيد"); words that are also ordinary words ("أمل" hope, "ሰላም" peace)
need the introduction or a neighbouring name. Kurdish and Arabic attach letters to names (a
leading "و" and, "ناوم ڕۆژداە"); the list look-up strips them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.anonymize.names.lexicon import RULES_DIR
from pipeline.anonymize.spans import Span
from pipeline.errors import ConfigError

RULES_FILE = RULES_DIR / "script_names.yaml"
VERSION = "1"
SCORE = 0.8
# Letters only: Ethiopic word separators and punctuation (U+1360-U+1368) and Arabic punctuation end words.
_WORD = re.compile(
    r"[\u0620-\u064A\u066E-\u06D3\u06D5\u06FA-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFC\u200c\u064B-\u065F\u0670]+|[\u1200-\u135F\u1369-\u137F]+"
)
_HAS_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u1200-\u137F]")
_MARKS = re.compile(r"[\u064B-\u065F\u0670\u0640]")  # harakat and tatweel
_PREFIXES = ("و", "ب", "ل")
_SUFFIXES = ("ە", "م", "ی", "ه")
LISTS = ("arabic", "persian", "kurdish", "ethiopic")
# Sorani "من ڕێزانم" (I am Rêzan): the copula is attached. Words with a verb prefix ("من دەچم") or an
# adjective ("من باشم") are no names; the word must end its clause.
_SELF = "من"
_VERB_PREFIXES = ("دە", "ئە", "نا", "نە", "بە", "مە", "می", "نمی", "ال")
_NOT_SELF = frozenset(["باشم", "خۆشم", "نەخۆشم", "ماندووم", "هەم", "ئێستام", "دڵخۆشم", "بێزارم", "تووڕەم", "خەمبارم"])
_CLAUSE_END = re.compile(r"[ \t\u200f\u200e]*(?:[،,.!؟?\n]|$|و )")
# Sign-offs: the words after them, alone up to the end of their line, are the writer's name
# ("مع تحيات وائل الخطيب", "با تشکر، آرش رستمی", "ምስ ሰላምታ፡ ዮናስ").
_SIGNOFFS = frozenset(
    ["تحيات", "تحياتي", "التحية", "تشکر", "تشكر", "سپاس", "سوپاس", "ممنون", "شكرا", "ሰላምታ", "ምስጋና", "ብሰላም"]
)
# Tigrinya closes "ኣነ X Y እየ" (I am X Y) and "ስመይ X Y ይበሃል" with a copula or verb: the words between are the name.
_ETHIOPIC_CLOSE = frozenset(["እየ", "እዩ", "እያ", "ይበሃል", "ይብሃል", "ትበሃል"])
# Words that finish a thank-you rather than sign it ("شكرا جزيلا", "سوپاس زۆر", "ممنون از شما").
_THANKS_TAIL = frozenset(
    ["جزيلا", "جزيلاً", "لكم", "لك", "كثيرا", "للجميع", "زۆر", "بۆ", "از", "شما", "ازتون", "خیلی", "دەکەم"]
)
_LINE_REST = re.compile(r"[ \t\u200f\u200e.!،,።፡]*(?:\n|$)")
# Personal pronouns and Tigrinya prepositions are never names, even right after a cue: "ناوی من X"
# (my name is X), "ኣነ ኣብ ባክቢ እየ" (I am in Bäckby).
_PRONOUNS = frozenset(
    [
        "من",
        "تۆ",
        "ئەو",
        "ئێمە",
        "ئەوان",
        "أنا",
        "انا",
        "نحن",
        "هو",
        "هي",
        "او",
        "ما",
        "شما",
        "ኣብ",
        "ካብ",
        "ናብ",
        "ምስ",
        "እዚ",
        "እቲ",
        "እታ",
        "ኩሉ",
        "ኣነ",
        "ንሱ",
        "ንሳ",
        "ንሕና",
    ]
)
_SORANI = re.compile(r"[ەێۆڕڵ]")
# Sorani writes the vowels Arabic and Persian leave out ("ئەحمەد" for "احمد", "کەریمی" for "کریمی"): the
# look-up also tries the word spelt without them, so one list serves all three.
_SORANI_LETTERS = str.maketrans({"ڕ": "ر", "ڵ": "ل", "ێ": "ی", "ۆ": "و", "ڤ": "و"})
_SURNAME_SUFFIXES = ("زاده", "زادە", "پور")
_TO_PERSIAN = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
_TO_ARABIC = str.maketrans({"ی": "ي", "ک": "ك"})
# "with": the word between it and a listed name is the rest of that name ("ምስ ብርሃነ ተኽለ", "لەگەڵ X کەریمی").
_WITH = frozenset(["ምስ", "لەگەڵ", "لەگەل", "مع"])
_LATIN_TAIL = re.compile(r"([A-Za-zÅÄÖåäöéü]+)[ \t,:]*$")


@lru_cache(maxsize=2)
def load_script_names(path: Path = RULES_FILE) -> dict[str, frozenset[str]]:
    """Load and validate the name and cue lists (cached).

    Raises:
        ConfigError: the file is missing or a section is not a list of strings.
    """
    if not path.exists():
        raise ConfigError(f"{path.name} is missing in {path.parent}; restore it from git.")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    names: set[str] = set()
    ambiguous: set[str] = set()
    for key in LISTS:
        section = data.get(key)
        if not isinstance(section, dict) or not all(isinstance(section.get(k), list) for k in ("names", "ambiguous")):
            raise ConfigError(f"{path.name}: section {key!r} needs lists 'names' and 'ambiguous'; add them.")
        names |= {_norm(w) for w in section["names"]}
        ambiguous |= {_norm(w) for w in section["ambiguous"]}
    intro = {_norm(w) for w in data.get("intro_arabic", []) + data.get("intro_ethiopic", [])}
    pairs = {tuple(_norm(w) for w in p) for p in data.get("intro_pairs", [])}
    after = {_norm(w) for w in data.get("after_kurdish", [])}
    return {
        "after": frozenset(after),
        "names": frozenset(names),
        "ambiguous": frozenset(ambiguous),
        "intro": frozenset(intro),
        "pair_first": frozenset(p[0] for p in pairs),
        "pairs": frozenset(" ".join(p) for p in pairs),
    }


def _norm(word: str) -> str:
    return _MARKS.sub("", word).replace("\u200c", "")


def _spellings(word: str) -> tuple[str, ...]:
    """The word in the spellings the lists may hold it in.

    Arabic and Persian write "ya" and "kaf" with different letters ("عزيز", "عزیز"); Sorani writes
    the vowels the others leave out and long "u" twice ("ئەحمەدزادە" → "احمدزاده", "مەحموود" → "محمود").
    """
    out = [word]
    if _SORANI.search(word) or word.startswith("ئ"):
        plain = word
        if plain.startswith("ئا"):
            plain = "آ" + plain[2:]
        elif plain.startswith("ئە"):
            plain = "ا" + plain[2:]
        elif plain.startswith("ئ"):
            plain = "ا" + plain[1:]
        plain = plain[:-1].replace("ە", "") + plain[-1:].replace("ە", "ه")
        plain = plain.translate(_SORANI_LETTERS)
        out += [plain, plain.replace("وو", "و")]
    for w in list(out):
        out += [w.translate(_TO_PERSIAN), w.translate(_TO_ARABIC)]
    return tuple(dict.fromkeys(out))


def _nisba(word: str) -> bool:
    """An Arabic family name of the shape "al-…i" ("العبيدي", "الشمري") or a Persian "-zadeh"/"-pour" one."""
    return len(word) >= 5 and (word.startswith("ال") and word.endswith(("ي", "ی")) or word.endswith(_SURNAME_SUFFIXES))


class ScriptNames:
    """PERSON spans in Arabic and Ethiopic script."""

    def __init__(self, lists: dict[str, frozenset[str]], latin_cues: frozenset[str] = frozenset()) -> None:
        """Bind the name and cue lists; ``latin_cues`` are Swedish words that introduce a name ("heter", "granne")."""
        self.lists = lists
        self.latin_cues = latin_cues
        self.tag = f"script-names@{VERSION}"

    def detect_many(self, texts: Iterable[str]) -> list[list[Span]]:
        """Return PERSON spans for each text (nothing for texts without these scripts)."""
        return [self.detect(t) if _HAS_SCRIPT.search(t) else [] for t in texts]

    def detect(self, text: str) -> list[Span]:
        """Return the PERSON spans of one text."""
        words = [(m.start(), m.end(), _norm(m.group())) for m in _WORD.finditer(text)]
        out: list[Span] = []
        k = 0
        while k < len(words):
            signed = self._signed_line(text, words, k)
            if signed:
                out.append(Span(words[k][0], words[signed - 1][1], "PERSON", self.tag, SCORE))
                k = signed
                continue
            cue = (
                k > 0
                and (self._cue(text, words, k) or self._sorani_self(text, words, k))
                or k + 1 < len(words)
                and words[k + 1][2] in self.lists["after"]
                and self._adjacent(text, words, k + 1)
                or self._latin_cue(text, words[k - 1][1] if k else 0, words[k][0])
            )
            if (
                words[k][2] in _PRONOUNS
                or len(words[k][2]) < 2
                or not (self._listed(words[k][2]) or cue and words[k][2] not in self.lists["intro"])
            ):
                k += 1
                continue
            end = k + 1
            while (
                end < len(words)
                and end - k < 3
                and self._adjacent(text, words, end)
                and (self._name_or_ambiguous(words[end][2]) or _nisba(words[end][2]))
            ):
                end += 1
            if cue and end == k + 1 and (self._closed_pair(text, words, k) or self._pair_two(text, words, k)):
                end = k + 2
            if end - k == 1 and not cue and not self._listed(words[k][2]):
                k += 1
                continue
            first = k - 1 if self._after_with(text, words, k) and not (out and out[-1].end > words[k - 1][0]) else k
            out.append(Span(words[first][0], words[end - 1][1], "PERSON", self.tag, SCORE))
            k = end
        return out

    def _after_with(self, text: str, words: list[tuple[int, int, str]], k: int) -> bool:
        """One word stands between "with" and the name at ``k`` ("ምስ ተስፋ ኪሮስ"): it is the name's first part.

        A person word there ("مع صديقي أحمد", with my friend Ahmad) is no part of the name.
        """
        return (
            k >= 2
            and words[k - 2][2] in _WITH
            and words[k - 1][2] not in _PRONOUNS
            and words[k - 1][2] not in self.lists["intro"]
            and len(words[k - 1][2]) > 1
            and ScriptNames._adjacent(text, words, k - 1)
            and ScriptNames._adjacent(text, words, k)
        )

    def _cue(self, text: str, words: list[tuple[int, int, str]], k: int) -> bool:
        prev = words[k - 1][2]
        if prev in self.lists["intro"] or self._strip(prev, "intro"):
            return True
        nxt = words[k + 1][2] if k + 1 < len(words) else ""
        pair = f"{prev} {nxt}"
        two_back = words[k - 2][2] if k > 1 else ""
        return (
            pair in self.lists["pairs"] or f"{two_back} {prev}" in self.lists["pairs"] or self._pair_two(text, words, k)
        )

    def _pair_two(self, text: str, words: list[tuple[int, int, str]], k: int) -> bool:
        """First and last name between two cue words ("من نگار احمدی هستم"), one of them a known name."""
        return (
            k + 2 < len(words)
            and f"{words[k - 1][2]} {words[k + 2][2]}" in self.lists["pairs"]
            and self._adjacent(text, words, k + 1)
            and self._adjacent(text, words, k + 2)
            and (self._listed(words[k][2]) or self._listed(words[k + 1][2]))
        )

    @staticmethod
    def _closed_pair(text: str, words: list[tuple[int, int, str]], k: int) -> bool:
        """Two words between an introduction and a closing copula ("ኣነ ሚልየን ተስፋልደት እየ")."""
        return (
            k + 2 < len(words)
            and words[k + 2][2] in _ETHIOPIC_CLOSE
            and ScriptNames._adjacent(text, words, k + 1)
            and ScriptNames._adjacent(text, words, k + 2)
        )

    @staticmethod
    def _signed_line(text: str, words: list[tuple[int, int, str]], k: int) -> int | None:
        """End of the words after a sign-off that fill the rest of their line (at most three), else None."""
        if k == 0 or words[k - 1][2] not in _SIGNOFFS or words[k][2] in _PRONOUNS or words[k][2] in _THANKS_TAIL:
            return None
        end = k + 1
        while end < len(words) and end - k < 3 and ScriptNames._adjacent(text, words, end):
            end += 1
        return end if _LINE_REST.match(text, words[end - 1][1]) else None

    @staticmethod
    def _sorani_self(text: str, words: list[tuple[int, int, str]], k: int) -> bool:
        """Sorani "من Xم," (I am X): "من" before a word with the attached copula that ends its clause."""
        word = words[k][2]
        return (
            words[k - 1][2] == _SELF
            and word.endswith("م")
            and len(word) >= 4
            and not word.startswith(_VERB_PREFIXES)
            and word not in _NOT_SELF
            and bool(_SORANI.search(text))
            and bool(_CLAUSE_END.match(text, words[k][1]))
        )

    def _latin_cue(self, text: str, since: int, start: int) -> bool:
        """A Swedish cue word right before the word ("jag heter ڕێزان", "Min granne ڕێبوار")."""
        m = _LATIN_TAIL.search(text, max(since, start - 40), start)
        return bool(m) and m.group(1).lower() in self.latin_cues  # type: ignore[union-attr]

    def _listed(self, word: str) -> bool:
        return any(w in self.lists["names"] or self._strip(w, "names") for w in _spellings(word))

    def _name_or_ambiguous(self, word: str) -> bool:
        return self._listed(word) or word in self.lists["ambiguous"]

    def _strip(self, word: str, key: str) -> str | None:
        """The word without an attached conjunction or suffix, if that form is on list ``key``."""
        found = self.lists[key]
        for p in _PREFIXES:
            if word.startswith(p) and word[len(p) :] in found:
                return word[len(p) :]
        for s in _SUFFIXES + _SURNAME_SUFFIXES:
            if word.endswith(s) and len(word) > len(s) + 1 and word[: -len(s)] in found:
                return word[: -len(s)]
        return None

    @staticmethod
    def _adjacent(text: str, words: list[tuple[int, int, str]], k: int) -> bool:
        """Only spaces between word ``k - 1`` and word ``k`` (no punctuation, no line break)."""
        between = text[words[k - 1][1] : words[k][0]]
        return between.strip(" \t\u200f\u200e") == ""


def build_script_names() -> ScriptNames:
    """Return the detector over the shipped lists."""
    from pipeline.anonymize.names.lexicon import load_lexicon

    ctx = load_lexicon().context
    return ScriptNames(load_script_names(), ctx["before_strong"] | ctx["before_person"])
