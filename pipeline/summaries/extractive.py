"""Extractive summaries (``extractive.v2``): points that are claims, quotes that add information.

For one theme: each member's statement about the theme is found in its clean
text (no greetings, sign-offs, lead-ins or placeholders; ``clean.py``), the
statements are grouped into points across languages (``points.py``), and each
point gets a Swedish claim label (``labels.py``), a kind, a position (the
stance classifier), its count and shares, and 1–3 quotes; the theme gets 3–5
quotes that the points do not already say (``quotes.py``). Members in no point
are the remainder. Every quote is a verbatim span of an anonymized submission.

Stored shape: ``sentences`` stays a list of ``{text, citations}`` where ``text``
is the rendered point ("Förslag: Fler gatlyktor vid Erikslund (för; 12 av 64 i
temat, 19 %)"), extended with ``label, kind, position, n, share_of_theme,
share_of_all, quotes``; ``quotes`` is the theme-level list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline.summaries.clean import Statement, clean_statements
from pipeline.summaries.features import cued_kind, majority_kind, near_duplicate
from pipeline.summaries.labels import (
    clause_kind,
    derive_label,
    foreign_clause_kind,
    foreign_label,
    leans_foreign,
    main_clause,
    resolve_it,
    stands_alone,
)
from pipeline.summaries.points import Point, form_points, min_point_size, typical_first
from pipeline.summaries.position import UNKNOWN, point_position, stance_labels
from pipeline.summaries.quotes import as_quote, pick_quotes
from pipeline.summaries.ruleset import load_label_rules
from pipeline.summaries.statements import Embed, Offsets, ThemeStatements, choose_statements, unit

METHOD = "extractive.v2"
PLACES_SEPARATOR = ", bl.a. "
DEFAULT_PARAMS: dict[str, Any] = {
    # Part of every summary's input fingerprint: raise it when the same inputs give other points
    # (here: points in every language, kinds from cued statements), so an upgraded store's
    # themes are summarised again by the next run instead of keeping the old text.
    # 14: a point that takes a side drops the statements against it; the theme quotes one of them first
    # 13: a problem or a question takes no side (position.v3)
    # 12: a German label does not stop before its noun ("Erdgas ist eine absolut saubere")
    # 11: "hit, närmare förskolan" says where; an object "det" is named from the sentence before; a
    # single voice's label comes from its sentence that says what it wants, not from its background;
    # "X should not be …" about the theme's subject is emot
    # 10: a proposal to stop something other than the theme's subject is för the theme (position.v3)
    # 9: a self-introduction is neither a point's statement nor its label; conditions, "å ena sidan"
    # and "Att X är bra" give way to the point; a cut label ends before "om man …"
    # 8: labels from the part carrying the point (place-first, "och vi tycker att", concessions)
    "revision": 14,
    # Without embeddings (TF-IDF vectors) points are grouped by distance instead:
    # average-link cosine distance on language-neutral statement vectors. At 0.7 a point
    # gathered loosely related statements and its quotes often did not say what its label
    # said (the 3,000 demo: "too much is spent on cycle lanes" quoted with "the cycle lane
    # is too narrow"); at 0.55 points are coherent, and merge_alike joins those that differ
    # only in the places they name.
    "point_distance": 0.55,
    # A theme whose points hold less than this share of its statements is grouped again at
    # these looser distances (real dialogues: themes-dev coverage was 14 %).
    "min_coverage": 0.25,
    "loose_distances": [0.65, 0.72],
    # A point is one view: a statement and those at least this close to it (cosine on
    # language-neutral vectors; see claim_points). Grouping by distance alone made loose
    # points on real comments: "the bus did not come today" counted "the pavement from the
    # bus is never cleared" and said 5 of 83 where 1–2 said it. Demo points keep their size.
    "claim_support": 0.6,
    "min_point_share": 0.03,
    "small_theme": 10,
    "max_points": 6,
    "point_quotes": 3,
    "n_quotes": 5,
    "min_quotes": 3,
}
WISH_LABELS = ("Önskemål om ",)  # a label that states a wish is a proposal, whatever its statements' cues
QUESTION_LABELS = ("En invånare frågar", "Invånare frågar", "En invånare undrar", "Invånare undrar")  # and a question
VOICE_WORDS = 5  # a single voice becomes a point only with at least this many words
KIND_NAMES = {"förslag": "Förslag", "problem": "Problem", "beröm": "Beröm", "kritik": "Kritik", "fråga": "Fråga"}
LABEL_LANGUAGES = ("sv",)


@dataclass
class ThemeContext:
    """What a theme's summary needs besides its members: the dialogue around it."""

    topic: str
    total: int
    offsets: Offsets | None = None
    embed: Embed | None = None
    # Set when ``embed`` gives e5-small ``query:`` vectors, the space the stance model reads.
    stance_embed: Embed | None = None


