"""Word lists for Swedish name recognition: names, traps, keep-lists and context words.

The lists live as plain text/YAML under ``pipeline/anonymize/rules/names/`` so that a user needs
no shared data at run time. ``build_lexicon`` regenerates the derived lists from the shared
gazetteers (SCB names, faker, Västerås facilities, places, authorities).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.errors import ConfigError

RULES_DIR = Path(__file__).resolve().parent.parent / "rules" / "names"
MIN_BEARERS = 10  # SCB tilltalsnamn with at least this many bearers make the first-name list
COMMON_BEARERS = 500  # ... and this many make a name common enough to be taken in lower case alone
CONTEXT_KEYS = (
    "before_strong",
    "before_person",
    "phrases_strong",
    "headers",
    "place_heads",
    "facility_heads",
    "business_heads",
    "phrases_person",
    "speech_verbs",
)


@dataclass(frozen=True)
class Lexicon:
    """All word lists the name detector and the training-text generator use (lower-cased sets)."""

    first: frozenset[str]
    last: frozenset[str]
    ambiguous: frozenset[str]
    traps: frozenset[str]
    not_names: frozenset[str]
    keep: frozenset[str]
    stopwords: frozenset[str]
    word_forms: frozenset[str] = frozenset()
    common_first: frozenset[str] = frozenset()
    swedish_first: frozenset[str] = frozenset()
    context: dict[str, frozenset[str]] = field(default_factory=dict)
    origins: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    function_words: frozenset[str] = frozenset()

    def is_name(self, word: str) -> bool:
        """Say whether a word is a known first name or surname (case-insensitive)."""
        w = word.lower()
        return (w in self.first or w in self.last) and w not in self.not_names


def _read_lines(path: Path) -> list[str]:
    if not path.exists():
        raise ConfigError(f"Name list {path.name} is missing in {path.parent}; run build_lexicon.")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [x.strip() for x in lines if x.strip() and not x.startswith("#")]


def _lower_set(path: Path) -> frozenset[str]:
    return frozenset(x.lower() for x in _read_lines(path))


@lru_cache(maxsize=4)
def load_lexicon(rules_dir: Path = RULES_DIR) -> Lexicon:
    """Load and validate the name lists from ``rules_dir`` (cached).

    Raises:
        ConfigError: if a list is missing or the context file lacks a section.
    """
    context = yaml.safe_load((rules_dir / "context.yaml").read_text(encoding="utf-8")) or {}
    missing = [k for k in CONTEXT_KEYS if not isinstance(context.get(k), list)]
    if missing:
        raise ConfigError(f"context.yaml lacks the list(s) {missing}; add them under {rules_dir}.")
    origins = read_origins(rules_dir)
    common_first = _lower_set(rules_dir / "common_first.txt")
    return Lexicon(
        first=_lower_set(rules_dir / "first_names.txt"),
        last=_lower_set(rules_dir / "surnames.txt"),
        ambiguous=_lower_set(rules_dir / "ambiguous.txt"),
        traps=_lower_set(rules_dir / "traps.txt"),
        not_names=_lower_set(rules_dir / "not_names.txt"),
        keep=_lower_set(rules_dir / "keep.txt"),
        stopwords=_lower_set(rules_dir / "stopwords.txt"),
        word_forms=_lower_set(rules_dir / "word_forms.txt"),
        common_first=common_first,
        swedish_first=_lower_set(rules_dir / "swedish_first.txt"),
        context={k: frozenset(str(w).lower() for w in context[k]) for k in CONTEXT_KEYS},
        origins=origins,
        function_words=_function_words(rules_dir / "function_words.yaml"),
    )


def read_origins(rules_dir: Path = RULES_DIR) -> dict[str, dict[str, list[str]]]:
    """The hand-written origin lists merged with the open lists, plus transliteration variants.

    ``origins.yaml`` and ``origins_more.yaml`` are ours, ``origins_open.yaml`` comes from
    Wiktionary (see ``open_lists``). Residents spell the same name several ways ("Xasan",
    "Hasan"; "Şêrko", "Sherko"; "Ghebremariam", "Gebremariam"), so each name also brings the
    spellings :func:`transliterations` makes.

    Raises:
        ConfigError: a file is missing or an origin's lists are not lists of names.
    """
    merged: dict[str, dict[str, list[str]]] = {}
    for name in ORIGIN_FILES:
        path = rules_dir / name
        if not path.exists():
            raise ConfigError(f"Name list {name} is missing in {rules_dir}; restore it from git.")
        for origin, lists in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if not isinstance(lists, dict) or not all(isinstance(v, list) for v in lists.values()):
                raise ConfigError(f"{name}: origin {origin!r} needs lists 'first', 'last' or 'short'.")
            into = merged.setdefault(origin, {"first": [], "last": []})
            for kind, names in lists.items():
                seen = set(into.setdefault(kind, []))
                into[kind] += [str(n) for n in names if str(n) not in seen]
    for origin, lists in merged.items():
        for kind, names in lists.items():
            seen = set(names)
            extra = sorted({t for n in names for t in transliterations(origin, n)} - seen)
            lists[kind] = names + extra
    return merged


ORIGIN_FILES = ("origins.yaml", "origins_more.yaml", "origins_open.yaml")
_KURDISH = (("ş", "sh"), ("Ş", "Sh"), ("ç", "ch"), ("Ç", "Ch"), ("x", "kh"), ("X", "Kh"), ("j", "zh"), ("J", "Zh"))
_DOUBLED = re.compile(r"([aeiou])\1")


def transliterations(origin: str, name: str) -> set[str]:
    """Other Latin spellings of one name, by the origin's transliteration habits.

    Kurmanji letters in the English-style Sorani romanisation ("Şivan" → "Shivan", "Xebat" →
    "Khebat", "Jiyan" → "Zhiyan"); Somali orthography in the spelling of Somali passports
    ("Maxamed" → "Mahamed", "Cumar" → "Umar", "Yuusuf" → "Yusuf"); Tigrinya "Ghebre"/"Gebre",
    final "-ai"/"-ay" and "Wolde"/"Welde".
    """
    out: set[str] = set()
    if origin == "kurdish":
        alt = name
        for a, b in _KURDISH:
            alt = alt.replace(a, b)
        out.add(alt)
    elif origin == "somali":
        alt = _DOUBLED.sub(r"\1", name.replace("x", "h").replace("X", "H"))
        if len(alt) > 2 and alt[0] == "C" and alt[1] in "aeiou":
            alt = alt[1:].capitalize()
        out.add(alt)
    elif origin == "tigrinya":
        for a, b in (("Ghebre", "Gebre"), ("Gebre", "Ghebre"), ("Wolde", "Welde"), ("Welde", "Wolde")):
            if name.startswith(a):
                out.add(b + name[len(a) :])
        for a, b in (("ai", "ay"), ("ay", "ai")):
            if name.endswith(a):
                out.add(name[: -len(a)] + b)
    out.discard(name)
    return {n for n in out if len(n) > 2}


def _function_words(path: Path) -> frozenset[str]:
    """Function words of the residents' other languages (names among them are sorted out by the rules).

    Raises:
        ConfigError: the file is missing or malformed.
    """
    import importlib

    if not path.exists():
        raise ConfigError(f"{path.name} is missing in {path.parent}; restore it from git.")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    langs, own = data.get("spacy_languages"), data.get("own")
    if not isinstance(langs, list) or not isinstance(own, dict):
        raise ConfigError(f"{path.name} needs a list 'spacy_languages' and a mapping 'own' of word lists.")
    words = {str(w).lower() for lst in own.values() for w in lst}
    for lang in langs:
        words |= {w.lower() for w in importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS}
    return frozenset(words)


@lru_cache(maxsize=1)
def swedish_dictionary() -> dict[str, str]:
    """Simplemma's Swedish word forms (MIT, shipped with the package): is a word ordinary Swedish?"""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    return DefaultDictionaryFactory().get_dictionary("sv")  # type: ignore[return-value]


