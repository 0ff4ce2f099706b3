"""Rule files are data, validated on load; issue 3."""

from __future__ import annotations

import pytest

from pipeline.anonymize.rules import RULES_DIR, SCHEMAS, load_rules, load_word_list
from pipeline.errors import ConfigError


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_shipped_rules_are_valid(name):
    assert load_rules(name)["version"] >= 1


def test_word_lists_are_shipped_and_compact():
    assert "Västerås" in load_word_list("localities")
    assert "Klockarvretarna" in load_word_list("streets_vasteras")
    assert sum(p.stat().st_size for p in RULES_DIR.glob("*.*")) < 100_000


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("version: 1\npatterns: {bad: '(unclosed'}\n", "does not compile"),
        ("version: 1\n", "lacks the key 'patterns'"),
        ("version: one\npatterns: {a: 'x'}\n", "must be an integer"),
        ("[1, 2", "not valid YAML"),
    ],
)
def test_malformed_rules_are_config_errors(tmp_path, content, message):
    (tmp_path / "keep.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_rules("keep", tmp_path)


def test_word_lists_must_hold_strings(tmp_path):
    (tmp_path / "plate.yaml").write_text("version: 1\nnot_plates: [ABC, 123]\ncontext: [bil]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not_plates"):
        load_rules("plate", tmp_path)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="missing"):
        load_rules("phone", tmp_path)
