"""A point's position toward the theme's subject (för, emot, oklar), from the stance classifier.

The classifier lives in ``pipeline/summaries/stance.py`` (``classify_stance(topic,
sentences, *, vectors=None)`` returning results with ``.label`` pro/con/non and
``.probability``). Until it exists, or when it cannot run, every position is
``oklar`` and the provenance says why.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence

log = logging.getLogger(__name__)
POSITIONS = {"pro": "för", "con": "emot", "non": "oklar"}
UNKNOWN = "oklar"
# A point takes a side only when more than this share of its statements take it.
MAJORITY = 0.5


def stance_method() -> str:
    """Return the name of the stance classifier that would decide positions (``unavailable`` without one)."""
    try:
        from pipeline.summaries import stance  # type: ignore[attr-defined]
    except ImportError:
        return "unavailable"
    return str(getattr(stance, "METHOD", getattr(stance, "NAME", "stance")))


def stance_labels(topic: str, sentences: Sequence[str]) -> tuple[list[str], str]:
    """Return a position per sentence and the name of what decided them.

    Returns:
        ``(positions, method)``; positions are för/emot/oklar; ``method`` is the
        classifier's name, or ``unavailable``/``failed: <Error>`` when it was not used.
    """
    if not sentences:
        return [], "none"
    try:
        from pipeline.summaries import stance  # type: ignore[attr-defined]
    except ImportError:
        return [UNKNOWN] * len(sentences), "unavailable"
    try:
        results = stance.classify_stance(topic, list(sentences))
    except Exception as exc:  # noqa: BLE001 - the summary must not fail because stance did
        log.warning("stance classification failed (%s); positions are oklar", type(exc).__name__)
        return [UNKNOWN] * len(sentences), f"failed: {type(exc).__name__}"
    method = str(getattr(stance, "METHOD", getattr(stance, "NAME", "stance")))
    return [POSITIONS.get(str(getattr(r, "label", "non")), UNKNOWN) for r in results], method


def point_position(positions: Sequence[str]) -> str:
    """Return för or emot when a majority of the point's statements take that side, else oklar."""
    counts = Counter(p for p in positions if p != UNKNOWN)
    if not counts:
        return UNKNOWN
    side, n = counts.most_common(1)[0]
    return side if n / len(positions) > MAJORITY else UNKNOWN
