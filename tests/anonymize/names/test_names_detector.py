"""Tests for the Swedish name detector (shipped model + rules; no shared data needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.anonymize.names.detector import NameDetector, resolve_model_dir
from pipeline.anonymize.spans import Span
from pipeline.errors import ConfigError

MODELS = Path(__file__).resolve().parents[3] / "models"


@pytest.fixture(scope="module")
def detector() -> NameDetector:
    """The shipped detector, loaded once."""
    return NameDetector.load(MODELS)


def names(detector: NameDetector, text: str) -> list[str]:
    """Return the detected PERSON substrings."""
    return [text[s.start : s.end] for s in detector.detect(text)]


CASES = [
    # signatures and greetings
    ("Lampan är trasig.\nMvh Anna-Karin Öberg", ["Anna-Karin Öberg"]),
    ("Vem ringer man om snön?\n/Jussi", ["Jussi"]),
    ("Tack för hjälpen.\n//Signe", ["Signe"]),
    ("Hej Sten!\nTack för ditt svar.", ["Sten"]),
    ("Skräpet ligger kvar.\n\nVänliga hälsningar\nGöran Lindqvist\n070-123 45 67", ["Göran Lindqvist"]),
    ("Please fix the lights.\nKind regards,\nOlga Kowalczyk", ["Olga Kowalczyk"]),
    ("Från: Birgitta Holm <b.holm@example.se>\nÄmne: Buller", ["Birgitta Holm"]),
    # lower case and second-language writing
    ("hej jag heter mahmoud jag bor i Råby", ["mahmoud"]),
    ("min son karim får ingen plats på förskolan", ["karim"]),
    ("hej jag heter fatima hassan och vill klaga", ["fatima hassan"]),
    # possessive, hyphenated, initials
    ("Eriks cykel blev stulen vid stationen.", ["Eriks"]),
    ("Det var Hawa W. som tog upp frågan.", ["Hawa W."]),
    ("Min granne Lars-Olof Pettersson har klagat länge.", ["Lars-Olof Pettersson"]),
    # many origins
    ("Min pappa Heikki Virtanen bor kvar i huset.", ["Heikki Virtanen"]),
    ("Jag pratade med Abdirahman Warsame om bussarna.", ["Abdirahman Warsame"]),
    ("Semhar Tesfay och Dženana Hadžić lyfte frågan om läxhjälp.", ["Semhar Tesfay", "Dženana Hadžić"]),
    ("Bibliotekschef Shirin Hosseini svarade på frågorna.", ["Shirin Hosseini"]),
    ("Tack till Mehmet Yılmaz och Kannika Srisuk för hjälpen!", ["Mehmet Yılmaz", "Kannika Srisuk"]),
    ("Kontakta Małgorzata Wiśniewska på föreningen.", ["Małgorzata Wiśniewska"]),
    ("Min granne Tsehaye Araya hjälper alla.", ["Tsehaye Araya"]),
    ("Hälsningar Oskari Lehtimäki", ["Oskari Lehtimäki"]),
    ("Igår ringde Tesfalem Ghebrehiwet till kontoret.", ["Tesfalem Ghebrehiwet"]),
    ("Tjena! Kalle här. Vägen är full av hål.", ["Kalle"]),
    ("Hej Bo! Tack för svaret.", ["Bo"]),
    ("Hälsningar Bo Ek", ["Bo Ek"]),
    ("igår pratade jag med erik johansson om saken", ["erik johansson"]),
    ("Från: Pirjo Mäkelä-Svensson\nTill: Kontaktcenter\nÄmne: Fjärrvärme", ["Pirjo Mäkelä-Svensson"]),
    ("Familjen van der Berg har flyttat hit.", ["van der Berg"]),
    ("kan fatima från förskolan ringa mig", ["fatima"]),
    ("Jag vill tacka rektor Holm för ett bra år.", ["Holm"]),
    # keep cases: nothing is a person
    ("Cykelbanan längs Vasagatan är full av grus.", []),
    ("Jag handlar alltid på Coop Forum i Erikslund.", []),
    ("Bo i Bäckby är tryggt men mörkt.", []),
    ("Sten och grus ligger kvar efter vintern.", []),
    ("Han sa att hans cykel blev stulen.", []),
    ("Hans cykel stod vid stationen hela natten.", []),
    ("Barnen åker pulka ner mot Carl Larssons väg.", []),
    ("Mimer borde laga tvättstugan.", []),
    ("I maj börjar bygget. Dag efter dag väntar vi på buss 12.", []),
    ("Ros till parkförvaltningen för den nya lekplatsen!", []),
    ("Det är skog och åkrar, ingen park alls.", []),
    ("In July the slide gets too hot. I'm from London.", []),
    ("Korsningen Kungsgatan/Sturegatan är farlig.", []),
    ("Mörk passage under järnvägen, ingen belysning.", []),
    ("Noise from Steam Hotel terrace every night.", []),
    ("Dags att ta tag i snöröjningen! Det är dags nu.", []),
    ("The survey was too long and there is no shade.", []),
    ("Det är farligt vid Erikslunds rondell.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_detects_expected_names(detector: NameDetector, text: str, expected: list[str]) -> None:
    """Each text yields exactly the expected PERSON substrings."""
    assert names(detector, text) == expected


def test_spans_are_typed_and_versioned(detector: NameDetector) -> None:
    """Spans carry label PERSON, a detector name@version and a score in (0, 1]."""
    spans = detector.detect("Mvh Karin Nordström")
    assert spans and all(isinstance(s, Span) and s.label == "PERSON" for s in spans)
    assert all(s.detector.split("@")[0] in {"ner-sv", "name-rules"} for s in spans)
    assert all(0 < s.score <= 1 for s in spans)


def test_detect_many_matches_detect(detector: NameDetector) -> None:
    """Batched detection gives the same spans as one-by-one detection."""
    texts = [t for t, _ in CASES]
    assert detector.detect_many(texts) == [detector.detect(t) for t in texts]


def test_shipped_model_loads_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """The committed model has config, meta and scores and loads without network."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    path = resolve_model_dir(MODELS)
    assert {"config.cfg", "meta.json", "scores.json"} <= {p.name for p in path.iterdir()}
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    assert meta["lang"] == "sv" and "PER" in meta["labels"]["ner"]
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    assert size < 15_000_000
    assert NameDetector.load(MODELS) is NameDetector.load(path)