@dataclass
class Extract:
    """The extractive summary of one theme."""

    sentences: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    remainder: dict[str, Any] = field(default_factory=dict)
    stance: str = "none"


def text_vectors(texts: list[str]) -> np.ndarray:
    """Return unit TF-IDF vectors (character n-grams): the fallback when embeddings are missing."""
    if len(texts) == 1:
        return np.ones((1, 1), dtype=np.float32)
    matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=1).fit_transform(texts)
    return np.asarray(matrix.toarray(), dtype=np.float32)


def render(label: str, kind: str, position: str, n: int, size: int) -> str:
    """Return a point as one Swedish sentence: "Förslag: … (för; 12 av 64 i temat, 19 %)"."""
    share = round(100 * n / size) if size else 0
    # "oklar" says nothing a reader can use; the position stays in the point's data.
    toward = "" if position == UNKNOWN else f"{position}; "
    return f"{KIND_NAMES.get(kind, kind)}: {label} ({toward}{n} av {size} i temat, {share} %)"


def _statements(members: list[dict[str, Any]], vectors: np.ndarray | None, kw: set[str], ctx: ThemeContext):
    if vectors is not None:
        return choose_statements(members, vectors, kw, ctx.offsets, ctx.embed)
    found = choose_statements(members, text_vectors([m["text"] for m in members]), kw, None, None)
    if found.chosen:  # TF-IDF over the statements themselves, not their greetings and signatures
        found.vectors = text_vectors([c.statement.text for c in found.chosen])
    return found


def point_kind(point: Point, found: ThemeStatements) -> str:
    """Return the kind most of a point's statements say they are (see ``features.majority_kind``).

    A Swedish statement counts with the kind of the clause a label is made from
    (:func:`labels.clause_kind`), so the kind says what the label says.
    """
    return majority_kind(_own_kind(found.chosen[r]) for r in point.rows)


def _own_kind(chosen: Any) -> str | None:
    if _framed_language(chosen.language) in LABEL_LANGUAGES:
        return clause_kind(chosen.statement.text)
    # a label in the residents' language is its main clause too: "… is extremely dangerous,
    # it should be closed" is labelled as a problem, so it counts as one
    return foreign_clause_kind(chosen.statement.text) or (chosen.kind if chosen.cued else None)


def _label_language(point: Point, found: ThemeStatements) -> str:
    """Return the language the label is made in: Swedish when a statement is, else the point's most common."""
    languages = [found.chosen[r].language for r in point.rows]
    if any(lang in LABEL_LANGUAGES for lang in languages):
        return LABEL_LANGUAGES[0]
    return max(dict.fromkeys(languages), key=languages.count)


def _label_sources(point: Point, found: ThemeStatements, kind: str) -> list[int]:
    """Return the rows a label can be made from: in the label's language, most typical first.

    Statements of the point's own kind come first, so a point of praise is not labelled
    from its one complaint; then properly written ones, so an SMS typed in lower case
    ("tack för den nya hundrastgården i hamre") does not hide the place names.
    """
    language = _label_language(point, found)
    rows = [r for r in point.rows if found.chosen[r].language == language]
    return sorted(
        rows,
        key=lambda r: (
            _own_kind(found.chosen[r]) != kind,
            not found.chosen[r].statement.text[:1].isupper(),
        ),
    )


def _label(point: Point, found: ThemeStatements, members: list[dict[str, Any]], kind: str) -> str:
    chosen = found.chosen
    rows = _label_sources(point, found, kind)
    sources = [chosen[r].statement.text for r in rows]
    texts = [members[chosen[r].member]["text"] for r in point.rows]
    language = _framed_language(chosen[rows[0]].language)
    if language not in LABEL_LANGUAGES:
        return foreign_label(sources, language, kind, len(point.rows))
    sources = [resolve_it(chosen[r].statement.text, members[chosen[r].member]["text"]) for r in rows]
    if len(point.rows) == 1:
        sources[0] = _own_claim(sources[0], members[chosen[rows[0]].member]["text"], kind)
    return derive_label(sources, kind, len(point.rows), texts, spelling=[m["text"] for m in members])


