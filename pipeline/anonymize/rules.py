"""Loading the pattern and word-list rules under ``pipeline/anonymize/rules/`` (validated on load).

Rules are data so that an analyst can read and extend them without touching code. Every file
is checked against a small schema when it is loaded; a malformed file is a ``ConfigError`` that
names the file and the key.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import ConfigError

RULES_DIR = Path(__file__).resolve().parent / "rules"

# file stem -> {key: expected type}; "list" means a list of non-empty strings,
# "pairs" a two-item list of ints, "patterns" a mapping of name -> regular expression.
SCHEMAS: dict[str, dict[str, str]] = {
    "address": {
        "version": "int",
        "suffixes": "list",
        "words": "list",
        "prefixes": "list",
        "not_streets": "list",
        "not_after_number": "list",
        "flat_words": "list",
        "unit_words": "list",
        "floor_words": "list",
        "max_house_number": "int",
        "function_words": "list",
    },
    "plate": {"version": "int", "not_plates": "list", "context": "list"},
    "keep": {"version": "int", "patterns": "patterns"},
    "id_number": {"version": "int", "context": "list", "context_window": "int"},
    "phone": {
        "version": "int",
        "national_digits": "pair",
        "sweden_after_46": "pair",
        "international_digits": "pair",
        "context": "list",
    },
}


@cache
def load_rules(name: str, rules_dir: Path = RULES_DIR) -> dict[str, Any]:
    """Return the validated rules in ``rules_dir/name.yaml``.

    Raises:
        ConfigError: the file is missing, is not YAML, or a key is missing or of the wrong type.
    """
    path = rules_dir / f"{name}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError:
        raise ConfigError(f"rule file {path} is missing; reinstall Lyhörd or restore the file") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"rule file {path} is not valid YAML ({type(exc).__name__}); fix its syntax") from None
    schema = SCHEMAS.get(name)
    if schema is None:
        raise ConfigError(f"no schema for rule file {name!r}; known: {', '.join(sorted(SCHEMAS))}")
    if not isinstance(data, dict):
        raise ConfigError(f"rule file {path} must be a mapping of keys to values")
    for key, kind in schema.items():
        if key not in data:
            raise ConfigError(f"rule file {path} lacks the key {key!r}")
        data[key] = _check(path, key, kind, data[key])
    return data


def _check(path: Path, key: str, kind: str, value: Any) -> Any:
    where = f"rule file {path}, key {key!r}"
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise ConfigError(f"{where} must be an integer")
        return value
    if kind == "pair":
        if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
            raise ConfigError(f"{where} must be a list of two integers [min, max]")
        return tuple(value)
    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ConfigError(f"{where} must be a list of non-empty strings (quote words YAML reads as booleans)")
        return [v.strip() for v in value]
    if kind == "patterns":
        if not isinstance(value, dict) or not value:
            raise ConfigError(f"{where} must map pattern names to regular expressions")
        compiled = {}
        for name, pattern in value.items():
            try:
                compiled[str(name)] = re.compile(str(pattern), re.IGNORECASE)
            except re.error as exc:
                raise ConfigError(f"{where}: pattern {name!r} does not compile ({exc}); fix the regex") from None
        return compiled
    raise ConfigError(f"{where}: unknown schema type {kind!r}")


@cache
def load_word_list(name: str, rules_dir: Path = RULES_DIR) -> tuple[str, ...]:
    """Return the lines of ``rules_dir/name.txt``, without comments and blanks."""
    path = rules_dir / f"{name}.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        raise ConfigError(f"word list {path} is missing; reinstall Lyhörd or restore the file") from None
    return tuple(x.strip() for x in lines if x.strip() and not x.lstrip().startswith("#"))
