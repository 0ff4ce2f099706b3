"""EMAIL: e-mail addresses, including the "(at)" spellings people use against spam."""

from __future__ import annotations

import re

from pipeline.anonymize.recognizers import RECOGNIZERS
from pipeline.anonymize.spans import Span

# Unicode word characters in the local part and domain: Swedish addresses may contain å/ä/ö.
# The top-level domain is letters only, which keeps a trailing full stop out of the span.
_AT = r"(?:@|\s?[(\[{]\s?(?:at|snabel-a)\s?[)\]}]\s?)"
_DOT = r"(?:\.|\s?[(\[{]\s?(?:dot|punkt)\s?[)\]}]\s?)"
_PATTERN = re.compile(
    rf"(?<![\w.+\-])[\w+\-]+(?:\.[\w+\-]+)*{_AT}[\w\-]+(?:{_DOT}[\w\-]+)*{_DOT}[^\W\d_]{{2,24}}(?![\w@])",
    re.IGNORECASE,
)


@RECOGNIZERS.register("email.v1")
class EmailRecognizer:
    """E-mail addresses (name@domain.tld, name(at)domain.tld, name[at]domain[dot]tld)."""

    name = "email"
    version = 1
    label = "EMAIL"

    def analyze(self, text: str) -> list[Span]:
        """Return EMAIL spans in ``text``."""
        if "@" not in text and "at" not in text.lower():
            return []
        return [
            Span(m.start(), m.end(), self.label, f"{self.name}@{self.version}", 1.0) for m in _PATTERN.finditer(text)
        ]
