"""The officials' review workflow: states, actions, audit chain and queries.

The CLI and the web app both call these functions; neither re-implements a rule.
"""

from pipeline.review.actions import approve, check_edited_text, edit, reject, rename, respond
from pipeline.review.audit import AuditResult, record_event, verify_audit
from pipeline.review.queries import (
    get_theme,
    history,
    list_themes,
    summary_diff,
    summary_text,
    theme_submissions,
)
from pipeline.review.restructure import merge, move, split
from pipeline.review.state import PUBLISHED, STATES

__all__ = [
    "PUBLISHED",
    "STATES",
    "AuditResult",
    "approve",
    "check_edited_text",
    "edit",
    "get_theme",
    "history",
    "list_themes",
    "merge",
    "move",
    "record_event",
    "reject",
    "rename",
    "respond",
    "split",
    "summary_diff",
    "summary_text",
    "theme_submissions",
    "verify_audit",
]
