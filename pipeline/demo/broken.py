"""Deliberately broken inputs and the demo population table."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

from pipeline.demo.plan import Planner, Record


def write_broken(folder: Path, planner: Planner, good_xlsx: Path, jsonl_records: list[Record]) -> dict[str, int]:
    """Write files ingest must reject, and a JSONL whose good lines must still count.

    Returns:
        Expected submissions per file name (relative to ``folder``).
    """
    rng: random.Random = planner.rng
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tom.csv").write_bytes(b"")
    data = good_xlsx.read_bytes()
    (folder / "avbruten.xlsx").write_bytes(data[: len(data) // 3])
    garbage = bytes(rng.randrange(256) for _ in range(4096))
    (folder / "skrap.csv").write_bytes(b"\x00\x01PK\x03" + garbage)
    features = '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": '
    (folder / "trasig.geojson").write_text(features + '{"type": "Point", "coordinates": [16.54, 59.61', "utf-8")
    lines = [
        json.dumps(
            {
                "id": f"wf-x{i:03d}",
                "submitted_at": f"{r.when:%Y-%m-%dT%H:%M:%S}",
                "district": r.district,
                "age_group": r.age_group,
                "text": r.text,
            },
            ensure_ascii=False,
        )
        for i, r in enumerate(jsonl_records, 1)
    ]
    lines.insert(len(lines) // 2, '{"id": "wf-x999", "submitted_at": "2026-06-01T10:00:00", "text": "Avbrut')
    (folder / "webbformular-delvis.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {
        "tom.csv": 0,
        "avbruten.xlsx": 0,
        "skrap.csv": 0,
        "trasig.geojson": 0,
        "webbformular-delvis.jsonl": len(jsonl_records),
    }


def write_population(path: Path, vocab: dict) -> None:
    """Write ``dimension,value,population`` rows for districts and age groups."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["dimension", "value", "population"])
    for d in vocab["districts"]:
        writer.writerow(["district", d["name"], d["pop"]])
    for g in vocab["age_groups"]:
        writer.writerow(["age_group", g["name"], g["pop"]])
    path.write_text(buf.getvalue(), encoding="utf-8")
