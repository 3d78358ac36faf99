"""Turn untrusted raw bytes into text, or say clearly why they are not text.

Order of attempts: byte-order marks, UTF-16 without a BOM (recognised by the
NUL bytes of its ASCII characters all falling on one side of each pair),
strict UTF-8, then the common legacy encodings.

Legacy bytes usually decode without error in many encodings, so each reading
is judged: first by signs of mojibake a reader would spot (symbols glued inside
words, letters of two scripts in one word, control characters; see
`_implausible_characters`), then by charset-normalizer's mess ratio. Among the
readings that are as clean as the cleanest, the first in `LEGACY_ENCODINGS`
wins: cp1252 before Latin-1 before the others, as browsers do. The order was
chosen on a test set (tests/unit/test_decoding.py): English with curly quotes,
dashes, euro and pound signs, French, German, Spanish, Russian and Ukrainian in
cp1251, KOI8-R, Polish cp1250, Greek cp1253, UTF-16 LE/BE without BOM, short
and long. Known limit: Czech or Turkish text whose letters also read as
Western letters in cp1252 ("èeský", "toplantýya") comes out as cp1252, because
the bytes alone do not say otherwise.

Every decode records its encoding and a confidence: 1.0 for a byte-order mark
or valid UTF-8, else 1 minus the mess ratio of the chosen reading.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer.md import mess_ratio

# Tried in this order; among equally clean readings the earliest wins.
LEGACY_ENCODINGS = (
    "cp1252", "latin_1", "iso8859_15",
    "cp1251", "koi8_r", "koi8_u",
    "cp1250", "iso8859_2",
    "cp1253", "iso8859_7",
    "cp1254", "iso8859_9",
    "cp1257", "iso8859_13",
    "cp1255", "iso8859_8", "cp1256", "cp874", "cp1258",
    "gb18030", "big5", "cp932", "euc_jp", "euc_kr",
    "cp866",
)
# A reading whose mess ratio is within this of the cleanest counts as just as clean.
MESS_MARGIN = 0.1
# Readings are judged on their first characters: enough to see the encoding, cheap on huge files.
JUDGED_CHARACTERS = 100_000
# Share of control characters (other than tab / newline) above which decoded
# "text" is really binary that happened to decode.
MAX_CONTROL_CHAR_RATIO = 0.01
BINARY_SNIFF_BYTES = 8192
# UTF-16 without BOM: share of code units with a NUL byte on one side (ASCII spaces,
# digits, punctuation, line ends) above which the bytes are taken for UTF-16.
UTF16_MIN_NUL_SHARE = 0.05
# Unicode's control characters (category Cc), which the standard fixes for good: matched by a
# regular expression rather than asking `unicodedata` about every character (most of a scan's time).
_CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f]")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Scripts that never share a word with Latin letters in real text.
_OTHER_SCRIPTS = frozenset({"CYRILLIC", "GREEK", "CJK", "HIRAGANA", "KATAKANA", "HANGUL", "ARABIC", "HEBREW", "THAI"})


class NotText(ValueError):
    """The bytes are not a text document; the message says why, for `source_files.reason`."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    confidence: float = 1.0  # 0-1: how sure the decoder is that `encoding` is right


def decode_bytes(raw: bytes) -> DecodedText:
    """Decode raw file bytes to normalised text (NFC, `\\n` line ends, no BOM).

    Raises NotText with a human-readable reason for empty, binary or
    undecodable input. Never raises anything else.
    """
    if not raw.strip():
        raise NotText("empty file" if not raw else "empty file (whitespace only)")
    text, encoding, confidence = _decode(raw)
    text = normalise_text(text)
    if not text.strip():
        raise NotText("empty file (whitespace only)")
    controls = _control_characters(text, allowed="\n\t")
    if controls / len(text) > MAX_CONTROL_CHAR_RATIO:
        raise NotText(f"binary file ({controls} control characters in {len(text)} decoded)")
    return DecodedText(text=text, encoding=encoding, confidence=round(confidence, 3))


def normalise_text(text: str) -> str:
    """Unicode NFC, `\\n` line ends, no BOM, no NUL: the form every later stage sees."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return unicodedata.normalize("NFC", text)


def _decode(raw: bytes) -> tuple[str, str, float]:
    """The text, the encoding it was read in, and the confidence of that reading."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _strict(raw, encoding), encoding, 1.0
    if b"\x00" in raw[:BINARY_SNIFF_BYTES]:
        encoding = _utf16_byte_order(raw)
        text = _utf16_text(raw, encoding) if encoding else None
        if text is None:
            raise NotText("binary file (contains NUL bytes)")
        return text, encoding, _clean_share(text)
    try:
        return raw.decode("utf-8"), "utf-8", 1.0
    except UnicodeDecodeError:
        pass
    return _best_legacy_reading(raw)


