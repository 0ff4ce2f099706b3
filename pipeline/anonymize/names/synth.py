"""Generate resident-style NER training text with names of many origins.

The corpora are news and formal prose; resident comments differ: lower case, greetings and
signatures, e-mail headers, second-language writing, and names from many countries. This module
fills hand-written templates (``synth_templates``) with names drawn from the SCB/faker gazetteers
and ``rules/names/origins.yaml``, and with places, streets, facilities and organisations that
must stay unredacted. It never reads the PII evaluation set.
"""

from __future__ import annotations

import csv
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.anonymize.names import synth_templates as T
from pipeline.anonymize.names.lexicon import load_lexicon

SLOT = re.compile(r"\{(\w+)\}")
Example = tuple[str, list[tuple[int, int, str]]]
STREET_SUFFIXES = ["gatan", "vägen", "gränd", "stigen", "allén", "backen", "torget"]
SLOT_LABELS = {
    "full": "PER",
    "first": "PER",
    "firsts": "PER",
    "fulls": "PER",
    "place": "LOC",
    "street": "LOC",
    "fac": "LOC",
    "org": "ORG",
}


@dataclass
class Pools:
    """Value pools for the template slots."""

    names: dict[str, tuple[list[str], list[str]]]
    scb_first: list[str]
    places: list[str]
    facilities: list[str]
    orgs: list[str]
    street_stems: list[str]


def load_pools(shared_dir: Path) -> Pools:
    """Collect slot values from the shared gazetteers and the repo's origin lists."""
    gz = shared_dir / "data" / "gazetteers"
    lex = load_lexicon()
    faker = json.loads((gz / "faker-sv/person_sv_SE_names.json").read_text("utf-8"))
    with open(gz / "scb-names/efternamn-top1000-2019.csv", encoding="utf-8") as fh:
        scb_last = [r["lastname"] for r in csv.DictReader(fh) if r["lastname"].isalpha()]
    sv_first = [p[0] for p in faker["first_names_female"] + faker["first_names_male"]]
    sv_last = [p[0] for p in faker["last_names"]] + scb_last[:600]
    names = {"swedish": (sv_first, sv_last)}
    names.update({k: (v["first"], v["last"]) for k, v in lex.origins.items()})
    scb_first = []
    for fname in ("tilltalsnamn-kvinnor.csv", "tilltalsnamn-man.csv"):
        with open(gz / "scb-names" / fname, encoding="utf-8") as fh:
            scb_first += [r["name"] for r in csv.DictReader(fh) if int(r["persons"]) >= 50 and r["name"].isalpha()]
    polls = json.loads((gz / "vasteras/vallokal.geojson").read_text("utf-8"))["features"]
    districts = [f["properties"]["Distrikt"].split(" ", 1)[1].split("/")[0] for f in polls]
    places = [re.sub(r" ([A-ZÅÄÖ]{1,2}|C|tätort|landsbygd)$", "", d) for d in districts]
    with open(gz / "places/ortsnamn.csv", encoding="utf-8") as fh:
        places += [r["city"] for r in csv.DictReader(fh)][::10]
    pkt = json.loads((gz / "vasteras/vasteras_pkt.geojson").read_text("utf-8"))["features"]
    facilities = sorted({f["properties"]["NAME"] for f in pkt if f["properties"]["NAME"]})
    with open(gz / "places/myndigheter.tsv", encoding="utf-8") as fh:
        orgs = [r["name"] for r in csv.DictReader(fh, delimiter="\t")][::5]
    extra = (Path(__file__).parent.parent / "rules/names/keep_extra.txt").read_text("utf-8")
    orgs += 2 * [x for x in extra.splitlines()[2:60] if x and not x.startswith("#")]
    addresses = [f["properties"]["Adress"] or "" for f in polls]
    stems = [a.split()[0] for a in addresses if a and re.search(r"(gatan|vägen|stigen|torget|plan)$", a.split()[0])]
    return Pools(names, scb_first, places, facilities, orgs, stems)


