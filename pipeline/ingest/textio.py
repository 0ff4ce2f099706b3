"""Reading text files whatever their encoding, and telling text from garbage.

Swedish municipalities still receive Windows-1252 and UTF-16 exports from
Excel, so a file is decoded by its byte-order mark, then as strict UTF-8, then
as Windows-1252 (Latin-1 for the five bytes cp1252 leaves undefined). Bytes
that decode but are mostly control characters are garbage, not text.
"""

from __future__ import annotations

import codecs
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

HEAD_BYTES = 1 << 16
_CHUNK = 1 << 24
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}


class NotTextError(ValueError):
    """The bytes are binary or garbage, not text in any encoding we read."""


@dataclass(frozen=True)
class Encoding:
    """How a file is encoded: a Python codec name and the BOM length to skip."""

    codec: str
    bom: int = 0

    @property
    def is_utf8(self) -> bool:
        """Whether DuckDB can read the file directly (UTF-8, BOM or not)."""
        return self.codec == "utf-8"


def _bom_encoding(head: bytes) -> Encoding | None:
    if head.startswith(codecs.BOM_UTF8):
        return Encoding("utf-8", 3)
    if head.startswith(codecs.BOM_UTF32_LE) or head.startswith(codecs.BOM_UTF32_BE):
        return Encoding("utf-32", 0)
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        return Encoding("utf-16", 0)
    return None


def _utf16_without_bom(head: bytes) -> Encoding | None:
    # Text in UTF-16 without a BOM has a NUL in every other byte for Latin script.
    sample = head[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.4 and even < 0.05:
        return Encoding("utf-16-le")
    if even > 0.4 and odd < 0.05:
        return Encoding("utf-16-be")
    return None


def _is_utf8(path: Path) -> bool:
    """Whether the file is UTF-8, allowing a few broken bytes in an otherwise UTF-8 file.

    Windows-1252 text read as UTF-8 breaks at every å, ä and ö and almost never forms a
    valid multi-byte sequence; a UTF-8 export with one damaged byte is still mostly valid
    sequences. The second stays UTF-8 (its broken row is rejected, not the whole file
    turned into mojibake).
    """
    strict = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                strict.decode(chunk)
            strict.decode(b"", final=True)
        return True
    except UnicodeDecodeError:
        pass
    lenient = codecs.getincrementaldecoder("utf-8")("replace")
    bad = good = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            text = lenient.decode(chunk)
            bad += text.count("\ufffd")
            good += sum(1 for c in text if c > "\x7f") - text.count("\ufffd")
    return good >= 20 * max(bad, 1)


def detect_encoding(path: Path, head: bytes | None = None) -> Encoding:
    """Return the encoding of the file at ``path`` (BOM, UTF-16, UTF-8, else cp1252)."""
    if head is None:
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    found = _bom_encoding(head) or _utf16_without_bom(head)
    if found:
        return found
    if _is_utf8(path):
        return Encoding("utf-8")
    return Encoding("cp1252-lenient")


def decode_bytes(data: bytes, encoding: Encoding | None = None) -> str:
    """Decode ``data`` (a whole file or message) by BOM, UTF-8 or cp1252."""
    if encoding is None:
        encoding = _bom_encoding(data) or _utf16_without_bom(data)
        if encoding is None:
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                encoding = Encoding("cp1252-lenient")
    if encoding.codec == "cp1252-lenient":
        return decode_cp1252(data)
    text = data[encoding.bom :].decode(encoding.codec, errors="replace")
    return text.removeprefix("\ufeff")


def decode_cp1252(data: bytes) -> str:
    """Decode Windows-1252, falling back to Latin-1 for its five undefined bytes."""
    return data.decode("cp1252", errors="lenient_latin1")


def _lenient_latin1(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


codecs.register_error("lenient_latin1", _lenient_latin1)


def read_head(path: Path, encoding: Encoding, size: int = HEAD_BYTES) -> str:
    """Return up to ``size`` bytes of the file decoded, cut at a whole line."""
    with path.open("rb") as fh:
        data = fh.read(size)
    complete = len(data) < size
    text = decode_bytes(data, encoding) if encoding.codec != "utf-8" else data.decode("utf-8", "replace")
    text = text.removeprefix("\ufeff")
    if not complete and "\n" in text:
        text = text[: text.rfind("\n") + 1]
    return text


def check_text(sample: str) -> None:
    """Raise ``NotTextError`` when ``sample`` looks like binary data or garbage."""
    if not sample.strip():
        return
    if "\x00" in sample:
        raise NotTextError("innehåller nolltecken (binärdata)")
    bad = 0
    for char in sample:
        if char in _ALLOWED_CONTROLS:
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Co", "Cn") or char == "\ufffd":
            bad += 1
    if bad > max(2, len(sample) * 0.01):
        raise NotTextError("innehåller för många styrtecken eller ogiltiga tecken (skräpdata)")


def transcode_to_utf8(path: Path, encoding: Encoding, tmp_dir: Path | None = None) -> Path:
    """Write a UTF-8 copy of ``path`` (streaming, for DuckDB's reader) and return its path."""
    codec = "cp1252" if encoding.codec == "cp1252-lenient" else encoding.codec
    errors = "lenient_latin1" if encoding.codec == "cp1252-lenient" else "replace"
    decoder = codecs.getincrementaldecoder(codec)(errors)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, kept for the caller
        "wb", suffix=".csv", prefix="lyhord-", dir=tmp_dir, delete=False
    )
    first = True
    with handle, path.open("rb") as src:
        while True:
            chunk = src.read(_CHUNK)
            text = decoder.decode(chunk, final=not chunk)
            if first and text:
                text = text.removeprefix("\ufeff")
                first = False
            handle.write(text.encode("utf-8"))
            if not chunk:
                break
    return Path(handle.name)
