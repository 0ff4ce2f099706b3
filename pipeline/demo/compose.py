"""Compose varied resident comments from templates and slot fillers.

Templates live in ``data/templates.yaml``: ``[a|b]`` picks an alternative and
``{slot}`` is filled from ``data/vocab.yaml``. A comment is one to three theme
statements, sometimes with an opener, a closer and planted personal details, in
the style of the channel it arrives through.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from pipeline.demo import pii

DATA_DIR = Path(__file__).parent / "data"
LANGS = ("sv", "en", "fi", "ar", "so")
_ALTERNATION = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{(\w+)\}")
_STRIP_DIACRITICS = str.maketrans("åäöÅÄÖé", "aaoAAOe")


@lru_cache(maxsize=1)
def load_vocab() -> dict[str, Any]:
    """Return the parsed ``vocab.yaml``."""
    return yaml.safe_load((DATA_DIR / "vocab.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_templates() -> dict[str, Any]:
    """Return the parsed ``templates.yaml``."""
    return yaml.safe_load((DATA_DIR / "templates.yaml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Style:
    """How comments look in one channel."""

    sizes: tuple[float, ...] = (0.6, 0.3, 0.1)  # weights for 1, 2, 3 statements
    opener: float = 0.1
    closer: float = 0.1
    pii: float = 0.12
    lower: float = 0.03
    ascii: float = 0.0
    newline: float = 0.0  # join statements with line breaks
    prefix: str | None = None  # "meeting" or "map"
    themes: tuple[str, ...] | None = None  # only these themes (None: all)


STYLES = {
    "survey": Style(newline=0.15),
    "youth": Style(sizes=(0.75, 0.25), pii=0.08, lower=0.25),
    "paper": Style(pii=0.15, newline=0.1),
    "mail": Style(sizes=(0.4, 0.4, 0.2), opener=0.8, closer=0.6, pii=0.3),
    "web": Style(opener=0.15, closer=0.15, pii=0.15),
    "map": Style(
        sizes=(0.85, 0.15),
        opener=0.0,
        closer=0.0,
        pii=0.05,
        prefix="map",
        themes=(
            "snow_clearing",
            "cycling",
            "public_transport",
            "parks_green",
            "safety_lighting",
            "housing_construction",
            "traffic_cars_parking",
            "environment_climate",
            "culture_leisure",
            "e_scooters",
            "dog_parks",
        ),
    ),
    "meeting": Style(sizes=(0.85, 0.15), opener=0.0, closer=0.0, pii=0.05, lower=0.0, prefix="meeting"),
    "sms": Style(sizes=(0.9, 0.1), opener=0.05, closer=0.05, pii=0.15, lower=0.3, ascii=0.1),
}


def entry_can_open(sentence: str) -> bool:
    """Return whether a planted sentence reads naturally before the comment (not a sign-off)."""
    return sentence.startswith(("Jag heter", "My name", "Min granne", "Mitt personnummer", "Jag bor"))


@dataclass
class Comment:
    """A composed comment and the personal details planted in its text."""

    text: str
    themes: list[str]
    planted: dict[str, list[str]] = field(default_factory=dict)


class Composer:
    """Build comments with one seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        """Keep ``rng`` and load the vocabulary and templates."""
        self.rng = rng
        self.vocab = load_vocab()
        self.tpl = load_templates()
        self.theme_ids = list(self.tpl["themes"])

    def expand(self, template: str, district: str, fill: dict[str, str] | None = None) -> str:
        """Resolve alternations, then slots, in ``template``."""
        text = template
        while True:
            new = _ALTERNATION.sub(lambda m: self.rng.choice(m.group(1).split("|")), text)
            if new == text:
                break
            text = new
        return _SLOT.sub(lambda m: self._slot(m.group(1), district, fill or {}), text)

    def _slot(self, name: str, district: str, fill: dict[str, str]) -> str:
        if name in fill:
            return fill[name]
        v, rng = self.vocab, self.rng
        if name == "district":
            return district if rng.random() < 0.8 else rng.choice(v["districts"])["name"]
        table = {
            "street": "streets",
            "school": "schools",
            "preschool": "preschools",
            "park": "parks",
            "beach": "beaches",
            "place": "places",
            "stop": "stops",
            "busno": "bus_lines",
            "library": "libraries",
            "elderhome": "elderhomes",
            "org": "orgs",
        }
        return rng.choice(v[table[name]])

    def pick_themes(
        self, k: int, month: int, age_index: int, district: dict, allowed: tuple[str, ...] | None = None
    ) -> list[str]:
        """Choose ``k`` distinct themes, weighted by month, age group and district."""
        weights = []
        for tid in self.theme_ids:
            t = self.tpl["themes"][tid]
            w = t["weight"] * t["months"][month - 3] * t["ages"][age_index]
            if allowed and tid not in allowed:
                w = 0
            if tid == "safety_lighting" and (district["multi"] > 0.3 or district["name"] == "Centrum"):
                w *= 1.6
            if tid in ("traffic_cars_parking", "public_transport") and not district["urban"]:
                w *= 1.7
            weights.append(w)
        chosen: list[str] = []
        while len(chosen) < k:
            tid = self.rng.choices(self.theme_ids, weights)[0]
            if tid not in chosen:
                chosen.append(tid)
        return chosen

    def statement(self, theme: str, lang: str, district: str) -> str:
        """Return one statement on ``theme`` in ``lang``."""
        return self.expand(self.rng.choice(self.tpl["themes"][theme][lang]), district)

    def plant(self, lang: str, district: str) -> tuple[str, dict[str, list[str]]]:
        """Return a sentence carrying personal details, and what it planted."""
        rng, v = self.rng, self.vocab
        pool = self.tpl["pii"].get(lang) or self.tpl["pii"]["other"]
        entry = rng.choice(pool)
        origin = {"sv": None, "en": rng.choice(["other", "sv"]), "fi": "fi", "ar": "ar", "so": "so"}[lang]
        first, name = pii.full_name(rng, v, origin)
        fill = {
            "name": name,
            "first": first,
            "phone": pii.phone(rng),
            "pnr": pii.personnummer(rng),
            "email": pii.email(rng, name, v["email_domains"]),
            "plate": pii.plate(rng),
            "address": pii.address(rng, v["streets"], v["postcodes"]),
        }
        text = self.expand(entry["t"], district, fill)
        kind_slot = {
            "PERSON": "name",
            "PHONE": "phone",
            "ID_NUMBER": "pnr",
            "EMAIL": "email",
            "PLATE": "plate",
            "ADDRESS": "address",
        }
        planted: dict[str, list[str]] = {}
        for kind in entry["kinds"]:
            slot = kind_slot[kind]
            value = first if kind == "PERSON" and "{first}" in entry["t"] else fill[slot]
            planted.setdefault(kind, []).append(value)
        return text, planted

    def comment(self, style: Style, lang: str, district: dict, month: int, age_index: int, extra: int = 0) -> Comment:
        """Compose one comment; ``extra`` adds statements (used to escape duplicates)."""
        rng, tpl, dname = self.rng, self.tpl, district["name"]
        k = min(3, rng.choices([1, 2, 3][: len(style.sizes)], style.sizes)[0] + extra)
        themes = self.pick_themes(k, month, age_index, district, style.themes)
        parts = [self.statement(t, lang, dname) for t in themes]
        if lang == "sv" and len(parts) > 1:
            parts = [parts[0]] + [rng.choice(tpl["connectives"]) + p for p in parts[1:]]
        if style.prefix == "meeting":
            parts[0] = rng.choice(tpl["meeting_prefixes"]) + parts[0]
        elif style.prefix == "map":
            parts[0] = self.expand(rng.choice(tpl["map_prefixes"]), dname) + parts[0]
        if rng.random() < style.opener or extra > 1:
            parts.insert(0, self.expand(rng.choice(tpl["openers"][lang]), dname))
        if rng.random() < style.closer:
            parts.append(self.expand(rng.choice(tpl["closers"][lang]), dname))
        planted: dict[str, list[str]] = {}
        if rng.random() < style.pii:
            sentence, planted = self.plant(lang, dname)
            at_start = entry_can_open(sentence) and rng.random() < 0.3
            parts.insert(0 if at_start else len(parts), sentence)
        joiner = "\n" if rng.random() < style.newline else " "
        text = joiner.join(p.strip() for p in parts if p.strip())
        # A greeting ending in a comma ("Hej,") stands on its own line, as people write it.
        text = re.sub(r"^(\S+),\s+", r"\1,\n", text)
        if rng.random() < style.lower:
            text = text.lower()
            planted = {k: [x.lower() for x in vals] for k, vals in planted.items()}
        if lang == "sv" and rng.random() < style.ascii:
            text = text.translate(_STRIP_DIACRITICS)
            planted = {k: [x.translate(_STRIP_DIACRITICS) for x in vals] for k, vals in planted.items()}
        return Comment(text=text, themes=themes, planted=planted)
