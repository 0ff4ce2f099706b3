"""What the demo says: languages, planted personal data, themes, representativeness, determinism."""

from __future__ import annotations

import csv
import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest

from pipeline.demo import DemoManifest, generate_demo, pii

N = 3000


def texts(manifest: DemoManifest) -> list[str]:
    """Texts of the survey CSV, web form, map and SMS files (enough to judge content)."""
    inbox = manifest.inbox
    out = [r[-1] for r in csv.reader(open(inbox / "enkat-2026.csv", encoding="utf-8-sig"), delimiter=";")][1:]
    out += [json.loads(line)["text"] for line in (inbox / "webbformular.jsonl").read_text("utf-8").splitlines()]
    geo = json.loads((inbox / "kartsynpunkter.geojson").read_text("utf-8"))
    out += [f["properties"]["comment"] for f in geo["features"]]
    out += [r[2] for r in csv.reader(open(inbox / "sms-export.csv", encoding="utf-8"))][1:]
    return [t for t in out if t]


def test_mostly_swedish_with_four_other_languages(manifest: DemoManifest) -> None:
    langs = manifest.languages
    total = sum(langs.values())
    assert total >= N
    assert langs["sv"] / total > 0.7
    for lang in ("en", "ar", "so", "fi"):
        assert langs[lang] >= 0.01 * total, (lang, langs)
    corpus = "\n".join(texts(manifest))
    assert re.search(r"[\u0600-\u06FF]{4,}", corpus), "Arabic script"
    assert re.search(r"\b(waxaan|fadlan|mahadsanid)\b", corpus, re.I), "Somali"
    assert re.search(r"\b(liian|kiitos|tarvitaan)\b", corpus, re.I), "Finnish"
    assert re.search(r"\b(the|please)\b", corpus), "English"


def test_personnummer_planted_with_valid_check_digits(manifest: DemoManifest) -> None:
    numbers = manifest.planted["ID_NUMBER"]
    assert len(numbers) >= 30
    assert all(pii.luhn_valid(n) for n in numbers)
    shapes = {re.sub(r"\d", "9", n) for n in numbers}
    assert {"999999-9999", "99999999-9999", "9999999999", "999999 9999"} & shapes
    assert len(shapes) >= 4, shapes
    corpus = "\n".join(texts(manifest))
    assert sum(1 for n in numbers if n in corpus) >= 10


def test_other_personal_details_planted(manifest: DemoManifest) -> None:
    planted = manifest.planted
    for kind in ("PERSON", "PHONE", "EMAIL", "ADDRESS", "PLATE"):
        assert len(planted.get(kind, [])) >= 20, kind
    corpus = "\n".join(texts(manifest))
    assert re.search(r"\b[A-ZÅÄÖa-zåäö]+(gatan|vägen|väg|gata) \d+", corpus), "a home address with number"
    assert re.search(r"\b[A-HJ-PR-UW-Z]{3} ?\d\d[\dA-HJ-PR-UW-Z]\b", corpus), "a registration plate"
    assert re.search(r"[\w.]+@(example\.(com|org|net)|post\.example|mejl\.example)", corpus)
    names = set(planted["PERSON"])
    assert any(n.split()[0] in {"Ahmed", "Fatima", "Omar", "Layla", "Yousef", "Noor"} for n in names)
    assert any(n.split()[-1] in {"Virtanen", "Korhonen", "Mäkinen", "Nieminen"} for n in names)


def test_places_and_organisations_to_keep(manifest: DemoManifest) -> None:
    corpus = "\n".join(texts(manifest))
    for keep in ("Resecentrum", "Vasaparken", "Mimer", "Bäckby", "Stora torget"):
        assert keep in corpus, keep
    assert re.search(r"(Buss|Linje|linje) \d+", corpus)
    assert re.search(r"\w+skolan\b", corpus)


def test_unanticipated_themes_are_there_to_discover(manifest: DemoManifest) -> None:
    corpus = "\n".join(texts(manifest)).lower()
    assert corpus.count("elsparkcykl") >= 40
    assert corpus.count("hundrastgård") >= 20
    scheme_ids = {e.id for e in manifest.dialogue.theme_scheme}
    assert "e_scooters" not in scheme_ids and "dog_parks" not in scheme_ids


