"""Fixtures for the anonymization tests: a tiny fake name detector and raw-row helpers."""

from __future__ import annotations

import pytest
from anon_helpers import FakeNames

from pipeline.anonymize.engine import Anonymizer, build_anonymizer


@pytest.fixture(scope="session")
def anonymizer() -> Anonymizer:
    """The real pattern recognizers with the fake name detector."""
    return build_anonymizer(FakeNames())
