"""Sign-in, sessions, CSRF, throttling, roles and security headers (TestClient, no browser)."""

from __future__ import annotations

import pytest
from conftest import PASSWORD, csrf_of, login


def test_unauthenticated_get_redirects_to_login(client):
    for path in (
        "/",
        "/d/cykelplan",
        "/themes/cykelplan/t1",
        "/d/cykelplan/audit",
        "/runs",
        "/users",
        "/d/cykelplan/exports/report.html",
    ):
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")


def test_unauthenticated_post_is_refused(client):
    token = csrf_of(client.get("/login").text)
    response = client.post("/themes/cykelplan/t2/approve", data={"csrf_token": token})
    assert response.status_code == 401
    assert "Du måste logga in" in response.text


def test_login_with_wrong_password_fails(client):
    response = login(client, "official", "fel-lösenord-123")
    assert response.status_code == 401
    assert "Fel användarnamn eller lösenord" in response.text
    assert client.get("/").status_code == 303


def test_login_without_csrf_token_is_403(client):
    client.get("/login")
    response = client.post("/login", data={"username": "official", "password": PASSWORD})
    assert response.status_code == 403


def test_login_throttled_after_five_failures(client):
    for _ in range(5):
        assert login(client, "reader", "wrong-password-x").status_code == 401
    # Even the right password is refused while locked out.
    response = login(client, "reader")
    assert response.status_code == 429
    assert "För många misslyckade försök" in response.text
    # Another user from the same address is not affected.
    assert login(client, "official").status_code == 303


def test_login_records_audit_event(client, web_settings):
    from pipeline.store import Store

    assert login(client, "official").status_code == 303
    with Store.open(web_settings) as store:
        actions = store.fetchall("SELECT actor, action FROM review_events WHERE action = 'login'")
    assert ("official", "login") in actions


def test_open_redirect_is_refused(client):
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": "reader", "password": PASSWORD, "csrf_token": token, "next": "https://evil.example/"},
    )
    assert response.headers["location"] == "/"


def test_session_cookie_flags_and_security_headers(client):
    response = client.get("/login")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_secure_cookie_flag_when_enabled(web_settings, seeded):
    from fastapi.testclient import TestClient

    from pipeline.web import create_app

    app = create_app(web_settings, secure_cookies=True)
    with TestClient(app, base_url="https://testserver") as c:
        response = c.get("/login")
        assert "secure" in response.headers["set-cookie"].lower()
        assert response.headers["strict-transport-security"].startswith("max-age=")


def test_password_change_ends_sessions(as_role, client, web_settings):
    from pipeline.store import Store
    from pipeline.web import users

    as_role("official")
    assert client.get("/").status_code == 200
    with Store.open(web_settings) as store:
        users.set_password(store, "official", "ett-helt-nytt-lösenord", actor="test")
    assert client.get("/").status_code == 303


def test_removed_user_loses_access(as_role, client, web_settings):
    from pipeline.store import Store
    from pipeline.web import users

    as_role("reader")
    with Store.open(web_settings) as store:
        users.remove_user(store, "reader", actor="test")
    assert client.get("/").status_code == 303


def test_logout_needs_csrf_and_ends_session(as_role, client):
    as_role("reader")
    assert client.post("/logout").status_code == 403
    token = csrf_of(client.get("/").text)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/").status_code == 303


def _post_routes(app):
    from fastapi.routing import APIRoute

    from pipeline.web.routes import admin, auth_pages, dialogues, exports, themes

    routes = [r for m in (auth_pages, dialogues, themes, exports, admin) for r in m.router.routes]
    routes += list(app.routes)
    return [r for r in routes if isinstance(r, APIRoute) and "POST" in r.methods]


def test_every_post_route_rejects_missing_and_bad_csrf(app, as_role, client):
    as_role("admin")
    routes = _post_routes(app)
    assert len(routes) >= 12
    for route in routes:
        path = route.path.replace("{theme_id:path}", "cykelplan/t2").replace("{name}", "reader")
        assert client.post(path, data={"label": "x", "text": "x"}).status_code == 403, path
        assert client.post(path, data={"csrf_token": "forged", "text": "x"}).status_code == 403, path


@pytest.mark.parametrize("lang,text", [("sv", "Dialoger"), ("en", "Dialogues")])
def test_language_switch(as_role, client, lang, text):
    as_role("reader")
    response = client.get(f"/?lang={lang}")
    assert f'<html lang="{lang}">' in response.text
    assert f"<h1>{text}</h1>" in response.text
    # The choice sticks through a cookie.
    assert f"<h1>{text}</h1>" in client.get("/").text