def test_texts_are_varied_and_unique(manifest: DemoManifest) -> None:
    all_texts = texts(manifest)
    folded = [" ".join(t.split()) for t in all_texts]
    assert len(set(folded)) == len(folded)
    first_sentences = Counter(t.split(".")[0] for t in all_texts)
    assert len(first_sentences) > 0.5 * len(all_texts)
    assert sum(1 for t in all_texts if t.count(".") >= 2) > 0.2 * len(all_texts), "multi-statement comments"


def test_several_months_and_districts(manifest: DemoManifest) -> None:
    rows = list(csv.reader(open(manifest.inbox / "enkat-2026.csv", encoding="utf-8-sig"), delimiter=";"))[1:]
    months = {r[1][:7] for r in rows if r[-1]}
    assert {"2026-03", "2026-06", "2026-09"} <= months
    districts = Counter(r[2] for r in rows if r[-1])
    assert len(districts) >= 20
    for name in ("Bäckby", "Råby", "Skälby", "Vallby", "Centrum", "Öster Mälarstrand", "Tillberga"):
        assert districts[name] > 0, name


def test_population_csv_and_skewed_participation(manifest: DemoManifest) -> None:
    rows = list(csv.DictReader(open(manifest.population_csv, encoding="utf-8")))
    assert list(rows[0]) == ["dimension", "value", "population"]
    pop = {(r["dimension"], r["value"]): int(r["population"]) for r in rows}
    district_total = sum(v for (dim, _), v in pop.items() if dim == "district")
    age_total = sum(v for (dim, _), v in pop.items() if dim == "age_group")
    assert 150_000 <= district_total == age_total <= 170_000
    survey = list(csv.reader(open(manifest.inbox / "enkat-2026.csv", encoding="utf-8-sig"), delimiter=";"))[1:]
    by_district = Counter(r[2] for r in survey if r[-1])
    by_age = Counter(r[3] for r in survey if r[-1])
    answered = sum(by_district.values())

    def ratio(dim: str, value: str, counts: Counter) -> float:
        return (counts[value] / answered) / (pop[(dim, value)] / district_total)

    assert ratio("district", "Råby", by_district) < 0.7
    assert ratio("district", "Centrum", by_district) > 1.2
    assert ratio("age_group", "0-17", by_age) < 0.6
    assert ratio("age_group", "65-79", by_age) > 1.2
    assert set(by_district) <= {v for (dim, v) in pop if dim == "district"}


def test_same_seed_same_bytes_other_seed_other_text(tmp_path: Path) -> None:
    a = generate_demo(tmp_path / "a", n=300, seed=3)
    b = generate_demo(tmp_path / "b", n=300, seed=3)
    c = generate_demo(tmp_path / "c", n=300, seed=4)
    assert a.expected == b.expected and a.total >= 300
    for path in a.files:
        other = b.inbox / path.relative_to(a.inbox)
        assert path.read_bytes() == other.read_bytes(), path.name
    assert a.population_csv.read_bytes() == b.population_csv.read_bytes()
    assert a.planted == b.planted
    same = a.inbox / "webbformular.jsonl"
    assert same.read_bytes() != (c.inbox / "webbformular.jsonl").read_bytes()


def test_rerun_into_same_folder_replaces_inbox(tmp_path: Path) -> None:
    first = generate_demo(tmp_path, n=60, seed=1)
    (first.inbox / "stale.csv").write_text("x", "utf-8")
    second = generate_demo(tmp_path, n=60, seed=1)
    assert not (second.inbox / "stale.csv").exists()
    assert len(second.files) == len(first.files)
    box = second.inbox / "mail" / "arkiv.mbox"
    assert box.read_bytes().count(b"\nFrom ") + 1 == second.expected["mail/arkiv.mbox"]


def test_small_demo_still_covers_every_format(tmp_path: Path) -> None:
    m = generate_demo(tmp_path, n=20, seed=2)
    suffixes = {p.suffix for p in m.files}
    assert {".csv", ".xlsx", ".eml", ".mbox", ".jsonl", ".geojson", ".docx", ".md", ".txt"} <= suffixes
    assert m.total >= 20


@pytest.mark.parametrize("seed", range(20))
def test_personnummer_generator_always_luhn_valid(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(50):
        number = pii.personnummer(rng)
        assert pii.luhn_valid(number), number
        digits = re.sub(r"\D", "", number)
        assert len(digits) in (10, 12)


def test_luhn_matches_known_example() -> None:
    # The Swedish Tax Agency's textbook example 811218-9876.
    assert pii.luhn_check_digit("811218987") == 6
    assert pii.luhn_valid("811218-9876")
    assert not pii.luhn_valid("811218-9875")
