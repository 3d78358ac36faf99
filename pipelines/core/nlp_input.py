"""What spaCy reads for a document, and how what it finds maps back to the stored text.

One text per document: the title, the subtitle and the body, joined by blank
lines, so a headline's names, figures and dates are found too and the body's
full names resolve a headline's surnames. Every row found in it is mapped back
to its field (`title`, `subtitle`, `body`) with offsets into that field.

Hard-wrapped text (newswire and mail broken at a fixed width) is unwrapped
before parsing: a single line break inside a paragraph becomes a space, so a
name, a figure, a date or a sentence can run across it. Each break is replaced
by exactly one character, so offsets into the parsed text are offsets into the
stored text, and rows take their `text` from the stored field
(`field_text[start:end] == text` holds).

A text is treated as hard-wrapped when its lines are short (the longest
ordinary line at most ``MAX_WRAP_WIDTH`` characters) and most lines that are
followed by another line fill at least ``FULL_LINE_SHARE`` of that width. In
such a text a break is joined when:

* neither line is blank (a blank line ends a paragraph);
* the line before is not short (at least ``MIN_JOINED_LINE_SHARE`` of the
  width: headings, bylines, datelines and table rows are short);
* the line before does not end a sentence, or the line after starts in lower
  case (a break after a full stop changes nothing for the parser);
* the line after does not open a list item, a quotation (``>``), a heading
  (``#``) or a table row (``|``), and the line before is no heading.

Body spans given as skipped (a message's quoted replies and signature) are
blanked in the parsed text: every character but a line break becomes a space,
so the model finds nothing there and offsets stay the same.

Texts longer than the model accepts in one piece are parsed in chunks of at
most ``MAX_CHUNK_CHARS`` characters, cut at a paragraph break, else at a
sentence end, else at a space; rows keep offsets into the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final

FIELDS: Final = ("title", "subtitle", "body")
FIELD_SEPARATOR: Final = "\n\n"
MAX_WRAP_WIDTH: Final = 100
FULL_LINE_SHARE: Final = 0.6
MIN_JOINED_LINE_SHARE: Final = 0.5
MIN_WRAPPED_LINES: Final = 3
# spaCy's parser and NER need about 1 GB per 100,000 characters; the model refuses 1,000,000.
MAX_CHUNK_CHARS: Final = 100_000

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_OPENS_BLOCK = re.compile(r"^(?:[-*+•·>#|]|\d{1,3}[.)](?:\s|$)|[a-z][.)]\s)")
_CUT_POINTS: Final = (re.compile(r"\n\n"), re.compile(r"[.!?][\"'”’)\]]*\s"), re.compile(r"\s"))


@dataclass(frozen=True)
class FieldSpan:
    name: str
    start: int  # offset of the field's first character in the combined text
    end: int


@dataclass(frozen=True)
class Located:
    field: str
    start: int  # offsets into the field
    end: int


@dataclass(frozen=True)
class NlpInput:
    """A document's fields as one text for the model (`parsed`), and as stored (`original`)."""

    parsed: str
    original: str
    fields: tuple[FieldSpan, ...]

    def locate(self, start: int, end: int) -> Located | None:
        """The field holding `[start, end)` of the combined text, with offsets into it; None across fields."""
        for field in self.fields:
            if field.start <= start and end <= field.end:
                return Located(field.name, start - field.start, end - field.start)
        return None

    def field_bounds(self, name: str) -> FieldSpan:
        return next(field for field in self.fields if field.name == name)

    def chunks(self, limit: int | None = None) -> Iterator[tuple[int, str]]:
        """`(offset, text)` pieces of `parsed` no longer than `limit` (default `MAX_CHUNK_CHARS`), cut where the text allows."""
        limit = limit or MAX_CHUNK_CHARS
        start = 0
        while len(self.parsed) - start > limit:
            end = _cut_point(self.parsed, start, start + limit)
            yield start, self.parsed[start:end]
            start = end
        if start < len(self.parsed) or start == 0:
            yield start, self.parsed[start:]


def nlp_input(
    title: str | None, subtitle: str | None, body: str, skipped: Iterable[tuple[int, int]] = ()
) -> NlpInput:
    """The combined, unwrapped text of a document's present fields, in the order of `FIELDS`,
    with the `skipped` `(start, end)` spans of the body blanked."""
    values = {"title": title, "subtitle": subtitle, "body": body}
    parts, fields, offset = [], [], 0
    for name in FIELDS:
        value = values[name]
        if not value and name != "body":
            continue
        if parts:
            parts.append(FIELD_SEPARATOR)
            offset += len(FIELD_SEPARATOR)
        value = value or ""
        parts.append(value)
        fields.append(FieldSpan(name, offset, offset + len(value)))
        offset += len(value)
    original = "".join(parts)
    parsed = unwrap_lines(original)
    body_start = fields[-1].start
    for start, end in skipped:
        start, end = body_start + start, body_start + end
        parsed = parsed[:start] + re.sub(r"[^\n]", " ", parsed[start:end]) + parsed[end:]
    return NlpInput(parsed=parsed, original=original, fields=tuple(fields))


def unwrap_lines(text: str) -> str:
    """`text` with the line breaks of hard wrapping replaced by spaces (same length)."""
    lines = text.split("\n")
    width = _wrap_width(lines)
    if width is None:
        return text
    out = []
    for index, line in enumerate(lines):
        out.append(line)
        if index + 1 < len(lines):
            out.append(" " if _joins(line, lines[index + 1], width) else "\n")
    return "".join(out)


def _wrap_width(lines: list[str]) -> int | None:
    """The width a text was wrapped at, or None when it does not look hard-wrapped."""
    followed = [len(line) for line, after in zip(lines, lines[1:]) if line.strip() and after.strip()]
    if len(followed) < MIN_WRAPPED_LINES:
        return None
    width = max(followed)
    if width > MAX_WRAP_WIDTH:
        return None
    full = sum(1 for length in followed if length >= FULL_LINE_SHARE * width)
    return width if full >= len(followed) / 2 else None


def _joins(line: str, after: str, width: int) -> bool:
    if not line.strip() or not after.strip() or len(line) < MIN_JOINED_LINE_SHARE * width:
        return False
    if line.lstrip().startswith("#") or _OPENS_BLOCK.match(after.lstrip()):
        return False
    return not _SENTENCE_END.search(line.rstrip()) or after.lstrip()[:1].islower()


def _cut_point(text: str, start: int, limit: int) -> int:
    """The end of the last paragraph, sentence or word that fits in `text[start:limit]`."""
    window = text[start:limit]
    for pattern in _CUT_POINTS:
        ends = [match.end() for match in pattern.finditer(window)]
        if ends and ends[-1] > len(window) // 2:
            return start + ends[-1]
    return limit
