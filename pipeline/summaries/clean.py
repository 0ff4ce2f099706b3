"""Statement spans: what a resident actually says, without the wrapping around it.

A submission as stored carries greetings, thanks, sign-offs, e-mail signatures
and quoted replies, map and meeting lead-ins ("På den här platsen:", "Fråga från
publiken:") and the anonymizer's placeholders. None of that may become a point
or a quote. The stored text is never changed: cleaning returns *spans*, offsets
into the anonymized text, so every statement is a verbatim substring and its
citation stays verifiable. The rules are data (``rules/<language>.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from pipeline.summaries.ruleset import Rules, load_rules
from pipeline.summaries.text import PLACEHOLDER, STOPWORDS

# A candidate sentence end: ., ! or ? (also the Arabic question mark) and the space after it.
# Residents (SMS above all) often go on in lower case, so case is not required; an
# abbreviation before the full stop ("t.ex.", "kl.") is what keeps a sentence together.
_BREAK = re.compile(r"(?<=[.!?。؟])\s+")
_LAST_WORD = re.compile(r"(\S+)$")
# Placeholders at the end of a sentence, after a full stop or a dash: "… trasig. — [NAMN 1]".
_TAIL = re.compile(
    rf"(?<=[.!?])(?:[\s,;:()/–—-]*(?:{PLACEHOLDER.pattern}))+[\s,;:()./–—-]*$"
    rf"|\s*[–—/]+(?:[\s,;:()/–—-]*(?:{PLACEHOLDER.pattern}))+[\s,;:()./–—-]*$"
)
_EDGE = " \t\r\n,;:–—-"
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_CONTINUATION_WORDS = 4
MIN_CHARS = 8


@dataclass(frozen=True)
class Statement:
    """One statement: ``text == source[start:end]`` of the anonymized submission."""

    start: int
    end: int
    text: str


def _lines(text: str, end: int) -> Iterator[tuple[int, str]]:
    start = 0
    for line in text[:end].split("\n"):
        yield start, line
        start += len(line) + 1


def body_end(text: str, rules: Rules) -> int:
    """Return where the resident's own words end: at a quoted reply, a forward or a signature line."""
    seen_content = False
    for start, line in _lines(text, len(text)):
        stripped = line.strip()
        if stripped.startswith(">") or any(p.match(stripped) for p in rules.reply_headers):
            return start
        if seen_content and any(p.fullmatch(stripped) for p in rules.signatures):
            return start
        seen_content = seen_content or bool(stripped)
    return len(text)


def _ends_sentence(line: str, at: int, rules: Rules) -> bool:
    word = _LAST_WORD.search(line, 0, at)
    if word is None:
        return False
    token = word.group(1).casefold()
    return token not in rules.abbreviations and not (len(token) == 2 and token[0].isalpha())  # "A. Svensson"


