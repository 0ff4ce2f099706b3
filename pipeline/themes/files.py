"""File-based theme fitting and evaluation for analysts (``lyhord themes fit``, ``eval themes``).

These read JSONL files, embed through a small on-disk cache next to the
settings' data directory (never the resident store), and write JSONL.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import InputError
from pipeline.jsonl import iter_objects
from pipeline.schema import ThemeSchemeEntry
from pipeline.settings import Settings
from pipeline.themes.fit import FitParams, ThemeFit, fit_themes
from pipeline.themes.language import fill_languages


def read_jsonl(path: Path, *, need: tuple[str, ...] = ("id", "text")) -> list[dict[str, Any]]:
    """Read JSONL rows, checking every row has ``need`` fields."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {str(path)!r}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{str(path)!r} is not UTF-8; save it as UTF-8 JSON Lines") from None
    rows = []
    for n, row in iter_objects(lines, str(path)):
        missing = [k for k in need if row.get(k) in (None, "")]
        if missing:
            raise InputError(f"{str(path)!r} line {n}: missing field(s) {', '.join(missing)}")
        rows.append(row)
    if not rows:
        raise InputError(f"{str(path)!r} has no rows; expected JSON Lines with {', '.join(need)}")
    return rows


def embed_file_texts(texts: list[str], settings: Settings) -> np.ndarray:
    """Embed texts through a DuckDB cache under ``settings.data_dir/cache``."""
    from pipeline.settings import Settings as _S
    from pipeline.store import Store
    from pipeline.themes.embed import embed_cached, get_embedder

    cache_settings = _S(
        db_path=Path(settings.data_dir) / "cache" / "embeddings.duckdb",
        data_dir=settings.data_dir,
        embedder=settings.embedder,
        embedder_path=settings.embedder_path,
        models_dir=settings.models_dir,
    )
    with Store.open(cache_settings) as cache:
        return embed_cached(cache, texts, get_embedder(settings))[0]


def run_fit(
    rows: list[dict[str, Any]],
    settings: Settings,
    scheme: list[ThemeSchemeEntry] | None,
    seed: int | None = None,
    E: np.ndarray | None = None,
) -> ThemeFit:
    """Fit themes over file rows (texts embedded through the file cache)."""
    from pipeline.themes.embed import get_embedder

    texts = [str(r["text"]) for r in rows]
    start = time.perf_counter()
    if E is None:
        E = embed_file_texts(texts, settings)
    params = FitParams.for_settings(settings, seed)
    fit = fit_themes(
        texts,
        E,
        fill_languages(texts, [r.get("lang") or r.get("language") for r in rows]),
        settings=settings,
        scheme=scheme,
        embedder=get_embedder(settings),
        params=params,
        embed_fn=lambda phrases: embed_file_texts(list(phrases), settings),
    )
    fit.timings["embed"] = time.perf_counter() - start - sum(fit.timings.values())
    return fit


def output_rows(rows: list[dict[str, Any]], fit: ThemeFit) -> list[dict[str, Any]]:
    """Return ``{id, theme_id, theme_label, secondary_theme_id, tertiary_theme_id}`` per input row."""
    third = fit.tertiary if len(fit.tertiary) == len(fit.labels) else np.full(len(fit.labels), -1)

    def key(index: int) -> str | None:
        return fit.themes[index].key if index >= 0 else None

    out = []
    for i, row in enumerate(rows):
        theme = fit.themes[fit.labels[i]]
        out.append(
            {
                "id": row["id"],
                "theme_id": theme.key,
                "theme_label": theme.label,
                "secondary_theme_id": key(fit.secondary[i]),
                "tertiary_theme_id": key(third[i]),
            }
        )
    return out


def themes_description(fit: ThemeFit, rows: list[dict[str, Any]], E: np.ndarray) -> dict[str, Any]:
    """Describe the themes for ``OUT.themes.json`` (no resident text; ids only)."""
    from pipeline.themes.represent import hierarchy, representatives

    n = max(len(rows), 1)
    sizes = [int(np.sum(fit.labels == i)) for i in range(len(fit.themes))]
    keep = [t.origin != "other" and s > 0 for t, s in zip(fit.themes, sizes, strict=True)]
    parents = hierarchy(fit.centroids, sizes, keep)
    ids = [r["id"] for r in rows]
    themes = []
    for i, t in enumerate(fit.themes):
        members = np.where(fit.labels == i)[0]
        themes.append(
            {
                "theme_id": t.key,
                "label": t.label,
                "origin": t.origin,
                "scheme_id": t.scheme_id,
                "keywords": t.keywords,
                "size": sizes[i],
                "share": round(sizes[i] / n, 4),
                "parent_id": _key(fit, parents[i]),
                "representative_ids": representatives(E, members, ids),
            }
        )
    other = sum(s for s, t in zip(sizes, fit.themes, strict=True) if t.origin == "other")
    return {
        "n": len(rows),
        "outlier_share": round(other / n, 4),
        "seed": fit.params.seed,
        "themes": themes,
        "timings_s": {k: round(v, 2) for k, v in fit.timings.items()},
    }


def _key(fit: ThemeFit, index: int | None) -> str | None:
    return fit.themes[index].key if index is not None else None


def write_outputs(out_path: Path, rows: list[dict[str, Any]], fit: ThemeFit, E: np.ndarray) -> Path:
    """Write the per-row JSONL and the ``.themes.json`` description; return the latter's path."""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("w", encoding="utf-8") as fh:
        for row in output_rows(rows, fit):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    desc = out_path.with_suffix(".themes.json") if out_path.suffix == ".jsonl" else Path(str(out_path) + ".themes.json")
    desc.write_text(json.dumps(themes_description(fit, rows, E), ensure_ascii=False, indent=1), encoding="utf-8")
    return desc
