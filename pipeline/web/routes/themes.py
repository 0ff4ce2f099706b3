"""The theme page and its review actions, all through ``pipeline.review``.

Theme ids contain ``/`` (``vasteras-demo/cycling``), so every route takes the
id with a ``path`` converter. A POST to ``/themes/<id>/approve`` also matches
the page's pattern, but only by path, not by method; Starlette prefers the
route that matches both, so the order of the routes does not matter. Links
and redirects are built with :func:`pipeline.web.urls.theme_url`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import duckdb
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from pipeline.dialogues import get_dialogue
from pipeline.errors import LyhordError
from pipeline.review import actions, restructure
from pipeline.review.hide import KINDS as HIDE_KINDS
from pipeline.review.hide import hide_in
from pipeline.review.queries import get_theme, list_themes, summary_diff, theme_submissions
from pipeline.review.state import PUBLISHED
from pipeline.store import Store
from pipeline.summaries.verify import fetch_texts
from pipeline.web.auth import WebUser, check_csrf
from pipeline.web.cache import PageCache
from pipeline.web.context import (
    app_ctx,
    can_restructure,
    can_review,
    current_user,
    flash,
    fragment,
    get_store,
    language,
    redirect,
    render,
)
from pipeline.web.urls import theme_url

router = APIRouter()
PAGE_SIZE = 25


def visible_theme(store: Store, theme_id: str, user: WebUser) -> dict[str, Any]:
    """Return the theme for ``user``, or 404 when a reader asks for anything not published."""
    info = get_theme(store, theme_id)
    if not user.can("drafts") and (info["status"] not in PUBLISHED or not info["theme"]["active"]):
        raise HTTPException(status_code=404)
    return info


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _filters(request: Request) -> dict[str, Any]:
    q = request.query_params
    page = q.get("page", "1")
    return {
        "q": (q.get("q") or "").strip()[:200],
        "district": q.get("district") or "",
        "channel": q.get("channel") or "",
        "from": q.get("from") or "",
        "to": q.get("to") or "",
        "page": max(1, int(page)) if page.isdigit() else 1,
    }


def _members(store: Store, theme_id: str) -> tuple[int, list[dict[str, Any]]]:
    """All of a theme's submissions in page order (cached: unfiltered pages are slices of it)."""
    return theme_submissions(store, theme_id, limit=1_000_000, offset=0)


