"""Dialogues: create, list and look up."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import InputError, NotFoundError
from pipeline.schema import Dialogue, ThemeSchemeEntry
from pipeline.store import Store

DEFAULT_DIALOGUE_ID = "standard"
_COLUMNS = (
    "id, title, question, purpose, use_of_results, target_groups, period_start, "
    "period_end, channels, owner, theme_scheme"
)


def slugify(title: str) -> str:
    """Return a lower-case ASCII id made from ``title`` (``Cykelplan 2026`` → ``cykelplan-2026``)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:48] or "dialog"


def load_scheme(path: Path) -> list[ThemeSchemeEntry]:
    """Read a theme scheme YAML: a list of ``{id, name, description}``."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read theme scheme {str(path)!r}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"theme scheme {str(path)!r} is not valid YAML: {exc}") from None
    if isinstance(data, dict) and "themes" in data:
        data = data["themes"]
    if not isinstance(data, list) or not data:
        raise InputError(f"theme scheme {str(path)!r} must be a list of {{id, name, description}} entries")
    entries = []
    for i, item in enumerate(data, 1):
        if not isinstance(item, dict) or not item.get("id") or not item.get("name"):
            raise InputError(f"theme scheme {str(path)!r}, entry {i}: needs an 'id' and a 'name'")
        entries.append(ThemeSchemeEntry(**{k: str(v) for k, v in item.items() if k in ("id", "name", "description")}))
    ids = [e.id for e in entries]
    if len(set(ids)) != len(ids):
        raise InputError(f"theme scheme {str(path)!r} repeats an id")
    return entries


def create_dialogue(store: Store, dialogue: Dialogue) -> Dialogue:
    """Insert a dialogue; its id must be new and must not contain ``/``.

    Theme ids are ``<dialogue id>/<key>``, and the web app's dialogue pages take the
    id as one path segment, so a ``/`` inside a dialogue id would make both ambiguous.
    """
    if "/" in dialogue.id or not dialogue.id.strip() or any(ord(c) < 32 for c in dialogue.id):
        raise InputError(
            f"dialog-id {dialogue.id!r} får inte vara tom eller innehålla '/' / a dialogue id must not be empty "
            f"or contain '/'; use e.g. {slugify(dialogue.id.replace('/', ' '))!r}"
        )
    if store.scalar("SELECT count(*) FROM dialogues WHERE id = ?", [dialogue.id]):
        raise InputError(f"dialogue {dialogue.id!r} already exists; pick another --id")
    scheme = (
        json.dumps([e.model_dump() for e in dialogue.theme_scheme], ensure_ascii=False)
        if dialogue.theme_scheme
        else None
    )
    store.execute(
        f"INSERT INTO dialogues ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            dialogue.id,
            dialogue.title,
            dialogue.question,
            dialogue.purpose,
            dialogue.use_of_results,
            dialogue.target_groups,
            dialogue.period_start,
            dialogue.period_end,
            dialogue.channels,
            dialogue.owner,
            scheme,
        ],
    )
    return dialogue


def ensure_default_dialogue(store: Store) -> Dialogue:
    """Return the default dialogue, creating it on first use."""
    try:
        return get_dialogue(store, DEFAULT_DIALOGUE_ID)
    except NotFoundError:
        return create_dialogue(
            store,
            Dialogue(
                id=DEFAULT_DIALOGUE_ID,
                title="Standarddialog",
                purpose="Samlar inkomna synpunkter som inte hör till en namngiven dialog.",
            ),
        )


def _to_dialogue(row: dict[str, Any]) -> Dialogue:
    scheme = row.pop("theme_scheme")
    row["theme_scheme"] = json.loads(scheme) if scheme else None
    row["channels"] = row["channels"] or []
    return Dialogue(**row)


def get_dialogue(store: Store, dialogue_id: str) -> Dialogue:
    """Return one dialogue or raise ``NotFoundError``."""
    rows = store.records(f"SELECT {_COLUMNS} FROM dialogues WHERE id = ?", [dialogue_id])
    if not rows:
        known = ", ".join(r[0] for r in store.fetchall("SELECT id FROM dialogues ORDER BY id"))
        raise NotFoundError(
            f"no dialogue {dialogue_id!r}; known dialogues: {known or 'none'} "
            "(create one with `lyhord dialogue create`)"
        )
    return _to_dialogue(rows[0])


def list_dialogues(store: Store) -> list[Dialogue]:
    """Return every dialogue, oldest first."""
    rows = store.records(f"SELECT {_COLUMNS} FROM dialogues ORDER BY created_at, id")
    return [_to_dialogue(r) for r in rows]


def set_theme_scheme(store: Store, dialogue_id: str, scheme: list[ThemeSchemeEntry] | None) -> None:
    """Attach (or with None, remove) a theme scheme on a dialogue."""
    get_dialogue(store, dialogue_id)
    value = json.dumps([e.model_dump() for e in scheme], ensure_ascii=False) if scheme else None
    store.execute("UPDATE dialogues SET theme_scheme = ? WHERE id = ?", [value, dialogue_id])


def dialogue_values(store: Store, dialogue_id: str) -> dict[str, list[str]]:
    """Return the districts and age groups a dialogue recognises, sorted, by dimension.

    They are the values of the dialogue's own population figures (``lyhord population
    load --dialogue``), else of the general ones, per dimension; the same rule the
    report's representativeness uses. An empty list means the dialogue declares none.

    Args:
        store: The open store.
        dialogue_id: The dialogue.

    Returns:
        ``{"district": [...], "age_group": [...]}``.
    """
    rows = store.fetchall(
        "SELECT DISTINCT dimension, value, dialogue_id IS NOT NULL AS own FROM population "
        "WHERE dimension IN ('district', 'age_group') AND (dialogue_id = ? OR dialogue_id IS NULL)",
        [dialogue_id],
    )
    values = {}
    for dimension in ("district", "age_group"):
        own = [r[1] for r in rows if r[0] == dimension and r[2]]
        values[dimension] = sorted(own or [r[1] for r in rows if r[0] == dimension])
    return values
