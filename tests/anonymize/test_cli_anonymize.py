"""`lyhord redact`, `erase`, `eval pii` and `train ner` through the CLI runner; issue 3."""

from __future__ import annotations

import json
import sys
import types

import pytest
from anon_helpers import FakeNames, insert_raw
from typer.testing import CliRunner

from pipeline.anonymize import engine
from pipeline.cli import app

runner = CliRunner()


@pytest.fixture
def fake_engine(monkeypatch):
    fake = engine.build_anonymizer(FakeNames())
    monkeypatch.setattr(engine, "get_anonymizer", lambda models_dir: fake)
    return fake


def test_redact_writes_text_anonymized_text_and_entities(tmp_path, fake_engine):
    source = tmp_path / "in.jsonl"
    text = "Hej, Anna här. Ring 070-123 45 67."
    source.write_text(json.dumps({"id": 7, "text": text, "channel": "sms"}) + "\n\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["redact", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert line == {
        "id": 7,
        "text": text,
        "anonymized_text": "Hej, [NAMN 1] här. Ring [TELEFON].",
        "entities": [{"start": 5, "end": 9, "label": "PERSON"}, {"start": 20, "end": 33, "label": "PHONE"}],
    }
    assert "Anna" not in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": 1, "text": "ok"}\n{"id": 2, "text": "Anna Svensson \n', "line 2"),
        ('{"id": 1, "text": "ok"}\n{"id": 2}\n', "line 2"),
        ('["Anna Svensson"]\n', "line 1"),
    ],
)
def test_redact_reports_bad_lines_by_number_without_quoting_them(tmp_path, fake_engine, content, message):
    source = tmp_path / "in.jsonl"
    source.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["redact", str(source), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 2
    assert message in result.output and "Svensson" not in result.output


def test_erase_commands(tmp_path, settings, fake_engine):
    from pipeline.store import Store

    db = str(settings.db_path)
    with Store.open(settings) as store:
        insert_raw(store, [{"id": "x1", "text": "Hej", "contact_email": "a@b.se"}, {"id": "x2", "text": "Hej"}])
    assert runner.invoke(app, ["--db", db, "erase", "--submission", "x2"]).exit_code == 0
    result = runner.invoke(app, ["--db", db, "erase", "--contact", "a@b.se"])
    assert result.exit_code == 0 and "Raderade 1" in result.output
    assert runner.invoke(app, ["--db", db, "erase"]).exit_code == 2
    missing = runner.invoke(app, ["--db", db, "erase", "--submission", "nope"])
    assert missing.exit_code == 2 and "nope" in missing.output
    with Store.open(settings) as store:
        assert store.records("SELECT kind, submissions FROM erasures ORDER BY occurred_at") == [
            {"kind": "submission", "submissions": 1},
            {"kind": "contact", "submissions": 1},
        ]


GOLD = [
    {
        "id": "g1",
        "text": "Anna Svensson ringer 070-123 45 67 om linje 11.",
        "entities": [
            {"start": 0, "end": 13, "label": "PERSON", "origin": "swedish"},
            {"start": 21, "end": 34, "label": "PHONE"},
            {"start": 38, "end": 46, "label": "KEEP"},
        ],
    },
    {
        "id": "g2",
        "text": "Yusuf Hassan bor på Storgatan 5.",
        "entities": [
            {"start": 0, "end": 12, "label": "PERSON", "origin": "somali"},
            {"start": 20, "end": 31, "label": "ADDRESS"},
        ],
    },
]


def test_eval_pii_json_with_presidio_baseline(tmp_path, fake_engine):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in GOLD), encoding="utf-8")
    result = runner.invoke(app, ["eval", "pii", "--gold", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    ours, presidio = report["systems"]["lyhord"], report["systems"]["presidio-sv"]
    assert ours["labels"]["PERSON"]["found"] == 1.0 and ours["labels"]["ADDRESS"]["exact"]["f1"] == 1.0
    assert ours["keep_touched"] == 0.0 and ours["person_precision"] == 1.0
    assert ours["person_found_by_origin"]["_other"] == {"gold": 1, "found": 1.0}
    assert presidio["labels"]["PERSON"]["found"] == 0.0 and presidio["labels"]["PHONE"]["found"] == 1.0
    table = runner.invoke(app, ["eval", "pii", "--gold", str(gold), "--no-baseline"])
    assert table.exit_code == 0 and "PERSON" in table.output and "presidio" not in table.output


def test_train_ner_calls_the_names_trainer(tmp_path, monkeypatch):
    calls = []
    fake = types.ModuleType("pipeline.anonymize.names.train")
    fake.train_ner = lambda shared, out, *, seed=0: calls.append((shared, out, seed)) or {"per_f": 0.9}
    monkeypatch.setitem(sys.modules, "pipeline.anonymize.names.train", fake)
    (tmp_path / "shared" / "data" / "ner").mkdir(parents=True)
    result = runner.invoke(app, ["train", "ner", "--shared", str(tmp_path / "shared"), "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"per_f": 0.9} and calls == [(tmp_path / "shared", tmp_path / "m", 0)]
    bad = runner.invoke(app, ["train", "ner", "--shared", str(tmp_path / "nowhere")])
    assert bad.exit_code == 2 and "data/ner" in bad.output
