"""Links to the web app's pages, built in one place so every id is escaped the same way.

Theme ids have the shape ``<dialogue>/<key>`` (``vasteras-demo/cycling``) and a
scheme key may hold any character. The theme routes take the id with a
``path`` converter, and the server decodes the URL before matching, so a link
may keep the id's ``/`` readable and must escape everything else (``?``,
``#``, ``%``, spaces). A segment that a browser would resolve away (empty,
``.`` or ``..``) gets its ``/`` escaped too, which the route decodes alike.
"""

from __future__ import annotations

from urllib.parse import quote

THEME_ACTIONS = ("approve", "edit", "reject", "respond", "rename", "merge", "split", "move", "hide")
_DOT_SEGMENTS = {"", ".", ".."}


def url_id(value: str) -> str:
    """Escape an id for a URL path, keeping ``/`` readable where a browser leaves it alone."""
    if any(segment in _DOT_SEGMENTS for segment in value.split("/")):
        return quote(value, safe="")
    return quote(value, safe="/")


def theme_url(theme_id: str, action: str | None = None) -> str:
    """Return the path of a theme's page, or of one of its review actions.

    Args:
        theme_id: The theme's id, e.g. ``vasteras-demo/cycling``.
        action: One of ``THEME_ACTIONS``, or None for the page itself.

    Returns:
        A site-relative path such as ``/themes/vasteras-demo/cycling/approve``.

    Raises:
        ValueError: If ``action`` is not a review action (a typo in a template).
    """
    path = f"/themes/{url_id(theme_id)}"
    if action is None:
        return path
    if action not in THEME_ACTIONS:
        raise ValueError(f"unknown theme action {action!r}; use one of {', '.join(THEME_ACTIONS)}")
    return f"{path}/{action}"


def dialogue_url(dialogue_id: str, page: str | None = None) -> str:
    """Return the path of a dialogue's overview, or of one of its pages (``audit``, ``exports``…)."""
    path = f"/d/{quote(dialogue_id, safe='')}"
    return f"{path}/{page}" if page else path
