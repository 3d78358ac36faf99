"""A document's text, and the metadata its source gives in its own structure.

A plain text file carries its metadata in header lines, which `headers.py`
reads. Exports (a column per field) and saved web pages (their `<meta>` tags)
name their metadata outright; those values go straight into `documents`
instead of being guessed again from the text. `FIELDS` is the one list of
such fields; exports and web pages fill them, `documents.py` reads them.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

import dateparser

# What a source may name outright. `published` is kept as written and parsed
# by `parse_published`; `language` is kept for the language column (ISO 639-1
# when the source gives it so).
FIELDS = ("title", "author", "published", "section", "url", "outlet", "language")

# Same rules as header dates: a full date or nothing, wall-clock time as written (offsets dropped).
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PARSERS": ["custom-formats", "absolute-time"],
}
MAX_DATE_CHARS = 80


@dataclass(frozen=True)
class DocumentText:
    """The text a document is made of, how it was decoded, and the fields its source names (empty for plain text)."""

    text: str
    encoding: str | None
    confidence: float | None = 1.0
    fields: Mapping[str, str] = field(default_factory=dict)

    def fields_json(self) -> str | None:
        """The fields as stored in `document_texts.fields`: a JSON object, NULL when there are none."""
        return json.dumps(dict(sorted(self.fields.items())), ensure_ascii=False) if self.fields else None

    @staticmethod
    def fields_from_json(stored: str | None) -> dict[str, str]:
        return json.loads(stored) if stored else {}


def normalise_text(text: str) -> str:
    """What the decoder does to a file's text, for text that came from a column or a page: NFC, `\\n` line ends."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_fields(values: Mapping[str, object]) -> dict[str, str]:
    """The recognised fields with a non-blank value, as single-line strings (lists joined with commas)."""
    cleaned = {}
    for name in FIELDS:
        value = values.get(name)
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(item).strip() for item in value if item is not None and str(item).strip())
        elif isinstance(value, datetime):
            value = value.isoformat(sep=" ")
        if value is None:
            continue
        text = " ".join(str(value).split())
        if text:
            cleaned[name] = unicodedata.normalize("NFC", text)
    return cleaned


def parse_published(value: str | None) -> datetime | None:
    """A publication time as an export or a page writes it (ISO 8601, RFC 822 `pubDate`, `5 March 2024`), else None."""
    if not value or len(value) > MAX_DATE_CHARS or not any(char.isdigit() for char in value):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = dateparser.parse(value, languages=["en"], settings=_DATEPARSER_SETTINGS)
        except Exception:  # noqa: BLE001 - dateparser can raise on odd input; an unparseable date is simply absent
            return None
    return parsed.replace(tzinfo=None) if parsed else None
