"""Tests for the committed name lists."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.anonymize.names.lexicon import RULES_DIR, load_lexicon
from pipeline.errors import ConfigError


def test_lists_load_and_are_compact() -> None:
    """The lists load, hold names of many origins, and stay small on disk."""
    lex = load_lexicon()
    assert {"anna", "mohammed", "jussi", "senait", "wojciech"} <= lex.first
    assert {"svensson", "virtanen", "hosseini"} <= lex.last
    assert {"bo", "sten", "hans", "ros", "dag", "maj"} <= lex.traps
    assert "hej" in lex.not_names and "från" in lex.not_names
    assert {"coop forum", "mimer", "erikslund", "vasagatan"} <= lex.keep
    assert len(lex.origins) >= 10
    size = sum(p.stat().st_size for p in RULES_DIR.iterdir())
    assert size < 600_000


def test_common_words_are_not_plain_names() -> None:
    """Pronouns and function words from the SCB list never count as names."""
    lex = load_lexicon()
    for word in ("han", "hon", "du", "till", "min", "kan"):
        assert not lex.is_name(word)


def test_missing_context_section_is_a_config_error(tmp_path: Path) -> None:
    """A context file without a required section is rejected with the section's name."""
    for p in RULES_DIR.iterdir():
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / "context.yaml").write_text("before_strong: [heter]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="before_person"):
        load_lexicon(tmp_path)
