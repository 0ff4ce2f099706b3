"""Name lists without given names: how well the anonymizer finds names nobody listed (issue 15).

A gold set whose names are on the lists measures the lists. Taking every name word of the set's
PERSON spans off the lists in memory (with its spellings: folded letters, transliterations, the
base of a Finnish case form, Arabic/Persian letter variants) leaves the model and the context
rules to find them, as they must for residents whose names no list has. Nothing is written to
disk, and only word lists change: context words, traps and keep-lists stay as shipped.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pipeline.anonymize.names.context import Rules, fold_lower
from pipeline.anonymize.names.lexicon import FOLD, Lexicon, load_lexicon, transliterations

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_ORIGINS = ("kurdish", "somali", "tigrinya")


def gold_name_words(records: Iterable[dict[str, Any]]) -> set[str]:
    """Every word inside the gold PERSON spans of ``records``, as written (never logged)."""
    words: set[str] = set()
    for record in records:
        for e in record.get("entities", []):
            if e.get("label") == "PERSON":
                words.update(_WORD.findall(record["text"][e["start"] : e["end"]]))
    return words


def _key(word: str) -> str:
    return fold_lower(word).translate(FOLD)


def spelling_keys(words: Iterable[str], rules: Rules) -> set[str]:
    """Folded lower-case keys of the words and of the spellings the lists could hold them in."""
    keys: set[str] = set()
    for word in words:
        forms = {word, word.split("'")[0], word.split("’")[0]}
        forms |= {t for f in list(forms) for o in _ORIGINS for t in transliterations(o, f.capitalize())}
        forms |= {b for f in list(forms) for b in rules.inflected_bases(fold_lower(f))}
        keys |= {_key(f) for f in forms if f}
    return keys


def lexicon_without(lex: Lexicon, keys: set[str]) -> Lexicon:
    """A copy of ``lex`` whose name lists lack every word with one of the folded ``keys``."""

    def keep(words: Iterable[str]) -> frozenset[str]:
        return frozenset(w for w in words if _key(w) not in keys)

    origins = {
        origin: {kind: [n for n in names if _key(n) not in keys] for kind, names in lists.items()}
        for origin, lists in lex.origins.items()
    }
    return dataclasses.replace(
        lex,
        first=keep(lex.first),
        last=keep(lex.last),
        common_first=keep(lex.common_first),
        swedish_first=keep(lex.swedish_first),
        origins=origins,
    )


def script_lists_without(lists: dict[str, frozenset[str]], words: Iterable[str]) -> dict[str, frozenset[str]]:
    """The script-name lists without the gold words in any of their Arabic/Persian spellings."""
    from pipeline.anonymize.names.scripts import _norm, _spellings

    gone = {s for w in words for s in _spellings(_norm(w))}
    return {**lists, "names": frozenset(n for n in lists["names"] if n not in gone)}


def anonymizer_without(models_dir: Path, words: Sequence[str]) -> Any:
    """The full anonymizer over ``models_dir`` with ``words`` taken off every name list."""
    import spacy

    from pipeline.anonymize.engine import build_anonymizer, foreign_detector
    from pipeline.anonymize.names.detector import NameDetector, resolve_model_dir
    from pipeline.anonymize.names.scripts import ScriptNames, load_script_names

    lex = load_lexicon()
    reduced = lexicon_without(lex, spelling_keys(words, Rules(lex)))
    nlp = spacy.load(resolve_model_dir(Path(models_dir)), exclude=["parser", "tagger", "lemmatizer"])
    names = NameDetector(nlp, reduced)
    ctx = lex.context
    scripts = ScriptNames(script_lists_without(load_script_names(), words), ctx["before_strong"] | ctx["before_person"])
    return build_anonymizer(names, foreign_detector(names), scripts)