class Generator:
    """Fill templates with random values; ``example()`` returns text and character spans."""

    def __init__(self, pools: Pools, seed: int = 0) -> None:
        """Keep the pools and a private random generator (reproducible per seed)."""
        self.pools = pools
        self.rng = random.Random(seed)
        self.origins = list(pools.names)

    def person(self) -> tuple[str, str]:
        """Return (first name, full name) of a random origin, sometimes double-barrelled."""
        rng = self.rng
        origin = "swedish" if rng.random() < 0.3 else rng.choice(self.origins)
        firsts, lasts = self.pools.names[origin]
        first = rng.choice(self.pools.scb_first) if rng.random() < 0.2 else rng.choice(firsts)
        if rng.random() < 0.08:
            first = f"{first}-{rng.choice(firsts)}"
        last = rng.choice(lasts)
        roll = rng.random()
        if roll < 0.08:
            last = f"{last}-{rng.choice(self.pools.names[rng.choice(self.origins)][1])}"
        elif roll < 0.14:
            last = f"{rng.choice(firsts)} {last}"
        elif roll < 0.18:
            last = f"{last[0]}."
        return first, f"{first} {last}"

    def street(self) -> str:
        """Return a street name without number, often built on a person's name."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.35:
            return rng.choice(self.pools.street_stems)
        first, full = self.person()
        last = full.split()[-1].rstrip(".")
        if roll < 0.6:
            return f"{last}s {rng.choice(['väg', 'gata', 'gränd', 'plats', 'torg'])}"
        if roll < 0.8:
            return f"{full}s {rng.choice(['väg', 'gata', 'plan'])}"
        return f"{first}{rng.choice(STREET_SUFFIXES)}"

    def _possessive(self, name: str) -> str:
        return name if name[-1] in "sxz" else name + "s"

    def value(self, slot: str) -> str:
        """Return a random value for one template slot."""
        rng, p = self.rng, self.pools
        if slot in ("first", "firsts", "full", "fulls"):
            first, full = self.person()
            name = first if slot.startswith("first") else full
            return self._possessive(name) if slot.endswith("s") else name
        if slot == "place":
            return rng.choice(p.places)
        if slot == "street":
            return self.street()
        if slot == "fac":
            return rng.choice(p.facilities)
        if slot == "org":
            return rng.choice(p.orgs)
        if slot == "bus":
            return str(rng.choice([1, 2, 3, 4, 5, 6, 7, 11, 12, 14, 21, 23, 55, 68, 90]))
        if slot == "email":
            return f"{rng.choice(['kontakt', 'boende', 'info', 'post'])}{rng.randint(1, 99)}@mail.se"
        if slot == "phone":
            return f"07{rng.randint(0, 9)}-{rng.randint(100, 999)} {rng.randint(10, 99)} 00"
        return rng.choice(T.SUBJECTS)

    def fill(self, template: str) -> Example:
        """Fill one template; return the text and its (start, end, label) spans."""
        out, spans, pos = [], [], 0
        for m in SLOT.finditer(template):
            out.append(template[pos : m.start()])
            start = sum(len(x) for x in out)
            val = self.value(m.group(1))
            out.append(val)
            if m.group(1) in SLOT_LABELS:
                spans.append((start, start + len(val), SLOT_LABELS[m.group(1)]))
            pos = m.end()
        out.append(template[pos:])
        return "".join(out), spans

    def example(self) -> Example:
        """Return one resident-style text: body, maybe greeting/signature/header, maybe lower case."""
        rng = self.rng
        parts = [rng.choice(T.NEGATIVES if rng.random() < 0.3 else T.BODIES)]
        if rng.random() < 0.25:
            parts.insert(0, rng.choice(T.GREETINGS))
        if rng.random() < 0.3:
            parts.append(rng.choice(T.NEGATIVES))
        if rng.random() < 0.45:
            parts.append(rng.choice(T.SIGNATURES))
        if rng.random() < 0.08:
            parts.insert(0, "Från: {full} <{email}>\nSkickat: den 3 mars 2025 10:14\nTill: {org}\nÄmne: {subject}\n\n")
        text, spans = self.fill(" ".join(parts).replace(" \n", "\n"))
        if rng.random() < 0.25:
            text = text.lower()
        return text, spans

    def examples(self, n: int) -> list[Example]:
        """Return ``n`` generated examples."""
        return [self.example() for _ in range(n)]