def _submissions(cache: PageCache, store: Store, theme_id: str, f: dict[str, Any]) -> dict[str, Any]:
    total_all, members = cache.get_or_compute(("members", theme_id), lambda: _members(store, theme_id))
    offset = (f["page"] - 1) * PAGE_SIZE
    filtered = any(f[k] for k in ("q", "district", "channel", "from", "to"))
    if filtered:
        date_to = _date(f["to"])
        total, rows = cache.get_or_compute(
            ("subs", theme_id, tuple(sorted(f.items()))),
            lambda: theme_submissions(
                store,
                theme_id,
                query=f["q"] or None,
                district=f["district"] or None,
                channel=f["channel"] or None,
                date_from=_date(f["from"]),
                date_to=date_to + dt.timedelta(days=1) if date_to else None,
                limit=PAGE_SIZE,
                offset=offset,
            ),
        )
    else:
        total, rows = total_all, members[offset : offset + PAGE_SIZE]
    keep = {k: v for k, v in f.items() if v and k != "page"}
    pages = max(1, -(-total // PAGE_SIZE))
    return {
        "total": total,
        "rows": rows,
        "pages": pages,
        "first": offset + 1 if total else 0,
        "last": min(total, f["page"] * PAGE_SIZE),
        "districts": sorted({m["district"] for m in members if m["district"]}),
        "channels": sorted({m["channel"] for m in members if m["channel"]}),
        "prev_url": f"?{urlencode({**keep, 'page': f['page'] - 1})}#submissions" if f["page"] > 1 else None,
        "next_url": f"?{urlencode({**keep, 'page': f['page'] + 1})}#submissions" if f["page"] < pages else None,
    }


def _keyword_counts(cache: PageCache, store: Store, theme_id: str, keywords: list[str]) -> list[tuple[str, int]]:
    """Return each keyword with how many of the theme's submissions contain it, as the search box finds them.

    The summary's points hold what residents say alike; the rest of a real theme is many single
    voices, and an official reaches the ones about "avgång" or "Resecentrum" from here.
    """
    _, members = cache.get_or_compute(("members", theme_id), lambda: _members(store, theme_id))
    texts = [(m.get("text") or "").lower() for m in members]
    return [(k, sum(k.lower() in text for text in texts)) for k in keywords]


def _citations(store: Store, summary: dict[str, Any] | None) -> tuple[dict[str, int], list[dict[str, Any]]]:
    if not summary:
        return {}, []
    order: dict[str, int] = {}
    for sentence in summary["sentences"]:
        for sid in sentence.get("citations") or []:
            order.setdefault(sid, len(order) + 1)
    for quote in summary["quotes"]:
        if quote.get("submission_id"):
            order.setdefault(quote["submission_id"], len(order) + 1)
    texts = fetch_texts(store, order)
    return order, [{"n": n, "id": sid, "text": texts.get(sid)} for sid, n in order.items()]


def _theme_data(store: Store, theme_id: str, user: WebUser) -> dict[str, Any]:
    info = visible_theme(store, theme_id, user)
    theme = info["theme"]
    # Readers see the reviewed version; reviewers act on the newest one.
    summary = info["summary"] if not user.can("drafts") else (info["latest_summary"] or info["summary"])
    numbers, cited = _citations(store, summary)
    others = []
    if user.can("restructure"):
        others = [t for t in list_themes(store, theme["dialogue_id"]) if t["theme_id"] != theme_id]
    keywords = list(theme.get("keywords") or []) or list(((summary or {}).get("stats") or {}).get("keywords") or [])
    return {
        "info": info,
        "theme": theme,
        "summary": summary,
        "numbers": numbers,
        "cited": cited,
        "keywords": keywords,
        "dialogue": get_dialogue(store, theme["dialogue_id"]),
        "others": others,
        "hide_kinds": list(HIDE_KINDS),
        "crumb": theme["label"],
    }


@router.get("/themes/{theme_id:path}")
async def theme_page(
    request: Request, theme_id: str, user: WebUser = Depends(current_user), store: Store = Depends(get_store)
) -> Response:
    """Show a theme: summary with citations, keywords, quotes, submissions and review actions.

    A warm page is served from the cache on the event loop; a miss is built in the thread pool.
    """
    cache, f = app_ctx(request).cache, _filters(request)
    hits = [cache.peek(key) for key in _theme_keys(request, theme_id, user, f)]
    if all(hit is not None for hit in hits):
        data, head_html, subs_html = hits
    else:
        data, head_html, subs_html = await run_in_threadpool(_theme_parts, request, theme_id, user, store, f)
    return render(request, "theme.html", {**data, "head_html": head_html, "subs_html": subs_html})


def _theme_keys(request: Request, theme_id: str, user: WebUser, f: dict[str, Any]) -> list[tuple[Any, ...]]:
    lang = language(request)
    return [
        ("theme", theme_id, user.role),
        ("theme-html", theme_id, user.role, lang),
        ("theme-subs-html", theme_id, tuple(sorted(f.items())), user.role, lang),
    ]


def _theme_parts(
    request: Request, theme_id: str, user: WebUser, store: Store, f: dict[str, Any]
) -> tuple[dict[str, Any], Markup, Markup]:
    cache = app_ctx(request).cache
    data_key, head_key, subs_key = _theme_keys(request, theme_id, user, f)
    data = cache.get_or_compute(data_key, lambda: _theme_data(store, theme_id, user))
    head_html = cache.get_or_compute(
        head_key,
        lambda: fragment(
            request,
            "_theme_head.html",
            {**data, "page": "theme", "keyword_counts": _keyword_counts(cache, store, theme_id, data["keywords"])},
        ),
    )
    subs_html = cache.get_or_compute(
        subs_key,
        lambda: fragment(
            request, "_theme_subs.html", {**data, "filters": f, "subs": _submissions(cache, store, theme_id, f)}
        ),
    )
    return data, head_html, subs_html


def _theme_response(request: Request, theme_id: str, user: WebUser, store: Store, extra: dict[str, Any]) -> Response:
    data, head_html, subs_html = _theme_parts(request, theme_id, user, store, _filters(request))
    return render(request, "theme.html", {**data, "head_html": head_html, "subs_html": subs_html, **extra})


def _act(request: Request, theme_id: str, key: str, action: Callable[[], Any]) -> Response:
    try:
        result = action()
    except LyhordError as exc:
        flash(request, "flash.failed", "error", str(exc))
        return redirect(theme_url(theme_id) + "#actions")
    except duckdb.TransactionException:
        # A nightly run wrote the same rows at the same moment; nothing was saved.
        flash(request, "flash.busy", "error")
        return redirect(theme_url(theme_id) + "#actions")
    app_ctx(request).cache.clear()
    flash(request, key, "success")
    target = result.get("new_theme_id") if isinstance(result, dict) else None
    return redirect(theme_url(target or theme_id))


_CSRF = [Depends(check_csrf)]


@router.post("/themes/{theme_id:path}/approve", dependencies=_CSRF)
def approve(
    request: Request, theme_id: str, user: WebUser = Depends(can_review), store: Store = Depends(get_store)
) -> Response:
    """Approve the theme's latest summary."""
    return _act(request, theme_id, "flash.approve", lambda: actions.approve(store, theme_id, actor=user.name))


@router.post("/themes/{theme_id:path}/edit", dependencies=_CSRF)
def edit(
    request: Request,
    theme_id: str,
    text: str = Form(""),
    preview: str = Form(""),
    user: WebUser = Depends(can_review),
    store: Store = Depends(get_store),
) -> Response:
    """Replace the summary with the official's text (kept beside the generated one), or preview the diff."""
    if preview:
        generated = get_theme(store, theme_id)["generated_text"]
        extra = {"preview_text": text, "preview_diff": summary_diff(generated, text)}
        return _theme_response(request, theme_id, user, store, extra)
    return _act(request, theme_id, "flash.edit", lambda: actions.edit(store, theme_id, text, actor=user.name))


@router.post("/themes/{theme_id:path}/reject", dependencies=_CSRF)
def reject(
    request: Request,
    theme_id: str,
    reason: str = Form(""),
    user: WebUser = Depends(can_review),
    store: Store = Depends(get_store),
) -> Response:
    """Reject the summary with a reason."""
    return _act(
        request, theme_id, "flash.reject", lambda: actions.reject(store, theme_id, reason=reason, actor=user.name)
    )


@router.post("/themes/{theme_id:path}/respond", dependencies=_CSRF)
def respond(
    request: Request,
    theme_id: str,
    text: str = Form(""),
    user: WebUser = Depends(can_review),
    store: Store = Depends(get_store),
) -> Response:
    """Save the city's response to the theme."""
    return _act(request, theme_id, "flash.respond", lambda: actions.respond(store, theme_id, text, actor=user.name))


@router.post("/themes/{theme_id:path}/rename", dependencies=_CSRF)
def rename(
    request: Request,
    theme_id: str,
    label: str = Form(""),
    user: WebUser = Depends(can_restructure),
    store: Store = Depends(get_store),
) -> Response:
    """Rename the theme."""
    return _act(request, theme_id, "flash.rename", lambda: actions.rename(store, theme_id, label, actor=user.name))


@router.post("/themes/{theme_id:path}/merge", dependencies=_CSRF)
def merge(
    request: Request,
    theme_id: str,
    theme_ids: list[str] = Form([]),
    user: WebUser = Depends(can_restructure),
    store: Store = Depends(get_store),
) -> Response:
    """Merge the ticked themes into this one."""
    return _act(
        request, theme_id, "flash.merge", lambda: restructure.merge(store, theme_ids, theme_id, actor=user.name)
    )


@router.post("/themes/{theme_id:path}/split", dependencies=_CSRF)
def split(
    request: Request,
    theme_id: str,
    label: str = Form(""),
    submission_ids: list[str] = Form([]),
    user: WebUser = Depends(can_restructure),
    store: Store = Depends(get_store),
) -> Response:
    """Move the ticked submissions into a new theme."""
    return _act(
        request,
        theme_id,
        "flash.split",
        lambda: restructure.split(store, theme_id, submission_ids, label, actor=user.name),
    )


@router.post("/themes/{theme_id:path}/move", dependencies=_CSRF)
def move(
    request: Request,
    theme_id: str,
    into: str = Form(""),
    submission_ids: list[str] = Form([]),
    user: WebUser = Depends(can_restructure),
    store: Store = Depends(get_store),
) -> Response:
    """Move the ticked submissions into another existing theme."""
    moved = lambda: restructure.move(store, theme_id, submission_ids, into, actor=user.name)  # noqa: E731
    return _act(request, theme_id, "flash.move", moved)


@router.post("/themes/{theme_id:path}/hide", dependencies=_CSRF)
def hide(
    request: Request,
    theme_id: str,
    text: str = Form(""),
    kind: str = Form("namn"),
    submission_ids: list[str] = Form([]),
    user: WebUser = Depends(can_restructure),
    store: Store = Depends(get_store),
) -> Response:
    """Hide a personal detail the anonymizer missed in the ticked submissions (never logged)."""
    hidden = lambda: hide_in(store, submission_ids, text, kind=kind, actor=user.name)  # noqa: E731
    return _act(request, theme_id, "flash.hide", hidden)
