"""ADDRESS: a home address is a street name followed by a house number.

The street is a word with a street ending (Storgatan, Kopparbergsvägen), a multi-word name ending
in a street word (Carl Larssons väg, Karl IX:s väg, Stora Gatan) or a Västerås street from the
gazetteer. Flat (lgh 1102), floor (2 tr), postcode (722 14) and city join the span when they
follow. A street without a number is a place people talk about and is kept.
"""

from __future__ import annotations

import re

from pipeline.anonymize.recognizers import RECOGNIZERS
from pipeline.anonymize.rules import RULES_DIR, load_rules, load_word_list
from pipeline.anonymize.spans import Span

_CITY = r"[A-ZÅÄÖ][\wåäö\-]+(?:[ \-][A-ZÅÄÖ][\wåäö\-]+)?"
# A farm is addressed with its village first ("Sörby Västergården 4"): a farm-name street takes the
# place name before it when that is a known place or has a Swedish place-name ending.
_FARM_STREET = re.compile(r"(?:gården|gård|torp|torpet|stugan)$", re.IGNORECASE)
_VILLAGE_BEFORE = re.compile(r"(?<![\w\-])([A-ZÅÄÖ][a-zåäöé]+)[ \t]+$")
_VILLAGE_ENDING = re.compile(
    r"(?:by|bo|sta|tuna|berga|åsen|ås|torp|hult|ryd|holm|vik|näs|hammar|kärr|inge|lösa|köping|dal|berg|sala|"
    r"rike|hem|hög|lund|mora|ö)$"
)


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@RECOGNIZERS.register("address.v1")
class AddressRecognizer:
    """Street + house number, with optional letter, flat, floor, postcode and city."""

    name = "address"
    version = 1
    label = "ADDRESS"

    def __init__(self) -> None:
        """Build the patterns from ``rules/address.yaml`` and the street and locality lists."""
        rules = load_rules("address")
        self._not_streets = {w.lower() for w in rules["not_streets"]}
        self._not_after = {w.lower() for w in rules["not_after_number"]}
        self._max_number = rules["max_house_number"]
        self._function_words = {w.lower() for w in rules["function_words"]}
        self._localities = frozenset(w.lower() for w in load_word_list("localities"))
        self._places = frozenset(w.lower() for w in load_word_list("keep", RULES_DIR / "names"))
        self._first_names = frozenset(w.lower() for w in load_word_list("first_names", RULES_DIR / "names"))
        single = rf"[^\W\d_][\w\-]*?(?:{_alternation(rules['suffixes'])})"
        words = _alternation(rules["words"])
        # Capitalized words before a street word ("Carl Larssons väg"), or lower-case ones when the
        # last is a genitive ("carl larssons väg"); common nouns rarely stand like that before a number.
        multi = (
            rf"(?:(?:[A-ZÅÄÖ][\w\-]*(?::s)?[ \t]+){{1,3}}(?i:{words})"
            rf"|(?:[a-zåäöé][\w\-]*[ \t]+)?[a-zåäöé][\w\-]*(?::s|s)[ \t]+(?:{words})"
            rf"|(?i:{_alternation(rules['prefixes'])})[ \t]+(?i:{words}))"
        )
        known = _alternation(load_word_list("streets_vasteras"))
        prefix = rf"(?:(?i:{_alternation(rules['prefixes'])})[ \t]+)?"
        self._street_number = re.compile(
            rf"(?<![\w\-])(?P<street>{prefix}(?:{known}|{multi}|{single}))(?![\w\-])"
            r"[ \t]+(?:(?:nr|nummer)\.?[ \t]*)?"
            r"(?P<num>[1-9]\d{0,3}(?:[ \t]?[\-–][ \t]?[1-9]\d{0,3})?(?:[a-hA-H]|[ \t][a-hA-H])?)(?![\w])"
            r"(?![.:/]\d)"
        )
        flat, floor = _alternation(rules["flat_words"]), _alternation(rules["floor_words"])
        unit = _alternation(rules["unit_words"])
        self._tails = [
            re.compile(rf",?[ \t]*(?i:{flat})[ \t]*(?:nr\.?[ \t]*)?\d{{3,4}}(?![\w])"),
            re.compile(rf",?[ \t]*(?i:{unit})[ \t]*(?:(?:nr|no)\.?[ \t]*|#[ \t]*)?\d{{1,4}}[a-zA-Z]?(?![\w])"),
            re.compile(rf",?[ \t]*\d{{1,2}}[ \t]*(?i:{floor})(?![\w])"),
            re.compile(rf",?[ \t]*(?i:{floor})[ \t]*\d{{1,2}}(?![\w])"),
        ]
        self._postcode = re.compile(rf",?[ \t]*\d{{3}}[ \t]?\d{{2}}(?![\w])(?P<city>[ \t]+{_CITY})?")
        self._city = re.compile(rf",[ \t]*(?P<city>{_CITY})")
        # Farms and villages have no street ending ("Norrby gård 8, 725 94 Västerås", "Hällby 112,
        # 725 97 Tillberga"): a place name and a number count only with a postcode after them.
        self._farm = re.compile(
            r"(?<![\w\-])(?P<street>[A-ZÅÄÖ][\w\-]+(?:[ \t]+(?:[A-ZÅÄÖ][\w\-]+|gård|by|backe|torp)){0,2})"
            r"[ \t]+(?P<num>[1-9]\d{0,3}[a-hA-H]?)(?=(?:,[ \t]*|[ \t]+)\d{3}[ \t]?\d{2}(?![\w]))"
        )
        self._next_word = re.compile(r"[ \t]*([^\s,.;:!?)]+)")

    def analyze(self, text: str) -> list[Span]:
        """Return ADDRESS spans in ``text``."""
        spans = []
        for m in self._street_number.finditer(text):
            if not self._plausible(text, m):
                continue
            start, end = self._village_start(text, m), self._extend(text, m.end())
            spans.append(Span(start, end, self.label, f"{self.name}@{self.version}", 0.9))
        for m in self._farm.finditer(text):
            if any(s.start <= m.start() < s.end for s in spans) or m.group("street").lower() in self._not_streets:
                continue
            spans.append(Span(m.start(), self._extend(text, m.end()), self.label, f"{self.name}@{self.version}", 0.9))
        return spans

    def _village_start(self, text: str, m: re.Match[str]) -> int:
        """Start of the address: the village before a farm name joins it ("Hökåsen Norrgården 7")."""
        start = self._start(m)
        street = m.group("street")
        if " " in street or not _FARM_STREET.search(street):
            return start
        before = _VILLAGE_BEFORE.search(text, max(0, start - 40), start)
        if not before:
            return start
        low = before.group(1).lower()
        place = low in self._places or low in self._localities or bool(_VILLAGE_ENDING.search(low))
        return before.start(1) if place and low not in self._first_names else start

    def _start(self, m: re.Match[str]) -> int:
        """Skip a leading lower-case function word ("på carl larssons väg" starts at "carl")."""
        street = m.group("street")
        first = street.split()[0]
        if first.islower() and first in self._function_words and len(street.split()) > 2:
            return m.start("street") + re.match(r"\S+\s+", street).end()  # type: ignore[union-attr]
        return m.start()

    def _plausible(self, text: str, m: re.Match[str]) -> bool:
        street = m.group("street")
        if (
            street.lower() in self._not_streets
            or street.split()[-1].lower() in self._not_streets
            and (len(street.split()) == 1)
        ):
            return False
        first_number = re.match(r"\d+", m.group("num"))
        if first_number is None or int(first_number.group()) > self._max_number:
            return False
        after = self._next_word.match(text, m.end())
        return not (after and after.group(1).lower() in self._not_after)

    def _extend(self, text: str, end: int) -> int:
        """Grow the span over flat, floor, postcode and city parts that follow the number."""
        progress = True
        while progress:
            progress = False
            for tail in self._tails:
                t = tail.match(text, end)
                if t:
                    end, progress = t.end(), True
        post = self._postcode.match(text, end)
        if post:
            city = post.group("city")
            if city and not self._is_locality(city):
                return post.start("city")
            return post.end()
        city = self._city.match(text, end)
        if city and self._is_locality(city.group("city")):
            return city.end()
        return end

    def _is_locality(self, name: str) -> bool:
        return name.lower() in self._localities or name.split()[0].lower() in self._localities
