"""Web form posts: defensive parsing of the body, its shape, and the dialogue's rules.

Everything a client can send ends in a ``FormRefusal`` (a 4xx with a message
that names fields, never their values) or in a staging record; no body can
raise anything else. The rules come from the dialogue:

- ``submitted_at`` must lie within the dialogue's period widened by
  ``receive_date_margin_days`` on both sides (without a start date, from the
  margin before the dialogue was created) and never later than now plus a
  small clock skew;
- ``district`` and ``age_group`` are kept only when they are among the
  dialogue's values (``pipeline.dialogues.dialogue_values``, i.e. its
  population figures), matched ignoring case, spacing and dash style and
  stored in the list's spelling. Anything else is stored as unknown (NULL)
  with a note in ``extra`` (``{"district_unrecognised": true}``). A dialogue
  with no list for a field recognises nothing for it.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from pipeline.dialogues import dialogue_values
from pipeline.errors import InputError
from pipeline.store import Store

LOCAL = ZoneInfo("Europe/Stockholm")
MAX_TEXT = 20_000
MAX_DEPTH = 20  # the body is one flat object; anything deeper is not a form post
MAX_NUMBER_DIGITS = 40
CLOCK_SKEW = timedelta(minutes=10)  # a phone's clock may run a little fast
VOCABULARY_FIELDS = ("district", "age_group")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})


class FormRefusal(InputError):
    """A post the receiver refuses: an HTTP status, a Swedish and an English message, the fields named."""

    def __init__(self, status: int, sv: str, en: str, fields: tuple[str, ...] = ()) -> None:
        """Keep the status, both messages and the field names (never their values)."""
        super().__init__(en)
        self.status, self.sv, self.en, self.fields = status, sv, en, fields

    def body(self) -> dict[str, Any]:
        """Return the JSON error body."""
        return {"detail": self.sv, "detail_en": self.en, "fields": list(self.fields)}


class _NumberTooLong(ValueError):
    pass


def _small_int(digits: str) -> int:
    # Refuse before int() does: a 4,000-digit number is accepted by Python and costs CPU.
    if len(digits) > MAX_NUMBER_DIGITS:
        raise _NumberTooLong(digits[:0])
    return int(digits)


def _no_constant(name: str) -> Any:
    raise ValueError("NaN and Infinity are not JSON")


def _depth(text: str) -> int:
    """Return the deepest bracket nesting outside strings (a cheap guard before json.loads)."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def parse_body(body: bytes) -> dict[str, Any]:
    """Decode a UTF-8 JSON object, refusing every malformed body with a 422.

    Raises:
        FormRefusal: Invalid UTF-8, not JSON, nested too deep, a number too long, not an object.
    """
    try:
        text = body.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise FormRefusal(422, "kroppen är inte giltig UTF-8", "the body is not valid UTF-8") from None
    if _depth(text) > MAX_DEPTH:
        raise FormRefusal(422, "kroppen är för djupt nästlad", "the body is nested too deeply")
    try:
        payload = json.loads(text, parse_int=_small_int, parse_constant=_no_constant)
    except _NumberTooLong:
        raise FormRefusal(422, "kroppen innehåller ett för långt tal", "the body holds a number too long") from None
    except (ValueError, RecursionError):
        raise FormRefusal(422, "kroppen är inte giltig JSON", "the body is not valid JSON") from None
    if not isinstance(payload, dict):
        raise FormRefusal(422, "kroppen måste vara ett JSON-objekt", "the body must be a JSON object")
    return payload


class WebSubmission(BaseModel):
    """The JSON body of a web form POST."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    text: str = Field(min_length=1, max_length=MAX_TEXT)
    district: str | None = Field(None, max_length=200)
    age_group: str | None = Field(None, max_length=50)
    email: str | None = Field(None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    name: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=40, pattern=r"^[0-9+()\-\s./]{5,40}$")
    submitted_at: datetime | None = None
    id: str | None = Field(None, min_length=1, max_length=200)

    @field_validator("submitted_at", mode="before")
    @classmethod
    def _date_text(cls, value: object) -> object:
        # pydantic would read a number as Unix time; a form sends ISO 8601 text.
        if value is not None and not isinstance(value, str):
            raise PydanticCustomError("date_type", "must be an ISO 8601 date")
        return value

    @field_validator("text", "district", "age_group", "email", "name", "phone", "id")
    @classmethod
    def _clean_characters(cls, value: str | None) -> str | None:
        if value is not None and _BAD_CHARS.search(value):
            raise PydanticCustomError("bad_characters", "holds control characters or broken Unicode")
        return value

    @field_validator("text")
    @classmethod
    def _has_content(cls, value: str) -> str:
        if not any(c.isalnum() for c in value):
            raise PydanticCustomError("no_words", "must contain words")
        return value

    def source_key(self) -> str:
        """The client's id, else a hash of the whole payload (so a retried POST maps to the same row)."""
        if self.id:
            return f"webform:{self.id}"
        payload = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return "webform:api:" + hashlib.sha256(payload.encode()).hexdigest()[:32]

    def local_time(self) -> datetime | None:
        """Return ``submitted_at`` as naive Europe/Stockholm time (naive input is taken as local)."""
        when = self.submitted_at
        if when is not None and when.tzinfo is not None:
            try:
                when = when.astimezone(LOCAL).replace(tzinfo=None)
            except (OverflowError, ValueError):  # year 1 or 9999 shifted past the calendar's end
                raise FormRefusal(
                    422,
                    "fältet 'submitted_at' ligger utanför dialogens period",
                    "field 'submitted_at' is outside the dialogue's period",
                    ("submitted_at",),
                ) from None
        return when


