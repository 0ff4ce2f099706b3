"""Ingest benchmark: 1,000,000 survey CSV rows and 100,000 .eml files, beside naive baselines.

Usage: .venv/bin/python bench/ingest.py [--rows N] [--emails N] [--sample N] [--workdir DIR]

Every measurement runs in a child process of its own, so its peak RSS is its own.
Targets (issue 2 item 9): >= 200,000 CSV rows/s and peak RSS < 2 GB for the 1M rows.
Baselines measured in the same run, on a sample:
  * naive-csv: Python's csv module, a row loop computing hashes, ``executemany`` INSERTs;
  * pandas-csv: ``pandas.read_csv`` + per-row Python hashing + one bulk insert;
  * naive-email: ``email.message_from_bytes`` per file, ``executemany`` INSERTs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FRAGMENTS = [
    "Det behövs fler cykelbanor",
    "Belysningen i parken är för svag",
    "Bussarna går för sällan",
    "Skolgården behöver mer grönska",
    "Snöröjningen på gång- och cykelvägar är dålig",
    "Biblioteket borde ha öppet på söndagar",
    "Fler bänkar längs Mälarstranden",
    "Trafiken på Stora gatan är för hög",
    "Lekplatsen i Bäckby är sliten",
    "Det är otryggt vid resecentrum på kvällen",
]
TAILS = ["särskilt på vintern.", "tack för att ni frågar!", "för barnfamiljer.", "åtgärda det snart.", "."]
DISTRICTS = ["Centrum", "Bäckby", "Råby", "Öster Mälarstrand", "Hälla", "Skultuna", "Vallby", "Önsta-Gryta"]
AGES = ["under 18", "18-29", "30-44", "45-64", "65+"]


def write_survey(path: Path, rows: int) -> None:
    """Write ``rows`` survey answers (UTF-8, semicolons, ~2 % empty, repeated short answers)."""
    import duckdb

    frags = ", ".join(f"'{f}'" for f in FRAGMENTS)
    tails = ", ".join(f"'{t}'" for t in TAILS)
    districts = ", ".join(f"'{d}'" for d in DISTRICTS)
    ages = ", ".join(f"'{a}'" for a in AGES)
    duckdb.sql(
        f"""COPY (SELECT i + 1 AS "Svar-ID", DATE '2026-03-01' + (i % 180)::INT AS "Datum",
            [{districts}][1 + (hash(i, 1) % {len(DISTRICTS)})::BIGINT] AS "Stadsdel",
            [{ages}][1 + (hash(i, 2) % {len(AGES)})::BIGINT] AS "Åldersgrupp",
            CASE WHEN i % 50 = 7 THEN '' WHEN i % 40 = 3 THEN 'Ja'
                 ELSE [{frags}][1 + (hash(i, 3) % {len(FRAGMENTS)})::BIGINT] || ' i ' ||
                      [{districts}][1 + (hash(i, 4) % {len(DISTRICTS)})::BIGINT] || ', ' ||
                      [{tails}][1 + (hash(i, 5) % {len(TAILS)})::BIGINT] || ' (' || i || ')' END
              AS "Vad tycker du om din stadsdel?"
            FROM range({rows}) t(i)) TO '{path}' (HEADER, DELIMITER ';')"""
    )


def _eml(i: int, rng: random.Random) -> bytes:
    text = f"{rng.choice(FRAGMENTS)} i {rng.choice(DISTRICTS)}, {rng.choice(TAILS)} Meddelande {i}."
    head = (
        f"From: Invånare {i} <invanare{i}@example.org>\nTo: dialog@vasteras.se\n"
        f"Subject: Synpunkt {i}\nDate: Mon, 02 Mar 2026 10:{i % 60:02d}:00 +0100\n"
        f"Message-ID: <bench-{i}@example.org>\nMIME-Version: 1.0\n"
    )
    kind = i % 3
    if kind == 0:
        return (
            head
            + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
            + text
            + "\n\nMed vänliga hälsningar\nInvånare\n"
        ).encode()
    if kind == 1:
        return (
            head
            + "Content-Type: text/html; charset=utf-8\n\n<html><body><p>"
            + text
            + "</p><script>x()</script></body></html>\n"
        ).encode()
    return (
        head + 'Content-Type: multipart/alternative; boundary="b"\n\n--b\nContent-Type: text/plain; '
        "charset=utf-8\n\n" + text + "\n--b\nContent-Type: text/html; charset=utf-8\n\n<p>" + text + "</p>\n--b--\n"
    ).encode()


def write_emails(folder: Path, count: int) -> None:
    """Write ``count`` .eml files (plain, HTML-only, multipart/alternative) in folders of 1,000."""
    rng = random.Random(7)
    for i in range(count):
        sub = folder / f"{i // 1000:04d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:06d}.eml").write_bytes(_eml(i, rng))


# -- child processes: one measurement each ----------------------------------------------------------


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_lyhord(db: str, paths: list[str]) -> dict:
    from pipeline.ingest import ingest_paths
    from pipeline.settings import Settings
    from pipeline.store import Store

    settings = Settings(db_path=db, data_dir=Path(db).parent / "data", actor="bench")
    with Store.open(settings) as store:
        start = time.perf_counter()
        report = ingest_paths(store, paths, settings=settings, run_id="bench-1")
        first = time.perf_counter() - start
        start = time.perf_counter()
        again = ingest_paths(store, paths, settings=settings, run_id="bench-2")
        second = time.perf_counter() - start
    return {
        "rows": report.counts["accepted"] + report.counts["skipped_empty"],
        "accepted": report.counts["accepted"],
        "seconds": first,
        "reingest_seconds": second,
        "reingest_accepted": again.counts["accepted"],
        "peak_mb": _peak_mb(),
    }


def _raw_table(conn) -> None:
    conn.execute("CREATE TABLE raw (id TEXT PRIMARY KEY, source_key TEXT, text TEXT, district TEXT, content_hash TEXT)")


def child_naive_csv(db: str, path: str, sample: int) -> dict:
    import csv

    import duckdb

    from pipeline.schema import content_hash, submission_id

    conn = duckdb.connect(db)
    _raw_table(conn)
    start = time.perf_counter()
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter=";")
        next(reader)
        for n, row in enumerate(reader):
            if n >= sample:
                break
            text = row[4].strip()
            if not text:
                continue
            key = f"survey:{row[0]}"
            chash = content_hash(text)
            rows.append((submission_id("standard", key, chash), key, text, row[2], chash))
    conn.executemany("INSERT INTO raw VALUES (?, ?, ?, ?, ?)", rows)
    return {"rows": sample, "seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}


def child_pandas_csv(db: str, path: str, sample: int) -> dict:
    import duckdb
    import pandas as pd

    from pipeline.schema import content_hash, submission_id

    conn = duckdb.connect(db)
    _raw_table(conn)
    start = time.perf_counter()
    frame = pd.read_csv(path, sep=";", nrows=sample, dtype=str, keep_default_na=False)
    frame = frame[frame.iloc[:, 4].str.strip() != ""]
    keys = "survey:" + frame.iloc[:, 0]
    hashes = frame.iloc[:, 4].map(content_hash)
    ids = [submission_id("standard", k, h) for k, h in zip(keys, hashes, strict=True)]
    out = pd.DataFrame(
        {"id": ids, "source_key": keys, "text": frame.iloc[:, 4], "district": frame.iloc[:, 2], "content_hash": hashes}
    )
    conn.register("frame", out)
    conn.execute("INSERT INTO raw SELECT * FROM frame")
    return {"rows": sample, "seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}


def child_naive_email(db: str, folder: str, sample: int) -> dict:
    import email
    from email import policy

    import duckdb

    from pipeline.schema import content_hash, submission_id

    conn = duckdb.connect(db)
    _raw_table(conn)
    files = sorted(Path(folder).rglob("*.eml"))[:sample]
    start = time.perf_counter()
    rows = []
    for path in files:
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        body = msg.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body is not None else ""
        key = f"email:{msg['Message-ID']}"
        chash = content_hash(text)
        rows.append((submission_id("standard", key, chash), key, text, None, chash))
    conn.executemany("INSERT INTO raw VALUES (?, ?, ?, ?, ?)", rows)
    return {"rows": len(files), "seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}


def _child(kind: str, *args: str) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, *args]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _line(name: str, result: dict, note: str = "") -> str:
    rate = result["rows"] / result["seconds"] if result["seconds"] else float("inf")
    return (
        f"{name:<28} {result['rows']:>10,} rows {result['seconds']:>8.2f} s {rate:>12,.0f} rows/s "
        f"{result['peak_mb']:>8.0f} MB peak RSS  {note}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--emails", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=50_000, help="rows for the pandas baseline")
    parser.add_argument("--naive-sample", type=int, default=2_000, help="rows for the csv-module baseline")
    parser.add_argument("--email-sample", type=int, default=2_000)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        fn = {
            "lyhord": lambda: child_lyhord(rest[0], rest[1:]),
            "naive-csv": lambda: child_naive_csv(rest[0], rest[1], int(rest[2])),
            "pandas-csv": lambda: child_pandas_csv(rest[0], rest[1], int(rest[2])),
            "naive-email": lambda: child_naive_email(rest[0], rest[1], int(rest[2])),
        }[kind]
        print(json.dumps(fn()))
        return
    work = args.workdir or Path(tempfile.mkdtemp(prefix="lyhord-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        run(work, args)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


def run(work: Path, args: argparse.Namespace) -> None:
    """Generate the inputs, run every measurement and print the table."""
    csv_path, mail = work / "enkat.csv", work / "mail"
    start = time.perf_counter()
    write_survey(csv_path, args.rows)
    write_emails(mail, args.emails)
    print(
        f"generated {args.rows:,} survey rows ({csv_path.stat().st_size / 1e6:.0f} MB) and "
        f"{args.emails:,} .eml files in {time.perf_counter() - start:.1f} s ({os.cpu_count()} CPUs)"
    )
    results = {
        "lyhord-csv": _child("lyhord", str(work / "csv.duckdb"), str(csv_path)),
        "naive-csv": _child("naive-csv", str(work / "naive.duckdb"), str(csv_path), str(args.naive_sample)),
        "pandas-csv": _child("pandas-csv", str(work / "pandas.duckdb"), str(csv_path), str(args.sample)),
        "lyhord-email": _child("lyhord", str(work / "mail.duckdb"), str(mail)),
        "naive-email": _child("naive-email", str(work / "naive-mail.duckdb"), str(mail), str(args.email_sample)),
    }
    csv_rate = results["lyhord-csv"]["rows"] / results["lyhord-csv"]["seconds"]
    print(
        _line(
            "lyhord ingest, CSV",
            results["lyhord-csv"],
            f"(re-ingest {results['lyhord-csv']['reingest_seconds']:.1f} s, "
            f"{results['lyhord-csv']['reingest_accepted']} new)",
        )
    )
    print(_line("baseline: csv module loop", results["naive-csv"], "(sample)"))
    print(_line("baseline: pandas.read_csv", results["pandas-csv"], "(sample)"))
    print(
        _line(
            "lyhord ingest, .eml",
            results["lyhord-email"],
            f"(re-ingest {results['lyhord-email']['reingest_seconds']:.1f} s)",
        )
    )
    print(_line("baseline: email loop", results["naive-email"], "(sample)"))
    ok_rate = csv_rate >= 200_000
    ok_rss = results["lyhord-csv"]["peak_mb"] < 2048
    print(
        f"target >= 200,000 CSV rows/s: {'met' if ok_rate else 'NOT met'} ({csv_rate:,.0f}); "
        f"peak RSS < 2 GB: {'met' if ok_rss else 'NOT met'} ({results['lyhord-csv']['peak_mb']:.0f} MB)"
    )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