def test_tokenizer_splits_signature_slash(detector: NameDetector) -> None:
    """The shipped tokenizer splits "/Kerstin" and "//Signe" so the name is its own token."""
    assert [t.text for t in detector.nlp.make_doc("/Kerstin //Signe")] == ["/", "Kerstin", "//", "Signe"]


def test_missing_model_is_a_config_error(tmp_path: Path) -> None:
    """A folder without the model raises ConfigError that says how to fix it."""
    with pytest.raises(ConfigError, match="lyhord train ner"):
        NameDetector.load(tmp_path)


def test_targets_hold_on_own_heldout_set(detector: NameDetector) -> None:
    """On hand-written resident texts (never used for training), issue 3's PERSON targets hold."""
    from pipeline.anonymize.names.evaluate import evaluate_names

    res = evaluate_names(Path(__file__).parent / "data" / "heldout.jsonl", detector=detector)
    assert res["n_person"] >= 50
    assert res["person_found"] >= 0.95
    assert res["person_precision"] >= 0.90
    assert res["keep_touched"] <= 0.03


def test_full_cover_and_origin_helpers() -> None:
    """A name counts as found only when every character is covered; origins are guessed."""
    from pipeline.anonymize.names.evaluate import covered, guess_origin

    text = "Mvh Anna-Karin Öberg"
    assert covered((4, 20), [Span(4, 14, "PERSON"), Span(15, 20, "PERSON")], text)
    assert not covered((4, 20), [Span(4, 14, "PERSON")], text)
    assert guess_origin("Anna-Karin Öberg") == "swedish"
    assert guess_origin("Heikki Virtanen") == "finnish"
    assert guess_origin("Nomvula Dlamini") == "other"
