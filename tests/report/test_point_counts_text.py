"""How a point's counts read in the report: "1 synpunkt", and "<1 %" rather than "0 %" of a large dialogue."""

from __future__ import annotations

from pipeline.report.points import point_meta
from pipeline.summaries.differences import percent_label


def test_a_single_voice_in_a_large_dialogue() -> None:
    point = {"kind": "problem", "position": "oklar", "n": 1}
    text = point_meta(point, 78, 600)
    assert "1 synpunkt: 1 % av temats 78, <1 % av alla 600" in text
    assert "1 synpunkter" not in text and " 0 % " not in text


def test_shares_of_many() -> None:
    assert "34 synpunkter: 10 % av temats 347, 1 % av alla 3007" in point_meta({"n": 34}, 347, 3007)
    assert percent_label(0, 600) == "0" and percent_label(4, 600) == "1" and percent_label(2, 600) == "<1"
