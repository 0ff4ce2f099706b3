"""Recall on names no training text and no list holds (issue 15's honest figure).

``augment.split_names`` holds a share of each origin's names out of all training text. Here those
names fill (a) the held-back Webbnyheter sentences in place of their PER spans, scored on the
model alone, and (b) the resident-style templates, scored on the whole name detector with the
held-out names also taken off the lists, per origin.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from spacy.language import Language
from spacy.training import Example

from pipeline.anonymize.names.augment import NamePools, Replacer, name_key, split_names
from pipeline.anonymize.names.context import Rules
from pipeline.anonymize.names.corpora import Sentence, corpus_sentences, to_doc
from pipeline.anonymize.names.leave_out import lexicon_without, spelling_keys
from pipeline.anonymize.names.lexicon import load_lexicon
from pipeline.anonymize.names.synth import Generator, Pools, load_pools

N_PER_ORIGIN = 120
HELDOUT_NEWS = 600  # the last Webbnyheter train sentences, never trained on (train.HELDOUT_NEWS)


def _news_with(nlp: Language, sentences: list[Sentence], pools: NamePools, seed: int) -> list[Example]:
    replaced = Replacer(pools, seed=seed).augment(sentences, copies=1)
    return [Example(nlp.make_doc(d.text), d) for d in (to_doc(nlp, w, t) for w, t in replaced)]


def _origin_texts(pools: Pools, held: NamePools, origin: str, seed: int) -> list[tuple[str, list]]:
    """Resident-style texts whose every name is a held-out name of one origin."""
    first, last = held.first[origin], held.last[origin]
    if not first or not last:
        return []
    one = dataclasses.replace(pools, names={origin: (first, last), "swedish": (first, last)}, scb_first=first)
    return Generator(one, seed=seed).examples(N_PER_ORIGIN)


def unseen_scores(nlp: Language, shared_dir: Path, *, share: float, seed: int, exclude: set[str]) -> dict:
    """Score ``nlp`` (and the detector around it) on the held-out names; returns figures only."""
    from pipeline.anonymize.names.detector import NameDetector
    from pipeline.anonymize.names.train import per_scores

    pools = load_pools(shared_dir)
    _, held = split_names(pools.names, share=share, seed=seed, exclude=exclude)
    news = corpus_sentences(shared_dir, "webbnyheter-train")[-HELDOUT_NEWS:]
    out: dict = {"held_out_names": held.count(), "news_model_only": per_scores(nlp, _news_with(nlp, news, held, seed))}
    lex = load_lexicon()
    words = [n for lst in (*held.first.values(), *held.last.values()) for n in lst]
    keys = {name_key(w) for w in words}
    detector = NameDetector(nlp, lexicon_without(lex, keys | spelling_keys(words, Rules(lex))))
    found = model_found = total = 0
    by_origin = {}
    for origin in sorted(held.first):
        examples = _origin_texts(pools, held, origin, seed + 3000)
        texts = [t for t, _ in examples]
        predicted = detector.detect_many(texts)
        hits = model_hits = n = 0
        for (text, spans), pred, doc in zip(examples, predicted, nlp.pipe(texts), strict=True):
            ents = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PER"]
            for s, e, label in spans:
                if label != "PER":
                    continue
                n += 1
                hits += all(any(p.start <= k < p.end for p in pred) for k in range(s, e) if not text[k].isspace())
                model_hits += any(a < e and s < b for a, b in ents)
        if n:
            by_origin[origin] = {"n": n, "found": round(hits / n, 3), "model_overlap": round(model_hits / n, 3)}
            found, model_found, total = found + hits, model_found + model_hits, total + n
    out["resident_lists_off"] = {
        "found": round(found / max(total, 1), 4),
        "model_overlap": round(model_found / max(total, 1), 4),
        "by_origin": by_origin,
    }
    return out
