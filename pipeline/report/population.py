"""Population figures (SCB or municipal statistics) and participation against them."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.store import Store

DIMENSIONS = ("district", "age_group")
UNDER_RATIO = 0.67  # a group whose share of input is under 2/3 of its population share is flagged
_HEADERS = {
    "dimension": "dimension",
    "dimension_sv": "dimension",
    "dimension ": "dimension",
    "value": "value",
    "värde": "value",
    "varde": "value",
    "grupp": "value",
    "population": "population",
    "befolkning": "population",
    "antal": "population",
}


def _normalise(header: list[str]) -> list[str]:
    return [_HEADERS.get(h.strip().lower(), h.strip().lower()) for h in header]


def _parse_rows(path: Path) -> list[tuple[str, str, int]]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read population file {str(path)!r}: {exc.strerror}") from None
    try:
        dialect: Any = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(text.splitlines(), dialect)
    header = _normalise(next(reader, []))
    missing = {"dimension", "value", "population"} - set(header)
    if missing:
        raise InputError(
            f"population file {str(path)!r} lacks column(s) {', '.join(sorted(missing))}; "
            "expected a header row: dimension,value,population"
        )
    idx = {name: header.index(name) for name in ("dimension", "value", "population")}
    rows = []
    for line_no, row in enumerate(reader, 2):
        if not any(cell.strip() for cell in row):
            continue
        dim, value, pop = (row[idx[k]].strip() if idx[k] < len(row) else "" for k in idx)
        if dim not in DIMENSIONS:
            raise InputError(
                f"population file {str(path)!r}, line {line_no}: dimension {dim!r} "
                f"is not one of {', '.join(DIMENSIONS)}"
            )
        try:
            number = int(pop.replace(" ", "").replace("\u00a0", ""))
        except ValueError:
            number = -1
        if number < 0 or not value:
            raise InputError(
                f"population file {str(path)!r}, line {line_no}: needs a value and a "
                f"whole non-negative population, got {pop!r}"
            )
        rows.append((dim, value, number))
    return rows


def load_population_csv(store: Store, path: Path, dialogue_id: str | None = None) -> int:
    """Load ``dimension,value,population`` rows, replacing earlier figures for those dimensions.

    Args:
        store: The open store.
        path: CSV file (comma, semicolon or tab separated; Swedish headers accepted).
        dialogue_id: The dialogue the figures apply to; None for every dialogue.

    Returns:
        The number of rows loaded.
    """
    rows = _parse_rows(path)
    with store.transaction():
        for dim in sorted({r[0] for r in rows}):
            store.execute(
                "DELETE FROM population WHERE dimension = ? AND dialogue_id IS NOT DISTINCT FROM ?",
                [dim, dialogue_id],
            )
        store.executemany(
            "INSERT INTO population (dialogue_id, dimension, value, population) VALUES (?, ?, ?, ?)",
            [[dialogue_id, *row] for row in rows],
        )
    return len(rows)


def population_for(store: Store, dialogue_id: str, dimension: str) -> dict[str, int]:
    """Return population by value, preferring the dialogue's own figures over general ones."""
    rows = store.fetchall(
        "SELECT value, population, dialogue_id IS NOT NULL AS own FROM population WHERE dimension = ? "
        "AND (dialogue_id = ? OR dialogue_id IS NULL)",
        [dimension, dialogue_id],
    )
    own = [r for r in rows if r[2]]
    return {r[0]: int(r[1]) for r in (own or rows)}


def representativeness(
    store: Store, dialogue_id: str, participation: dict[str, dict[str, int]]
) -> list[dict[str, Any]]:
    """Compare participation with population per district and age group; flag under-represented groups."""
    out = []
    for dim in DIMENSIONS:
        population = population_for(store, dialogue_id, dim)
        if not population:
            continue
        counts = participation.get(dim, {})
        n_total = sum(counts.get(v, 0) for v in population) or 0
        p_total = sum(population.values()) or 1
        for value, pop in sorted(population.items()):
            n = counts.get(value, 0)
            share = n / n_total if n_total else 0.0
            pop_share = pop / p_total
            ratio = share / pop_share if pop_share else 0.0
            out.append(
                {
                    "dimension": dim,
                    "value": value,
                    "submissions": n,
                    "share": round(share, 4),
                    "population": pop,
                    "population_share": round(pop_share, 4),
                    "ratio": round(ratio, 2),
                    "under_represented": pop_share > 0 and ratio < UNDER_RATIO,
                }
            )
    return out