def sentence_spans(text: str, end: int, rules: Rules) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of the sentences in ``text[:end]``, line by line, whitespace trimmed."""
    for line_start, line in _lines(text, end):
        cursor = 0
        breaks = [m for m in _BREAK.finditer(line) if _ends_sentence(line, m.start(), rules)]
        for match in [*breaks, None]:
            stop = match.start() if match else len(line)
            piece = line[cursor:stop]
            left = len(piece) - len(piece.lstrip())
            right = len(piece.rstrip())
            if right > left:
                yield line_start + cursor + left, line_start + cursor + right
            cursor = match.end() if match else len(line)


def _strip_leading(text: str, start: int, end: int, rules: Rules) -> int:
    """Move ``start`` past greetings and lead-ins, as many as there are ("Hej! Här: …")."""
    changed = True
    while changed and start < end:
        changed = False
        for pattern in (*rules.greetings, *rules.lead_ins):
            match = pattern.match(text, start, end)
            if match and match.end() > start:
                start, changed = match.end(), True
                while start < end and text[start] in _EDGE:
                    start += 1
    return start


def trim(text: str, start: int, end: int, rules: Rules) -> tuple[int, int] | None:
    """Return the statement inside one sentence span, or None when nothing is left."""
    start = _strip_leading(text, start, end, rules)
    tail = _TAIL.search(text, start, end)
    if tail:
        end = tail.start()
    end = _cut_trailing_boilerplate(text, start, end, rules)
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return (start, end) if end > start else None


def _cut_trailing_boilerplate(text: str, start: int, end: int, rules: Rules) -> int:
    """Drop a last clause that is only thanks or a sign-off ("Mötet var bra, tack för att ni kom.")."""
    comma = text.rfind(",", start, end)
    if comma <= start:
        return end
    clause = text[comma + 1 : end]
    # A one-word "…, tack!" is the politeness of a request and stays with it.
    if len(_WORD.findall(clause)) >= 3 and is_boilerplate(clause, rules) and has_content(text[start:comma]):
        return comma
    return end


def is_boilerplate(sentence: str, rules: Rules) -> bool:
    """Say whether a sentence is only thanks, a sign-off, meta talk or background."""
    core = sentence.strip().rstrip(".!?,;:…)( ").strip()
    return not core or rules.boilerplate_any.fullmatch(core) is not None


def has_content(sentence: str) -> bool:
    """Say whether a sentence says something: two words or more, one of them a content word ("Mer ljus.")."""
    words = _WORD.findall(sentence)
    content = [w for w in words if len(w) >= 4 and w.lower() not in STOPWORDS and not w.isdigit()]
    return len(sentence) >= MIN_CHARS and len(words) >= 2 and bool(content)


def _leans(sentence: str, rules: Rules) -> bool:
    """Say whether a sentence only continues the one before.

    "Den används varje dag." (it starts like a continuation) or "Sätt upp kameror."
    (a short proposal right after the problem it answers).
    """
    words = len(_WORD.findall(sentence))
    if words <= 2 * MAX_CONTINUATION_WORDS and any(p.match(sentence) for p in rules.continuations):
        return True
    return words <= MAX_CONTINUATION_WORDS and any(p.search(sentence) for p in rules.kinds.get("förslag", ()))


def clean_statements(text: str, rules: Rules | None = None) -> list[Statement]:
    """Return the resident's statements in ``text`` (anonymized), as verbatim spans.

    Dropped: quoted replies and signatures (everything after their first line),
    greetings and lead-ins (stripped from the start of a sentence), thanks,
    sign-offs and other boilerplate sentences, sentences that still hold a
    placeholder after trailing contact details are trimmed, and sentences
    without content. A short sentence that leans on the statement just before
    it on the same line is kept together with it, so a quote keeps its reason.
    """
    if rules is None:  # a submission in two or three themes is cleaned once
        return list(_clean_with_default_rules(text))
    return _clean(text, rules)


@lru_cache(maxsize=1 << 15)
def _clean_with_default_rules(text: str) -> tuple[Statement, ...]:
    return tuple(_clean(text, load_rules()))


def _clean(text: str, rules: Rules) -> list[Statement]:
    out: list[Statement] = []
    joinable = False
    for start, end in sentence_spans(text, body_end(text, rules), rules):
        span = trim(text, start, end, rules)
        piece = text[span[0] : span[1]] if span else ""
        if span is None or is_boilerplate(piece, rules) or PLACEHOLDER.search(piece):
            joinable = False
            continue
        prev = out[-1] if out else None
        # A lead-in ("Dessutom:", "En sak till:") starts a new statement, however short.
        fresh = span[0] != start
        if joinable and prev and not fresh and "\n" not in text[prev.end : span[0]] and _leans(piece, rules):
            out[-1] = Statement(prev.start, span[1], text[prev.start : span[1]])
        elif has_content(piece):
            out.append(Statement(span[0], span[1], piece))
        joinable = bool(out) and out[-1].end == span[1]
    return out
