"""Summary points with label, kind, position, counts and quotes in every format, and the fallback (issue 13 §7)."""

from __future__ import annotations

import json

import pytest

from pipeline.report import build_feedback_html, build_report, write_report
from pipeline.review import approve
from pipeline.summaries import summarize, synthetic

LABEL_FOR = "Fler bänkar och bättre belysning i parkerna"
LABEL_AGAINST = "Satsningen på cykelbanor kostar för mycket"
LABEL_ONE = "En invånare påtalar att hållplatsen vid Viksäng är helt mörk på kvällen"
ARABIC = "نحتاج إلى مقاعد أكثر وإضاءة أفضل في الحديقة"
SOMALI = "Baska waa qaali, carruurteenna ma awoodaan inay u safraan dugsiga."
OLD_TEXT = "Några tar upp att snön ligger kvar länge."


@pytest.fixture
def points_dialogue(store, settings):
    """Two approved themes: one with claims-format points, one with the older text-only sentences."""
    comments = synthetic.make_comments(80, 2)
    ids = synthetic.load_synthetic(store, "d1", comments, 2, synthetic.random_vectors(comments))
    summarize(store, settings=settings, run_id="r1")
    for theme_id in ids:
        approve(store, theme_id, actor="anna")
    members = [
        r[0] for r in store.fetchall("SELECT submission_id FROM theme_members WHERE theme_id = ? ORDER BY 1", [ids[0]])
    ]
    a, c = members[0], members[1]
    store.execute("UPDATE submissions SET text = ?, language = 'ar' WHERE id = ?", [ARABIC, a])
    store.execute("UPDATE submissions SET text = ?, language = 'so' WHERE id = ?", [SOMALI, c])
    points = [
        _point(
            LABEL_FOR,
            "förslag",
            "för",
            12,
            members[:12],
            [{"text": ARABIC, "submission_id": a, "language": "ar", "evidence": True}],
        ),
        _point(
            LABEL_AGAINST,
            "kritik",
            "emot",
            5,
            members[12:17] + [c],
            [{"text": SOMALI, "submission_id": c, "evidence": False}],
        ),
        # one resident's view (real dialogues often have few shared ones): no position, so the counts stay
        _point(LABEL_ONE, "problem", None, 1, members[17:18], []),
    ]
    stats = json.loads(store.scalar("SELECT stats FROM theme_summaries WHERE theme_id = ?", [ids[0]]))
    stats["remainder"] = {"n": 7}
    store.execute(
        "UPDATE theme_summaries SET sentences = ?, quotes = '[]', stats = ? WHERE theme_id = ?",
        [json.dumps(points, ensure_ascii=False), json.dumps(stats, ensure_ascii=False), ids[0]],
    )
    old = [
        {
            "text": OLD_TEXT,
            "citations": [
                r[0]
                for r in store.fetchall("SELECT submission_id FROM theme_members WHERE theme_id = ? LIMIT 2", [ids[1]])
            ],
        }
    ]
    store.execute(
        "UPDATE theme_summaries SET sentences = ? WHERE theme_id = ?", [json.dumps(old, ensure_ascii=False), ids[1]]
    )
    return ids, a, c


def _point(label, kind, position, n, citations, quotes):
    return {
        "text": f"{kind.capitalize()}: {label}",
        "citations": citations,
        "label": label,
        "kind": kind,
        "position": position,
        "n": n,
        "share_of_theme": round(n / 40, 4),
        "share_of_all": round(n / 80, 4),
        "quotes": quotes,
    }


def test_points_are_rendered_with_kind_position_counts_and_quote_language(store, points_dialogue, tmp_path):
    ids, a, c = points_dialogue
    model = build_report(store, "d1", charts=False)
    theme = next(t for t in model.themes if t.id == ids[0])
    assert theme.stance == {"för": 12, "emot": 5, "oklar": 0}
    assert [q["language"] for p in theme.points for q in p["quotes"]] == ["ar", "so"]  # so: from the stored language
    assert theme.remainder.startswith("7 av temats")
    html = write_report(store, "d1", "html", tmp_path / "r.html").read_text(encoding="utf-8")
    for text in (
        LABEL_FOR,
        "Förslag · hållning: för",
        "Kritik · hållning: emot",
        "12 synpunkter: ",
        "av temats",
        "av alla 80",
    ):
        assert text in html, text
    assert 'lang="ar"' in html and "på arabiska" in html and "på somaliska" in html and "konkret" in html
    assert "För / emot" in html and "12 för, 5 emot" in html and "Hållning: 12 för, 5 emot" in html
    assert OLD_TEXT in html  # the fallback: a sentence without point fields is shown as its text


def test_points_reach_docx_xlsx_json_and_the_feedback_page(store, points_dialogue, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    ids, a, c = points_dialogue
    docx = "\n".join(p.text for p in Document(str(write_report(store, "d1", "docx", tmp_path / "r.docx"))).paragraphs)
    assert LABEL_FOR in docx and "på arabiska" in docx and "Förslag · hållning: för" in docx
    wb = load_workbook(write_report(store, "d1", "xlsx", tmp_path / "r.xlsx"))
    points = [r for r in wb["punkter"].iter_rows(values_only=True) if r[2] == LABEL_FOR]
    assert points and points[0][3:6] == ("förslag", "för", 12)
    rows = {r[0]: r for r in wb["synpunkter"].iter_rows(values_only=True)}
    assert rows[a][5:] == ("ar", rows[a][6], LABEL_FOR, "förslag", "för", "ja")
    assert rows[c][5] == "so" and rows[c][7] in (LABEL_FOR, LABEL_AGAINST)
    data = json.loads(write_report(store, "d1", "json", tmp_path / "r.json").read_text(encoding="utf-8"))
    theme = next(t for t in data["themes"] if t["id"] == ids[0])
    assert theme["summary"][0]["label"] == LABEL_FOR and theme["summary"][0]["quotes"][0]["evidence"] is True
    assert theme["stance"] == {"för": 12, "emot": 5, "oklar": 0}
    feedback = build_feedback_html(store, "d1")
    assert f"{LABEL_ONE} (1 synpunkt)" in feedback and "(1 synpunkter)" not in feedback
    assert f"{LABEL_FOR} (12 synpunkter)" in feedback and 'lang="ar"' in feedback and "(på arabiska)" in feedback