# A resident telling what they do ("Jag går med mina barn …", "Vi cyklar där varje morgon"), not what they want.
_BACKGROUND = re.compile(
    r"^(?:jag|vi)\s+(?!vill\b|önskar\b|skulle\b|tycker\b|tror\b|anser\b|behöver\b|saknar\b|hoppas\b|undrar\b)"
    r"[a-zåäö]+(?:r|de|te)\b",
    re.IGNORECASE,
)


def _own_claim(source: str, text: str, kind: str) -> str:
    """Return the sentence of a single voice's submission that says its point, or ``source`` when it does."""
    claim = _claim_statement(source, text, kind)
    return claim.text if claim else source


def _claim_statement(source: str, text: str, kind: str) -> Statement | None:
    """Return the statement of ``text`` that says a single voice's point, when ``source`` does not.

    The statement about the theme may tell the background ("Jag går med mina barn till förskolan
    varje morgon och vi måste korsa parkeringen") while a later sentence says what the resident
    wants ("Det vore så enkelt att måla upp ett gångstråk"): the point's label is made from that one.
    """
    rules = load_label_rules()
    clause = main_clause(source, rules)
    if cued_kind(clause) == kind and not _BACKGROUND.match(clause):
        return None
    for statement in clean_statements(text):
        clause = main_clause(statement.text, rules)
        if statement.text != source and cued_kind(clause) == kind and stands_alone(clause):
            return statement
    return None


def _framed_language(language: str) -> str:
    """Return the language a label is written in: Swedish rules also take what detection was unsure of."""
    return LABEL_LANGUAGES[0] if language in (*LABEL_LANGUAGES, "und") else language


def merge_alike(points: list[Point], found: ThemeStatements, members: list[dict[str, Any]]) -> list[Point]:
    """Join points whose labels say the same thing (token-set Jaccard 0.8): one view, one point.

    Labels are compared without their examples of places (", bl.a. i Råby och Bäckby"):
    broken street lamps in two sets of districts are one view, not two points.
    """
    kept: list[Point] = []
    labels: list[str] = []
    for point in points:
        label = _label(point, found, members, point_kind(point, found))
        label = label.split(PLACES_SEPARATOR)[0]
        twin = next((i for i, other in enumerate(labels) if near_duplicate(label, other)), None)
        if twin is None:
            kept.append(point)
            labels.append(label)
        else:
            kept[twin] = Point(*typical_first(found.vectors, kept[twin].rows + point.rows))
    return sorted(kept, key=lambda p: -len(p.rows))


def _says_something(chosen: Any) -> bool:
    words = chosen.statement.text.split()
    if len(words) < VOICE_WORDS or len({w.lower().strip(".,!?") for w in words}) <= len(words) // 2:
        return False
    # its label is made from its main clause, which must not lean on what comes after or before it
    # ("För att området ska bli ett riktigt bostadsområde …", "Den är liten men full av liv")
    clause = main_clause(chosen.statement.text, load_label_rules())
    language = _framed_language(chosen.language)
    if language not in LABEL_LANGUAGES:  # "Damit die Menschheit noch eine Überlebenschance hat" (Klimarat)
        return not leans_foreign(clause, language)
    return stands_alone(clause)


def claim_points(found: ThemeStatements, theme_size: int, params: dict[str, Any]) -> tuple[list[Point], list[int]]:
    """Return the views residents share, most shared first, and the statements in none.

    A view is a statement and every other statement at least ``claim_support`` close to
    it (language-neutral vectors, so the same view in Arabic and Swedish is one). Views
    are taken greedily, the statement with the most such neighbours first, until
    ``max_points``; a view needs the theme's ``min_point_share`` of members (at least 2).
    In a real dialogue residents rarely repeat one view: when fewer than three views reach
    that share, views two residents share count too, and when there are still fewer than
    three, single voices with the most detail fill the points, each counted as one:
    ``n`` is how many say the view, never the size of a loosely related group.
    """
    vectors = found.vectors
    support, most = params["claim_support"], params["max_points"]
    need = min_point_size(theme_size, params)
    counts = np.zeros(len(vectors), dtype=np.int32)
    for start in range(0, len(vectors), 1024):  # blocks: a theme of 20,000 statements stays in memory
        counts[start : start + 1024] = (vectors[start : start + 1024] @ vectors.T >= support).sum(axis=1)
    taken = np.zeros(len(vectors), dtype=bool)
    views: list[list[int]] = []
    for leader in np.argsort(-counts, kind="stable"):
        if len(views) >= 2 * most or counts[leader] < 2:
            break
        if taken[leader]:
            continue
        near = np.flatnonzero((vectors @ vectors[leader] >= support) & ~taken)
        if len(near) < 2:
            continue
        order = sorted(near.tolist(), key=lambda r: (r != leader, -float(vectors[r] @ vectors[leader])))
        taken[order] = True
        views.append(order)
    views.sort(key=len, reverse=True)
    shared = [v for v in views if len(v) >= need]
    if len(shared) < 3:  # few views reach the theme's share: those two residents share come next
        shared = views
    views = shared[:most]
    taken[:] = False
    taken[[r for v in views for r in v]] = True
    if len(views) < 3:
        # a voice worth a point says something: "nej tryggt" or "klotter klotter klotter" does not
        voices = [r for r in np.flatnonzero(~taken).tolist() if _says_something(found.chosen[r])]
        # a voice that says what it wants or finds wrong comes before one that tells its background
        # ("vi har tre barn och kör till förskolan")
        voices.sort(key=lambda r: (_own_kind(found.chosen[r]) is None, -found.chosen[r].evidence.score))
        views += [[r] for r in voices[: most - len(views)]]
    points = [Point(rows, unit(vectors[rows].mean(axis=0))) for rows in views]
    inside = {r for rows in views for r in rows}
    return sorted(points, key=lambda p: -len(p.rows)), [r for r in range(len(vectors)) if r not in inside]


