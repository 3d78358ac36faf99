"""Mail and newsgroup messages: a leading RFC 5322 header block, quoted replies and signatures.

Plain Python (no Dagster imports), unit-tested and fuzzed on its own. The
stdlib ``email`` package does the RFC work: encoded words are decoded with
``email.header``, ``From`` is split with ``email.utils.getaddresses`` and
``Date`` read with ``email.utils.parsedate_tz`` (weekday optional; 2-digit
years 69-99 are 19xx, 00-68 20xx). Named zones beyond the
few RFC 822 ones (``CET``, ``BST``, ``MET DST``) come from dateparser's
timezone table.

A text is read as a message only when it *starts* with a header block:

* every line up to the first blank one is a field (``Name: value``, the name
  printable ASCII without a colon, any case) or a folded continuation (a line
  starting with a space or tab); an mbox ``From `` separator may come first;
* the block has at least ``MIN_FIELDS`` fields, one of them a content field
  (``From``, ``Subject``, ``Date``, ``Newsgroups``) and one a field only mail
  and news carry (``Message-ID``, ``Path``, ``Newsgroups``, ``Received``,
  ``X-…`` …). A newsroom export's ``Subject:`` / ``Date:`` lines without
  transport fields stay with the line-based header parser.

What a message gives (never a value it does not hold):

* ``Subject`` is the title without ``Re:`` / ``Fwd:`` / ``Fw:`` / ``AW:``
  chains (``Re[2]:`` too); an empty one gives no title;
* ``From`` gives the author only as a person's name, from ``addr (Name)`` or
  ``Name <addr>``; an address alone gives none;
* ``Date`` gives the wall-clock time as written (the project's rule for
  ``published_at``), the zone as written and the UTC instant when the zone is
  known; an unparsable date gives none of them;
* ``Newsgroups`` (a list), ``Organization``, ``Message-ID`` and the message it
  replies to (``In-Reply-To``, else the last of ``References``) are kept.

In the body, quoted reply lines (``> …``, with the attribution line that
introduces them: ``… writes:`` / ``… wrote:``) and the signature (from a
``--`` line to the end, when at most ``MAX_SIGNATURE_LINES`` lines follow)
stay in the text but are returned as spans, so extraction can skip them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_tz
from typing import Final

from dateparser.timezone_parser import pop_tz_offset_from_string

__all__ = ["MessageHeader", "person_name", "SkippedSpan", "QUOTE", "SIGNATURE", "read_message_header", "skipped_spans", "parse_message_date"]

MIN_FIELDS: Final = 2
MAX_HEADER_LINES: Final = 200
MAX_FIELD_CHARS: Final = 2000
MAX_SIGNATURE_LINES: Final = 15
QUOTE, SIGNATURE = "quote", "signature"

_FIELD_LINE = re.compile(r"(?P<name>[!-9;-~]{1,76}):[ \t]*(?P<value>.*)")
_MBOX_SEPARATOR = re.compile(r"From \S+ .*\d")
_CONTENT_FIELDS: Final = frozenset({"from", "subject", "date", "newsgroups"})
_TRANSPORT_FIELDS: Final = frozenset(
    {
        "message-id",
        "path",
        "newsgroups",
        "xref",
        "references",
        "in-reply-to",
        "received",
        "return-path",
        "mime-version",
        "content-type",
        "content-transfer-encoding",
        "lines",
        "organization",
        "to",
        "cc",
        "sender",
        "reply-to",
        "nntp-posting-host",
        "followup-to",
        "distribution",
        "user-agent",
    }
)
_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|aw|wg|sv|vs|tr)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*)+", re.IGNORECASE)
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_COMMENT = re.compile(r"\([^()]*\)")
_ZONE_TOKEN = re.compile(r"(?:[+-]\d{4}|[A-Za-z]{1,5}(?:\s+DST)?)$")
_QUOTE_LINE = re.compile(r"[ \t]*>")
_ATTRIBUTION = re.compile(r".*\b(?:writes|wrote|said|schrieb|a écrit)\s*:\s*$", re.IGNORECASE)
_SIGNATURE_SEPARATOR = re.compile(r"--[ \t]*")


@dataclass(frozen=True)
class MessageDate:
    wall_clock: datetime  # as written, without its zone
    zone: str | None  # as written: "GMT", "-0500", "MET DST"
    utc: datetime | None  # the instant in UTC (naive) when the zone is known


@dataclass(frozen=True)
class MessageHeader:
    title: str | None
    author: str | None
    date: MessageDate | None
    newsgroups: tuple[str, ...]
    organization: str | None
    message_id: str | None
    in_reply_to: str | None
    body_start: int  # index of the first line after the header block (and its blank line)


@dataclass(frozen=True)
class SkippedSpan:
    kind: str  # QUOTE or SIGNATURE
    start: int
    end: int


def read_message_header(lines: list[str]) -> MessageHeader | None:
    """The message header at the start of `lines`, or None when the text is no message."""
    start = next((index for index, line in enumerate(lines) if line.strip()), None)
    if start is None:
        return None
    if _MBOX_SEPARATOR.match(lines[start]):
        start += 1
    fields: list[tuple[str, str]] = []
    index = start
    while index < len(lines) and index - start < MAX_HEADER_LINES:
        line = lines[index]
        if not line.strip():
            index += 1  # the blank line closing the block
            break
        if line[:1] in (" ", "\t") and fields:
            name, value = fields[-1]
            fields[-1] = (name, f"{value} {line.strip()}"[:MAX_FIELD_CHARS])
        elif (match := _FIELD_LINE.fullmatch(line.rstrip())) is not None:
            fields.append((match["name"].lower(), match["value"].strip()[:MAX_FIELD_CHARS]))
        else:
            break  # no blank line after the block: the body starts here
        index += 1
    names = {name for name, _ in fields}
    transport = any(name in _TRANSPORT_FIELDS or name.startswith("x-") for name in names)
    if len(fields) < MIN_FIELDS or not names & _CONTENT_FIELDS or not transport:
        return None
    first = {}
    for name, value in fields:
        first.setdefault(name, _decoded(value))
    references = _MESSAGE_ID.findall(first.get("references", ""))
    return MessageHeader(
        title=_title(first.get("subject", "")),
        author=person_name(first.get("from", "")),
        date=parse_message_date(first.get("date", "")),
        newsgroups=tuple(group for group in re.split(r"[\s,]+", first.get("newsgroups", "")) if group),
        organization=first.get("organization") or None,
        message_id=first.get("message-id") or None,
        in_reply_to=next(iter(_MESSAGE_ID.findall(first.get("in-reply-to", ""))), None) or (references[-1] if references else None),
        body_start=index,
    )


def parse_message_date(value: str) -> MessageDate | None:
    """A ``Date`` value with its zone: ``1 Apr 93 10:00:29 GMT``, ``Thu, 01 Apr 1993 10:00:29 -0500 (EST)``."""
    text = _COMMENT.sub(" ", value).strip()
    if not text or len(text) > 80:
        return None
    parsed = parsedate_tz(text)
    if parsed is None:
        return None
    try:
        wall_clock = datetime(*parsed[:6])
    except (ValueError, OverflowError):
        return None
    zone_match = _ZONE_TOKEN.search(text)
    zone = zone_match.group(0) if zone_match and not zone_match.group(0).isdigit() else None
    offset = timedelta(seconds=parsed[9]) if parsed[9] is not None and zone is not None else None
    if zone is not None and not zone[0] in "+-":
        _, info = pop_tz_offset_from_string(text)
        offset = info.utcoffset(None) if info is not None else None
        zone = zone if info is not None else None
    utc = wall_clock - offset if offset is not None else None
    return MessageDate(wall_clock, zone, utc)


def skipped_spans(body: str) -> list[SkippedSpan]:
    """Quoted reply blocks (with their attribution line) and the signature in a message `body`."""
    lines = body.split("\n")
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    spans: list[SkippedSpan] = []
    signature_line = next(
        (i for i in range(len(lines) - 1, -1, -1) if _SIGNATURE_SEPARATOR.fullmatch(lines[i])), None
    )
    if signature_line is not None and len(lines) - signature_line - 1 > MAX_SIGNATURE_LINES:
        signature_line = None
    end_of_text = signature_line if signature_line is not None else len(lines)
    index = 0
    while index < end_of_text:
        if not _QUOTE_LINE.match(lines[index]):
            index += 1
            continue
        first = index
        if first > 0 and _ATTRIBUTION.match(lines[first - 1]):
            first -= 1
        while index < end_of_text and (_QUOTE_LINE.match(lines[index]) or (not lines[index].strip() and _next_is_quote(lines, index, end_of_text))):
            index += 1
        spans.append(SkippedSpan(QUOTE, starts[first], starts[index - 1] + len(lines[index - 1])))
    if signature_line is not None:
        spans.append(SkippedSpan(SIGNATURE, starts[signature_line], len(body)))
    return spans


def _next_is_quote(lines: list[str], index: int, end: int) -> bool:
    # A blank line between two quoted paragraphs keeps them one block.
    return index + 1 < end and bool(_QUOTE_LINE.match(lines[index + 1]))


def _decoded(value: str) -> str:
    """`value` with RFC 2047 encoded words (``=?utf-8?q?…?=``) decoded; as written when they are malformed."""
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value))).strip()
    except Exception:  # noqa: BLE001 - a malformed encoded word is kept as written
        return value


def _title(subject: str) -> str | None:
    return _REPLY_PREFIX.sub("", subject).strip() or None


def person_name(from_value: str) -> str | None:
    """The person's name in a ``From`` value; None for an address alone."""
    try:
        addresses = getaddresses([from_value])
    except Exception:  # noqa: BLE001 - an unreadable address gives no author
        return None
    names = [name.strip().strip('"').strip() for name, _ in addresses]
    names = [name for name in names if name and "@" not in name and any(char.isalpha() for char in name)]
    return ", ".join(names) if names else None
