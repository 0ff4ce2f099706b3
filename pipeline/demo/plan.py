"""Sample who says what, where and when: the records behind every demo file."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from pipeline.demo import pii
from pipeline.demo.compose import STYLES, Composer

AGE_GROUPS = ("0-17", "18-29", "30-44", "45-64", "65-79", "80+")


@dataclass
class Record:
    """One synthetic submission before it is written in a channel's format."""

    text: str
    lang: str
    themes: list[str]
    district: str
    age_group: str
    when: datetime
    name: str
    first: str
    email: str
    phone: str
    lon: float = 0.0
    lat: float = 0.0
    planted: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Window:
    """A period of dates (inclusive) in which a channel receives comments."""

    start: date
    end: date


class Planner:
    """Draw records for each file, keeping every text unique across the demo."""

    def __init__(self, rng: random.Random) -> None:
        """Share ``rng`` with a new ``Composer``."""
        self.rng = rng
        self.composer = Composer(rng)
        self.vocab = self.composer.vocab
        self.seen: set[str] = set()
        self.planted: dict[str, list[str]] = {}
        self.languages: Counter[str] = Counter()
        self.samples: dict[str, str] = {}

    def district(self, urban_only: bool = False) -> dict:
        """Draw a district, skewed by its participation bias."""
        ds = [d for d in self.vocab["districts"] if d["urban"] or not urban_only]
        return self.rng.choices(ds, [d["pop"] * d["bias"] for d in ds])[0]

    def age_index(self, allowed: tuple[str, ...] | None = None) -> int:
        """Draw an age group index, skewed by participation bias."""
        groups = self.vocab["age_groups"]
        weights = [g["pop"] * g["bias"] if not allowed or g["name"] in allowed else 0 for g in groups]
        return self.rng.choices(range(len(groups)), weights)[0]

    def when(self, window: Window) -> datetime:
        """Draw a time of day between 07 and 23 on a day inside ``window``."""
        days = (window.end - window.start).days
        day = window.start + timedelta(days=self.rng.randint(0, days))
        minute = self.rng.randint(7 * 60, 23 * 60 - 1)
        return datetime(day.year, day.month, day.day, minute // 60, minute % 60, self.rng.randint(0, 59))

    def language(self, district: dict, age_index: int, factor: float, allowed: tuple[str, ...]) -> str:
        """Draw the comment's language: mostly Swedish, more others where more people speak them."""
        if self.rng.random() >= (0.06 + district["multi"] * 0.65) * factor:
            return "sv"
        if district["multi"] > 0.3:
            weights = {"en": 0.12, "ar": 0.42, "so": 0.38, "fi": 0.08}
        else:
            weights = {"en": 0.4, "ar": 0.2, "so": 0.1, "fi": 0.3}
        if age_index >= 4:
            weights["fi"] *= 3
        langs = [lang for lang in weights if lang in allowed]
        if not langs:
            return "sv"
        return self.rng.choices(langs, [weights[lang] for lang in langs])[0]

    def records(
        self,
        count: int,
        style: str,
        window: Window,
        *,
        lang_factor: float = 1.0,
        langs: tuple[str, ...] = ("en", "fi", "ar", "so"),
        ages: tuple[str, ...] | None = None,
        urban_only: bool = False,
        encoding: str | None = None,
    ) -> list[Record]:
        """Return ``count`` records in ``style`` with texts never seen before in this demo.

        With ``encoding``, every text (and name) can be written in that legacy charset.
        """
        return [self.record(style, window, lang_factor, langs, ages, urban_only, encoding) for _ in range(count)]

    def record(
        self,
        style: str,
        window: Window,
        lang_factor: float,
        langs: tuple[str, ...],
        ages: tuple[str, ...] | None,
        urban_only: bool,
        encoding: str | None = None,
    ) -> Record:
        """Draw one record (see ``records``)."""
        rng = self.rng
        district = self.district(urban_only)
        age_index = self.age_index(ages)
        when = self.when(window)
        lang = self.language(district, age_index, lang_factor, langs)
        for attempt in range(40):
            comment = self.composer.comment(
                STYLES[style], lang, district, when.month, age_index, extra=min(2, attempt // 4)
            )
            if _fold(comment.text) not in self.seen and _fits(comment.text, encoding):
                break
        else:  # pragma: no cover - needs an absurdly unlucky seed
            comment.text += f" ({district['name']}, {when:%Y-%m-%d %H:%M})"
        self.seen.add(_fold(comment.text))
        self.languages[lang] += 1
        for kind, values in comment.planted.items():
            self.planted.setdefault(kind, []).extend(values)
        first, name = pii.full_name(rng, self.vocab)
        while not _fits(name, encoding):
            first, name = pii.full_name(rng, self.vocab)
        jitter_lon, jitter_lat = rng.uniform(-0.009, 0.009), rng.uniform(-0.004, 0.004)
        return Record(
            text=comment.text,
            lang=lang,
            themes=comment.themes,
            district=district["name"],
            age_group=AGE_GROUPS[age_index],
            when=when,
            name=name,
            first=first,
            email=pii.email(rng, name, self.vocab["email_domains"]),
            phone=pii.phone(rng),
            lon=round(min(16.648, max(16.452, district["lon"] + jitter_lon)), 6),
            lat=round(min(59.648, max(59.582, district["lat"] + jitter_lat)), 6),
            planted=comment.planted,
        )

    def sample(self, key: str, records: list[Record]) -> None:
        """Remember one single-line text of ``records`` as the sample for input ``key``."""
        if records:
            self.samples[key] = next((r.text for r in records if "\n" not in r.text), records[0].text)

    def note_planted(self, kind: str, value: str) -> None:
        """Record a personal detail planted outside the text (a header, a column)."""
        self.planted.setdefault(kind, []).append(value)


def _fold(text: str) -> str:
    """Return ``text`` with whitespace folded, as the content hash sees it."""
    return " ".join(text.split())


def _fits(text: str, encoding: str | None) -> bool:
    """Return whether ``text`` can be written in ``encoding`` (None: always)."""
    if encoding is None:
        return True
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