def _point(
    point: Point, found: ThemeStatements, members: list[dict[str, Any]], position: str, ctx: ThemeContext
) -> dict[str, Any]:
    chosen = found.chosen
    kind = point_kind(point, found)
    sources = _label_sources(point, found, kind)
    n, size = len(point.rows), len(members)
    label = _label(point, found, members, kind)
    if kind == "problem" and label.startswith(WISH_LABELS):
        kind = "förslag"  # "Problem: Önskemål om ett utegym på platsen" contradicted itself
    elif label.startswith(QUESTION_LABELS):
        kind = "fråga"  # "Problem: En invånare frågar: Finns det någon som vet när Ikea har rea" (Västerås Övrigt)
    ids = [members[chosen[r].member]["id"] for r in [sources[0], *point.rows]]
    return {
        "text": render(label, kind, position, n, size),
        "citations": list(dict.fromkeys(ids)),
        "label": label,
        "label_language": _framed_language(chosen[sources[0]].language),
        "kind": kind,
        "position": position,
        "n": n,
        "share_of_theme": round(n / size, 4) if size else 0.0,
        "share_of_all": round(n / ctx.total, 4) if ctx.total else 0.0,
        "quotes": [],
    }


def _point_quotes(points: list[Point], found: ThemeStatements, sentences: list[dict[str, Any]], members, params):
    shown = [s["label"] for s in sentences]
    for point, sentence in zip(points, sentences, strict=True):
        rows = pick_quotes(point.rows, found.chosen, found.vectors, point.centre, shown, params["point_quotes"])
        # Every point shows at least one resident's own words: when each statement restates
        # the label (a tight point), one that is not a near-copy of a shown item will do,
        # and failing that the point's most typical statement.
        rows = rows or pick_quotes(point.rows, found.chosen, found.vectors, point.centre, shown, 1, strict=False)
        rows = rows or point.rows[:1]
        sentence["quotes"] = [as_quote(found.chosen[r], members[found.chosen[r].member]) for r in rows]
        if len(point.rows) == 1:
            sentence["quotes"] = _claim_quote(point, found, members) + sentence["quotes"]
    return shown


