"""PII scoring: exact vs overlap, full cover ("found"), KEEP touched, origins; issue 3."""

from __future__ import annotations

import pytest

from pipeline.anonymize.evaluate import read_gold, score
from pipeline.anonymize.spans import Span
from pipeline.errors import InputError


def test_partial_cover_is_not_found_but_overlaps():
    gold = [{"text": "Anna-Karin Öberg", "entities": [{"start": 0, "end": 16, "label": "PERSON"}]}]
    result = score(gold, [[Span(0, 10, "PERSON")]])
    person = result["labels"]["PERSON"]
    assert person["found"] == 0.0 and person["overlap"]["recall"] == 1.0 and person["exact"]["recall"] == 0.0
    assert score(gold, [[Span(0, 10, "PERSON"), Span(11, 16, "PERSON")]])["labels"]["PERSON"]["found"] == 1.0


def test_found_counts_any_label_and_keep_touched_counts_any_overlap():
    gold = [
        {
            "text": "Storgatan 5 och Vasagatan",
            "entities": [{"start": 0, "end": 11, "label": "ADDRESS"}, {"start": 16, "end": 25, "label": "KEEP"}],
        }
    ]
    result = score(gold, [[Span(0, 11, "PERSON"), Span(16, 20, "PERSON")]])
    assert result["labels"]["ADDRESS"]["found"] == 1.0 and result["labels"]["ADDRESS"]["exact"]["recall"] == 0.0
    assert result["keep_touched"] == 1.0 and result["person_precision"] == 0.5


def test_origins_split_swedish_and_other():
    gold = [
        {
            "text": "Anna och Yusuf",
            "entities": [
                {"start": 0, "end": 4, "label": "PERSON", "origin": "swedish"},
                {"start": 9, "end": 14, "label": "PERSON", "origin": "somali"},
            ],
        }
    ]
    origins = score(gold, [[Span(0, 4, "PERSON")]])["person_found_by_origin"]
    assert origins["_swedish"]["found"] == 1.0 and origins["_other"]["found"] == 0.0


def test_read_gold_names_the_bad_line(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text('{"text": "a", "entities": []}\n{"text": 1}\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        read_gold(path)
