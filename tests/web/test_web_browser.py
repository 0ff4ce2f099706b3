"""The web app in headless Chromium: roles, review in the browser, axe-core, screenshots, no raw text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PASSWORD
from web_seeding import CANARY

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "reports" / "screenshots"
AXE_OUT = REPO / "reports" / "axe"
DRAFT, REJECTED, TO_APPROVE, TO_EDIT = "cykelplan/t2", "cykelplan/t3", "cykelplan/t4", "cykelplan/t5"
BAD_IMPACTS = ("serious", "critical")


@pytest.fixture
def open_page(browser, live_server):
    contexts = []

    def make(role: str | None = None, *, lang: str = "sv"):
        context = browser.new_context(
            base_url=live_server["url"], bypass_csp=True, locale="sv-SE", viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        if role:
            sign_in(page, role)
        if lang != "sv":
            page.goto(f"/?lang={lang}")
        return page

    yield make
    for context in contexts:
        context.close()


def sign_in(page, role: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Användarnamn").fill(role)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state("domcontentloaded")


def run_axe(page, axe_path: Path, name: str) -> list[dict]:
    page.add_script_tag(path=str(axe_path))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    AXE_OUT.mkdir(parents=True, exist_ok=True)
    summary = [
        {"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"]), "help": v["help"]}
        for v in result["violations"]
    ]
    (AXE_OUT / f"{name}.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    return [v for v in summary if v["impact"] in BAD_IMPACTS]


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_unauthenticated_browser_lands_on_login(open_page):
    page = open_page()
    page.goto(f"/themes/{DRAFT}")
    assert "/login" in page.url
    assert page.get_by_role("heading", name="Logga in").is_visible()


def test_reader_sees_approved_only_and_cannot_act(open_page, live_server):
    page = open_page("reader")
    assert page.get_by_role("heading", name="Dialoger").is_visible()
    assert page.get_by_role("link", name="Körningar").count() == 0
    page.get_by_role("link", name="Cykelplan cykelplan").first.click()
    themes = page.locator("section[aria-labelledby=h-themes] tbody th").all_inner_texts()
    assert themes == ["Cykelvägar och belysning"]
    response = page.goto(f"/themes/{DRAFT}")
    assert response.status == 404
    assert page.goto(f"/themes/{REJECTED}").status == 404
    assert page.goto("/users").status == 403
    # A hand-made POST with the session cookie but no CSRF token, then with one: both refused.
    assert page.request.post(f"/themes/{DRAFT}/approve").status == 403
    page.goto("/")
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    assert page.request.post(f"/themes/{DRAFT}/approve", form={"csrf_token": token}).status == 403


def test_wrong_password_shows_error(open_page):
    page = open_page()
    sign_in(page, "official", "fel-lösenord-999")
    assert page.get_by_role("alert").inner_text().startswith("Fel användarnamn")


def test_each_role_sees_its_menu(open_page):
    expected = {"reader": [], "official": [], "analyst": ["Körningar"], "admin": ["Körningar", "Användare"]}
    for role, links in expected.items():
        page = open_page(role)
        nav = page.get_by_role("navigation", name="Huvudmeny")
        assert nav.get_by_role("link").all_inner_texts() == ["Dialoger", *links], role


def test_analyst_starts_nightly_run(open_page, live_server):
    page = open_page("analyst")
    page.goto("/runs")
    page.get_by_label("Flöde").select_option("nightly")
    page.get_by_label("Dialog", exact=True).select_option("cykelplan")
    page.get_by_role("button", name="Starta").click()
    assert page.get_by_role("status").filter(has_text="Körningen har startat").is_visible()
    assert ("nightly", "cykelplan", "analyst") in live_server["runner"].calls
    shot(page, "runs")


def test_official_approves_and_edits_then_report_shows_it(open_page):
    page = open_page("official")
    page.goto(f"/themes/{TO_APPROVE}")
    page.get_by_role("button", name="Godkänn").click()
    assert page.get_by_role("status").filter(has_text="Temat är godkänt").is_visible()
    page.goto(f"/themes/{TO_EDIT}")
    page.get_by_label("Redigera sammanfattningen").fill("Barnens skolvägar behöver säkra övergångsställen.")
    page.get_by_role("button", name="Förhandsgranska ändringar").click()
    assert page.locator("#edit-preview ins").count() > 0
    shot(page, "theme-edit-preview")
    page.get_by_role("button", name="Spara redigerad text").click()
    assert page.locator(".diff ins").count() > 0
    page.get_by_label("Svar: hur synpunkterna beaktas").fill("Vi bygger tre nya övergångsställen 2027.")
    page.get_by_role("button", name="Spara svar").click()
    shot(page, "theme-edited")
    report = page.request.get("/d/cykelplan/exports/report.html").text()
    assert "Trygghet i centrum" in report  # approved in the browser
    assert "Barnens skolvägar behöver säkra övergångsställen." in report  # the official's edit
    assert "Vi bygger tre nya övergångsställen 2027." in report
    assert "Buss och kollektivtrafik" not in report  # still a draft


def test_keyboard_skip_link_and_focus(open_page):
    page = open_page("reader")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Hoppa till innehållet"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


PAGES = [
    ("login", None, "/login"),
    ("dialogues", "official", "/"),
    ("overview", "official", "/d/cykelplan"),
    ("theme-review", "official", f"/themes/{DRAFT}"),
    ("theme-analyst", "analyst", f"/themes/{DRAFT}"),
    ("theme-reader", "reader", "/themes/cykelplan/t1"),
    ("audit", "official", "/d/cykelplan/audit"),
    ("exports", "reader", "/d/cykelplan/exports"),
    ("runs", "analyst", "/runs"),
    ("users", "admin", "/users"),
    ("error-404", "reader", "/themes/finns-inte"),
    ("overview-en", "official", "/d/cykelplan?lang=en"),
]


@pytest.mark.parametrize("name,role,path", PAGES, ids=[p[0] for p in PAGES])
def test_axe_and_screenshot(open_page, axe_path, name, role, path):
    page = open_page(role)
    page.goto(path)
    bad = run_axe(page, axe_path, name)
    shot(page, name)
    assert bad == [], f"{name}: {bad}"


def test_no_raw_text_in_any_page(open_page):
    page = open_page("admin")
    paths = [p for _, _, p in PAGES if p != "/login"] + [f"/themes/{t}" for t in (DRAFT, REJECTED, TO_EDIT)]
    for path in paths:
        page.goto(path)
        html = page.content()
        assert CANARY not in html and CANARY.lower() not in html, path


@pytest.mark.parametrize("path", ["/", "/d/cykelplan", "/themes/cykelplan/t1"])
def test_pages_reflow_at_320_px(browser, live_server, path):
    # WCAG 1.4.10: no two-dimensional scrolling of the page at 320 CSS px (wide tables scroll in their box).
    context = browser.new_context(base_url=live_server["url"], viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        sign_in(page, "reader")
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if path == "/themes/cykelplan/t1":
            shot(page, "theme-reader-mobile")
        assert width <= 322, f"{path} is {width}px wide at a 320px viewport"
    finally:
        context.close()
