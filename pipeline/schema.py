"""Typed models of the canonical records that move between stages."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

CHANNELS = ("survey", "email", "webform", "map", "meeting", "sms")
# Swedish names of the channels, for officials' reports and CLI output.
CHANNEL_NAMES = {
    "survey": "enkät",
    "email": "e-post",
    "webform": "webbformulär",
    "map": "karta",
    "meeting": "möte",
    "sms": "sms",
}


class ThemeSchemeEntry(BaseModel):
    """One theme of a city's theme scheme."""

    id: str
    name: str
    description: str = ""


class Dialogue(BaseModel):
    """A citizen dialogue: what the city asks, why, and how the answers are used."""

    id: str
    title: str
    question: str | None = None
    purpose: str | None = None
    use_of_results: str | None = None
    target_groups: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    channels: list[str] = Field(default_factory=list)
    owner: str | None = None
    theme_scheme: list[ThemeSchemeEntry] | None = None


class Submission(BaseModel):
    """One resident's piece of input as a connector emits it, before anonymization.

    ``source_key`` is what makes the piece unique where it came from (a message-id,
    a survey row's own content, a feature's properties); together with the
    dialogue and the content hash it gives the stable ``id``, so ingesting the
    same piece twice adds nothing.
    """

    dialogue_id: str
    channel: str
    source: str
    source_ref: str | None = None
    source_key: str
    received_at: datetime | None = None
    text: str
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    district: str | None = None
    age_group: str | None = None
    language: str | None = None
    lon: float | None = None
    lat: float | None = None
    parent_ref: str | None = None
    is_quoted_reply: bool = False
    attachments: int = 0
    extra: dict[str, Any] | None = None

    @property
    def content_hash(self) -> str:
        """Hash of the normalised text."""
        return content_hash(self.text)

    @property
    def id(self) -> str:
        """Stable id from dialogue, source key and content."""
        return submission_id(self.dialogue_id, self.source_key, self.content_hash)


def content_hash(text: str) -> str:
    """Return the sha256 hex digest of ``text`` with whitespace folded."""
    folded = " ".join(text.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def submission_id(dialogue_id: str, source_key: str, text_hash: str) -> str:
    """Return the stable submission id ``s-`` + 16 hex digits."""
    digest = hashlib.sha256(f"{dialogue_id}\x1f{source_key}\x1f{text_hash}".encode())
    return "s-" + digest.hexdigest()[:16]