def _claim_quote(point: Point, found: ThemeStatements, members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the quote of the sentence a single voice's label was made from, when it is not the statement.

    "Önskemål om att måla upp ett gångstråk" quoted only "Jag går med mina barn till förskolan varje
    morgon …": the resident's own words for the label come first, then the statement about the theme.
    """
    chosen = found.chosen[point.rows[0]]
    if _framed_language(chosen.language) not in LABEL_LANGUAGES:
        return []
    member = members[chosen.member]
    claim = _claim_statement(chosen.statement.text, member["text"], point_kind(point, found))
    return [as_quote(replace(chosen, statement=claim), member)] if claim else []


def _theme_quotes(
    found: ThemeStatements, used: set[int], rest: list[int], shown: list[str], members, params, against=()
):
    """Return 3–5 theme quotes: a voice against a point first, then the remainder's voices.

    One is in another language when there is one.
    """
    chosen = found.chosen
    others = [r for r in range(len(chosen)) if r not in used]
    # it says the opposite of a shown point in nearly its words: no restatement
    picks = pick_quotes([r for r in against if r not in used], chosen, found.vectors, None, shown, 1, strict=False)
    foreign = [r for r in others if chosen[r].language not in ("sv", "und") and r not in picks]
    quoted_foreign = any(chosen[r].language not in ("sv", "und") for r in [*used, *picks])
    picks += [] if quoted_foreign else pick_quotes(foreign, chosen, found.vectors, None, shown, 1)
    leftover = [r for r in rest if r not in used and r not in picks]
    picks += pick_quotes(leftover, chosen, found.vectors, None, shown, params["n_quotes"] - len(picks))
    if len(picks) < params["min_quotes"]:  # a theme the points say all of: other voices, not the same words
        more = [r for r in others if r not in picks]
        picks += pick_quotes(more, chosen, found.vectors, None, shown, params["min_quotes"] - len(picks), strict=False)
    return [as_quote(chosen[r], members[chosen[r].member]) for r in picks]


def summarize_extractive(
    members: list[dict[str, Any]],
    vectors: np.ndarray | None,
    keywords: list[str],
    params: dict[str, Any],
    ctx: ThemeContext,
) -> Extract:
    """Build the points, quotes and remainder of one theme's members."""
    if not members:
        return Extract()
    found = _statements(members, vectors, {k.lower() for k in keywords}, ctx)
    if vectors is not None and "claim_support" in params:
        points, rest = claim_points(found, len(members), params)
    else:  # TF-IDF fallback vectors are not on the embedding's scale: grouped by distance
        points, rest = form_points(found.vectors, len(members), params)
    points = merge_alike(points, found, members)
    statements = [found.chosen[r].statement.text for p in points for r in p.rows]
    positions, stance = stance_labels(ctx.topic, statements, ctx.stance_embed)
    points, sides, against = one_side(points, positions)
    rest = sorted([*rest, *against])
    sentences = [_point(point, found, members, side, ctx) for point, side in zip(points, sides, strict=True)]
    shown = _point_quotes(points, found, sentences, members, params)
    used = {r for s in sentences for r in _rows_of(s["quotes"], found, members)}
    quotes = _theme_quotes(found, used, rest, shown, members, params, against)
    outside = [members[found.chosen[r].member]["id"] for r in rest] + [members[i]["id"] for i in found.unusable]
    remainder = {
        "n": len(outside),
        "share_of_theme": round(len(outside) / len(members), 4),
        "no_statement": len(found.unusable),
        "citations": outside,
    }
    return Extract(sentences or [remainder_sentence(remainder, len(members))], quotes, remainder, stance)


OPPOSITE = {"för": "emot", "emot": "för"}


def one_side(points: list[Point], positions: list[str]) -> tuple[list[Point], list[str], list[int]]:
    """Return the points without their statements against the point's side, the sides, and those rows.

    Statements that say the opposite are close in meaning ("Marijuana should be legalized" and
    "… should not be legalized"): Bowling Green's point of nine was labelled "Marijuana should not be
    legalized" from its one such statement while six said the opposite. A point that takes a side keeps
    only what does not contradict it; the others join the remainder, where the theme's quotes find them.

    Args:
        points: The theme's points, in order.
        positions: The position of every point's statements, point after point (as ``stance_labels`` gives them).
    """
    kept, sides, against, start = [], [], [], 0
    for point in points:
        mine = positions[start : start + len(point.rows)]
        start += len(point.rows)
        side = point_position(mine)
        opposite = OPPOSITE.get(side)
        rows = [r for r, p in zip(point.rows, mine, strict=True) if p != opposite]
        against += [r for r, p in zip(point.rows, mine, strict=True) if p == opposite]
        kept.append(Point(rows, point.centre) if len(rows) < len(point.rows) else point)
        sides.append(side)
    order = sorted(range(len(kept)), key=lambda i: -len(kept[i].rows))
    return [kept[i] for i in order], [sides[i] for i in order], against


def remainder_sentence(remainder: dict[str, Any], size: int) -> dict[str, Any]:
    """Return the one sentence of a theme with no point: it says the whole theme is a remainder.

    So the summary still cites its submissions and an official can approve, edit or reject it.
    """
    n = remainder["n"]
    return {
        "text": f"Ingen gemensam punkt: {n} av {size} synpunkter i temat säger för lite för att sammanfatta.",
        "citations": remainder["citations"],
        "label": None,
        "kind": None,
        "position": None,
        "n": n,
        "share_of_theme": remainder["share_of_theme"],
        "share_of_all": None,
        "quotes": [],
        "remainder": True,
    }


def _rows_of(quotes: list[dict[str, Any]], found: ThemeStatements, members: list[dict[str, Any]]) -> list[int]:
    ids = {q["submission_id"] for q in quotes}
    return [r for r, c in enumerate(found.chosen) if members[c.member]["id"] in ids]
