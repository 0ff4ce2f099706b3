"""PHONE: Swedish numbers (07x, 08, 0xx, +46, 0046) and international numbers."""

from __future__ import annotations

import re

from pipeline.anonymize.recognizers import RECOGNIZERS
from pipeline.anonymize.rules import load_rules
from pipeline.anonymize.spans import Span

# After the area code people also write a dot ("073.123 45 67"); dates with dots are ruled out below.
_SEP = r"(?:[ \t]?[\-–/][ \t]?|[ \t]|\.)"
_CANDIDATE = re.compile(
    r"(?<![\w+/\-–])(?<!\d[.,])(?:"
    # Dots between every group ("072.272.11.79"): tried first, the national form stops at one dot.
    r"(?P<dot>0[1-9]\d{0,3}(?:\.\d{2,4}){2,4})(?![.,]\d)"
    r"|(?P<intl>(?:\+|00)[1-9]\d{0,2}(?:[ \t\-–]?\(0\))?(?:[ \t\-–]?\(?\d{1,8}\)?){1,7})"
    rf"|(?P<nat>\(?0[1-9]\d{{0,3}}\)?{_SEP}?\d{{1,8}}(?:[ \t\-–]\d{{1,5}}){{0,5}})"
    r")(?![\w])(?![\-–]\d)"
)
_GROUP = re.compile(r"\d+")
_DATE = re.compile(r"^\d{1,2}[\-/.]\d{1,2}[\-/.](?:19|20)?\d{2}$")
_HOURS = re.compile(r"^[0-2]\d[0-5]\d\s?[\-–]\s?[0-2]\d[0-5]\d$")


@RECOGNIZERS.register("phone.v1")
class PhoneRecognizer:
    """Phone numbers, counted by digits per family so that dates, times and amounts stay."""

    name = "phone"
    version = 1
    label = "PHONE"

    def __init__(self) -> None:
        """Load digit limits and context words from ``rules/phone.yaml``."""
        rules = load_rules("phone")
        self._national = rules["national_digits"]
        self._se46 = rules["sweden_after_46"]
        self._intl = rules["international_digits"]
        words = sorted((re.escape(w) for w in rules["context"]), key=len, reverse=True)
        self._local = re.compile(
            rf"(?<![\w\[])(?:{'|'.join(words)})\.?:?[ \t]*(?:nr\.?|nummer)?:?[ \t]*"
            r"(?P<num>[1-9]\d(?:[ \t\-]?\d){4,6})(?![\w])(?![\-–]\d)",
            re.IGNORECASE,
        )

    def analyze(self, text: str) -> list[Span]:
        """Return PHONE spans in ``text``."""
        spans = []
        pos = 0
        while (m := _CANDIDATE.search(text, pos)) is not None:
            kind = "intl" if m.group("intl") else "dot" if m.group("dot") else "nat"
            end = self._valid_end(m.group(kind), kind)
            if end is not None:
                spans.append(self._span(m.start(), m.start() + end))
            # Resume after what was used: trailing groups cut off may start the next number.
            pos = m.start() + end if end is not None else m.start() + 1
        for m in self._local.finditer(text):
            spans.append(self._span(m.start("num"), m.end("num"), 0.7))
        return spans

    def _span(self, start: int, end: int, score: float = 1.0) -> Span:
        return Span(start, end, self.label, f"{self.name}@{self.version}", score)

    def _valid_end(self, number: str, kind: str) -> int | None:
        """Return the length of the longest valid phone number at the start of ``number``, or None.

        Trailing digit groups are cut off at spaces until the digit count fits, as in
        "070-123 45 67 15 gånger" or two numbers in a row.
        """
        if kind == "dot":
            digits = len(re.sub(r"\D", "", number))
            ok = self._national[0] <= digits <= self._national[1] and not _DATE.match(number)
            return len(number) if ok else None
        if kind == "nat" and (_DATE.match(number) or _HOURS.match(number)):
            return None
        groups = list(_GROUP.finditer(number))
        for k in range(len(groups), 0, -1):
            if k < len(groups) and number[groups[k - 1].end()] not in " \t":
                continue
            low, high, digits = self._limits(number, groups[:k], kind)
            if low <= digits <= high:
                end = groups[k - 1].end()
                return end + 1 if number[end : end + 1] == ")" else end
        return None

    def _limits(self, number: str, groups: list[re.Match[str]], kind: str) -> tuple[int, int, int]:
        digits = "".join(g.group() for g in groups)
        if kind == "nat":
            return self._national[0], self._national[1], len(digits)
        if number.startswith("00"):
            digits = digits[2:]
        if digits.startswith("46"):
            rest = digits[2:]
            if "(0)" in number or rest.startswith("0"):
                rest = rest[1:]
            return self._se46[0], self._se46[1], len(rest)
        return self._intl[0], self._intl[1], len(digits)
