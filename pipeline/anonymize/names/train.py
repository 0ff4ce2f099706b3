"""Train the Swedish NER model shipped in ``models/ner-sv``.

Data: Webbnyheter 2012 train + UNER Talbanken train (PER/LOC/ORG, MISC dropped) plus generated
resident-style text (``synth``). Architecture: spaCy's CPU *efficiency* NER config on a blank
Swedish tokenizer with ``/`` split off as a prefix, so signatures like "/Kerstin" work.
"""

from __future__ import annotations

import itertools
import json
import logging
import random
import time
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import cast

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.training import Example, offsets_to_biluo_tags
from spacy.training.batchers import minibatch_by_words
from spacy.util import compile_prefix_regex
from thinc.api import Adam

from pipeline.anonymize.names.corpora import corpus_docs
from pipeline.anonymize.names.synth import Generator, load_pools

log = logging.getLogger(__name__)
MODEL_NAME = "ner_sv"
MODEL_VERSION = "1.0.0"
N_SYNTH_TRAIN = 3000
ENCODER = {"width": 64, "depth": 2, "maxout": 2}
NER_HIDDEN = 48
EVAL_EVERY = 200  # steps between dev evaluations
PATIENCE = 1600  # stop after this many steps without a better dev score
HELDOUT_NEWS = 600  # last Webbnyheter train sentences, held out as dev (not the reported test set)
N_SYNTH_DEV = 600
SOURCES = [
    {
        "name": "Webbnyheter 2012 (Språkbanken, via klintan/swedish-ner-corpus)",
        "url": "https://github.com/klintan/swedish-ner-corpus",
        "license": "CC BY 4.0",
    },
    {
        "name": "UNER Swedish-Talbanken v1",
        "url": "https://github.com/UniversalNER/UNER_Swedish-Talbanken",
        "license": "CC BY-SA 4.0",
    },
    {
        "name": "SCB name statistics via peterdalle/svensktext (generated training text)",
        "url": "https://github.com/peterdalle/svensktext",
        "license": "SCB open data (CC BY 4.0)",
    },
    {
        "name": "Faker sv_SE person names (generated training text)",
        "url": "https://pypi.org/project/Faker/",
        "license": "MIT",
    },
]


def make_nlp(seed: int = 0) -> Language:
    """Build the untrained pipeline from spaCy's CPU efficiency NER config."""
    from spacy.cli.init_config import init_config

    config = init_config(lang="sv", pipeline=["ner"], optimize="efficiency", gpu=False)
    config["system"]["seed"] = seed
    # Slimmer than the stock efficiency settings (width 96, depth 4): about 2.5x faster on CPU,
    # which the anonymizer's throughput target needs; the name rules recover the lost recall.
    encode = config["components"]["tok2vec"]["model"]["encode"]
    encode.update({"width": ENCODER["width"], "depth": ENCODER["depth"], "maxout_pieces": ENCODER["maxout"]})
    config["components"]["ner"]["model"].update({"hidden_width": NER_HIDDEN, "maxout_pieces": 1})
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    add_slash_prefix(nlp)
    return nlp


def add_slash_prefix(nlp: Language) -> None:
    """Split leading slashes off tokens ("/Jussi", "//Signe"); saved with the tokenizer."""
    prefixes = [r"/+", *(nlp.Defaults.prefixes or [])]
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    tokenizer.prefix_search = compile_prefix_regex(prefixes).search


def synth_examples(nlp: Language, gen: Generator, n: int) -> list[Example]:
    """Turn ``n`` generated texts into examples, skipping any whose spans cut a token."""
    out = []
    for text, spans in gen.examples(n):
        doc = nlp.make_doc(text)
        with warnings.catch_warnings():
            # W030 (misaligned span) is expected for a few generated texts; they are skipped.
            warnings.simplefilter("ignore", UserWarning)
            if "-" in offsets_to_biluo_tags(doc, spans):
                continue
        out.append(Example.from_dict(doc, {"entities": spans}))
    return out


def corpus_examples(nlp: Language, shared_dir: Path, split: str) -> list[Example]:
    """Gold corpus docs as examples (the predicted side keeps the gold tokens)."""
    return [Example(nlp.make_doc(d.text), d) for d in corpus_docs(nlp, shared_dir, split)]


def per_scores(nlp: Language, examples: list[Example]) -> dict[str, float]:
    """Return PER precision/recall/F and overall entity F on examples."""
    scores = nlp.evaluate(examples)
    per = (scores.get("ents_per_type") or {}).get("PER", {"p": 0.0, "r": 0.0, "f": 0.0})
    return {
        "per_p": round(per["p"], 4),
        "per_r": round(per["r"], 4),
        "per_f": round(per["f"], 4),
        "ents_f": round(scores["ents_f"] or 0.0, 4),
    }


def resident_scores(nlp: Language, shared_dir: Path) -> dict:
    """Score model + rules on the resident PII dev set (evaluation only, never for training).

    Returns PERSON found/precision, KEEP touched, recall by origin and detector speed in words
    per CPU second; an empty dict when the dev set is absent.
    """
    from pipeline.anonymize.names.detector import NameDetector
    from pipeline.anonymize.names.evaluate import evaluate_names
    from pipeline.anonymize.names.lexicon import load_lexicon

    gold = shared_dir / "data" / "pii" / "dev.jsonl"
    if not gold.exists():
        return {}
    detector = NameDetector(nlp, load_lexicon())
    texts = [json.loads(line)["text"] for line in gold.read_text("utf-8").splitlines() if line.strip()] * 10
    start = time.process_time()
    detector.detect_many(texts)
    words_per_s = sum(len(t.split()) for t in texts) / max(time.process_time() - start, 1e-9)
    return {**evaluate_names(gold, detector=detector), "detector_words_per_cpu_s": round(words_per_s)}


