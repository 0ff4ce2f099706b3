"""Loading the statement rules under ``pipeline/summaries/rules/`` (validated on load).

Which sentences are greetings, sign-offs, lead-ins or boilerplate, what marks a
proposal or a reason, and how a typical statement becomes a claim label are
data, one YAML file per language, so that an analyst can read and extend them
without touching code (like the anonymizer's recognizer rules). Every file is
checked when it is loaded: a malformed file is a ``ConfigError`` that names the
file and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from pipeline.errors import ConfigError

RULES_DIR = Path(__file__).resolve().parent / "rules"
ANONYMIZER_RULES = Path(__file__).resolve().parent.parent / "anonymize" / "rules"
GAZETTEERS = ("localities", "streets_vasteras")
LANGUAGE_FILES = ("sv", "en", "ar", "so", "fi", "de")
KINDS = ("fråga", "beröm", "kritik", "förslag", "problem")
EVIDENCE = ("reason", "proposal", "time")
_FLAGS = re.IGNORECASE | re.UNICODE


def _compile(patterns: list[str]) -> list[re.Pattern[str]]:
    compiled = []
    for pattern in patterns:
        if not isinstance(pattern, str) or not pattern.strip():
            raise ValueError("every pattern must be a non-empty string")
        try:
            compiled.append(re.compile(pattern, _FLAGS))
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} does not compile ({exc})") from None
    return compiled


class LanguageRules(BaseModel):
    """The cleaning, kind and evidence rules of one language file."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    version: int
    language: str
    reply_headers: list[re.Pattern[str]] = []
    signatures: list[re.Pattern[str]] = []
    greetings: list[re.Pattern[str]] = []
    lead_ins: list[re.Pattern[str]] = []
    boilerplate: list[re.Pattern[str]] = []
    continuations: list[re.Pattern[str]] = []
    abbreviations: list[str] = []
    kinds: dict[str, list[re.Pattern[str]]] = {}
    evidence: dict[str, list[re.Pattern[str]]] = {}

    @field_validator(
        "reply_headers", "signatures", "greetings", "lead_ins", "boilerplate", "continuations", mode="before"
    )
    @classmethod
    def _patterns(cls, value: Any) -> list[re.Pattern[str]]:
        if not isinstance(value, list):
            raise ValueError("must be a list of regular expressions")
        return _compile(value)

    @field_validator("kinds", "evidence", mode="before")
    @classmethod
    def _groups(cls, value: Any, info: Any) -> dict[str, list[re.Pattern[str]]]:
        allowed = KINDS if info.field_name == "kinds" else EVIDENCE
        if not isinstance(value, dict):
            raise ValueError("must map names to lists of regular expressions")
        unknown = sorted(set(value) - set(allowed))
        if unknown:
            raise ValueError(f"unknown name(s) {unknown}; use {', '.join(allowed)}")
        return {str(k): _compile(v if isinstance(v, list) else [v]) for k, v in value.items()}


