"""``lyhord redact``: anonymize a JSON Lines file for analysts and checks.

Each input line is ``{"id", "text", …}``; each output line is ``{"id", "text",
"anonymized_text", "entities": [{"start", "end", "label"}]}`` with offsets into the original
text and only the six PII labels.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from pipeline.anonymize.engine import Anonymizer
from pipeline.errors import InputError
from pipeline.jsonl import iter_objects

BATCH = 256


def _records(path: Path, handle: TextIO) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, record in iter_objects(handle, path.name):
        if not isinstance(record.get("text"), str) or "id" not in record:
            raise InputError(f'line {number} of {path.name} needs an "id" and a string "text"')
        yield number, record


def redact_file(source: Path, target: Path, anonymizer: Anonymizer) -> int:
    """Anonymize every line of ``source`` into ``target``; return the number of lines written.

    Raises:
        InputError: the input cannot be read or a line is malformed (its number is given).
    """
    written = 0
    try:
        with source.open(encoding="utf-8") as handle, target.open("w", encoding="utf-8") as out:
            batch: list[dict[str, Any]] = []
            for _, record in _records(source, handle):
                batch.append(record)
                if len(batch) >= BATCH:
                    written += _write(batch, anonymizer, out)
                    batch = []
            written += _write(batch, anonymizer, out)
    except OSError as exc:
        raise InputError(f"cannot read or write {exc.filename!r}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{source.name} is not UTF-8 text; save it as UTF-8 and try again") from None
    return written


def _write(batch: list[dict[str, Any]], anonymizer: Anonymizer, out: TextIO) -> int:
    if not batch:
        return 0
    for record, red in zip(batch, anonymizer.anonymize_many([r["text"] for r in batch]), strict=True):
        line = {
            "id": record["id"],
            "text": record["text"],
            "anonymized_text": red.text,
            "entities": [{"start": s.start, "end": s.end, "label": s.label} for s in red.spans],
        }
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return len(batch)