def _batches(train: list[Example], rng: random.Random) -> Iterator[list[Example]]:
    """Endless shuffled batches, sized by words and growing from 100 to 1,000 (spaCy's default)."""
    sizes = (int(min(1000.0, 100.0 * 1.001**step)) for step in itertools.count())
    while True:
        rng.shuffle(train)
        yield from minibatch_by_words(train, size=cast(Sequence[int], sizes), tolerance=0.2)


def _train_loop(
    nlp: Language, train: list[Example], dev: list[Example], *, seed: int, max_minutes: float, max_steps: int
) -> tuple[bytes, dict]:
    """Update with spaCy's default optimizer settings; keep the parameters that score best on dev."""
    optimizer = Adam(learn_rate=0.001, L2=0.01, L2_is_weight_decay=True, grad_clip=1.0, use_averages=True)
    nlp.initialize(lambda: train, sgd=optimizer)
    best: tuple[float, bytes, dict] = (-1.0, nlp.to_bytes(), {})
    deadline = time.monotonic() + max_minutes * 60
    losses: dict[str, float] = {}
    for step, batch in enumerate(_batches(train, random.Random(seed)), start=1):
        nlp.update(batch, sgd=optimizer, drop=0.1, losses=losses)
        done = step >= max_steps or time.monotonic() > deadline
        if step % EVAL_EVERY and not done:
            continue
        with nlp.use_params(optimizer.averages):
            score = per_scores(nlp, dev)
            log.info("step %d loss %.1f dev %s", step, losses.pop("ner", 0.0), score)
            if score["per_f"] > best[0]:
                best = (score["per_f"], nlp.to_bytes(), {"step": step, **score})
        if done or step - best[2].get("step", step) >= PATIENCE:
            break
    return best[1], best[2]


def train_ner(
    shared_dir: Path,
    out_dir: Path,
    *,
    seed: int = 0,
    max_minutes: float = 15.0,
    max_steps: int = 6000,
    n_synth: int = N_SYNTH_TRAIN,
    corpus_limit: int | None = None,
) -> dict:
    """Train the Swedish NER model and save it with ``meta.json`` and ``scores.json``.

    Args:
        shared_dir: shared data folder holding ``data/ner`` and ``data/gazetteers``.
        out_dir: where the pipeline is written (e.g. ``models/ner-sv``).
        seed: random seed for generated text, shuffling and initialisation.
        max_minutes: wall-clock budget for the update loop.
        max_steps: upper bound on update steps (one step is one batch of 100-1,000 words).
        n_synth: number of generated resident-style training texts.
        corpus_limit: use only this many corpus sentences (for quick tests).

    Returns:
        The scores written to ``scores.json`` (no text).
    """
    started = time.monotonic()
    spacy.util.fix_random_seed(seed)
    nlp = make_nlp(seed)
    pools = load_pools(shared_dir)
    news = corpus_examples(nlp, shared_dir, "webbnyheter-train")
    corpus = news[:-HELDOUT_NEWS] + corpus_examples(nlp, shared_dir, "uner-train")
    train = corpus[:corpus_limit] + synth_examples(nlp, Generator(pools, seed=seed), n_synth)
    dev = news[-HELDOUT_NEWS:] + corpus_examples(nlp, shared_dir, "dev")
    dev += synth_examples(nlp, Generator(pools, seed=seed + 1000), N_SYNTH_DEV)
    model_bytes, best = _train_loop(nlp, train, dev, seed=seed, max_minutes=max_minutes, max_steps=max_steps)
    nlp.from_bytes(model_bytes)
    scores = {
        "model": f"{MODEL_NAME}@{MODEL_VERSION}",
        "train_examples": len(train),
        "best_step": best.get("step"),
        "dev_news_uner_synth": {k: v for k, v in best.items() if k != "step"},
        "webbnyheter_test": per_scores(nlp, corpus_examples(nlp, shared_dir, "webbnyheter-test")),
        "uner_pud": per_scores(nlp, corpus_examples(nlp, shared_dir, "uner-pud")),
        "train_minutes": round((time.monotonic() - started) / 60, 2),
        "seed": seed,
        "resident_dev": resident_scores(nlp, shared_dir),
    }
    nlp.meta.update(
        {
            "name": MODEL_NAME,
            "version": MODEL_VERSION,
            "lang": "sv",
            "description": "Lyhörd Swedish NER (PER/LOC/ORG) for resident comments",
            "sources": SOURCES,
            "license": "CC BY-SA 4.0 (trained on UNER data)",
        }
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir)
    (out_dir / "scores.json").write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    return scores


def refresh_scores(model_dir: Path, shared_dir: Path) -> dict:
    """Re-score a saved model with the current name rules and update its ``scores.json``.

    Use after changing the rule lists: the model is unchanged, the detector figures move.
    """
    nlp = spacy.load(model_dir)
    path = model_dir / "scores.json"
    scores = json.loads(path.read_text("utf-8")) if path.exists() else {}
    scores["resident_dev"] = resident_scores(nlp, shared_dir)
    path.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    return scores
