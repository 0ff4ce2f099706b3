"""Pages and review actions per role, through the real app and the real review functions (no browser)."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from conftest import csrf_of
from web_seeding import CANARY

APPROVED, DRAFT, REJECTED, DRAFT2 = "cykelplan/t1", "cykelplan/t2", "cykelplan/t3", "cykelplan/t4"
LABELS = {
    APPROVED: "Cykelvägar och belysning",
    DRAFT: "Buss och kollektivtrafik",
    REJECTED: "Parker och grönytor",
    DRAFT2: "Trygghet i centrum",
}


def post(client, path: str, data: dict | None = None, page: str = "/"):
    token = csrf_of(client.get(page).text)
    return client.post(path, data={**(data or {}), "csrf_token": token})


def events(settings, action: str):
    from pipeline.store import Store

    with Store.open(settings) as store:
        return store.fetchall("SELECT actor, theme_id FROM review_events WHERE action = ? ORDER BY seq", [action])


def review_status(settings, theme_id: str) -> str:
    from pipeline.store import Store

    with Store.open(settings) as store:
        return store.scalar("SELECT status FROM theme_reviews WHERE theme_id = ?", [theme_id])


def test_dialogues_page_shows_counts_and_last_nightly(as_role, client):
    page = as_role("reader").get("/").text
    assert "Cykelplan cykelplan" in page
    assert '<td class="num">80</td>' in page  # received and anonymized
    assert "2026-08-01 02:05" in page


def test_default_dialogue_is_listed_once_something_reaches_it(as_role, client, web_settings, tmp_path):
    """The service creates "Standarddialog" as it starts; the list shows it only when it holds input."""
    from pipeline.dialogues import create_dialogue, ensure_default_dialogue
    from pipeline.ingest.runner import ingest_paths
    from pipeline.schema import Dialogue
    from pipeline.store import Store

    with Store.open(web_settings) as store:
        ensure_default_dialogue(store)
        create_dialogue(store, Dialogue(id="trafikplan-2027", title="Trafikplan 2027"))
    page = as_role("reader").get("/").text
    assert "Cykelplan" in page and "Trafikplan 2027" in page  # a named dialogue shows before input
    assert "Standarddialog" not in page
    export = tmp_path / "enkät.csv"
    export.write_text("Svars-ID,Synpunkt\nR-1001,Hej! Bussen till Bäckby kommer aldrig i tid.\n", encoding="utf-8")
    with Store.open(web_settings) as store:
        assert ingest_paths(store, [export], settings=web_settings, run_id="ingest/2026-12-08").counts["accepted"] == 1
    assert "Standarddialog" in client.get("/").text


def test_reader_sees_only_approved_themes(as_role, client):
    as_role("reader")
    overview = client.get("/d/cykelplan").text
    assert LABELS[APPROVED] in overview
    for tid in (DRAFT, REJECTED, DRAFT2):
        assert LABELS[tid] not in overview
        assert client.get(f"/themes/{tid}").status_code == 404
    page = client.get(f"/themes/{APPROVED}")
    assert page.status_code == 200
    assert "Vi bygger ut belysningen" in page.text  # the response
    assert "Granskning</h2>" not in page.text  # no review actions


@pytest.mark.parametrize("path", ["/d/cykelplan/audit", "/runs", "/users"])
def test_reader_cannot_open_staff_pages(as_role, client, path):
    as_role("reader")
    assert client.get(path).status_code == 403


@pytest.mark.parametrize(
    "action,data",
    [
        ("approve", {}),
        ("edit", {"text": "Ny text."}),
        ("reject", {"reason": "nej"}),
        ("respond", {"text": "svar"}),
        ("rename", {"label": "X"}),
        ("merge", {"theme_ids": APPROVED}),
        ("split", {"label": "Y", "submission_ids": "s-1"}),
        ("move", {"into": "cykelplan/t2", "submission_ids": "s-1"}),
        ("hide", {"text": "Anna", "kind": "namn", "submission_ids": "s-1"}),
    ],
)
def test_reader_cannot_post_review_actions(as_role, client, web_settings, action, data):
    as_role("reader")
    assert post(client, f"/themes/{DRAFT}/{action}", data).status_code == 403
    assert review_status(web_settings, DRAFT) == "draft"


def test_official_sees_drafts_and_approves(as_role, client, web_settings):
    as_role("official")
    assert LABELS[DRAFT] in client.get("/d/cykelplan").text
    page = client.get(f"/themes/{DRAFT}").text
    assert 'action="/themes/cykelplan/t2/approve"' in page
    assert 'action="/themes/cykelplan/t2/rename"' in page  # officials own the theme structure too (issue 12)
    response = post(client, f"/themes/{DRAFT}/approve", page=f"/themes/{DRAFT}")
    assert response.status_code == 303
    assert review_status(web_settings, DRAFT) == "approved"
    assert ("official", DRAFT) in events(web_settings, "approve")
    assert "Temat är godkänt" in client.get(response.headers["location"]).text


def test_official_edit_shows_diff_and_reject_needs_reason(as_role, client, web_settings):
    as_role("official")
    post(client, f"/themes/{DRAFT2}/edit", {"text": "Många känner sig otrygga i centrum på kvällen."})
    assert review_status(web_settings, DRAFT2) == "edited"
    page = client.get(f"/themes/{DRAFT2}").text
    assert "<ins>" in page and "<del>" in page
    post(client, f"/themes/{DRAFT}/reject", {"reason": "  "})
    assert review_status(web_settings, DRAFT) == "draft"
    assert "Åtgärden kunde inte utföras" in client.get(f"/themes/{DRAFT}").text
    post(client, f"/themes/{DRAFT}/reject", {"reason": "Hör till ett annat tema."})
    assert review_status(web_settings, DRAFT) == "rejected"


def test_an_official_deletes_one_point_and_the_others_stay_points(as_role, client, web_settings):
    """On a real store the edit box held every point on one line: deleting one meant editing inside
    a wall of text, and the report then printed the whole edited summary as a single point."""
    import html

    from pipeline.summaries.text import paragraphs

    as_role("official")
    page = client.get(f"/themes/{DRAFT2}").text
    box = re.search(r'<textarea id="edit-text"[^>]*>(.*?)</textarea>', page, re.S)
    points = paragraphs(html.unescape(box.group(1)))
    assert len(points) == 3  # the seeded summary's three points, one paragraph each
    kept = points[1:]
    post(client, f"/themes/{DRAFT2}/edit", {"text": "\n\n".join(kept)})
    assert review_status(web_settings, DRAFT2) == "edited"
    diff = client.get(f"/themes/{DRAFT2}").text
    assert "<del>" in diff and "<ins>" not in diff  # a deletion, nothing else changed
    report = client.get("/d/cykelplan/exports/report.html").text
    shown = re.findall(r'<p class="point">(.*?)</p>', report, re.S)
    assert [html.unescape(p).strip() for p in shown if html.unescape(p).strip() in kept] == kept
    assert html.escape(points[0]) not in report


def test_edit_preview_shows_diff_without_saving(as_role, client, web_settings):
    as_role("official")
    response = post(client, f"/themes/{DRAFT}/edit", {"text": "Bussarna går för sällan.", "preview": "1"})
    assert response.status_code == 200
    assert 'id="edit-preview"' in response.text and "<ins>" in response.text
    assert review_status(web_settings, DRAFT) == "draft"
    assert events(web_settings, "edit") == []


def test_official_restructures_but_cannot_run(as_role, client):
    """Issue 12: officials own the theme structure too (labels, merges, splits); runs stay with analysts."""
    as_role("official")
    assert post(client, f"/themes/{DRAFT}/rename", {"label": "Nytt namn"}).status_code == 303
    assert "Nytt namn" in client.get(f"/themes/{DRAFT}").text
    assert post(client, "/runs", {"flow": "nightly"}).status_code == 403


def test_reader_cannot_restructure(as_role, client):
    as_role("reader")
    assert post(client, f"/themes/{DRAFT}/rename", {"label": "Nytt"}).status_code in (403, 404)


def test_analyst_renames_merges_and_splits(as_role, client, web_settings):
    as_role("analyst")
    assert post(client, f"/themes/{DRAFT}/approve").status_code == 403
    post(client, f"/themes/{DRAFT}/rename", {"label": "Bussar"})
    assert "Bussar" in client.get(f"/themes/{DRAFT}").text
    assert ("analyst", DRAFT) in events(web_settings, "rename")
    page = client.get(f"/themes/{DRAFT2}").text
    picked = re.findall(r'name="submission_ids" value="([^"]+)"', page)[:3]
    response = post(client, f"/themes/{DRAFT2}/split", {"label": "Belysning i centrum", "submission_ids": picked})
    new_id = unquote(response.headers["location"].removeprefix("/themes/"))
    assert new_id.startswith(f"{DRAFT2}-split-")
    assert "Belysning i centrum" in client.get(f"/themes/{new_id}").text
    post(client, f"/themes/{DRAFT}/merge", {"theme_ids": [new_id]})
    merged = client.get(f"/themes/{new_id}").text
    assert "Temat har slagits samman" in merged


def test_official_moves_submissions_to_another_theme_and_both_go_back_to_review(as_role, client, web_settings):
    as_role("official")
    page = client.get(f"/themes/{DRAFT2}").text
    assert f'formaction="/themes/{DRAFT2}/move"' in page and 'name="into"' in page
    picked = re.findall(r'name="submission_ids" value="([^"]+)"', page)[:2]
    assert len(picked) == 2
    response = post(client, f"/themes/{DRAFT2}/move", {"into": DRAFT, "submission_ids": picked})
    assert response.status_code == 303 and unquote(response.headers["location"]) == f"/themes/{DRAFT}"
    target = client.get(f"/themes/{DRAFT}").text
    assert all(f'value="{sid}"' in target for sid in picked)
    assert not any(f'value="{sid}"' in client.get(f"/themes/{DRAFT2}").text for sid in picked)
    assert ("official", DRAFT2) in events(web_settings, "move")
    assert "flyttades hit" in target
    # Moving every submission out would leave an empty theme: refused with a message, nothing moved.
    rest = re.findall(r'name="submission_ids" value="([^"]+)"', client.get(f"/themes/{DRAFT2}").text)
    post(client, f"/themes/{DRAFT2}/move", {"into": DRAFT, "submission_ids": rest})
    again = client.get(f"/themes/{DRAFT2}").text
    assert "Åtgärden kunde inte utföras" in again and all(f'value="{sid}"' in again for sid in rest)
    # A theme of another dialogue, or one that does not exist, is not a target.
    post(client, f"/themes/{DRAFT2}/move", {"into": "annan-dialog/t1", "submission_ids": rest[:1]})
    assert f'value="{rest[0]}"' in client.get(f"/themes/{DRAFT2}").text


def test_official_hides_a_name_the_anonymizer_missed(as_role, client, web_settings):
    from pipeline.store import Store

    as_role("official")
    page = client.get(f"/themes/{DRAFT2}").text
    assert f'formaction="/themes/{DRAFT2}/hide"' in page and 'name="kind"' in page
    sid = re.findall(r'name="submission_ids" value="([^"]+)"', page)[0]
    with Store.open(web_settings) as store, store.transaction():
        store.execute("UPDATE submissions SET text = text || ' Ring Mahad Warsame, han vet.' WHERE id = ?", [sid])
    # Markup that is not in the text hides nothing and says so; the name stays until it is named.
    post(client, f"/themes/{DRAFT2}/hide", {"submission_ids": [sid], "text": "<b>Mahad</b>", "kind": "namn"})
    assert "Åtgärden kunde inte utföras" in client.get(f"/themes/{DRAFT2}").text
    hidden = {"submission_ids": [sid], "text": "Mahad Warsame", "kind": "namn"}
    response = post(client, f"/themes/{DRAFT2}/hide", hidden)
    assert response.status_code == 303
    after = client.get(f"/themes/{DRAFT2}?q=vet").text
    assert "Uppgiften är dold" in after and "Mahad" not in after and "Ring [NAMN 1], han vet." in after
    assert [actor for actor, _ in events(web_settings, "hide")] == ["official"]


def test_analyst_starts_a_flow(as_role, client, runner, web_settings):
    as_role("analyst")
    page = client.get("/runs").text
    assert "nightly" in page and "completed" in page
    response = post(client, "/runs", {"flow": "nightly", "dialogue": "cykelplan"}, page="/runs")
    assert response.status_code == 303
    assert runner.calls == [("nightly", "cykelplan", "analyst")]
    assert events(web_settings, "flow.start") == [("analyst", None)]
    post(client, "/runs", {"flow": "drop-tables"}, page="/runs")
    assert len(runner.calls) == 1


def test_admin_manages_users(as_role, client, web_settings):
    as_role("admin")
    post(client, "/users", {"name": "kalle", "role": "official", "password": "tio-tecken-minst"}, page="/users")
    assert "kalle" in client.get("/users").text
    post(client, "/users", {"name": "kort", "role": "reader", "password": "kort"}, page="/users")
    assert ">kort<" not in client.get("/users").text
    post(client, "/users/kalle/password", {"password": "ett-annat-lösenord"}, page="/users")
    post(client, "/users/kalle/remove", page="/users")
    assert "kalle" not in client.get("/users").text
    assert [a for a, _ in events(web_settings, "user.add")][-1] == "admin"
    assert events(web_settings, "user.remove")[-1][0] == "admin"
    assert "user.remove" in client.get("/users").text  # account events are listed for admins


def test_audit_page_lists_events_and_verifies(as_role, client):
    as_role("official")
    page = client.get("/d/cykelplan/audit").text
    assert "Loggkedjan är obruten" in page
    assert "seed-official" in page and "approve" in page


def test_audit_page_says_what_officials_did_in_words(as_role, client):
    """The log reads "Flyttade synpunkter: 1 synpunkt till ”…”", not only the stored JSON."""
    as_role("official")
    page = client.get(f"/themes/{DRAFT2}").text
    picked = re.findall(r'name="submission_ids" value="([^"]+)"', page)[:1]
    target = re.search(r'<option value="([^"]+)">([^<]+) \(\d+\)</option>', page.split('id="move-into"')[1])
    post(client, f"/themes/{DRAFT2}/move", {"into": target.group(1), "submission_ids": picked})
    post(client, f"/themes/{DRAFT2}/rename", {"label": "Belysning på gång- och cykelvägar"})
    log = client.get("/d/cykelplan/audit").text
    assert "<td>Flyttade synpunkter</td>" in log
    assert f"<p>1 synpunkt till ”{target.group(2)}”</p>" in log
    assert "<td>Bytte namn</td>" in log and "→ ”Belysning på gång- och cykelvägar”</p>" in log
    assert "<td>Godkände</td>" in log and "<p>Status: Utkast → Godkänd</p>" in log
    assert "Skickades tillbaka för granskning" in log and "<p>Skäl: 1 synpunkt flyttades" in log
    english = client.get("/d/cykelplan/audit?lang=en").text
    assert "<td>Moved submissions</td>" in english and "1 submission to “" in english


def test_theme_submissions_filter_search_and_pages(as_role, client):
    as_role("official")
    page = client.get(f"/themes/{DRAFT}").text
    assert "Visar 1–20 av 20" in page
    page = client.get(f"/themes/{DRAFT}?district=Råby").text
    rows = re.findall(r"<td>Råby</td>", page)
    assert rows and "<td>Bäckby</td>" not in page
    page = client.get(f"/themes/{DRAFT}?q=nr+5)").text
    assert "Visar 1–1 av 1" in page
    page = client.get(f"/themes/{DRAFT}?from=2030-01-01").text
    assert "Inga synpunkter matchar filtret" in page


def test_citations_link_to_cited_submissions(as_role, client):
    page = as_role("reader").get(f"/themes/{APPROVED}").text
    targets = set(re.findall(r'class="cite" href="#(sub-[^"]+)"', page))
    assert targets
    for target in targets:
        assert f'id="{target}"' in page
    # A point shows its first five source links; the rest fold away but stay one click off.
    for point in re.findall(r'<div class="point">(.*?)</div>', page, flags=re.S):
        shown = point.split("</p>")[0].count('class="cite"')
        folded = re.search(
            r'<details class="more-cites"><summary>Visa (\d+) (källa|källor) till</summary>(.*?)</details>', point, re.S
        )
        assert shown <= 5 and (folded is None or int(folded[1]) == folded[3].count('class="cite"'))
        assert folded is None or (folded[1] == "1") == (folded[2] == "källa")


def test_reader_downloads_report_with_approved_content_only(as_role, client):
    as_role("reader")
    response = client.get("/d/cykelplan/exports/report.html")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    assert LABELS[APPROVED] in response.text
    for tid in (DRAFT, REJECTED, DRAFT2):
        assert LABELS[tid] not in response.text
    feedback = client.get("/d/cykelplan/exports/feedback.html").text
    assert LABELS[APPROVED] in feedback and LABELS[DRAFT] not in feedback


def test_overview_charts_have_text_alternatives(as_role, client):
    page = as_role("official").get("/d/cykelplan").text
    assert page.count('role="img"') == 4
    assert page.count("<details>") == 4
    assert "Deltagande jämfört med befolkningen" in page and "Stadsdel: Råby" in page


def test_no_page_shows_raw_text(as_role, client):
    pages = [
        "/",
        "/d/cykelplan",
        "/d/cykelplan/audit",
        "/d/cykelplan/exports",
        "/runs",
        "/users",
        "/d/cykelplan/exports/report.html",
        "/d/cykelplan/exports/feedback.html",
    ]
    pages += [f"/themes/{t}" for t in LABELS]
    as_role("admin")
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert CANARY not in response.text and CANARY.lower() not in response.text, path


def test_web_applies_the_review_rules_of_pipeline_review(as_role, client, web_settings):
    """The app has no rules of its own: an unverified summary cannot be approved, a false quote not saved."""
    from pipeline.store import Store

    with Store.open(web_settings) as store:
        store.execute("UPDATE theme_summaries SET verified = false WHERE theme_id = ?", [DRAFT])
    as_role("official")
    post(client, f"/themes/{DRAFT}/approve")
    assert review_status(web_settings, DRAFT) == "draft"
    page = client.get(f"/themes/{DRAFT}").text
    assert "citatkontrollen" in page  # the review module's own message
    post(client, f"/themes/{DRAFT2}/edit", {"text": "Någon skrev ”detta står inte i någon synpunkt alls”."})
    assert review_status(web_settings, DRAFT2) == "draft"
    assert "finns inte ordagrant" in client.get(f"/themes/{DRAFT2}").text


def test_theme_page_marks_secondary_members_and_offers_only_main_ones_for_a_split(as_role, client, web_settings):
    """Issue 13 §5: a submission whose secondary theme this is, is listed, marked, and cannot be split out here."""
    from pipeline.store import Store

    with Store.open(web_settings) as store:
        borrowed = [
            r[0]
            for r in store.fetchall(
                "SELECT submission_id FROM theme_assignments WHERE theme_id = ? ORDER BY submission_id LIMIT 2", [DRAFT]
            )
        ]
        store.execute(
            "UPDATE theme_assignments SET secondary_theme_id = ? WHERE list_contains(?, submission_id)",
            [DRAFT2, borrowed],
        )
    as_role("analyst")
    page = client.get(f"/themes/{DRAFT2}?q=").text
    pickable = set(re.findall(r'name="submission_ids" value="([^"]+)"', page))
    assert pickable and not pickable & set(borrowed)
    assert page.count("Sidotema – huvudtemat är ett annat") == len(borrowed)


def test_a_breakdown_with_one_column_is_said_in_a_sentence_not_charted(as_role, client, web_settings):
    """A survey export without a district question: no heat map whose only column is "okänt"."""
    from pipeline.store import Store

    with Store.open(web_settings) as store:
        store.execute("UPDATE submissions SET district = NULL, channel = 'survey' WHERE dialogue_id = 'cykelplan'")
    page = as_role("official").get("/d/cykelplan").text
    assert 'id="c-district-t"' not in page and 'id="c-channel-t"' not in page
    assert "Stadsdel saknas för alla synpunkter, så teman kan inte jämföras mellan stadsdelar." in page
    assert "Alla synpunkter kom via enkät, så teman kan inte jämföras mellan kanaler." in page
    assert page.count('role="img"') == 2  # sizes and the time line remain


def test_a_quote_in_another_language_shows_its_swedish_gloss(as_role, client, web_settings):
    """With an LLM configured, an Arabic quote is shown verbatim with a machine translation beside it."""
    import json

    from pipeline.store import Store

    with Store.open(web_settings) as store:
        summary_id, quotes = store.fetchall(
            "SELECT id, quotes FROM theme_summaries WHERE theme_id = ? ORDER BY version DESC LIMIT 1", [DRAFT]
        )[0]
        quotes = json.loads(quotes)
        quotes[0].update(language="ar", gloss="Bussen kom inte i dag heller")
        store.execute("UPDATE theme_summaries SET quotes = ? WHERE id = ?", [json.dumps(quotes), summary_id])
    page = as_role("official").get(f"/themes/{DRAFT}").text
    assert '<p class="gloss" lang="sv">Maskinöversättning: Bussen kom inte i dag heller</p>' in page
    assert page.count("Maskinöversättning") == 1


def test_a_theme_of_one_submission_reads_in_the_singular(as_role, client, web_settings):
    """Splitting out one submission gives "1 synpunkt tar upp temat" and a share of "<1 %", not "0 %"."""
    from pipeline.web.i18n import format_percent

    as_role("official")
    page = client.get(f"/themes/{DRAFT2}").text
    picked = re.findall(r'name="submission_ids" value="([^"]+)"', page)[:1]
    target = re.search(r'<option value="([^"]+)">', page.split('id="move-into"')[1]).group(1)
    response = post(
        client, f"/themes/{DRAFT2}/split", {"label": "Belysning vid Bäckby centrum", "submission_ids": picked}
    )
    new_id = unquote(response.headers["location"].removeprefix("/themes/"))
    one = client.get(f"/themes/{new_id}").text
    assert "1 synpunkt tar upp temat, varav 1 som huvudtema" in one and "1 synpunkter" not in one
    assert "Temat har delats: 1 synpunkt flyttades till" in client.get(f"/themes/{DRAFT2}").text
    post(
        client,
        f"/themes/{DRAFT2}/move",
        {
            "into": target,
            "submission_ids": re.findall(
                r'name="submission_ids" value="([^"]+)"', client.get(f"/themes/{DRAFT2}").text
            )[:1],
        },
    )
    assert "1 synpunkt flyttades hit från" in client.get(f"/themes/{target}").text
    assert format_percent(0.0016) == "<1\u00a0%" and format_percent(0) == "0\u00a0%"
    assert format_percent(0.006) == "1\u00a0%"


def test_keywords_say_how_many_submissions_hold_them_and_lead_to_them(as_role, client):
    """A keyword shows how many of the theme's submissions contain it, and links to the search that finds them."""
    as_role("official")
    page = client.get(f"/themes/{DRAFT}").text
    links = re.findall(r'<a href="([^"]+\?q=[^"#]+)#submissions">([^<]+)</a> <span class="count">(\d+)</span>', page)
    assert links, "no keyword with a count"
    for href, word, count in links[:3]:
        found = client.get(unquote(href.replace("&amp;", "&"))).text
        assert f"av {count}</p>" in found.replace("\u00a0", " "), (word, count)
        assert word.lower() in found.lower()
