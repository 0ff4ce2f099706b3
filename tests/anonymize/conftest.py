"""Fixtures for the anonymization tests: a tiny fake name detector, the shipped anonymizer."""

from __future__ import annotations

from pathlib import Path

import pytest
from anon_helpers import FakeNames

from pipeline.anonymize import get_anonymizer
from pipeline.anonymize.engine import Anonymizer, build_anonymizer

MODELS = Path(__file__).resolve().parents[2] / "models"


@pytest.fixture(scope="session")
def anonymizer() -> Anonymizer:
    """The real pattern recognizers with the fake name detector."""
    return build_anonymizer(FakeNames())


@pytest.fixture(scope="session")
def full() -> Anonymizer:
    """The shipped anonymizer: patterns, Swedish name model, foreign rules and script names."""
    return get_anonymizer(MODELS)
