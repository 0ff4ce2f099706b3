"""A quote in a script the PDF's fonts lack (Tigrinya's Ethiopic), or with an emoji, never prints as empty boxes.

WeasyPrint draws a glyph its fonts lack as an empty box and logs the resident's characters.
The PDF says instead that the quote's script cannot be shown there, leaves out emoji, and
the log keeps no resident text; the HTML report keeps the words as written.
"""

from __future__ import annotations

import json
import logging

import pytest
from test_report_exports import _pdf_text, dialogue, first_quote  # noqa: F401 - the fixture is used by name

from pipeline.report import write_report
from pipeline.report.html import UNPRINTABLE
from pipeline.review import get_theme

TIGRINYA = "ኣብ ቤት ትምህርቲ ዘሎ ጸገም ብዙሕ እዩ፣ ኣውቶቡስ ኣይመጽእን 🙌"


def test_a_tigrinya_quote_says_it_cannot_be_shown_instead_of_boxes(store, dialogue, tmp_path, caplog):  # noqa: F811
    pytest.importorskip("weasyprint")
    ids, _ = dialogue
    summary = get_theme(store, ids[0])["summary"]
    quote = first_quote(summary)
    store.execute("UPDATE submissions SET text = ?, language = 'ti' WHERE id = ?", [TIGRINYA, quote["submission_id"]])
    for row_id, sentences, quotes in store.fetchall(
        "SELECT id, sentences, quotes FROM theme_summaries WHERE theme_id = ?", [ids[0]]
    ):
        sentences, quotes = json.loads(sentences), json.loads(quotes)
        for q in [q for s in sentences for q in s.get("quotes") or []] + quotes:
            if q.get("submission_id") == quote["submission_id"]:
                q.update(text=TIGRINYA, language="ti")
        store.execute(
            "UPDATE theme_summaries SET sentences = ?, quotes = ? WHERE id = ?",
            [json.dumps(sentences), json.dumps(quotes), row_id],
        )
    with caplog.at_level(logging.DEBUG):
        write_report(store, "d1", "pdf", tmp_path / "r.pdf")
        write_report(store, "d1", "html", tmp_path / "r.html")
    text = " ".join(_pdf_text(tmp_path / "r.pdf").split())
    assert " ".join(UNPRINTABLE.split()) in text
    assert "ቤት" not in text and "🙌" not in text
    assert quote["submission_id"] in text
    assert TIGRINYA in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert not any("ቤ" in r.getMessage() or "🙌" in r.getMessage() for r in caplog.records)
