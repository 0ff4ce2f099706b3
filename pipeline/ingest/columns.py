"""Finding the free-text, date, district, age-group and contact columns by header.

Survey tools name their columns in Swedish or English, often as the question
itself ("Vad tycker du om …?"). Roles are matched on a normalised header; the
free text falls back to the column with the longest answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

# Order matters: earlier patterns win when several columns match.
TEXT_PATTERNS = (
    r"fritext",
    r"synpunkt",
    r"kommentar",
    r"vad tycker du",
    r"svar",
    r"åsikt",
    r"comment",
    r"feedback",
    r"answer",
    r"response",
    r"opinion",
    r"meddelande",
    r"message",
    r"sms",
    r"beskriv",
    r"berätta",
    r"förslag",
    r"övrig",
    r"text",
    r"body",
    r"innehåll",
)
ROLE_PATTERNS: dict[str, tuple[str, ...]] = {
    "date": (
        r"datum",
        r"date",
        r"tidpunkt",
        r"^tid$",
        r"time",
        r"timestamp",
        r"inskickad",
        r"skickad",
        r"submitted",
        r"created",
        r"mottag",
        r"received",
        r"inkom",
        r"^sent$",
    ),
    "district": (
        r"stadsdel",
        r"område",
        r"omrade",
        r"district",
        r"^area$",
        r"kommundel",
        r"neighbou?rhood",
        r"bostadsort",
        r"^ort$",
    ),
    "age_group": (r"ålder", r"alder", r"^age\b", r"age group", r"agegroup", r"age_group"),
    "email": (r"e ?post", r"e ?mail", r"^mail$", r"mejl", r"epost"),
    "phone": (
        r"telefon",
        r"^tel\b",
        r"mobil",
        r"phone",
        r"msisdn",
        r"avsändare",
        r"sender",
        r"^från$",
        r"^from$",
        r"nummer",
        r"number",
    ),
    "name": (r"^namn$", r"^name$", r"förnamn", r"full name", r"ditt namn", r"your name"),
    "id": (r"^id$", r"svars ?id", r"response ?id", r"respondent", r"löpnummer", r"^nr$", r"uuid"),
}
_SMS_PHONE = (r"avsändare", r"sender", r"^från$", r"^from$", r"msisdn", r"telefon", r"phone", r"nummer", r"mobil")
_SMS_MESSAGE = (r"meddelande", r"message", r"sms", r"^text$", r"body", r"innehåll")
_DATA_ROLES = ("date", "district", "age_group", "email", "phone", "name", "id")


def normalise_header(name: str) -> str:
    """Lower-case, drop punctuation and fold spaces (``"E-post:"`` → ``"e post"``)."""
    text = re.sub(r"[^\w\s]", " ", name.lower().replace("_", " "))
    return " ".join(text.split())


def _matches(header: str, patterns: Sequence[str]) -> bool:
    return any(re.search(p, header) for p in patterns)


@dataclass
class ColumnMap:
    """Which column plays which role; ``None`` when absent."""

    text: str | None = None
    text_by_header: bool = False
    roles: dict[str, str] = field(default_factory=dict)

    def get(self, role: str) -> str | None:
        """Return the column for ``role`` or None."""
        return self.roles.get(role)


def looks_like_sms(names: Sequence[str]) -> bool:
    """Say whether a table's headers are those of an SMS export (sender + message)."""
    headers = [normalise_header(n) for n in names]
    has_phone = any(_matches(h, _SMS_PHONE) for h in headers)
    has_message = any(_matches(h, _SMS_MESSAGE) for h in headers)
    has_survey_text = any(_matches(h, TEXT_PATTERNS[:11]) for h in headers)
    return has_phone and has_message and not has_survey_text


def find_column(names: Sequence[str], wanted: str) -> str | None:
    """Return the column called ``wanted`` (case and punctuation insensitive), or None."""
    target = normalise_header(wanted)
    for name in names:
        if normalise_header(name) == target:
            return name
    for name in names:
        if normalise_header(name).startswith(target):
            return name
    return None


def pick_columns(
    names: Sequence[str],
    mean_length: Callable[[str], float],
    *,
    text_column: str | None = None,
) -> ColumnMap:
    """Assign roles to ``names``; ``mean_length(col)`` measures answers for the fallback.

    Raises:
        KeyError: ``text_column`` was given but no column has that name.
    """
    headers = {name: normalise_header(name) for name in names}
    mapping = ColumnMap()
    if text_column is not None:
        found = find_column(names, text_column)
        if found is None:
            raise KeyError(text_column)
        mapping.text = found
        mapping.text_by_header = True
    for role in _DATA_ROLES:
        for name in names:
            if name == mapping.text or name in mapping.roles.values():
                continue
            if _matches(headers[name], ROLE_PATTERNS[role]) and not _is_text_header(headers[name], role):
                mapping.roles[role] = name
                break
    if mapping.text is None:
        mapping.text = _pick_text(names, headers, mapping, mean_length)
        mapping.text_by_header = mapping.text is not None and any(
            re.search(p, headers[mapping.text]) for p in TEXT_PATTERNS
        )
    return mapping


def _is_text_header(header: str, role: str) -> bool:
    # "Kommentar om ditt område" is a text question, not the district column.
    return role in ("district", "date", "age_group") and _matches(header, TEXT_PATTERNS[:11])


def _pick_text(
    names: Sequence[str], headers: dict[str, str], mapping: ColumnMap, mean_length: Callable[[str], float]
) -> str | None:
    taken = set(mapping.roles.values())
    free = [n for n in names if n not in taken]
    for pattern in TEXT_PATTERNS:
        hits = [n for n in free if re.search(pattern, headers[n])]
        if hits:
            return max(hits, key=mean_length) if len(hits) > 1 else hits[0]
    candidates = [(mean_length(n), n) for n in free]
    candidates = [c for c in candidates if c[0] > 0]
    return max(candidates)[1] if candidates else None


def key_columns(names: Sequence[str], mapping: ColumnMap) -> list[str]:
    """Return the columns (sorted by name) that, with the text, identify a row at its source."""
    return sorted(n for n in names if n != mapping.text)
