"""Issue 13 §5 and §7 through the report: multi-label counts that say so, breakdowns from one function.

A small store where every third submission raises a second theme (ids like the product's,
an e-mail with greeting and signature, Arabic and Somali text, districts missing), and the
store ``lyhord demo`` builds: the report JSON, the HTML, the feedback page and the web
overview all count a theme as "N synpunkter tar upp temat, varav M som huvudtema", say that
shares can sum to more than 100 %, state every breakdown share's denominator and agree.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.report import build_feedback_html, build_report, write_report
from pipeline.report.exports import render_json
from pipeline.report.overview import MULTI_THEME_NOTE
from pipeline.review import approve
from pipeline.settings import Settings
from pipeline.store import Store
from pipeline.summaries import summarize, synthetic
from pipeline.web.overview import compute, render_charts

THEMES = ("d1/trafik", "d1/parker", "d1/trygghet")
EMAIL = "Hej!\n\nCykelbanan vid Råby är full av grus, sopa den oftare.\n\nMed vänliga hälsningar\n[NAMN 1]"
ARABIC = "الإضاءة في الحديقة قرب رابي ضعيفة جداً في المساء، والطريق إلى موقف الحافلات مظلم."
SOMALI = "Waddooyinka Råby waa mugdi habeenkii, fadlan nal badan ku dar."
DEMO = "vasteras-demo"


@pytest.fixture
def multilabel(store, settings) -> list[dict]:
    """Sixty submissions in three approved themes; every fifth also raises the next theme."""
    comments = synthetic.make_comments(60, len(THEMES))
    for i, (text, lang, channel) in enumerate(((EMAIL, "sv", "email"), (ARABIC, "ar", "map"), (SOMALI, "so", "sms"))):
        comments[i].update(text=text, language=lang, channel=channel)
    for c in comments[::4]:
        c["district"] = None
    synthetic.load_synthetic(store, "d1", comments, len(THEMES), synthetic.random_vectors(comments))
    for t, theme_id in enumerate(THEMES):
        store.execute(
            "INSERT INTO themes (id, dialogue_id, theme_run_id, label, keywords, origin, size, share) "
            "SELECT ?, dialogue_id, theme_run_id, label, keywords, origin, size, share FROM themes WHERE id = ?",
            [theme_id, f"d1-t{t:02d}"],
        )
        store.execute("UPDATE theme_assignments SET theme_id = ? WHERE theme_id = ?", [theme_id, f"d1-t{t:02d}"])
        store.execute("DELETE FROM themes WHERE id = ?", [f"d1-t{t:02d}"])
    for i, c in enumerate(comments):
        c["theme_id"] = THEMES[c["theme"]]
        c["secondary_theme_id"] = THEMES[(c["theme"] + 1) % len(THEMES)] if i % 5 == 0 else None
        store.execute(
            "UPDATE theme_assignments SET secondary_theme_id = ? WHERE submission_id = ?",
            [c["secondary_theme_id"], c["id"]],
        )
    summarize(store, settings=settings, run_id="r1")
    for theme_id in THEMES:
        approve(store, theme_id, actor="anna")
    return comments


def _sizes(comments: list[dict], theme_id: str) -> tuple[int, int]:
    primary = sum(1 for c in comments if c["theme_id"] == theme_id)
    return primary + sum(1 for c in comments if c["secondary_theme_id"] == theme_id), primary


def test_report_and_feedback_page_count_every_mention_and_say_so(store, multilabel, tmp_path):
    data = json.loads(render_json(build_report(store, "d1", charts=False)))
    assert data["overview"]["multi_theme"]
    for theme in data["themes"]:
        size_all, primary = _sizes(multilabel, theme["id"])
        assert (theme["size"], theme["size_primary"]) == (size_all, primary) and size_all > primary
        assert theme["counts_text"] == f"{size_all} synpunkter tar upp temat, varav {primary} som huvudtema"
        assert theme["share_of_all"] == round(size_all / 60, 4)
        assert theme["share_primary_of_all"] == round(primary / 60, 4)
    assert sum(t["share_of_all"] for t in data["themes"]) > 1.0
    html = write_report(store, "d1", "html", tmp_path / "r.html").read_text(encoding="utf-8")
    assert MULTI_THEME_NOTE in html and "mer än 100 %" in MULTI_THEME_NOTE
    assert all(t["counts_text"] in html for t in data["themes"])
    feedback = build_feedback_html(store, "d1")
    for theme in data["themes"]:
        assert f"{theme['size']} synpunkter handlade om detta, varav {theme['size_primary']} som huvudämne" in feedback
    assert "räknas under varje sak den tar upp, så antalen nedan blir tillsammans fler än 60" in feedback


def test_summaries_use_secondary_members_as_evidence(store, multilabel):
    for theme_id in THEMES:
        stats = json.loads(
            store.scalar(
                "SELECT stats FROM theme_summaries WHERE theme_id = ? ORDER BY version DESC LIMIT 1", [theme_id]
            )
        )
        assert stats["count"] == _sizes(multilabel, theme_id)[0]


def test_breakdowns_state_denominators_unknowns_and_small_bases(store, multilabel):
    data = json.loads(render_json(build_report(store, "d1", charts=False)))
    district = data["breakdowns"]["district"]
    unknown = sum(1 for c in multilabel if not c["district"])
    assert (district["total"], district["known"], district["unknown"]) == (60, 60 - unknown, unknown)
    rows = district["rows"]
    assert sum(r["n"] for r in rows) == 60
    assert rows[-1]["value"] is None and rows[-1]["text"].startswith(f"okänd stadsdel: {round(100 * unknown / 60)} %")
    assert all(r["text"].endswith("av dem med känd stadsdel") for r in rows[:-1])
    for theme in data["themes"]:
        b = theme["breakdowns"]["district"]
        assert b["total"] == theme["size"] < 30  # every theme here rests on fewer than 30 submissions
        assert b["caveat"] and b["caveat"].startswith("Bygger på bara ")
    assert data["breakdowns"]["channel"]["caveat"] is None  # 60 submissions, every channel known


def test_web_overview_counts_with_the_same_function(store, multilabel):
    data = compute(store, "d1", include_drafts=True)
    report = json.loads(render_json(build_report(store, "d1", charts=False)))
    by_id = {t["id"]: t for t in report["themes"]}
    assert data["multi_theme"]
    for theme, row in zip(data["top"], data["district_matrix"], strict=True):
        assert sum(row) == theme["size_all"] == by_id[theme["theme_id"]]["size"]
        assert theme["size_primary"] == by_id[theme["theme_id"]]["size_primary"]
    assert data["districts"][-1] == "?"  # the unknown column, named in words on the page
    assert render_charts(data, "sv")["district_names"][-1] == "okänt"


@pytest.fixture(scope="module")
def demo(demo_store: Path) -> dict:
    settings = Settings(db_path=demo_store, data_dir=demo_store.parent / "data")
    with Store.open(settings) as store:
        report = json.loads(render_json(build_report(store, DEMO, charts=False)))
        feedback = build_feedback_html(store, DEMO)
        web = compute(store, DEMO, include_drafts=True)
        stored = {
            r[0]: (json.loads(r[1]), r[2])
            for r in store.fetchall(
                "SELECT t.id, t.breakdowns, v.size_primary FROM themes t JOIN theme_view v ON v.id = t.id "
                "WHERE t.dialogue_id = ? AND v.active AND NOT v.split",
                [DEMO],
            )
        }
    return {"report": report, "feedback": feedback, "web": web, "stored": stored}


def test_demo_report_counts_secondary_themes_and_says_so(demo):
    report, total = demo["report"], demo["report"]["total_submissions"]
    assert report["overview"]["multi_theme"]
    assert any(t["size"] > t["size_primary"] for t in report["themes"])
    assert sum(t["size_primary"] for t in report["themes"]) <= total
    for t in report["themes"]:
        noun = "synpunkt" if t["size"] == 1 else "synpunkter"
        assert t["counts_text"] == f"{t['size']} {noun} tar upp temat, varav {t['size_primary']} som huvudtema"
    assert "antalen nedan blir tillsammans fler än" in demo["feedback"]
    assert "som huvudämne" in demo["feedback"]


def test_demo_breakdowns_agree_everywhere_and_name_missing_data(demo):
    report = demo["report"]
    for dim, b in report["breakdowns"].items():
        assert sum(r["n"] for r in b["rows"]) == report["total_submissions"] == b["total"]
        assert b["known"] == report["known"][dim]
    district = report["breakdowns"]["district"]
    assert district["unknown"] > 0
    share = round(100 * district["unknown"] / district["total"])
    assert (
        district["rows"][-1]["text"]
        == f"okänd stadsdel: {share} % av alla ({district['unknown']} av {district['total']})"
    )
    web = demo["web"]
    sizes = {t["theme_id"]: t["size_all"] for t in web["top"]}
    for theme, row in zip(web["top"], web["district_matrix"], strict=True):
        assert sum(row) == sizes[theme["theme_id"]]
    for values, size_primary in demo["stored"].values():  # what the themes stage stored adds up to its members
        assert all(sum(v.values()) == size_primary for v in values.values())


def test_a_small_dialogue_says_its_shares_are_uncertain(store, tmp_path):
    comments = synthetic.make_comments(12, 2)
    comments[0].update(text=SOMALI, language="so", district=None)
    synthetic.load_synthetic(store, "liten", comments, 2)
    caveat = "Bygger på bara 12 synpunkter, så andelarna är osäkra."
    html = write_report(store, "liten", "html", tmp_path / "r.html").read_text(encoding="utf-8")
    assert html.count(caveat) >= 3  # channel, month, age group: every participation table
    assert "Bygger på bara 11 synpunkter med känd stadsdel, så andelarna är osäkra." in html
    from docx import Document

    docx = [p.text for p in Document(str(write_report(store, "liten", "docx", tmp_path / "r.docx"))).paragraphs]
    assert caveat in docx
    data = json.loads(render_json(build_report(store, "liten", charts=False)))
    assert data["breakdowns"]["channel"]["caveat"] == caveat
