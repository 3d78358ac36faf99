"""Split a raw news article into header metadata and body text.

Plain Python on purpose (no Dagster imports) so it can be unit-tested and
fuzzed in isolation. Input is already-decoded text: a ``str`` with the BOM
removed and ``\\n`` line endings.

The guiding rule is "never invent a value the source does not give": when a
line is ambiguous it is left in the body and the field stays ``None``.

Header material is only looked for in the first ``HEADER_SCAN_LINES``
non-blank lines, and the header ends at the first line that is not
recognised as header material. Shapes understood:

* a lone section label (``World``) as the first line, before a headline;
* a headline line, optionally followed by a standfirst when a metadata line
  comes right after it;
* bylines (``By Jane Doe``), kept as written apart from the ``By`` prefix,
  optionally followed by a date (``By Jane Doe, November 8, 2024``);
* standalone date lines (``2024-11-04``, ``Published November 08, 2024 - 00:11am``);
* ``date 2024-11-01 <headline>`` on one line;
* newsroom-export ``Key: value`` lines (``Subject:``, ``From:``, ``Date:`` ...);
* a mail or newsgroup message's RFC 5322 header block, read as a whole by
  ``messages`` (any number of lines, folded ones too); its body's quoted replies
  and signature are returned as spans to skip.

A line opening with a newswire dateline (``datelines``) ends the header: it is
never a title or a publication date.

Times are stored as naive datetimes holding the wall-clock time *as written*
in the source: a UTC offset or zone name is dropped, not converted, so that
``published_date`` is the date the source prints.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

import dateparser

from pipelines.core.datelines import find_dateline
from pipelines.core.messages import MessageHeader, SkippedSpan, person_name, read_message_header, skipped_spans

__all__ = ["ParsedArticle", "parse_article", "tidy_text", "HEADER_SCAN_LINES"]

HEADER_SCAN_LINES: Final = 8
MAX_TITLE_CHARS: Final = 250
MAX_SUBTITLE_CHARS: Final = 400
MAX_SECTION_CHARS: Final = 30
MAX_BYLINE_CHARS: Final = 100
MAX_BYLINE_WORDS: Final = 12
# A date line is short; capping what reaches dateparser also bounds its cost
# on hostile input.
MAX_DATE_CHARS: Final = 80

_DATEPARSER_SETTINGS: Final = {
    # Refuse partial dates rather than filling gaps from "today".
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    # No relative ("yesterday") or epoch-timestamp parsing: a header date is
    # always written out in full.
    "PARSERS": ["custom-formats", "absolute-time"],
}

_HORIZONTAL_WHITESPACE = re.compile(r"[^\S\n]+")
_BLANK_LINE_RUN = re.compile(r"\n{3,}")
# From a token's first letter or digit ([^\W_]: what `str.isalnum` accepts) to its end.
_WORD_TOKEN = re.compile(r"[^\W_]\S*")

_KEY_VALUE_LINE = re.compile(r"(?P<key>[A-Za-z]+)\s*:\s*(?P<value>.*)")
_FIELD_FOR_KEY: Final = {
    "title": "title",
    "headline": "title",
    "subject": "title",
    "subtitle": "subtitle",
    "standfirst": "subtitle",
    "dek": "subtitle",
    "author": "author",
    "byline": "author",
    "by": "author",
    "from": "author",
    "section": "section",
    "category": "section",
    "date": "published_at",
    "published": "published_at",
    "posted": "published_at",
    "updated": "updated_at",
}

_BYLINE = re.compile(r"by\s+(?P<names>.+)", re.IGNORECASE)
# "By Jane Doe, November 8, 2024" / "By Jane Doe | Nov 8, 2024 10:30 AM".
_NAMES_THEN_DATE = re.compile(r"(?P<names>.+?)\s*[,|•–—-]\s*(?P<date>[^,|•–—]*\d.*)")
# Lower-case words that may appear inside a list of names ("Jane Doe and
# John Roe", "Ana de la Cruz"); any other lower-case word means a sentence.
_NAME_CONNECTORS: Final = frozenset(
    {"and", "de", "del", "der", "den", "van", "von", "da", "di", "du", "la", "le", "bin", "al", "the", "of"}
)

_DATE_LABEL = re.compile(
    r"(?:(?P<label>published|posted|updated|dated|date)\b(?:\s+on\b)?\s*:?\s*)?(?P<rest>.+)",
    re.IGNORECASE,
)
_ISO_DATE_THEN_TEXT = re.compile(r"(?P<date>\d{4}-\d{1,2}-\d{1,2})\s+(?P<text>.+)")
# 12/11/2024 or 08.11.2024: day and month cannot be told apart, so a parse
# would be a guess.
_NUMERIC_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}(?!\d)")

# A full stop/?/! plus closing quotes, whitespace, then the next word; used to
# tell a one-sentence headline from a paragraph.
_SENTENCE_BREAK = re.compile(r"(?P<word>\w*)(?P<mark>[.!?]+)[\"'”’)\]]*\s+[\"'“‘(\[]*(?P<next>\w)")
_ABBREVIATIONS: Final = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "jr", "sr", "prof", "vs", "no"}
)

_SECTION_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Two-word labels are only taken from this list: an unknown pair of
# capitalised words is more likely a short headline than a section.
_TWO_WORD_SECTIONS: Final = frozenset(
    {
        "middle east",
        "breaking news",
        "world news",
        "us news",
        "uk news",
        "local news",
        "asia pacific",
        "latin america",
        "north america",
        "real estate",
        "personal finance",
    }
)


@dataclass(frozen=True)
class ParsedArticle:
    title: str | None
    subtitle: str | None
    author: str | None
    section: str | None
    published_at: datetime | None
    body: str
    # From a message header only (see `messages`).
    published_zone: str | None = None
    published_at_utc: datetime | None = None
    newsgroups: tuple[str, ...] = ()
    organization: str | None = None
    message_id: str | None = None
    in_reply_to: str | None = None
    skipped: tuple[SkippedSpan, ...] = ()

    @property
    def published_date(self) -> date | None:
        return self.published_at.date() if self.published_at is not None else None

    @property
    def word_count(self) -> int:
        # Stray punctuation tokens ("—", "###") are not words: a word is a whitespace-separated
        # token with a letter or digit, found from its first one to the token's end.
        return len(_WORD_TOKEN.findall(self.body))


@dataclass
class _HeaderFields:
    title: str | None = None
    subtitle: str | None = None
    author: str | None = None
    section: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None

    def fill(self, updates: dict[str, str | datetime]) -> None:
        # The first value seen for a field wins; later duplicates are ignored.
        for field, value in updates.items():
            if getattr(self, field) is None:
                setattr(self, field, value)


def tidy_text(text: str) -> str:
    """NFC-normalise and tidy whitespace.

    Strips each line, collapses runs of horizontal whitespace inside a line
    to one space, collapses two or more blank lines to one, and drops
    leading/trailing blank lines. Idempotent.
    """
    normalised = unicodedata.normalize("NFC", text)
    lines = [_tidy_line(line) for line in normalised.split("\n")]
    return _BLANK_LINE_RUN.sub("\n\n", "\n".join(lines)).strip("\n")


def parse_article(text: str) -> ParsedArticle:
    """Split ``text`` into header metadata and tidied body. Never raises on a str."""
    lines = unicodedata.normalize("NFC", text).split("\n")
    message = read_message_header(lines)
    if message is not None:
        return _message_article(message, lines)
    # One extra line so the last scanned line can still look ahead.
    candidates = _first_nonblank_lines(lines, HEADER_SCAN_LINES + 1)
    metadata = [_read_metadata_line(line) for _, line in candidates]
    fields = _HeaderFields()
    body_start = 0
    title_position: int | None = None

    for position, (line_index, line) in enumerate(candidates[:HEADER_SCAN_LINES]):
        following = candidates[position + 1][1] if position + 1 < len(candidates) else None
        following_is_metadata = position + 1 < len(metadata) and metadata[position + 1] is not None

        if find_dateline(line) is not None:
            break
        if metadata[position] is not None:
            had_title = fields.title is not None
            fields.fill(metadata[position])
            if not had_title and fields.title is not None:
                title_position = position
        elif (
            position == 0
            and following is not None
            and not following_is_metadata
            and _is_section_label(line)
            and _is_headline(following)
            and len(following) > len(line)
        ):
            fields.section = line
        elif fields.title is None and following is not None and _is_headline(line):
            fields.title = line
            title_position = position
        elif (
            title_position == position - 1
            and fields.subtitle is None
            and following_is_metadata
            and _is_standfirst(line)
        ):
            fields.subtitle = line
        else:
            break
        body_start = line_index + 1

    return ParsedArticle(
        title=fields.title,
        subtitle=fields.subtitle,
        author=fields.author,
        section=fields.section,
        # "Updated" is only a fallback: it is not when the piece first ran.
        published_at=fields.published_at or fields.updated_at,
        body=tidy_text("\n".join(lines[body_start:])),
    )


def _message_article(message: MessageHeader, lines: list[str]) -> ParsedArticle:
    body = tidy_text("\n".join(lines[message.body_start :]))
    date = message.date
    return ParsedArticle(
        title=message.title,
        subtitle=None,
        author=message.author,
        section=None,
        published_at=date.wall_clock if date else None,
        body=body,
        published_zone=date.zone if date else None,
        published_at_utc=date.utc if date else None,
        newsgroups=message.newsgroups,
        organization=message.organization,
        message_id=message.message_id,
        in_reply_to=message.in_reply_to,
        skipped=tuple(skipped_spans(body)),
    )


def _tidy_line(line: str) -> str:
    return _HORIZONTAL_WHITESPACE.sub(" ", line).strip()


def _first_nonblank_lines(lines: list[str], limit: int) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        tidied = _tidy_line(line)
        if tidied:
            found.append((index, tidied))
            if len(found) == limit:
                break
    return found


def _read_metadata_line(line: str) -> dict[str, str | datetime] | None:
    """Field updates if ``line`` is a metadata line, else None.

    A recognised line whose value cannot be used (``Published: soon``)
    returns an empty dict: it is still header, it just sets nothing.
    """
    key_value = _KEY_VALUE_LINE.fullmatch(line)
    if key_value and key_value.group("key").lower() in _FIELD_FOR_KEY:
        return _read_key_value(_FIELD_FOR_KEY[key_value.group("key").lower()], key_value.group("value"))

    byline = _BYLINE.fullmatch(line)
    if byline:
        byline_fields = _read_byline(byline.group("names"))
        if byline_fields is not None:
            return byline_fields

    labelled = _DATE_LABEL.fullmatch(line)
    if labelled is None:
        return None
    label = (labelled.group("label") or "").lower()
    rest = labelled.group("rest")

    parsed = _parse_date(rest)
    if parsed is not None:
        return {"updated_at" if label == "updated" else "published_at": parsed}

    # "date 2024-11-01 <headline>": a date and the headline on one line.
    date_then_title = _ISO_DATE_THEN_TEXT.fullmatch(rest)
    if date_then_title and _is_headline(date_then_title.group("text")):
        leading_date = _parse_date(date_then_title.group("date"))
        if leading_date is not None:
            return {"published_at": leading_date, "title": date_then_title.group("text")}
    return None


def _read_byline(names: str) -> dict[str, str | datetime] | None:
    if _looks_like_names(names):
        return {"author": names}
    names_then_date = _NAMES_THEN_DATE.fullmatch(names)
    if names_then_date is None or not _looks_like_names(names_then_date.group("names")):
        return None
    published_at = _parse_date(names_then_date.group("date"))
    if published_at is None:
        return None
    return {"author": names_then_date.group("names"), "published_at": published_at}


def _read_key_value(field: str, value: str) -> dict[str, str | datetime]:
    if not value:
        return {}
    if field in ("published_at", "updated_at"):
        parsed = _parse_date(value)
        return {field: parsed} if parsed is not None else {}
    if field == "author":
        value = _clean_author(value)
    return {field: value} if value else {}


def _clean_author(value: str) -> str:
    # "Byline: By Jane Doe" and "From: Jane Doe <jane@example.com>".
    byline = _BYLINE.fullmatch(value)
    if byline:
        value = byline.group("names")
    if "@" in value:  # an address is no name: "Jane Doe <jane@…>", "jane@… (Jane Doe)", or none at all
        return person_name(value) or ""
    return value


def _looks_like_names(names: str) -> bool:
    """True for "Jane Doe", "Jane Doe and John Roe", "Jane Doe, Reuters";
    False for a sentence that happens to start with "By"."""
    words = names.split()
    if len(names) > MAX_BYLINE_CHARS or len(words) > MAX_BYLINE_WORDS:
        return False
    if not any(char.isupper() for char in words[0]):
        return False
    return all(_is_name_word(word) for word in words)


def _is_name_word(word: str) -> bool:
    if word.lower() in _NAME_CONNECTORS or not any(char.isalnum() for char in word):
        return True
    # Digits mean a date or count, not a name.
    return any(char.isupper() for char in word) and not any(char.isdigit() for char in word)


def _parse_date(text: str) -> datetime | None:
    if len(text) > MAX_DATE_CHARS or not any(char.isdigit() for char in text):
        return None
    numeric = _NUMERIC_DAY_MONTH.search(text)
    if numeric and numeric.group(1) != numeric.group(2) and max(int(numeric.group(1)), int(numeric.group(2))) <= 12:
        return None
    try:
        return dateparser.parse(text, languages=["en"], settings=_DATEPARSER_SETTINGS)
    except Exception:  # noqa: BLE001 - dateparser can raise on odd input; an unparseable date is simply absent
        return None


def _is_headline(line: str) -> bool:
    """A single sentence of at most MAX_TITLE_CHARS that is not a markdown heading."""
    if len(line) > MAX_TITLE_CHARS or line.startswith("#") or not any(char.isalpha() for char in line):
        return False
    return not _has_sentence_break(line)


def _is_standfirst(line: str) -> bool:
    # A dek may run to two sentences, so only length and shape are checked.
    return len(line) <= MAX_SUBTITLE_CHARS and not line.startswith("#") and any(char.isalpha() for char in line)


def _has_sentence_break(line: str) -> bool:
    for match in _SENTENCE_BREAK.finditer(line):
        next_char = match.group("next")
        if not (next_char.isupper() or next_char.isdigit()):
            continue
        word = match.group("word")
        # "U.S. Troops", "Gen. Smith": a full stop after an initial or a
        # title is not the end of a sentence.
        if match.group("mark") == "." and (len(word) == 1 or word.lower() in _ABBREVIATIONS):
            continue
        return True
    return False


def _is_section_label(line: str) -> bool:
    words = line.split()
    if not 1 <= len(words) <= 2 or len(line) > MAX_SECTION_CHARS:
        return False
    if not all(_SECTION_WORD.fullmatch(word) and (word.istitle() or word.isupper()) for word in words):
        return False
    return len(words) == 1 or line.lower() in _TWO_WORD_SECTIONS
