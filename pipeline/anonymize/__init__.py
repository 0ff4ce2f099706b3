"""Anonymization of Swedish resident input.

Stage API (called by the nightly flow): :func:`plan_anonymize`, :func:`anonymize_partition`,
:func:`anonymize`, :func:`purge_expired`; erasure: :func:`erase_submission`,
:func:`erase_contact`. Detection is split into pattern recognizers (``recognizers/``, rules in
``rules/``), the PERSON-name model (``names/``) and operators (``operators.py``).
"""

from pipeline.anonymize.engine import Anonymizer, build_anonymizer, get_anonymizer, load_name_detector
from pipeline.anonymize.erasure import erase_contact, erase_submission
from pipeline.anonymize.operators import Redaction
from pipeline.anonymize.spans import LABELS, Span
from pipeline.anonymize.stage import anonymize, anonymize_partition, plan_anonymize, purge_expired

__all__ = [
    "LABELS",
    "Anonymizer",
    "Redaction",
    "Span",
    "anonymize",
    "anonymize_partition",
    "build_anonymizer",
    "erase_contact",
    "erase_submission",
    "get_anonymizer",
    "load_name_detector",
    "plan_anonymize",
    "purge_expired",
]
