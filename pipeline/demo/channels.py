"""Web form, map consultation, meeting notes and SMS exports for the demo."""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import timedelta
from pathlib import Path

from docx import Document

from pipeline.demo import pii
from pipeline.demo.files import FIXED_TIME, write_zip_normalized
from pipeline.demo.mail import stockholm
from pipeline.demo.plan import Planner, Record, Window
from pipeline.dialogues import slugify

_MAP_CATEGORY = {
    "snow_clearing": "Gator och vägar",
    "cycling": "Cykel",
    "public_transport": "Kollektivtrafik",
    "traffic_cars_parking": "Gator och vägar",
    "parks_green": "Grönområden",
    "dog_parks": "Grönområden",
    "safety_lighting": "Trygghet",
    "e_scooters": "Gator och vägar",
}


def write_webform(path: Path, records: list[Record], planner: Planner) -> int:
    """Write the web form's JSON Lines export; e-mail is optional, district sometimes missing."""
    rng = planner.rng
    lines = []
    for i, rec in enumerate(records, 1):
        row: dict[str, object] = {
            "id": f"wf-{i:06d}",
            "submitted_at": stockholm(rec.when).isoformat(),
            "district": rec.district if rng.random() > 0.05 else None,
            "age_group": rec.age_group,
            "text": rec.text,
            "consent": True,
        }
        if rng.random() < 0.35:
            row["email"] = rec.email
            planner.note_planted("EMAIL", rec.email)
        lines.append(json.dumps(row, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(records)


def write_map(path: Path, records: list[Record]) -> int:
    """Write map-consultation comments as GeoJSON points (WGS84 lon/lat) inside Västerås."""
    features = [
        {
            "type": "Feature",
            "id": i,
            "geometry": {"type": "Point", "coordinates": [rec.lon, rec.lat]},
            "properties": {
                "comment": rec.text,
                "district": rec.district,
                "date": f"{rec.when:%Y-%m-%d}",
                "category": _MAP_CATEGORY.get(rec.themes[0], "Övrigt"),
            },
        }
        for i, rec in enumerate(records, 1)
    ]
    collection = {"type": "FeatureCollection", "name": "kartsynpunkter", "features": features}
    path.write_text(json.dumps(collection, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(records)


def write_meetings(folder: Path, planner: Planner, count: int, window: Window) -> dict[str, int]:
    """Write meeting notes (.docx, .md, .txt), one bullet or paragraph per submission.

    Each file starts with a heading and a ``Datum:`` line, sometimes also ``Plats:``.

    Returns:
        Expected submissions per file name (relative to ``folder``).
    """
    rng = planner.rng
    folder.mkdir(parents=True, exist_ok=True)
    meetings = max(3, count // 12)
    sizes = [count // meetings + (1 if i < count % meetings else 0) for i in range(meetings)]
    expected: dict[str, int] = {}
    for i, size in enumerate(sizes):
        district = planner.district()["name"]
        day = window.start + timedelta(days=rng.randint(0, (window.end - window.start).days))
        recs = planner.records(size, "meeting", Window(day, day), lang_factor=0.15)
        title = rng.choice(
            [
                "Dialogmöte i {d}",
                "Anteckningar från dialogmöte – {d}",
                "Trygghetsvandring {d}",
                "Öppet hus om stadsdelen {d}",
            ]
        ).format(d=district)
        ext = ("docx", "md", "txt")[i % 3]
        name = f"{day:%Y-%m-%d}-{slugify(district)}-{i + 1:02d}.{ext}"
        meta_lines = [f"Datum: {day:%Y-%m-%d}"]
        if rng.random() < 0.5:
            meta_lines.append(f"Plats: {_venue(district, planner.vocab['libraries'], rng)}")
        meta = "\n".join(meta_lines)
        texts = [r.text for r in recs]
        planner.sample(f"{folder.name}/{name}", recs)
        if ext == "docx":
            _write_docx(folder / name, title, meta_lines, texts, rng)
        elif ext == "md":
            body = "\n".join(f"- {t}" for t in texts)
            (folder / name).write_text(f"# {title}\n\n{meta}\n\n{body}\n", encoding="utf-8")
        else:
            body = "\n\n".join(texts)
            (folder / name).write_text(f"{title}\n{meta}\n\n{body}\n", encoding="utf-8")
        expected[name] = len(texts)
    return expected


def _venue(district: str, libraries: list[str], rng: random.Random) -> str:
    """Return where a meeting in ``district`` was held."""
    local = [lib for lib in libraries if lib.startswith(district[:5])]
    return rng.choice(local + ["Stadshuset", f"Träffpunkt {district}"])


def _write_docx(path: Path, title: str, meta_lines: list[str], texts: list[str], rng: random.Random) -> None:
    doc = Document()
    doc.add_heading(title, level=1)
    for line in meta_lines:
        doc.add_paragraph(line)
    bullets = rng.random() < 0.7
    for text in texts:
        doc.add_paragraph(text, style="List Bullet" if bullets else None)
    props = doc.core_properties
    props.author = props.last_modified_by = "Västerås stad"
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    write_zip_normalized(path, buf.getvalue())


def write_sms(path: Path, records: list[Record], planner: Planner) -> int:
    """Write the SMS gateway's CSV export (Datum, Från, Meddelande); the sender is personal data."""
    rng = planner.rng
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(["Datum", "Från", "Meddelande"])
    for rec in records:
        sender = pii.sms_sender(rng)
        planner.note_planted("PHONE", sender)
        writer.writerow([f"{rec.when:%Y-%m-%d %H:%M:%S}", sender, rec.text])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return len(records)
