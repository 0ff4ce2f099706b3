"""User text in spreadsheet and CSV exports is written as text, never as a formula.

A district, quote or response that starts with ``=`` (or ``+``, ``-``, ``@``, a tab or a line
break) is read by Excel and LibreOffice as a formula: ``=HYPERLINK(…)`` becomes a link,
``=cmd|' /C calc'!A0`` a DDE command (OWASP "CSV injection"). :func:`starts_like_formula` is the
one rule; the XLSX writer stores such a value as a typed string with Excel's quote prefix, so it
shows unchanged and stays text when edited, and a CSV writer prefixes it with ``'``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n")


def starts_like_formula(value: object) -> bool:
    """Say whether a spreadsheet could read ``value`` as a formula or command."""
    return isinstance(value, str) and value.startswith(FORMULA_LEADS)


def csv_text(value: Any) -> Any:
    """Return ``value`` for a CSV cell: formula-like text gets a leading ``'`` (OWASP)."""
    return "'" + value if starts_like_formula(value) else value


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """Append ``values`` to an openpyxl worksheet with every string stored as a string.

    openpyxl turns a string starting with ``=`` into a formula cell; this sets the cell type
    back to string and marks formula-like text with the quote prefix. The cells are made here
    and appended as they are: reading the new row back (``sheet[sheet.max_row]``) scans every
    cell of the sheet, which made a 20,000-row sheet quadratic (issue 14).
    """
    from openpyxl.cell.cell import Cell

    cells = []
    for value in values:
        cell = Cell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
            if starts_like_formula(value):
                cell.quotePrefix = True
        cells.append(cell)
    sheet.append(cells)
