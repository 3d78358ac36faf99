"""Date expressions in a parsed article, resolved to calendar dates.

Plain Python over a spaCy ``Doc``; no Dagster here. Candidate spans come from
token patterns (a spaCy ``Matcher``), helped by the model's DATE entities for
bare years; the text is never scanned as a whole, so the verb "may" is not
taken for May. dateparser parses each span against a base date.

Shapes recognised (``granularity`` is what was written, and ``value`` is the
first day of it):

* day: ``November 4``, ``Monday, November 4, 2024``, ``4 November 2024``,
  ``Nov. 4th``, ``2024-11-04``, weekdays (``Monday``, ``last Friday``),
  ``yesterday`` / ``today`` / ``tomorrow``, ``two days ago``;
  ``last week`` / ``this week`` / ``next week`` and ``N weeks ago`` become
  the Monday of that week (the contract has no week granularity);
* month: ``February 2022``, ``in May`` (a bare month only after a
  preposition, or, except May, when the model tags it as a date:
  ``March was the deadliest month``), ``last month``;
* year: a four-digit year the model tags as a date (``2024``, ``early
  2023``), ``last year``;
* decade: ``1970s`` (dateparser does not know decades; read here).

Resolution
----------
An expression that gives its year is absolute. One without (``November 2``,
``in May``) or relative to now (``Monday``, ``last week``) is resolved
against the publication date or, when there is none, the nearest absolute
date in the article (the closest one before it, else the closest after). A
relative expression needs a base at least as precise as itself ("Monday"
against "November 2024" would be a guess) and is skipped otherwise, as is
everything when there is no base at all.

Against a publication date, a date written without a year is the latest
one no more than three months after publication (``LOOKAHEAD``): "December
28" in a piece from January 3 is last December, "March" is the coming one,
"May 5" in a piece from November is the May just gone. A bare weekday is the most recent such day on or before
the base: dateparser, told to prefer the past, puts "Monday" a week back when
the base itself is a Monday.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import numpy
from dateparser.date import DateDataParser
from spacy.attrs import LOWER, SHAPE
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

__all__ = ["DateMention", "extract_dates"]

GRANULARITIES: Final = ("day", "month", "year", "decade")
# dateparser's period -> our granularity; weeks are reported by their Monday.
GRANULARITY_OF_PERIOD: Final[dict[str, str]] = {
    "time": "day", "day": "day", "week": "day", "month": "month", "year": "year",
}
# Abbreviations that are also words or names ("Mar", "Jun") need their full stop.
MONTHS: Final = (
    "january", "jan", "jan.", "february", "feb", "feb.", "march", "mar.", "april", "apr",
    "apr.", "may", "june", "jun.", "july", "jul.", "august", "aug", "aug.", "september",
    "sep", "sep.", "sept", "sept.", "october", "oct", "oct.", "november", "nov", "nov.",
    "december", "dec", "dec.",
)
WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A bare month is a date only after one of these ("in May", not "May we").
MONTH_PREPOSITIONS: Final = frozenset(
    {"in", "since", "by", "until", "till", "from", "during", "through", "early", "late", "mid",
     "before", "after", "of", "last", "next", "this", "between", "and", "to"}
)
RELATIVE_WORDS: Final = ("yesterday", "today", "tomorrow")
PERIOD_NOUNS: Final = ("week", "month", "year")
AGO_UNITS: Final = ("day", "days", "week", "weeks", "month", "months", "year", "years")

_MONTH = {"LOWER": {"IN": list(MONTHS)}, "IS_TITLE": True}
_WEEKDAY = {"LOWER": {"IN": list(WEEKDAYS)}, "IS_TITLE": True}
_DAY = {"TEXT": {"REGEX": r"^(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?$"}}
_YEAR = {"TEXT": {"REGEX": r"^(1[89]|20)\d\d$"}}
_COMMA = {"TEXT": ","}

# Pattern label -> how the expression is anchored.
ABSOLUTE: Final = "absolute"  # gives its year
PARTIAL: Final = "partial"  # month and day without a year
RELATIVE: Final = "relative"  # counted from the base date
WEEKDAY: Final = "weekday"  # relative, snapped to on-or-before the base
BARE_MONTH: Final = "bare_month"  # a month without a year; see _bare_month_is_date
DECADE: Final = "decade"

_MONTH_DAY_FORMS = ([_MONTH, _DAY], [_DAY, _MONTH])
_PATTERNS: Final[dict[str, list[list[dict]]]] = {
    ABSOLUTE: [
        *(form + year for form in _MONTH_DAY_FORMS for year in ([_YEAR], [_COMMA, _YEAR])),
        *([_WEEKDAY, *prefix, *form, *year] for form in _MONTH_DAY_FORMS
          for prefix in ([], [_COMMA]) for year in ([_YEAR], [_COMMA, _YEAR])),
        [_MONTH, _YEAR],
        [_YEAR, {"TEXT": "-"}, {"TEXT": {"REGEX": r"^\d\d$"}}, {"TEXT": "-"}, {"TEXT": {"REGEX": r"^\d\d$"}}],
        # A bare year is only a date when the model says so ("2024", not "2024 votes").
        [{**_YEAR, "ENT_TYPE": "DATE"}],
    ],
    PARTIAL: [
        *_MONTH_DAY_FORMS,
        *([_WEEKDAY, *prefix, *form] for form in _MONTH_DAY_FORMS for prefix in ([], [_COMMA])),
    ],
    BARE_MONTH: [[_MONTH]],
    WEEKDAY: [[_WEEKDAY]],
    RELATIVE: [
        [{"LOWER": {"IN": list(RELATIVE_WORDS)}}],
        [{"LOWER": {"IN": ["last", "this", "next"]}}, {"LOWER": {"IN": list(PERIOD_NOUNS)}}],
        [{"LOWER": {"IN": ["last", "next"]}}, _WEEKDAY],
        [{"LOWER": {"IN": ["a", "an"]}}, {"LOWER": {"IN": list(AGO_UNITS)}}, {"LOWER": "ago"}],
        [{"LIKE_NUM": True}, {"LOWER": {"IN": list(AGO_UNITS)}}, {"LOWER": "ago"}],
    ],
    DECADE: [[{"TEXT": {"REGEX": r"^(1[89]|20)\d0s$"}}]],
}
# News mostly reports what has happened and what is about to: a date written
# without its year is taken as the latest one at most this far after the base.
LOOKAHEAD: Final = datetime.timedelta(days=90)
_FINENESS: Final = {granularity: rank for rank, granularity in enumerate(GRANULARITIES)}


@dataclass(frozen=True)
class DateMention:
    text: str
    start_char: int
    end_char: int
    value: datetime.date
    granularity: str  # 'day' | 'month' | 'year' | 'decade'


@dataclass(frozen=True)
class _Base:
    value: datetime.date
    granularity: str


def extract_dates(doc: Doc, published: datetime.date | None) -> list[DateMention]:
    """Every date expression in ``doc`` that can be resolved, in text order."""
    candidates = _candidate_spans(doc)
    absolutes = []
    for span in candidates:
        if span.label_ in (ABSOLUTE, DECADE):
            mention = _resolve(span, None)
            if mention is not None:
                absolutes.append(mention)
    mentions = list(absolutes)
    for span in candidates:
        if span.label_ in (ABSOLUTE, DECADE):
            continue
        base = _Base(published, "day") if published is not None else _nearest_anchor(span, absolutes)
        if base is None:
            continue  # nothing to resolve against: skip rather than guess
        mention = _resolve(span, base)
        if mention is not None:
            mentions.append(mention)
    return sorted(mentions, key=lambda mention: mention.start_char)


@lru_cache(maxsize=4)
def _matcher(vocab: Vocab) -> Matcher:
    # Built once per vocabulary: compiling the patterns costs more than matching one article.
    matcher = Matcher(vocab)
    for label, patterns in _PATTERNS.items():
        matcher.add(label, patterns)
    return matcher


def _candidate_spans(doc: Doc) -> list[Span]:
    matcher = _matcher(doc.vocab)
    spans = [
        span
        for start, end in _windows_around_anchors(doc)
        for span in matcher(doc[start:end], as_spans=True)
        if span.label_ != BARE_MONTH or _bare_month_is_date(span)
    ]
    # Longest wins: "Monday, November 4, 2024" over "Monday" and "November 4".
    return filter_spans(spans)


# Every pattern holds one of these words, or a token shaped like a year or a decade.
_ANCHOR_WORDS: Final = frozenset(
    (*MONTHS, *WEEKDAYS, *RELATIVE_WORDS, "ago", "last", "this", "next")
)
_ANCHOR_SHAPES: Final = ("dddd", "ddddx")
_LONGEST_PATTERN: Final = max(len(pattern) for patterns in _PATTERNS.values() for pattern in patterns)


@lru_cache(maxsize=4)
def _anchor_ids(vocab: Vocab) -> tuple[numpy.ndarray, numpy.ndarray]:
    words = [vocab.strings.add(word) for word in _ANCHOR_WORDS]
    shapes = [vocab.strings.add(form) for form in _ANCHOR_SHAPES]
    return numpy.array(words, dtype=numpy.uint64), numpy.array(shapes, dtype=numpy.uint64)


def _windows_around_anchors(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges that can hold a date: around each anchor, merged where they overlap.

    Running the matcher over these few stretches instead of the whole article
    skips most of its cost (checking every pattern at every token); the
    anchors are found with one vectorised pass over the token hashes.
    """
    if not len(doc):
        return []
    lower, shape = doc.to_array([LOWER, SHAPE]).T
    words, shapes = _anchor_ids(doc.vocab)
    anchors = numpy.flatnonzero(numpy.isin(lower, words) | numpy.isin(shape, shapes))
    windows: list[tuple[int, int]] = []
    for index in anchors.tolist():
        start, end = max(0, index - _LONGEST_PATTERN), min(len(doc), index + _LONGEST_PATTERN)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _bare_month_is_date(span: Span) -> bool:
    month = span[0]
    if month.ent_type_ not in ("", "DATE"):
        return False  # "Theresa May", "March Madness"
    before = span.doc[month.i - 1].lower_ if month.i > 0 else ""
    if before in MONTH_PREPOSITIONS:
        return True
    # The model tags a sentence-opening "May" as a date too readily ("May officials resign?").
    return month.lower_ != "may" and month.ent_type_ == "DATE" and month.pos_ == "PROPN"


