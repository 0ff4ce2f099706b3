"""Gazetteer and context rules for person names over a tokenized ``Doc``.

Rules produce token ranges ``(start, end, source)``. A name "run" is one to four name-like
tokens on one line. Context decides how much evidence a run needs:

* strong context (``heter``, sign-offs, ``/``, header fields, a lone signature line) accepts
  capitalized unknown words and lower-case known names;
* person context (greetings, titles, kinship words) accepts capitalized words and lower-case
  known names;
* no context accepts capitalized known first names, with extra care for names that are also
  common words (``ambiguous``) and for traps such as Bo, Hans and Sten.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from pipeline.anonymize.names.lexicon import Lexicon

SURNAME_MORPH = re.compile(
    r"(sson|son|ström|qvist|kvist|gren|blad|dahl|mark|ell|ius|nen|inen|ić|ič|vić|ski|ska|cki|"
    r"cka|wicz|czyk|zadeh|pour|oğlu|oglu|ian|yan|enko|ov|ova|ev|eva|berg|lund|holm|stedt|"
    r"felt|feldt|man|er|sen|ić)$"
)
PLACE_SUFFIX = re.compile(
    r"(gatan|vägen|väg|gränd|gränden|torget|stigen|allén|backen|leden|platsen|parken|skolan|"
    r"förskolan|gymnasiet|kyrkan|hallen|centrum|badet|sjukhuset|stan|staden|kommun|rådet|"
    r"nämnden|föreningen|förvaltningen|enheten|verket)$"
)
BREAKS = {".", "!", "?", ":", ";", "-", "–", "•", "*", ")", "(", '"', "…"}
INITIAL = re.compile(r"^[A-ZÅÄÖ]\.$")
Run = tuple[int, int, str]


def _alpha(text: str) -> bool:
    return text.replace("-", "").replace("'", "").isalpha()


class Rules:
    """Name rules bound to one lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        """Keep the lexicon and derive the context sets."""
        self.lex = lex
        ctx = lex.context
        self.strong = ctx["before_strong"]
        self.person = ctx["before_person"]
        self.headers = ctx["headers"]
        self.place_heads = ctx["place_heads"]
        self.phrases = [tuple(p.split()) for p in ctx["phrases_strong"]]

    # -- word classes -------------------------------------------------------------------------
    def known(self, word: str) -> bool:
        """A first name or surname from the lists, also in possessive or hyphenated form."""
        w = word.lower()
        lex = self.lex
        if w in lex.not_names or w in lex.stopwords and w not in lex.traps:
            return False
        if w in lex.first or w in lex.last:
            return True
        if w.endswith("s") and len(w) > 3 and (w[:-1] in lex.first or w[:-1] in lex.last):
            return True
        parts = [p for p in w.split("-") if p]
        return len(parts) > 1 and all(p in lex.first or p in lex.last for p in parts)

    def known_first(self, word: str) -> bool:
        """A first name from the lists (possessive and hyphenated forms too)."""
        w = word.lower()
        if w in self.lex.not_names:
            return False
        parts = [p for p in w.split("-") if p]
        if parts and all(p in self.lex.first for p in parts):
            return True
        return w.endswith("s") and w[:-1] in self.lex.first

    def blocked(self, word: str) -> bool:
        """Words that can never be part of a name."""
        w = word.lower()
        return w in self.lex.not_names or (w in self.lex.stopwords and w not in self.lex.traps)

    def capitalized_namelike(self, tok: Token) -> bool:
        """A capitalized alphabetic word that is not blocked and not a place head word."""
        t = tok.text
        if not t[:1].isupper() or not _alpha(t) or (t.isupper() and len(t) > 3):
            return False
        low = t.lower()
        if PLACE_SUFFIX.search(low) and low not in self.lex.first and low not in self.lex.last:
            return False
        return not self.blocked(t) and low not in self.place_heads

    def surname_like(self, tok: Token) -> bool:
        """A word that may continue a name: capitalized name-like, or an initial ("W.")."""
        return self.capitalized_namelike(tok) or bool(INITIAL.match(tok.text))

    # -- positions ----------------------------------------------------------------------------
    @staticmethod
    def prev_index(doc: Doc, i: int, skip_comma: bool = False) -> int | None:
        """Index of the previous non-space token (optionally skipping one comma)."""
        j = i - 1
        while j >= 0 and doc[j].is_space:
            j -= 1
        if skip_comma and j >= 0 and doc[j].text == ",":
            return Rules.prev_index(doc, j)
        return j if j >= 0 else None

    @staticmethod
    def same_line(doc: Doc, i: int) -> bool:
        """Say whether token ``i`` is on the same line as token ``i - 1``."""
        return i > 0 and "\n" not in doc[i - 1].whitespace_ and not doc[i - 1].is_space

    def sentence_start(self, doc: Doc, i: int) -> bool:
        """True at the text start, after a line break or after sentence punctuation."""
        j = self.prev_index(doc, i)
        if j is None:
            return True
        between = doc[j].whitespace_ + "".join(doc[k].text for k in range(j + 1, i))
        return "\n" in between or doc[j].text in BREAKS or doc[j].text in {"/", "//"}

    def context(self, doc: Doc, i: int) -> str | None:
        """Return ``strong``, ``person`` or None for the words before token ``i``."""
        j = self.prev_index(doc, i, skip_comma=True)
        if j is None:
            return None
        prev = doc[j].lower_
        if set(prev) == {"/"}:
            attached = j > 0 and not doc[j - 1].whitespace_ and not doc[j - 1].is_space
            return None if attached else "strong"
        if prev in self.strong:
            return "strong"
        if prev == ":":
            k = self.prev_index(doc, j)
            return "strong" if k is not None and doc[k].lower_ in self.headers else None
        for phrase in self.phrases:
            n = len(phrase)
            if j - n + 1 >= 0 and tuple(t.lower_ for t in doc[j - n + 1 : j + 1]) == phrase:
                return "strong"
        return "person" if prev in self.person else None

    # -- runs -----------------------------------------------------------------------------------
    def run_from(self, doc: Doc, i: int, ctx: str | None) -> int:
        """Return the end index of the name run starting at ``i`` (``i`` if there is none)."""
        tok = doc[i]
        lower_ok = (
            ctx is not None
            and tok.is_lower
            and self.known(tok.text)
            and (ctx == "strong" or tok.lower_ not in self.lex.ambiguous)
        )
        if not (self.capitalized_namelike(tok) or lower_ok):
            return i
        end = i + 1
        while end < len(doc) and end - i < 4 and self.same_line(doc, end):
            nxt = doc[end]
            if self.surname_like(nxt) and not tok.is_lower:
                end += 1
            elif (
                tok.is_lower
                and nxt.is_lower
                and self.known(nxt.text)
                and (nxt.lower_ not in self.lex.ambiguous or SURNAME_MORPH.search(nxt.lower_))
            ):
                end += 1
            else:
                break
        return end

    def followed_by_place_head(self, doc: Doc, end: int) -> bool:
        """Say whether a street word follows, as in "Carl Larssons väg" (a place, not a person)."""
        return end < len(doc) and doc[end].lower_ in self.place_heads

    def context_runs(self, doc: Doc) -> list[Run]:
        """Runs licensed by greetings, sign-offs, titles, "heter", headers and slashes."""
        runs = []
        for i, tok in enumerate(doc):
            if tok.is_space or tok.is_punct:
                continue
            ctx = self.context(doc, i)
            if ctx is None:
                continue
            end = self.run_from(doc, i, ctx)
            if end == i:
                continue
            known = any(self.known(t.text) for t in doc[i:end])
            if ctx == "person" and not known:
                continue
            if ctx == "strong" and not known and not self.lone_line_end(doc, end):
                continue
            if not self.followed_by_place_head(doc, end):
                runs.append((i, end, "context"))
        return runs

    def lone_line_end(self, doc: Doc, end: int) -> bool:
        """True if only punctuation follows the run on its line."""
        while end < len(doc) and self.same_line(doc, end):
            if doc[end].text not in {",", ".", "!", ":", ")"}:
                return False
            end += 1
        return True

    def signature_runs(self, doc: Doc) -> list[Run]:
        """A short name alone at the end of a line or text, or before "här" ("Kalle här")."""
        runs = []
        for i, tok in enumerate(doc):
            if tok.is_space or tok.is_punct or not self.sentence_start(doc, i):
                continue
            end = self.run_from(doc, i, None)
            if end == i or not any(self.known_first(t.text) for t in doc[i:end]):
                continue
            here = end < len(doc) and doc[end].lower_ in {"här", "here"}
            if not (here or self.lone_line_end(doc, end)):
                continue
            if end - i == 1 and tok.lower_ in self.lex.traps and not here:
                continue
            runs.append((i, end, "signature"))
        return runs

    def gazetteer_runs(self, doc: Doc) -> list[Run]:
        """Capitalized known first names, with the ambiguity tiers applied."""
        runs = []
        for i, tok in enumerate(doc):
            if not tok.text[:1].isupper() or not self.known_first(tok.text):
                continue
            end = self.run_from(doc, i, None)
            if end == i or self.followed_by_place_head(doc, end):
                continue
            if self.needs_support(doc, i) and end - i < 2:
                continue
            runs.append((i, end, "gazetteer"))
        return runs

    def needs_support(self, doc: Doc, i: int) -> bool:
        """A lone capitalized word needs more evidence if it is a trap or a sentence-initial word."""
        low = doc[i].lower_
        if low in self.lex.traps:
            return True
        return low in self.lex.ambiguous and self.sentence_start(doc, i)
