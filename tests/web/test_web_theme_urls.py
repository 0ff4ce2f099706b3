"""Theme URLs work for every theme id: ``<dialogue>/<key>`` and keys that need escaping (issue 12)."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import quote, unquote

import pytest
from conftest import csrf_of
from web_seeding import seed

from pipeline.web.urls import THEME_ACTIONS, dialogue_url, theme_url

# A dialogue id with every character a URL treats specially; its theme ids are "<ODD>/t1" …
ODD = "Tryggt & grönt #2 ?100% å+ö"
_HREF = re.compile(r'(?:href|action)="(/themes/[^"#]*)')


@pytest.fixture
def seeded(seeded, web_settings):
    """The usual seeded store plus a second dialogue whose id needs escaping."""
    from pipeline.store import Store

    with Store.open(web_settings) as store:
        odd = seed(store, dialogue_id=ODD, n=40, n_themes=4)
    return {**seeded, "odd": odd}


def theme_links(html: str) -> set[str]:
    return {unescape(m) for m in _HREF.findall(html)}


@pytest.mark.parametrize(
    "theme_id",
    ["vasteras-demo/cycling", "vasteras-demo/d1", "vasteras-demo/cycling-split-1", "plain", f"{ODD}/t1"],
)
def test_theme_url_keeps_slash_and_round_trips(theme_id):
    url = theme_url(theme_id)
    assert url.startswith("/themes/")
    assert unquote(url.removeprefix("/themes/")) == theme_id
    assert not set("?# &+") & set(url)
    assert theme_url(theme_id, "approve") == f"{url}/approve"


@pytest.mark.parametrize("theme_id", ["a/../b", "a/./b", "a//b", "a/", "/a"])
def test_theme_url_escapes_segments_a_browser_would_resolve(theme_id):
    url = theme_url(theme_id)
    assert "/" not in url.removeprefix("/themes/")  # one opaque segment, decoded again by the route
    assert unquote(url.removeprefix("/themes/")) == theme_id


def test_theme_url_refuses_unknown_action():
    with pytest.raises(ValueError, match="unknown theme action"):
        theme_url("d/t1", "delete")


def test_every_theme_page_and_link_opens_for_odd_ids(as_role, client, seeded):
    as_role("official")
    overview = client.get(dialogue_url(ODD))
    assert overview.status_code == 200
    links = theme_links(overview.text)
    assert {theme_url(t) for t in seeded["odd"]["theme_ids"]} - {theme_url(seeded["odd"]["theme_ids"][2])} <= links
    for tid in seeded["odd"]["theme_ids"]:
        page = client.get(theme_url(tid))
        assert page.status_code == 200, tid
        if tid != seeded["odd"]["theme_ids"][2]:  # the rejected theme shows no actions
            assert {theme_url(tid, a) for a in ("approve", "edit", "reject", "respond")} <= theme_links(page.text)
    # The same page is reached when the whole id is escaped, "/" included.
    assert client.get("/themes/" + quote(seeded["odd"]["theme_ids"][0], safe="")).status_code == 200


def test_review_actions_and_redirects_on_odd_ids(as_role, client, seeded):
    t1, t2, _, t4 = seeded["odd"]["theme_ids"]
    as_role("official")
    token = csrf_of(client.get(theme_url(t2)).text)
    response = client.post(theme_url(t2, "approve"), data={"csrf_token": token})
    assert response.status_code == 303
    assert response.headers["location"] == theme_url(t2)
    assert "Temat är godkänt" in client.get(response.headers["location"]).text

    as_role("analyst")
    page = client.get(theme_url(t4)).text
    picked = re.findall(r'name="submission_ids" value="([^"]+)"', page)[:2]
    data = {"label": "Delat tema", "submission_ids": picked, "csrf_token": csrf_of(page)}
    response = client.post(theme_url(t4, "split"), data=data)
    new_id = unquote(response.headers["location"].removeprefix("/themes/"))
    assert new_id.startswith(f"{t4}-split-")
    assert "Delat tema" in client.get(response.headers["location"]).text
    token = csrf_of(client.get(theme_url(t1)).text)
    response = client.post(theme_url(t1, "merge"), data={"theme_ids": [new_id], "csrf_token": token})
    assert response.headers["location"] == theme_url(t1)
    merged = client.get(theme_url(new_id)).text
    assert theme_url(t1) in theme_links(merged)  # "merged into" links to the target


def test_every_theme_action_has_a_route():
    from pipeline.web.routes import themes

    paths = {route.path for route in themes.router.routes}
    assert "/themes/{theme_id:path}" in paths
    assert {f"/themes/{{theme_id:path}}/{a}" for a in THEME_ACTIONS} <= paths