def _nearest_anchor(span: Span, absolutes: list[DateMention]) -> _Base | None:
    # A decade does not say which year a "November 2" falls in.
    anchors = [mention for mention in absolutes if mention.granularity != "decade"]
    before = [mention for mention in anchors if mention.end_char <= span.start_char]
    after = [mention for mention in anchors if mention.start_char >= span.end_char]
    anchor = before[-1] if before else after[0] if after else None
    return None if anchor is None else _Base(anchor.value, anchor.granularity)


def _resolve(span: Span, base: _Base | None) -> DateMention | None:
    if span.label_ == DECADE:
        value, granularity = datetime.date(int(span.text[:4]), 1, 1), "decade"
    else:
        # Absolute dates ignore the base; any date serves to fill the parts we then drop.
        relative_base = base.value if base is not None else datetime.date(2000, 1, 1)
        parsed = _parse(span.text, relative_base)
        if parsed is None:
            return None
        value, period = parsed
        granularity = GRANULARITY_OF_PERIOD[period]
        value = _first_day(value, period)
        if base is not None:
            if span.label_ in (RELATIVE, WEEKDAY) and _FINENESS[base.granularity] > _FINENESS[granularity]:
                return None  # "Monday" against a bare "November 2024" would be a guess
            value = _adjust_to_base(span.label_, value, base)
    return DateMention(span.text, span.start_char, span.end_char, value, granularity)


