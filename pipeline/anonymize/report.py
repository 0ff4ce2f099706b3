"""Plain-text rendering of ``lyhord eval pii`` figures, systems side by side."""

from __future__ import annotations

from typing import Any

from pipeline.anonymize.spans import LABELS


def _pct(value: float | None) -> str:
    return "   –  " if value is None else f"{value:6.3f}"


def format_report(result: dict[str, Any]) -> str:
    """Return a table per label (found, exact P/R/F1, overlap P/R/F1) for every system."""
    systems = result["systems"]
    names = list(systems)
    lines = [f"Texter: {result['texts']}", ""]
    header = f"{'etikett':<10} {'mått':<22}" + "".join(f"{n:>16}" for n in names)
    lines += [header, "-" * len(header)]
    metrics = [("hittad (täckt helt)", None, "found")] + [
        (f"{kind} {m}", kind, m) for kind in ("exact", "overlap") for m in ("precision", "recall", "f1")
    ]
    for label in LABELS:
        gold = systems[names[0]]["labels"][label]["gold"]
        lines.append(f"{label} (guld {gold})")
        for title, kind, metric in metrics:
            cells = []
            for n in names:
                figures = systems[n]["labels"][label]
                cells.append(f"{_pct(figures[kind][metric] if kind else figures[metric]):>16}")
            lines.append(f"{'':<10} {title:<22}" + "".join(cells))
    lines.append("-" * len(header))
    overall = [
        ("PERSON precision (överlapp med guld)", "person_precision"),
        ("KEEP-spann som rörts", "keep_touched"),
        ("texter per sekund", "texts_per_second"),
    ]
    for title, key in overall:
        values = "".join(
            f"{systems[n][key]:>16}" if key == "texts_per_second" else f"{_pct(systems[n][key]):>16}" for n in names
        )
        lines.append(f"{title:<33}{values}")
    for name in names:
        origins = systems[name]["person_found_by_origin"]
        if origins:
            parts = ", ".join(f"{o.lstrip('_')} {v['found']:.3f} (n={v['gold']})" for o, v in origins.items())
            lines.append(f"PERSON hittad per ursprung, {name}: {parts}")
    return "\n".join(lines)
