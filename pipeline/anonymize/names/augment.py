"""Entity-replacement augmentation for the name model (issue 15).

The news corpora's PER spans are mostly Swedish and Western names, so the model learns that a
name looks Swedish. Copies of corpus sentences with every PER span replaced by a name of another
origin (from the open lists, with their transliterations, without diacritics, in lower case for
SMS style, with a genitive -s) teach it the sentence positions instead. A share of each origin's
names is held out of all training text, so recall on those names measures names the model never
saw; names of the tuning and development sets are kept out too, so their lists-off scores stay
honest. No name is ever copied from an evaluation set.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.anonymize.names.context import fold_lower
from pipeline.anonymize.names.lexicon import FOLD, transliterations

Sentence = tuple[list[str], list[str]]
# Patronymic chains ("Mohamed Abdi Hassan", "Tesfay Gebremariam Haile") are common in these origins.
CHAINS = frozenset({"arabic", "somali", "tigrinya"})
SWEDISH_SHARE = 0.15  # the corpora already hold Swedish names


@dataclass(frozen=True)
class NamePools:
    """First names and surnames per origin."""

    first: dict[str, list[str]]
    last: dict[str, list[str]]

    def count(self) -> dict[str, int]:
        """Names per origin (first and last together)."""
        return {o: len(self.first.get(o, [])) + len(self.last.get(o, [])) for o in self.first}


def name_key(name: str) -> str:
    """Lower case without diacritics: one key for "Şêrko" and "Serko"."""
    return fold_lower(name).translate(FOLD)


def _groups(origin: str, names: list[str]) -> dict[str, str]:
    """Map each name to one key for its group of spellings ("Xasan"/"Hasan", "Şêrko"/"Sherko")."""
    parent = {name_key(n): name_key(n) for n in names}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for n in names:
        for t in transliterations(origin, n):
            if name_key(t) in parent:
                a, b = find(name_key(n)), find(name_key(t))
                parent[max(a, b)] = min(a, b)
    return {n: find(name_key(n)) for n in names}


def held_out(key: str, share: float, seed: int) -> bool:
    """Whether a spelling group is held out of training (stable across runs and machines)."""
    return zlib.crc32(f"{seed}:{key}".encode()) % 1000 < share * 1000


def split_names(
    names: dict[str, tuple[list[str], list[str]]], *, share: float, seed: int, exclude: Iterable[str] = ()
) -> tuple[NamePools, NamePools]:
    """Split each origin's names into training and held-out pools by spelling group.

    Args:
        names: origin -> (first names, surnames), e.g. ``synth.Pools.names``.
        share: the share of spelling groups held out (e.g. 0.3).
        seed: changes which groups are held out.
        exclude: name keys (``name_key``) that go in neither pool.
    """
    gone = set(exclude)
    pools: tuple[NamePools, NamePools] = (NamePools({}, {}), NamePools({}, {}))
    for origin, (first, last) in names.items():
        for kind, lst in (("first", first), ("last", last)):
            unique = [n for n in dict.fromkeys(lst) if n.replace("-", "").isalpha() and name_key(n) not in gone]
            groups = _groups(origin, unique)
            for n in unique:
                side = pools[1] if held_out(groups[n], share, seed) else pools[0]
                getattr(side, kind).setdefault(origin, []).append(n)
    for side in pools:
        for kind in ("first", "last"):
            for origin in names:
                getattr(side, kind).setdefault(origin, [])
    return pools


class Replacer:
    """Replace the PER spans of corpus sentences by names of every origin."""

    def __init__(self, pools: NamePools, seed: int = 0) -> None:
        """Keep the name pools (only origins with both first names and surnames) and a private RNG."""
        self.pools = pools
        self.rng = random.Random(seed)
        self.origins = [o for o in pools.first if pools.first[o] and pools.last[o] and o != "swedish"]

    def name(self, n_words: int) -> list[str]:
        """A name of a random origin with about as many words as the replaced one."""
        rng, p = self.rng, self.pools
        origin = "swedish" if "swedish" in p.first and rng.random() < SWEDISH_SHARE else rng.choice(self.origins)
        first, last = p.first[origin], p.last[origin]
        if n_words == 1:
            words = [rng.choice(first) if rng.random() < 0.65 else rng.choice(last)]
        elif origin in CHAINS and rng.random() < 0.2:
            words = [rng.choice(first), rng.choice(first), rng.choice(last)]
        else:
            words = [rng.choice(first), rng.choice(last)]
        if rng.random() < 0.25:
            words = [w.translate(FOLD) for w in words]  # typed on a Swedish keyboard
        return words

    def replace(self, words: list[str], tags: list[str]) -> Sentence | None:
        """A copy of one BIO-tagged sentence with new names, or None if it has no PER span."""
        rng = self.rng
        out_w: list[str] = []
        out_t: list[str] = []
        k, changed = 0, False
        lower_names = rng.random() < 0.08
        while k < len(words):
            if tags[k] != "B-PER":
                out_w.append(words[k])
                out_t.append(tags[k])
                k += 1
                continue
            end = k + 1
            while end < len(words) and tags[end] == "I-PER":
                end += 1
            new = self.name(end - k)
            old_last = words[end - 1]
            if old_last.endswith("s") and len(old_last) > 3 and rng.random() < 0.3 and new[-1][-1] not in "sxz":
                new[-1] += "s"  # the Swedish genitive ("Ahmeds cykel")
            if lower_names:
                new = [w.lower() for w in new]
            out_w += new
            out_t += ["B-PER"] + ["I-PER"] * (len(new) - 1)
            k, changed = end, True
        if not changed:
            return None
        if rng.random() < 0.08:
            out_w = [w.lower() for w in out_w]  # a whole SMS in lower case
        return out_w, out_t

    def augment(self, sentences: Iterable[Sentence], copies: int) -> list[Sentence]:
        """``copies`` replaced copies of every sentence that has a PER span."""
        out = []
        for words, tags in sentences:
            if "B-PER" not in tags:
                continue
            for _ in range(copies):
                new = self.replace(words, tags)
                if new:
                    out.append(new)
        return out
