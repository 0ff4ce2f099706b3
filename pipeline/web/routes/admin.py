"""Analysts' flow runs and admins' user management."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from pipeline.dialogues import list_dialogues
from pipeline.errors import LyhordError
from pipeline.review.audit import record_event
from pipeline.runs import recent_runs
from pipeline.store import Store
from pipeline.web import users
from pipeline.web.auth import WebUser, check_csrf
from pipeline.web.context import (
    app_ctx,
    can_manage_users,
    can_run,
    flash,
    get_store,
    redirect,
    render,
)

router = APIRouter()
FLOWS = ("ingest", "nightly")
_CSRF = [Depends(check_csrf)]


@router.get("/runs")
def runs_page(
    request: Request, dialogue: str = "", user: WebUser = Depends(can_run), store: Store = Depends(get_store)
) -> Response:
    """Show recent runs with counts and errors, and the form to start one."""
    runs = recent_runs(store, limit=50, dialogue_id=dialogue or None)
    return render(
        request,
        "runs.html",
        {
            "runs": runs,
            "dialogues": list_dialogues(store),
            "selected": dialogue,
            "flows": FLOWS,
            "can_start": app_ctx(request).run_flow is not None,
        },
    )


@router.post("/runs", dependencies=_CSRF)
def start_run(
    request: Request,
    flow: str = Form(""),
    dialogue: str = Form(""),
    user: WebUser = Depends(can_run),
    store: Store = Depends(get_store),
) -> Response:
    """Start ``ingest`` or ``nightly`` through the injected runner."""
    run_flow = app_ctx(request).run_flow
    if run_flow is None:
        flash(request, "flash.flow_unavailable", "error")
        return redirect("/runs")
    if flow not in FLOWS:
        flash(request, "flash.failed", "error", f"unknown flow {flow!r}")
        return redirect("/runs")
    dialogue_id = dialogue or None
    if dialogue_id and dialogue_id not in {d.id for d in list_dialogues(store)}:
        flash(request, "flash.failed", "error", f"unknown dialogue {dialogue_id!r}")
        return redirect("/runs")
    try:
        result = run_flow(flow, dialogue_id, user.name)
    except (LyhordError, ValueError) as exc:
        flash(request, "flash.failed", "error", str(exc))
        return redirect("/runs")
    record_event(
        store,
        actor=user.name,
        action="flow.start",
        dialogue_id=dialogue_id,
        after={"flow": flow, "result": {k: v for k, v in (result or {}).items() if k != "error"}},
    )
    app_ctx(request).cache.clear()
    flash(request, "flash.flow_started", "success")
    return redirect(f"/runs?dialogue={dialogue_id}" if dialogue_id else "/runs")


@router.get("/users")
def users_page(
    request: Request, user: WebUser = Depends(can_manage_users), store: Store = Depends(get_store)
) -> Response:
    """List users and their roles, with forms to add, remove and reset passwords."""
    events = store.records(
        "SELECT seq, occurred_at AS at, actor, action FROM review_events "
        "WHERE dialogue_id IS NULL AND (starts_with(action, 'user.') OR starts_with(action, 'login')) "
        "ORDER BY seq DESC LIMIT 50"
    )
    return render(request, "users.html", {"rows": users.list_users(store), "roles": users.ROLES, "events": events})


def _user_action(request: Request, key: str, action) -> Response:  # type: ignore[no-untyped-def]
    try:
        action()
    except LyhordError as exc:
        flash(request, "flash.failed", "error", str(exc))
        return redirect("/users")
    app_ctx(request).cache.clear()
    flash(request, key, "success")
    return redirect("/users")


@router.post("/users", dependencies=_CSRF)
def add_user(
    request: Request,
    name: str = Form(""),
    role: str = Form("reader"),
    password: str = Form(""),
    user: WebUser = Depends(can_manage_users),
    store: Store = Depends(get_store),
) -> Response:
    """Create a user."""
    hasher = app_ctx(request).hasher
    return _user_action(
        request, "flash.user_add", lambda: users.add_user(store, name, role, password, actor=user.name, hasher=hasher)
    )


@router.post("/users/{name}/remove", dependencies=_CSRF)
def remove_user(
    request: Request, name: str, user: WebUser = Depends(can_manage_users), store: Store = Depends(get_store)
) -> Response:
    """Remove a user (not oneself)."""
    if name == user.name:
        flash(request, "flash.failed", "error", "du kan inte ta bort dig själv / you cannot remove yourself")
        return redirect("/users")
    return _user_action(request, "flash.user_remove", lambda: users.remove_user(store, name, actor=user.name))


@router.post("/users/{name}/password", dependencies=_CSRF)
def reset_password(
    request: Request,
    name: str,
    password: str = Form(""),
    user: WebUser = Depends(can_manage_users),
    store: Store = Depends(get_store),
) -> Response:
    """Set a new password for a user; their open sessions end."""
    hasher = app_ctx(request).hasher
    return _user_action(
        request, "flash.user_passwd", lambda: users.set_password(store, name, password, actor=user.name, hasher=hasher)
    )
