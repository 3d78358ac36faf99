"""Turn untrusted raw bytes into text, or say clearly why they are not text.

Order of attempts: byte-order marks, strict UTF-8, then the charset detector
(charset-normalizer). Western single-byte text is the common legacy case for
English news, and the detector often ranks a cousin code page (cp1257,
mac_latin2) a hair above cp1252 on short samples, mangling every accent; so
when cp1252 is among its near-best candidates we take cp1252, as the WHATWG
encoding standard does for text labelled Latin-1.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

# How much worse (detector "chaos" ratio) cp1252 may look than the detector's
# favourite and still be preferred.
CP1252_CHAOS_MARGIN = 0.1
# Share of control characters (other than tab / newline) above which decoded
# "text" is really binary that happened to decode.
MAX_CONTROL_CHAR_RATIO = 0.01
BINARY_SNIFF_BYTES = 8192

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class NotText(ValueError):
    """The bytes are not a text document; the message says why, for `source_files.reason`."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def decode_bytes(raw: bytes) -> DecodedText:
    """Decode raw file bytes to normalised text (NFC, `\\n` line ends, no BOM).

    Raises NotText with a human-readable reason for empty, binary or
    undecodable input. Never raises anything else.
    """
    if not raw.strip():
        raise NotText("empty file" if not raw else "empty file (whitespace only)")
    encoding = _detect_encoding(raw)
    try:
        text = raw.decode(encoding, errors="strict")
    except (UnicodeDecodeError, LookupError) as exc:
        raise NotText(f"undecodable as {encoding}: {exc.__class__.__name__}") from exc
    text = normalise_text(text)
    if not text.strip():
        raise NotText("empty file (whitespace only)")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t")
    if controls / len(text) > MAX_CONTROL_CHAR_RATIO:
        raise NotText(f"binary file ({controls} control characters in {len(text)} decoded)")
    return DecodedText(text=text, encoding=encoding)


def normalise_text(text: str) -> str:
    """Unicode NFC, `\\n` line ends, no BOM, no NUL: the form every later stage sees."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return unicodedata.normalize("NFC", text)


def _detect_encoding(raw: bytes) -> str:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return encoding
    if b"\x00" in raw[:BINARY_SNIFF_BYTES]:
        raise NotText("binary file (contains NUL bytes)")
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = list(from_bytes(raw))
    if not candidates:
        raise NotText("undecodable: no text encoding fits these bytes")
    best = candidates[0]
    for match in candidates:
        if match.encoding == "cp1252" and match.chaos <= best.chaos + CP1252_CHAOS_MARGIN:
            return "cp1252"
    return best.encoding
