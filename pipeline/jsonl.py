"""JSON Lines input shared by the analysts' file commands (redact, eval, themes fit)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from pipeline.errors import InputError


def iter_objects(lines: Iterable[str], name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line number, object)`` for each non-blank line of a JSON Lines file called ``name``.

    Raises:
        InputError: a line is not JSON, or not an object; the message gives the file and line.
    """
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"line {number} of {name} is not valid JSON ({exc.msg}, column {exc.colno}); "
                'each line must be one object such as {"id": "1", "text": "…"}'
            ) from None
        if not isinstance(record, dict):
            raise InputError(f"line {number} of {name} is not a JSON object")
        yield number, record