_REASONS = {
    "missing": ("saknas", "is missing"),
    "string_too_short": ("är tomt", "is empty"),
    "string_too_long": ("är för långt", "is too long"),
    "string_pattern_mismatch": ("har fel format", "has the wrong format"),
    "string_type": ("måste vara text", "must be text"),
    "date_type": ("måste vara ett datum (ISO 8601)", "must be an ISO 8601 date"),
    "datetime_from_date_parsing": ("måste vara ett datum (ISO 8601)", "must be an ISO 8601 date"),
    "datetime_parsing": ("måste vara ett datum (ISO 8601)", "must be an ISO 8601 date"),
    "bad_characters": ("innehåller otillåtna tecken", "holds characters that are not allowed"),
    "string_unicode": ("innehåller otillåtna tecken", "holds characters that are not allowed"),
    "no_words": ("saknar ord", "has no words"),
}


def validate_submission(payload: dict[str, Any]) -> WebSubmission:
    """Validate a parsed body; refuse with 422 naming each wrong field, never echoing a value.

    Raises:
        FormRefusal: One or more fields are wrong.
    """
    try:
        return WebSubmission.model_validate(payload)
    except ValidationError as exc:
        sv, en, fields = [], [], []
        for error in exc.errors(include_input=False, include_url=False, include_context=False):
            where = ".".join(str(p) for p in error.get("loc", ())) or "body"
            reason_sv, reason_en = _REASONS.get(error.get("type", ""), ("är ogiltigt", "is invalid"))
            sv.append(f"fältet '{where}' {reason_sv}")
            en.append(f"field '{where}' {reason_en}")
            fields.append(where)
        raise FormRefusal(422, "; ".join(sv), "; ".join(en), tuple(fields)) from None


@dataclass(frozen=True)
class FormRules:
    """What a dialogue accepts from its web form (see the module docstring)."""

    earliest: datetime  # the period's start less the margin
    latest: datetime | None  # the period's end plus the margin; None when it has no end
    future: datetime  # now plus the clock skew
    values: dict[str, dict[str, str]]  # field -> folded value -> the list's spelling


def fold(value: str) -> str:
    """Fold a district or age group for matching: case, spacing, Unicode form and dash style."""
    text = unicodedata.normalize("NFKC", value).translate(_DASHES).casefold()
    return " ".join(text.replace(" - ", "-").split())


def form_rules(store: Store, dialogue_id: str, *, margin_days: float, now: datetime | None = None) -> FormRules | None:
    """Return a dialogue's rules (None when there is no such dialogue), read fresh so changes apply at once.

    Args:
        store: The open store.
        dialogue_id: The dialogue posted to.
        margin_days: How far ``submitted_at`` may fall outside the dialogue's period.
        now: Naive local time (tests pass a fixed one).
    """
    now = now or datetime.now(LOCAL).replace(tzinfo=None)
    row = store.fetchone("SELECT period_start, period_end, created_at FROM dialogues WHERE id = ?", [dialogue_id])
    if row is None:
        return None
    start, end, created = row
    margin = timedelta(days=margin_days)
    earliest = _midnight(start) - margin if start else created - margin
    latest = _midnight(end) + timedelta(days=1) + margin if end else None
    lists = dialogue_values(store, dialogue_id)
    values = {name: {fold(v): v for v in lists[name]} for name in VOCABULARY_FIELDS}
    return FormRules(earliest=earliest, latest=latest, future=now + CLOCK_SKEW, values=values)


def _check_time(when: datetime, rules: FormRules) -> None:
    if when > rules.future:
        raise FormRefusal(
            422, "fältet 'submitted_at' ligger i framtiden", "field 'submitted_at' is in the future", ("submitted_at",)
        )
    if when < rules.earliest or (rules.latest is not None and when >= rules.latest):
        raise FormRefusal(
            422,
            "fältet 'submitted_at' ligger utanför dialogens period",
            "field 'submitted_at' is outside the dialogue's period",
            ("submitted_at",),
        )


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def to_record(submission: WebSubmission, rules: FormRules, *, received_at: datetime) -> dict[str, Any]:
    """Check the post against the dialogue's rules and return its staging record.

    Args:
        submission: The validated body.
        rules: The dialogue's rules.
        received_at: When the post arrived (used when it has no ``submitted_at``).

    Raises:
        FormRefusal: ``submitted_at`` is outside the allowed window (422 naming the field).
    """
    when = submission.local_time()
    if when is not None:
        _check_time(when, rules)
    record: dict[str, Any] = {
        "channel": "webform",
        "source": "http",
        "source_ref": submission.id,
        "source_key": submission.source_key(),
        "received_at": when or received_at,
        "text": submission.text,
        "contact_name": submission.name,
        "contact_email": submission.email,
        "contact_phone": submission.phone,
    }
    notes = {}
    for name in VOCABULARY_FIELDS:
        given = getattr(submission, name)
        record[name] = rules.values[name].get(fold(given)) if given else None
        if given and record[name] is None:
            notes[f"{name}_unrecognised"] = True
    record["extra"] = json.dumps(notes) if notes else None
    return record
