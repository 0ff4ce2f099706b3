"""The audit log in words an official reads: "Godkände", "Flyttade 1 synpunkt till ”Trygghet och belysning”".

The chain stores each event's before/after state as JSON; the page says what changed in the
reader's language and keeps the stored JSON one click away for whoever checks the chain.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def _load(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def describe(event: dict[str, Any], labels: dict[str, str], t: Callable[..., str]) -> dict[str, Any]:
    """Return ``event`` with ``what`` (the action in words) and ``change`` (lines saying what changed).

    Args:
        event: A ``review_events`` row (``action``, ``before``, ``after`` as stored).
        labels: Theme labels by id, for the themes an event names.
        t: The page's translator.
    """
    action = str(event.get("action") or "")
    before, after = _load(event.get("before")), _load(event.get("after"))
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    key = f"audit.action.{action}"
    what = t(key)
    lines: list[str] = []
    if action == "move":
        moved = len(after.get("moved") or [])
        into = labels.get(str(after.get("into")), str(after.get("into") or ""))
        lines.append(t("audit.moved", what=t("audit.submissions", n=moved), into=into))
    elif action == "split":
        lines.append(
            t(
                "audit.split",
                what=t("audit.submissions", n=len(after.get("moved") or [])),
                label=after.get("label") or "",
            )
        )
    elif action == "merge":
        merged = [labels.get(str(i), str(i)) for i in after.get("merged") or []]
        lines.append(t("audit.merged", themes=", ".join(f"”{m}”" for m in merged), size=after.get("size", "")))
    elif action == "rename":
        lines.append(t("audit.renamed", old=before.get("label", ""), new=after.get("label", "")))
    else:
        old_status, new_status = before.get("status"), after.get("status")
        if new_status and old_status != new_status:
            lines.append(
                t("audit.status", old=t(f"status.{old_status}") if old_status else "–", new=t(f"status.{new_status}"))
            )
        if after.get("needs_rereview") and after.get("needs_rereview") != before.get("needs_rereview"):
            lines.append(t("audit.why", reason=after["needs_rereview"]))
        if after.get("reason") and after.get("reason") != before.get("reason"):
            lines.append(t("audit.reason", reason=after["reason"]))
        if after.get("response") and after.get("response") != before.get("response"):
            lines.append(t("audit.response"))
        if after.get("edited_text") and after.get("edited_text") != before.get("edited_text"):
            lines.append(t("audit.edited"))
        if action == "hide" and after.get("occurrences") is not None:
            lines.append(t("audit.hidden", n=after.get("occurrences")))
    return {**event, "what": what, "change": lines}
