"""The web app on the store ``lyhord demo`` builds, as ``lyhord web`` serves it (issue 12).

The app runs in its own OS process, started through the CLI over a copy of the
demo store. Each role signs in with httpx and follows every same-origin link
it is shown; every page must answer 200, and every theme the role may see
must have a page that opens. Fixtures use tidy ids; this test uses the ids the
product makes (``vasteras-demo/cycling``, ``vasteras-demo/d1``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from conftest import PASSWORD, ROLES, csrf_of
from lyhord_processes import free_port, wait_for_health

from pipeline.web.urls import theme_url

pytestmark = pytest.mark.slow
MAX_PAGES = 800  # per role; the demo has about 200 with both languages, so hitting this means a link loop
SKIP_PATHS = ("/logout",)
# The service, as a municipality runs it (`lyhord web` serves the same app alone, with the same options).
WEB_COMMAND = ("serve",)
_ASSETS = {"link": "href", "script": "src", "img": "src"}


class LinkParser(HTMLParser):
    """Collect the targets of links, stylesheets, scripts and images in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Keep ``a[href]`` and asset references."""
        wanted = "href" if tag == "a" else _ASSETS.get(tag)
        value = dict(attrs).get(wanted) if wanted else None
        if value:
            self.links.append(value)


def links_of(html: str) -> list[str]:
    parser = LinkParser()
    parser.feed(html)
    return parser.links


def crawl(client: httpx.Client, start: str = "/") -> tuple[dict[str, int], list[tuple[str, int, str]]]:
    """Follow every same-origin GET link breadth-first from ``start``.

    Returns:
        ``(status by URL, failures as (url, status, the page that linked it))``.
    """
    origin = urlsplit(str(client.base_url))[:2]
    seen: dict[str, int] = {}
    failures: list[tuple[str, int, str]] = []
    queue: deque[tuple[str, str]] = deque([(start, "(start)")])
    queued = {start}
    while queue and len(seen) < MAX_PAGES:
        url, referrer = queue.popleft()
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200:
            failures.append((url, response.status_code, referrer))
            continue
        if "text/html" not in response.headers.get("content-type", "") or "attachment" in response.headers.get(
            "content-disposition", ""
        ):
            continue
        for href in links_of(response.text):
            parts = urlsplit(urljoin(str(response.url), href))
            if parts[:2] != origin or parts.path in SKIP_PATHS:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in queued:
                queued.add(target)
                queue.append((target, url))
    assert not queue, f"stopped after {MAX_PAGES} pages with {len(queue)} still queued: a link loop?"
    return seen, failures


def _prepare(db: Path) -> dict[str, Any]:
    """Add a user per role and a few decisions; return the themes each role may see."""
    from pipeline.dialogues import list_dialogues
    from pipeline.review import list_themes, merge, reject
    from pipeline.settings import Settings
    from pipeline.store import Store
    from pipeline.web import users

    with Store.open(Settings(db_path=db, data_dir=db.parent / "data")) as store:
        for role in ROLES:
            users.add_user(store, role, role, PASSWORD, actor="test")
        (dialogue,) = [d.id for d in list_dialogues(store)]
        themes = [t for t in list_themes(store, dialogue) if t["origin"] != "other"]
        largest, *_, merged, rejected = themes  # largest first
        reject(store, rejected["theme_id"], reason="Hör till ett annat tema.", actor="official")
        merge(store, [merged["theme_id"]], largest["theme_id"], actor="analyst")
        return {
            "dialogue": dialogue,
            "staff": list_themes(store, dialogue),
            "reader": list_themes(store, dialogue, include_drafts=False),
            "merged": merged["theme_id"],
            "rejected": rejected["theme_id"],
        }


def _start(db: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LYHORD_")}
    env.update(
        LYHORD_DATA_DIR=str(db.parent / "data"),
        LYHORD_WEB_SECRET_KEY="crawl-secret-key-0123456789abcdef",
        # Plain http on localhost: the session cookie must not be Secure-only.
        LYHORD_WEB_COOKIE_SECURE="false",
        PREFECT_HOME=str(db.parent / "prefect"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    cmd = [str(Path(sys.executable).parent / "lyhord"), "--db", str(db), *WEB_COMMAND, "--host", "127.0.0.1"]
    with log.open("wb") as out:
        proc = subprocess.Popen([*cmd, "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url, proc, log)
    except AssertionError:
        proc.kill()
        raise
    return proc, url


@pytest.fixture(scope="module")
def demo_web(demo_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """``lyhord web`` in its own process over a copy of the demo store with a user per role."""
    root = tmp_path_factory.mktemp("demo-web")
    shutil.copytree(demo_store.parent, root / "store", ignore=shutil.ignore_patterns("prefect"))
    db = root / "store" / demo_store.name
    info = _prepare(db)
    began = time.perf_counter()
    proc, url = _start(db, root / "web.log")
    info.update(url=url, log=root / "web.log", startup_s=time.perf_counter() - began)
    yield info
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def signed_in(url: str, role: str) -> Iterator[httpx.Client]:
    """An httpx client signed in as ``role`` (the user of that name)."""
    with httpx.Client(base_url=url, follow_redirects=False, timeout=120) as client:
        token = csrf_of(client.get("/login").text)
        data = {"username": role, "password": PASSWORD, "csrf_token": token, "next": "/"}
        response = client.post("/login", data=data)
        assert response.status_code == 303, f"{role} could not sign in: {response.status_code}"
        assert client.cookies, "no session cookie: is it Secure-only over plain http (LYHORD_WEB_COOKIE_SECURE)?"
        yield client


@pytest.mark.parametrize("role", ROLES)
def test_every_link_answers_200_and_every_theme_opens(demo_web, role):
    with signed_in(demo_web["url"], role) as client:
        seen, failures = crawl(client)
        assert not failures, "\n".join(f"{status} {url} (linked from {ref})" for url, status, ref in failures)
        visible = demo_web["reader" if role == "reader" else "staff"]
        assert len(visible) >= 5
        for theme in visible:
            url = theme_url(theme["theme_id"])
            assert url in seen, f"no link to {theme['theme_id']} was shown to {role}"
            assert client.get(url).status_code == 200, theme["theme_id"]
        hidden = (demo_web["merged"], demo_web["rejected"])
        expected = 404 if role == "reader" else 200
        for theme_id in hidden:
            assert client.get(theme_url(theme_id)).status_code == expected, (role, theme_id)
    theme_pages = [u for u in seen if u.startswith("/themes/")]
    print(f"\n{role}: {len(seen)} pages ({len(theme_pages)} theme pages); server up in {demo_web['startup_s']:.1f} s")


def test_each_point_shows_its_quotes_and_the_theme_its_remainder(demo_web):
    """An official checks a point against residents' own words, in their own language, under the point itself."""
    with signed_in(demo_web["url"], "official") as client:
        pages = [client.get(theme_url(t["theme_id"])).text for t in demo_web["staff"]]
    with_points = [p for p in pages if '<ul class="point-quotes">' in p]
    assert len(with_points) >= 5
    foreign = [m for p in with_points for m in re.finditer(r'<blockquote dir="auto" lang="(ar|so|en|fa|fi)">', p)]
    assert foreign, "no quote in another language is marked with its language"
    assert any(re.search(r"\(arabiska\)|\(somaliska\)|\(engelska\)", p) for p in with_points)
    assert any(re.search(r"\d+ av \d+ synpunkter i temat hör inte till någon gemensam punkt", p) for p in with_points)
    # A point held by many shows five source links; the rest fold away, every one still there.
    points = [point for p in with_points for point in re.findall(r'<div class="point">(.*?)</div>', p, flags=re.S)]
    folded = [
        re.search(r"<summary>Visa (\d+) (källa|källor) till</summary>(.*?)</details>", point, re.S) for point in points
    ]
    assert any(folded), "no point has more than five sources"
    for point, fold in zip(points, folded, strict=True):
        assert point.split("</p>")[0].count('class="cite"') <= 5
        assert fold is None or int(fold[1]) == fold[3].count('class="cite"')
        assert fold is None or (fold[1] == "1") == (fold[2] == "källa")  # "Visa 1 källa till", "Visa 2 källor till"


def test_reader_sees_only_published_themes(demo_web):
    staff = {t["theme_id"] for t in demo_web["staff"]}
    reader = {t["theme_id"] for t in demo_web["reader"]}
    assert demo_web["rejected"] in staff - reader
    assert demo_web["merged"] not in staff  # merged away: inactive


@pytest.mark.browser
def test_official_opens_a_demo_theme_in_chromium(demo_web, browser):
    theme = next(t for t in demo_web["staff"] if re.fullmatch(r"[^/]+/[^/]+", t["theme_id"]))
    context = browser.new_context(base_url=demo_web["url"], locale="sv-SE")
    try:
        page = context.new_page()
        page.goto("/login")
        page.get_by_label("Användarnamn").fill("official")
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_load_state("domcontentloaded")
        response = page.goto(theme_url(theme["theme_id"]))
        assert response is not None and response.status == 200
        assert page.get_by_role("heading", level=1, name=theme["label"]).is_visible()
        assert page.get_by_role("button", name="Godkänn").count() == 1
    finally:
        context.close()
