"""Issue 13 §5: a theme's page lists members whose third theme it is, marked, and never offered for a split."""

from __future__ import annotations

import re

SECOND, THIRD, MAIN = "cykelplan/t1", "cykelplan/t2", "cykelplan/t4"
MARK = "Sidotema – huvudtemat är ett annat"


def test_theme_page_marks_third_theme_members_and_counts_them(as_role, client, web_settings):
    from pipeline.store import Store

    with Store.open(web_settings) as store:
        borrowed = [
            r[0]
            for r in store.fetchall(
                "SELECT submission_id FROM theme_assignments WHERE theme_id = ? ORDER BY submission_id LIMIT 3", [MAIN]
            )
        ]
        store.execute(
            "UPDATE theme_assignments SET secondary_theme_id = ?, tertiary_theme_id = ? "
            "WHERE list_contains(?, submission_id)",
            [SECOND, THIRD, borrowed],
        )
        size_all, size_primary = store.fetchone("SELECT size_all, size_primary FROM theme_view WHERE id = ?", [THIRD])
    assert size_all == size_primary + len(borrowed)
    as_role("analyst")
    page = client.get(f"/themes/{THIRD}?q=").text
    pickable = set(re.findall(r'name="submission_ids" value="([^"]+)"', page))
    assert pickable and not pickable & set(borrowed)
    assert page.count(MARK) == len(borrowed)
    assert f"{size_all} synpunkter tar upp temat, varav {size_primary} som huvudtema" in page
    # They are listed after the theme's own members.
    rows = re.findall(r"<tr>(.*?)</tr>", page, flags=re.S)
    marked = [i for i, row in enumerate(rows) if MARK in row]
    unmarked = [i for i, row in enumerate(rows) if "submission_ids" in row]
    assert marked and unmarked and max(unmarked) < min(marked)