@lru_cache(maxsize=1)
def english_dictionary() -> dict[str, str]:
    """Simplemma's English word forms (MIT): Swedish texts quote English names of things ("Southern Nuclear")."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    return DefaultDictionaryFactory().get_dictionary("en")  # type: ignore[return-value]


def _scb_first(shared: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name in ("tilltalsnamn-kvinnor.csv", "tilltalsnamn-man.csv"):
        with open(shared / "gazetteers/scb-names" / name, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                counts[row["name"]] = counts.get(row["name"], 0) + int(row["persons"])
    return {n: c for n, c in counts.items() if c >= MIN_BEARERS and n.replace("-", "").isalpha()}


def _faker(shared: Path) -> dict[str, list[str]]:
    data = json.loads((shared / "gazetteers/faker-sv/person_sv_SE_names.json").read_text("utf-8"))
    return {k: [pair[0] for pair in v] for k, v in data.items()}


def _scb_last(shared: Path) -> list[str]:
    with open(shared / "gazetteers/scb-names/efternamn-top1000-2019.csv", encoding="utf-8") as fh:
        return [row["lastname"] for row in csv.DictReader(fh) if row["lastname"].isalpha()]


def _keep_phrases(shared: Path) -> set[str]:
    gz = shared / "gazetteers"
    out: set[str] = set()
    with open(gz / "places/kommuner.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.add(row["name"].removesuffix(" kommun"))
            out.add(row["name"])
    with open(gz / "places/lan.csv", encoding="utf-8") as fh:
        out.update(row["name"] for row in csv.DictReader(fh))
    with open(gz / "places/ortsnamn.csv", encoding="utf-8") as fh:
        out.update(row["city"] for row in csv.DictReader(fh))
    with open(gz / "places/myndigheter.tsv", encoding="utf-8") as fh:
        out.update(row["name"] for row in csv.DictReader(fh, delimiter="\t"))
    facilities = json.loads((gz / "vasteras/vasteras_pkt.geojson").read_text("utf-8"))
    out.update(f["properties"]["NAME"] for f in facilities["features"] if f["properties"]["NAME"])
    polls = json.loads((gz / "vasteras/vallokal.geojson").read_text("utf-8"))
    for feat in polls["features"]:
        props = feat["properties"]
        for key in ("Byggnad", "POPULARNAM"):
            if props.get(key):
                out.add(props[key])
        district = (props.get("Distrikt") or "").split(" ", 1)[-1]
        for part in district.replace("-", "/").split("/"):
            out.add(part.removesuffix(" tätort").removesuffix(" landsbygd").strip())
        street = " ".join(w for w in (props.get("Adress") or "").split() if w.isalpha())
        if street:
            out.add(street)
    return {p.strip() for p in out if len(p.strip()) > 2}


def _swedish_words() -> set[str]:
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    return set(DefaultDictionaryFactory().get_dictionary("sv").keys())


FOLD = str.maketrans("êîûşçğıćčšžđłńśźżąęÊÎÛŞÇĞİĆČŠŽĐŁŚŹŻ", "eiuscgiccszdlnszzaeEIUSCGICCSZDLSZZ")


def _fold(name: str) -> str:
    """The name without the letters Swedish keyboards lack ("Şêrko" → "Serko", "Hodžić" → "Hodzic")."""
    return name.translate(FOLD)


def build_lexicon(shared_dir: Path, out_dir: Path = RULES_DIR) -> dict[str, int]:
    """Regenerate the derived name lists in ``out_dir`` from the shared gazetteers.

    Args:
        shared_dir: the shared data folder (it holds ``data/gazetteers``).
        out_dir: where the lists are written (the hand-written lists must already be there).

    Returns:
        Entry counts per written file.
    """
    shared = shared_dir / "data"
    not_names = _lower_set(out_dir / "not_names.txt")
    stop_rows = []
    for name in ("stoppord.csv", "stoppord-mycket.csv"):
        stop_rows += (shared / "gazetteers/stopwords" / name).read_text("utf-8").split()
    stopwords = {w.lower() for w in stop_rows if w.isalpha()}
    traps = _lower_set(out_dir / "traps.txt")
    origins = read_origins(out_dir)
    faker = _faker(shared)
    scb_first = _scb_first(shared)
    common_first = {n for n, c in scb_first.items() if c >= COMMON_BEARERS and n.lower() not in not_names}
    first = set(scb_first) | set(faker["first_names_female"] + faker["first_names_male"])
    last = set(_scb_last(shared)) | set(faker["last_names"])
    for lists in origins.values():
        first.update(lists["first"] + lists.get("short", []))
        last.update(lists["last"])
    first.update(_read_lines(out_dir / "short_sv.txt"))
    # Residents spell their names with and without the letters of their script ("Evîn", "Evin").
    first |= {_fold(n) for lists in origins.values() for n in lists["first"] + lists.get("short", [])}
    last |= {_fold(n) for lists in origins.values() for n in lists["last"]}
    first = {n for n in first if n.lower() not in not_names and (n.lower() not in stopwords or n.lower() in traps)}
    last = {n for n in last if n.lower() not in not_names and n.lower() not in stopwords}
    common = set(_read_lines(out_dir / "common_words.txt"))
    sv_words = _swedish_words()
    word_forms = {n for n in first | last if n.lower() in sv_words}
    ambiguous = common | {t.title() for t in traps} | {n for n in first if n.lower() in stopwords}
    keep_extra = set(_read_lines(out_dir / "keep_extra.txt"))
    keep = {k for k in _keep_phrases(shared) if k.lower() not in first} | keep_extra
    foreign = {n.lower() for lists in origins.values() for n in lists["first"] + lists["last"]}
    swedish_first = {n for n in faker["first_names_female"] + faker["first_names_male"] if n.lower() not in foreign}
    files = {
        "first_names.txt": first,
        "swedish_first.txt": swedish_first,
        "surnames.txt": last,
        "ambiguous.txt": ambiguous,
        "word_forms.txt": word_forms,
        "common_first.txt": common_first,
        "keep.txt": keep,
        "stopwords.txt": stopwords,
    }
    header = "# Generated by pipeline.anonymize.names.lexicon.build_lexicon; do not edit.\n"
    for fname, items in files.items():
        (out_dir / fname).write_text(header + "\n".join(sorted(items)) + "\n", encoding="utf-8")
    load_lexicon.cache_clear()
    return {fname: len(items) for fname, items in files.items()}