class LabelRules(BaseModel):
    """How a typical Swedish statement is turned into a claim label (``labels.sv.yaml``)."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    version: int
    hedges: list[re.Pattern[str]]
    clause_breaks: list[re.Pattern[str]]
    imperatives: dict[str, str]
    rewrites: list[tuple[re.Pattern[str], str]]
    adverbs: list[str]
    pronouns: dict[str, str]
    frames: dict[str, str]
    subjects: dict[str, str]
    place_words: list[str]
    several_places: str
    # Hedges at the start of a statement in another language, per language code (labels in that language).
    foreign_hedges: dict[str, list[re.Pattern[str]]] = {}

    @field_validator("hedges", "clause_breaks", mode="before")
    @classmethod
    def _patterns(cls, value: Any) -> list[re.Pattern[str]]:
        if not isinstance(value, list):
            raise ValueError("must be a list of regular expressions")
        return _compile(value)

    @field_validator("foreign_hedges", mode="before")
    @classmethod
    def _foreign(cls, value: Any) -> dict[str, list[re.Pattern[str]]]:
        if not isinstance(value, dict) or not all(isinstance(v, list) for v in value.values()):
            raise ValueError("must map a language code to a list of regular expressions")
        return {str(lang): _compile(patterns) for lang, patterns in value.items()}

    @field_validator("rewrites", mode="before")
    @classmethod
    def _rewrites(cls, value: Any) -> list[tuple[re.Pattern[str], str]]:
        if not isinstance(value, list) or not all(isinstance(v, dict) and set(v) == {"match", "say"} for v in value):
            raise ValueError("must be a list of {match: regex, say: replacement}")
        return [(p, str(v["say"])) for p, v in zip(_compile([v["match"] for v in value]), value, strict=True)]

    @field_validator("frames")
    @classmethod
    def _frames(cls, value: dict[str, str]) -> dict[str, str]:
        missing = sorted(set(KINDS) - set(value))
        if missing:
            raise ValueError(f"lacks a frame for {missing}")
        return value

    @field_validator("subjects")
    @classmethod
    def _subjects(cls, value: dict[str, str]) -> dict[str, str]:
        if set(value) != {"one", "many"}:
            raise ValueError("must have exactly the keys one and many")
        return value


@dataclass(frozen=True)
class Rules:
    """All languages' rules merged: text is cleaned with every language's rules at once.

    Residents mix languages (a Swedish e-mail signed in Arabic, a Finnish comment
    pinned on a Swedish map), so a statement is judged by all files together.
    """

    languages: tuple[str, ...]
    reply_headers: tuple[re.Pattern[str], ...]
    signatures: tuple[re.Pattern[str], ...]
    greetings: tuple[re.Pattern[str], ...]
    lead_ins: tuple[re.Pattern[str], ...]
    boilerplate: tuple[re.Pattern[str], ...]
    continuations: tuple[re.Pattern[str], ...]
    abbreviations: frozenset[str]
    kinds: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)
    evidence: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)

    @cached_property
    def boilerplate_any(self) -> re.Pattern[str]:
        """Every boilerplate pattern as one alternation: a sentence is tested in one call, not 65.

        ``boilerplate_any.fullmatch(s)`` is true exactly when some pattern fullmatches ``s``
        (the patterns have no groups of their own to renumber); it was a tenth of the
        summaries' own CPU (issue 14).
        """
        return any_of(self.boilerplate)


def any_of(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """Return one pattern that matches where any of ``patterns`` does (never, for none)."""
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags)


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError:
        raise ConfigError(f"rule file {path} is missing; reinstall Lyhörd or restore the file") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"rule file {path} is not valid YAML ({type(exc).__name__}); fix its syntax") from None


def _validated(path: Path, model: type[BaseModel]) -> Any:
    data = _read(path)
    if not isinstance(data, dict):
        raise ConfigError(f"rule file {path} must be a mapping of keys to values")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top)"
        raise ConfigError(f"rule file {path}, key {where!r}: {first['msg']}; fix the file") from None


@cache
def load_language(language: str, rules_dir: Path = RULES_DIR) -> LanguageRules:
    """Return the validated rules of one language file (``rules_dir/<language>.yaml``)."""
    rules: LanguageRules = _validated(rules_dir / f"{language}.yaml", LanguageRules)
    if rules.language != language:
        raise ConfigError(f"rule file {rules_dir / language}.yaml says language {rules.language!r}; make it match")
    return rules


@cache
def load_rules(rules_dir: Path = RULES_DIR, languages: tuple[str, ...] = LANGUAGE_FILES) -> Rules:
    """Return every language's rules merged into one ``Rules``."""
    files = [load_language(lang, rules_dir) for lang in languages]

    def merged(name: str) -> tuple[re.Pattern[str], ...]:
        return tuple(p for f in files for p in getattr(f, name))

    def grouped(name: str, keys: tuple[str, ...]) -> dict[str, tuple[re.Pattern[str], ...]]:
        return {k: tuple(p for f in files for p in getattr(f, name).get(k, [])) for k in keys}

    return Rules(
        languages=languages,
        reply_headers=merged("reply_headers"),
        signatures=merged("signatures"),
        greetings=merged("greetings"),
        lead_ins=merged("lead_ins"),
        boilerplate=merged("boilerplate"),
        continuations=merged("continuations"),
        abbreviations=frozenset(a.casefold() for f in files for a in f.abbreviations),
        kinds=grouped("kinds", KINDS),
        evidence=grouped("evidence", EVIDENCE),
    )


@cache
def load_label_rules(rules_dir: Path = RULES_DIR) -> LabelRules:
    """Return the validated Swedish label rules (``rules_dir/labels.sv.yaml``)."""
    rules: LabelRules = _validated(rules_dir / "labels.sv.yaml", LabelRules)
    return rules


@cache
def load_places(rules_dir: Path = RULES_DIR) -> frozenset[str]:
    """Return known place names (lower case): the anonymizer's gazetteers plus ``places.txt``."""
    names: set[str] = set()
    # Read as files, not through pipeline.anonymize: importing that package loads its detectors.
    for path in (*(ANONYMIZER_RULES / f"{n}.txt" for n in GAZETTEERS), rules_dir / "places.txt"):
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            names.update(x.strip() for x in lines if x.strip() and not x.lstrip().startswith("#"))
    return frozenset(n.casefold() for n in names)
