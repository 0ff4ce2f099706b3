"""Theme quality on every labelled set, beside TF-IDF + KMeans and LDA in the same run.

Usage::

    .venv/bin/python bench/themes_quality.py            # all sets, plus leave-one-theme-out discovery
    .venv/bin/python bench/themes_quality.py --no-holdout

Sets (from ``../shared/data/labelled``; the script stops with a message when absent):

* ``themes-dev`` with the scheme (accuracy, NMI) and without it (NMI, outlier share);
* ``sib-200`` dev and test, and ``argumentation`` dev, without a scheme;
* leave-one-theme-out on ``themes-dev``: each scheme theme in turn is removed
  from the scheme, and the script measures how much of it comes back as a
  *discovered* theme (recall, precision) and the accuracy on the other texts.

The baselines get the gold number of themes, which Lyhörd does not.
Embeddings come from the on-disk cache under ``data/cache`` (filled on first run; ``--data-dir``
moves it). ``--embedder static`` (or any ``LYHORD_EMBEDDER`` value) measures another embedder.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
LABELLED = REPO.parent / "shared" / "data" / "labelled"


def load_sets() -> dict[str, list[dict]]:
    """Return each labelled set as rows ``{id, text, theme}``."""
    sets = {"themes-dev": [json.loads(line) for line in (LABELLED / "themes-dev.jsonl").open(encoding="utf-8")]}
    for split in ("dev", "test"):
        with (LABELLED / "sib-200-swe" / f"{split}.tsv").open(encoding="utf-8") as fh:
            sets[f"sib-200 {split}"] = [
                {"id": r["index_id"], "text": r["text"], "theme": r["category"]}
                for r in csv.DictReader(fh, delimiter="\t")
            ]
    path = LABELLED / "argumentation-sentences" / "argumentation-sentences_dev.jsonl"
    sets["argumentation dev"] = [
        {"id": r["sentence_id"], "text": r["sentence"], "theme": r["topic"]}
        for r in (json.loads(line) for line in path.open(encoding="utf-8"))
    ]
    return sets


def predicted(fit) -> list[str]:
    """Return the evaluation label per text: scheme id, ``other`` or ``disc:dN``."""
    out = []
    for k in fit.labels:
        theme = fit.themes[k]
        out.append(theme.scheme_id or ("other" if theme.origin == "other" else f"disc:{theme.key}"))
    return out


def row(name: str, scores: dict, seconds: float) -> None:
    """Print one set's scores beside the baselines."""
    ours, tk, lda = scores["lyhord"], scores["tfidf_kmeans"], scores["lda"]
    acc = f" acc {ours['accuracy']:.3f}" if "accuracy" in ours else ""
    print(
        f"{name:<28} lyhord NMI {ours['nmi']:.3f} ARI {ours['ari']:.3f}{acc} other {ours['outlier_share']:.3f} "
        f"themes {ours['themes']:>3} ({seconds:.1f} s) | tfidf+kmeans NMI {tk['nmi']:.3f} | LDA NMI {lda['nmi']:.3f}",
        flush=True,
    )


def holdout(rows: list[dict], scheme, settings, E: np.ndarray) -> None:
    """Remove each scheme theme in turn and measure how much comes back as discovered."""
    from pipeline.themes.files import run_fit

    gold = np.array([r["theme"] for r in rows])
    recalls, precisions, rest = [], [], []
    for entry in [e for e in scheme if e.id != "other"]:
        kept = [e for e in scheme if e.id != entry.id]
        pred = np.array(predicted(run_fit(rows, settings, kept, E=E)))
        held, disc = gold == entry.id, np.char.startswith(pred.astype(str), "disc:")
        recalls.append((held & disc).sum() / held.sum())
        precisions.append((held & disc).sum() / disc.sum() if disc.any() else float("nan"))
        mapped = np.where(np.isin(pred, [e.id for e in kept]), pred, "other")
        rest.append(float(np.mean(mapped[~held] == gold[~held])))
        print(
            f"  without {entry.id:<22} recall {recalls[-1]:.2f} precision {precisions[-1]:.2f} "
            f"accuracy on the rest {rest[-1]:.3f}",
            flush=True,
        )
    found = sum(r > 0 for r in recalls)
    print(
        f"leave-one-theme-out: surfaced {found}/{len(recalls)} held-out themes; mean recall {np.mean(recalls):.2f}, "
        f"precision where found {np.nanmean(precisions):.2f}, accuracy on the rest {np.mean(rest):.3f} "
        "(baseline: no discovery, recall 0.00)"
    )


def main() -> None:
    """Run every set and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-holdout", action="store_true", help="skip the leave-one-theme-out runs")
    parser.add_argument("--embedder", help="LYHORD_EMBEDDER to measure (default: the settings' default)")
    parser.add_argument("--data-dir", type=Path, default=REPO / "data", help="where the embedding cache lives")
    args = parser.parse_args()
    if not LABELLED.is_dir():
        raise SystemExit(f"needs the labelled sets in {LABELLED} (the shared data folder)")
    warnings.filterwarnings("ignore")
    from pipeline.dialogues import load_scheme
    from pipeline.settings import Settings
    from pipeline.themes.evaluate import evaluate
    from pipeline.themes.files import embed_file_texts, run_fit

    extra = {"embedder": args.embedder} if args.embedder else {}
    settings = Settings(data_dir=args.data_dir, db_path=args.data_dir / "bench-quality.duckdb", **extra)
    scheme = load_scheme(LABELLED / "theme-scheme.yaml")
    for name, rows in load_sets().items():
        texts, gold = [r["text"] for r in rows], [r["theme"] for r in rows]
        E = embed_file_texts(texts, settings)
        for with_scheme in (True, False) if name == "themes-dev" else (False,):
            start = time.perf_counter()
            fit = run_fit(rows, settings, scheme if with_scheme else None, E=E)
            ids = {e.id for e in scheme} if with_scheme else None
            scores = evaluate(texts, gold, predicted(fit), seed=settings.seed, scheme_ids=ids)
            row(f"{name} {'scheme' if with_scheme else 'no scheme'}", scores, time.perf_counter() - start)
        if name == "themes-dev" and not args.no_holdout:
            holdout(rows, scheme, settings, E)


if __name__ == "__main__":
    main()