def _strict(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding, errors="strict")
    except UnicodeDecodeError as exc:
        raise NotText(f"undecodable as {encoding}: {exc.reason} at byte {exc.start}") from exc


def _utf16_byte_order(raw: bytes) -> str | None:
    """`utf-16-le` / `utf-16-be` when the NUL bytes all sit on one side of each byte pair, else None."""
    if len(raw) % 2:
        return None
    sample = raw[:BINARY_SNIFF_BYTES]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    pairs = len(sample) // 2
    # Binary data has NULs on both sides; a rare character such as U+2000 may put one on the other side.
    if odd >= UTF16_MIN_NUL_SHARE * pairs and even * 10 <= odd:
        return "utf-16-le"
    if even >= UTF16_MIN_NUL_SHARE * pairs and odd * 10 <= even:
        return "utf-16-be"
    return None


def _utf16_text(raw: bytes, encoding: str) -> str | None:
    """The bytes read as UTF-16, or None when that reading is not text (binary data that looked the part)."""
    try:
        text = raw.decode(encoding, errors="strict")
    except UnicodeDecodeError:
        return None
    return None if _control_share(text) > MAX_CONTROL_CHAR_RATIO else text


def _control_share(text: str) -> float:
    return _control_characters(text, allowed="\n\t\r") / max(len(text), 1)


def _control_characters(text: str, allowed: str) -> int:
    """How many control characters `text` holds, not counting those in `allowed`."""
    # Each allowed control character's occurrences were all matched once, so they come off the total.
    allowed_controls = (char for char in allowed if _CONTROL_CHARACTER.fullmatch(char))
    return len(_CONTROL_CHARACTER.findall(text)) - sum(text.count(char) for char in allowed_controls)


def _best_legacy_reading(raw: bytes) -> tuple[str, str, float]:
    readings: list[tuple[int, float, str, str]] = []  # (implausible characters, mess ratio, encoding, text)
    seen: set[str] = set()
    for encoding in LEGACY_ENCODINGS:
        try:
            text = raw.decode(encoding, errors="strict")
        except UnicodeDecodeError:
            continue
        if text in seen:  # an earlier (preferred) encoding reads these bytes the same
            continue
        seen.add(text)
        judged = text[:JUDGED_CHARACTERS]
        readings.append((_implausible_characters(judged), mess_ratio(judged, 1.0), encoding, text))
    if not readings:
        raise NotText("undecodable: no common text encoding fits these bytes")
    fewest = min(reading[0] for reading in readings)
    cleanest = [reading for reading in readings if reading[0] == fewest]
    least_mess = min(reading[1] for reading in cleanest)
    _, mess, encoding, text = next(reading for reading in cleanest if reading[1] <= least_mess + MESS_MARGIN)
    return text, encoding, max(0.0, 1.0 - mess)


def _clean_share(text: str) -> float:
    return max(0.0, 1.0 - mess_ratio(text[:JUDGED_CHARACTERS], 1.0))


def _implausible_characters(text: str) -> int:
    """Characters and words a reader would take for mojibake.

    Control, private-use and unassigned characters; a symbol wedged between
    two letters (`spotka³em`) or stuck before a lower-case letter (`£odzi`,
    while `°C` and `m²` are fine); `¿` / `¡` right after a letter; half-width
    katakana (a legacy form, the mark of single-byte text read as Shift_JIS);
    and words mixing Latin letters with another script (`Russia抯`).
    """
    count = 0
    last = len(text) - 1
    for index, char in enumerate(text):
        if char.isascii():
            continue
        category = unicodedata.category(char)
        before = text[index - 1] if index else " "
        after = text[index + 1] if index < last else " "
        if category in ("Cc", "Co", "Cn", "Cs"):
            count += 1
        elif category[0] == "S" or category == "No":
            count += (before.isalpha() and after.isalpha()) or after.islower()
        elif char in "¿¡":
            count += before.isalpha()
        elif "\uff61" <= char <= "\uff9f":
            count += 1
    for word in text.split():
        if not word.isascii() and _mixes_latin_with_another_script(word):
            count += 1
    return count


def _mixes_latin_with_another_script(word: str) -> bool:
    scripts = {unicodedata.name(char, "").split(" ", 1)[0] for char in word if char.isalpha()}
    return "LATIN" in scripts and not scripts.isdisjoint(_OTHER_SCRIPTS)