@lru_cache(maxsize=4096)
def _parse(text: str, relative_base: datetime.date) -> tuple[datetime.date, str] | None:
    # Cached: the same expressions recur against the same base ("Monday", "last week", "2024").
    data = _parser(relative_base).get_date_data(text)
    if data.date_obj is None or data.period not in GRANULARITY_OF_PERIOD:
        return None
    return data.date_obj.date(), data.period


@lru_cache(maxsize=64)
def _parser(relative_base: datetime.date) -> DateDataParser:
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime.datetime.combine(relative_base, datetime.time()),
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )


def _first_day(value: datetime.date, period: str) -> datetime.date:
    """Keep what was written: "2024" is 2024-01-01, not the base's month."""
    if period == "week":
        return value - datetime.timedelta(days=value.weekday())
    if period == "month":
        return value.replace(day=1)
    if period == "year":
        return value.replace(month=1, day=1)
    return value


def _adjust_to_base(label: str, value: datetime.date, base: _Base) -> datetime.date:
    if label == WEEKDAY:
        return base.value - datetime.timedelta(days=(base.value.weekday() - value.weekday()) % 7)
    if label in (PARTIAL, BARE_MONTH) and base.granularity == "day":
        return _latest_occurrence_before(value, base.value + LOOKAHEAD)
    return value


def _latest_occurrence_before(value: datetime.date, limit: datetime.date) -> datetime.date:
    """The same month and day in the latest year that does not pass ``limit``."""
    for year in (limit.year, limit.year - 1, limit.year - 2):
        try:
            candidate = value.replace(year=year)
        except ValueError:  # February 29 outside a leap year
            continue
        if candidate <= limit:
            return candidate
    return value
