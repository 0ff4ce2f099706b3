"""Build ``tune_more.jsonl``: more issue-15 TUNING material (tune on it; never report it).

Written on 2026-12-07 for the misses the brief named (Sorani "من X م", a name before a comma that
opens the text, "Hello, this is X", surnames that are places, towns such as Avesta that are also
names) and for Kurdish, Tigrinya and Somali names in general. Its names and frames are disjoint
from ``heldout.jsonl`` and the other sets (checked by ``test_fairness_sets``); it reuses the
``[[text|LABEL]]``/``{F}`` frame syntax of ``build_heldout.py``.

Run ``python tests/data/pii/build_tune_more.py`` to rewrite the file (fixed seed).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import build_heldout as frames  # noqa: E402

SEED = "15-more"
LATIN = {
    "kurdish": (
        "Bawan Rozhgar Aryan Sakar Nergiz Gulistan Xebat Rojhat Mizgîn Narîn Perwîn Rêzan Hawzhin",
        "Shexani Rekani Doski Surchi Zebari Herki Mizuri Gerdi Sleman",
    ),
    "tigrinya": (
        "Teklit Sium Zewdi Rahel Mulugeta Ghenet Selamawit Tsehaye Dehab Tesfalem Eyob Henok Milkias",
        "Ghebremeskel Woldeyesus Tekie Abraha Kidanemariam Mehreteab Fessehaye Yemane",
    ),
    "somali": (
        "Hawo Muno Nimo Sacdiya Dalmar Burhaan Saadaq Fartun Hamsa Ridwaan Sumaya",
        "Gacal Weheliye Fiqi Dualeh Kulmiye Guure Yabarow Hiiraale",
    ),
    "swedish": ("Berit Hilding Solbritt Assar Ninni Torsten", "Sala Ekeby Hallsberg Hedemora Tuna Arboga"),
}
SCRIPT = {
    "kurdish": ("ڕێزان سەرکەوت بژار شادان ئەڤین دانا", "زەنگەنە سوورچی"),
    "tigrinya": ("ተኽሊት ስዩም ዘውዲ ራሄል ሙሉጌታ ገነት", "ገብረመስቀል ተኪኤ"),
}
FRAMES: list[tuple[str, tuple[str, ...]]] = [
    ("{F}, jag tycker att parkeringen vid [[Erikslund|KEEP]] är för dyr.", ("kurdish", "tigrinya", "somali")),
    ("{F}, kan ni ringa mig om bygget? [[{TEL}|PHONE]]", ("kurdish", "tigrinya", "somali")),
    ("Hello, this is {N}. The lift in our house has been broken for weeks.", ("kurdish", "tigrinya", "somali")),
    ("Hi, this is {F} from [[Vallby|KEEP]], the bus stop has no shelter.", ("kurdish", "tigrinya", "somali")),
    ("Hej, det är {N} som skriver igen om bullret.", ("kurdish", "tigrinya", "somali")),
    ("Enligt {F} är det mörkt i tunneln vid [[Råby|KEEP]].", ("kurdish", "tigrinya", "somali")),
    ("Fråga {F} på fritidsgården, hon vet vilka som saknar plats.", ("kurdish", "tigrinya", "somali")),
    ("Vi har pratat med {F} {S} om lekplatsen.", ("swedish",)),
    ("Kontakta {F} {S} i styrelsen om du vill vara med.", ("swedish",)),
    ("من {FS}م، لە [[Bäckby|KEEP]] دەژیم و پاسەکان درەنگ دێن.", ("kurdish",)),
    ("من {FS} م. داوای ڕووناکی زیاتر دەکەم.", ("kurdish",)),
    ("ناوی من {FS}ە و لە [[Hammarby|KEEP]] دەژیم.", ("kurdish",)),
    ("ኣነ {FS} እየ፡ ኣብ [[Bäckby|KEEP]] እነብር።", ("tigrinya",)),
    ("Magacaygu waa {N}. Waxaan ka imid [[Råby|KEEP]].", ("somali",)),
]
NO_NAME = [
    "Jag pendlar från [[Avesta|KEEP]] till [[Västerås|KEEP]] varje dag.",
    "Tåget till [[Avesta|KEEP]] är alltid sent.",
    "من باشم، سوپاس بۆ یاریگاکە.",
    "من دەچمە [[Bäckby|KEEP]] بۆ کڕین.",
    "Kartan, jag tycker den är svår att läsa.",
    "[[Bäckby|KEEP]], vi måste prata om parken.",
    "Hello, this is important: the road to [[Tillberga|KEEP]] is flooded.",
    "Enligt Trafikverket är vägen säker, men vi tycker inte det.",
    "Fråga Västerås stad om det, inte mig.",
]


def build() -> list[dict]:
    """Return the records: each frame twice per origin it allows, plus the name-free texts."""
    rng = random.Random(SEED)
    saved = (frames.LATIN, frames.SCRIPT)
    frames.LATIN, frames.SCRIPT = LATIN, SCRIPT
    try:
        pools = frames.Pools(rng, set())
        records = []
        for frame, origins in FRAMES:
            for origin in origins:
                for _ in range(2):
                    records.append({**frames.render(frame, origin, pools, rng), "group": origin})
        for frame in NO_NAME:
            records.append({**frames.render(frame, None, pools, rng), "group": "none"})
    finally:
        frames.LATIN, frames.SCRIPT = saved
    return [{"id": f"more-{i:04d}", **r} for i, r in enumerate(records, 1)]


def main() -> None:
    """Write tune_more.jsonl."""
    records = build()
    with open(HERE / "tune_more.jsonl", "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(len(records), "records")


if __name__ == "__main__":
    main()
