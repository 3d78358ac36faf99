"""Where the date expressions are in a parsed article: candidate spans, checked against the parse.

Token patterns (a spaCy ``Matcher``) propose spans; each is kept only when
its context makes it a date (the rules are listed in ``dates``). The text is
never scanned as a whole, so the verb "may" is not taken for May. Each
candidate carries its kind (how it is anchored in time) and the text
dateparser should read; ``dates`` resolves them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import numpy
from spacy.attrs import LOWER, SHAPE
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab
from text_to_num import alpha2digit

from pipelines.core.date_numbers import (
    LEFTOVER_PUNCTUATION, YEAR_PATTERN, day_of_month, is_year, number_text, year_is_in_longer_number,
)
from pipelines.core.nlp import string_ids

__all__ = [
    "ABSOLUTE", "BARE_MONTH", "DECADE", "MONTH_OF_RELATIVE_YEAR", "MONTH_OF_THAT_YEAR", "PARTIAL", "RELATIVE",
    "SHIFTED_MONTH", "WEEKDAY", "Candidate", "CoordinatedDay", "find_candidates",
]

# Abbreviations that are also words or names ("Mar", "Jun") need their full stop.
MONTHS: Final = (
    "january", "jan", "jan.", "february", "feb", "feb.", "march", "mar.", "april", "apr",
    "apr.", "may", "june", "jun.", "july", "jul.", "august", "aug", "aug.", "september",
    "sep", "sep.", "sept", "sept.", "october", "oct", "oct.", "november", "nov", "nov.",
    "december", "dec", "dec.",
)
WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
PARTS_OF_DAY: Final = ("morning", "afternoon", "evening", "night")
# A bare month is a date only after one of these ("in May", not "May we").
MONTH_PREPOSITIONS: Final = frozenset(
    {"in", "since", "by", "until", "till", "from", "during", "through", "early", "late", "mid",
     "before", "after", "of", "between", "and", "to"}
)
# Words before a weekday or month that make it recurring, not one date.
RECURRENCE_WORDS: Final = frozenset({"every", "each"})
# Words that may modify a weekday without making it a name ("Last Sunday", not "Bloody Sunday").
WEEKDAY_MODIFIERS: Final = frozenset({"last", "next", "this", "early", "late", "coming", "same"})
RELATIVE_WORDS: Final = ("yesterday", "today", "tomorrow")
PERIOD_NOUNS: Final = ("month", "year")
AGO_UNITS: Final = ("day", "days", "month", "months", "year", "years")
SHIFT_WORDS: Final = ("last", "next", "this")
# Words joining coordinated days: "9 and 16 August", "August 3, 10 and 17", "12-14 June".
DAY_COORDINATORS: Final = frozenset({"and", "or", "&", ",", "-", "–", "to", "through"})

_MONTH = {"LOWER": {"IN": list(MONTHS)}, "IS_TITLE": True}
_WEEKDAY = {"LOWER": {"IN": list(WEEKDAYS)}, "IS_TITLE": True}
_PART_OF_DAY = {"LOWER": {"IN": list(PARTS_OF_DAY)}}
_SHIFT = {"LOWER": {"IN": list(SHIFT_WORDS)}}
_DAY = {"TEXT": {"REGEX": r"^(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?" + LEFTOVER_PUNCTUATION + "$"}}
_DAY_WORD = {"IS_ALPHA": True, "LIKE_NUM": True}  # "six", "sixth"; checked by day_of_month
_YEAR = {"TEXT": {"REGEX": YEAR_PATTERN}}
_COMMA = {"TEXT": ","}

# Pattern label -> how the expression is anchored.
ABSOLUTE: Final = "absolute"  # gives its year
PARTIAL: Final = "partial"  # month and day without a year
RELATIVE: Final = "relative"  # counted from the base date by dateparser
WEEKDAY: Final = "weekday"  # a bare weekday, placed by the clause's direction
BARE_MONTH: Final = "bare_month"  # a month without a year; see _bare_month_is_date
SHIFTED_MONTH: Final = "shifted_month"  # "last August", "next November", "this coming June"
MONTH_OF_RELATIVE_YEAR: Final = "month_of_relative_year"  # "June last year"
MONTH_OF_THAT_YEAR: Final = "month_of_that_year"  # "June of that year": the year the text last named
DECADE: Final = "decade"

_DAY_FORMS = ([_DAY], [_DAY_WORD], [_DAY_WORD, _DAY_WORD], [_DAY_WORD, {"TEXT": "-"}, _DAY_WORD])
_MONTH_DAY_FORMS = (
    *([_MONTH, *day] for day in _DAY_FORMS),  # November 4, June nine
    *([_MONTH, {"LOWER": "the"}, *day] for day in _DAY_FORMS),  # May the sixth
    *([*day, {"LOWER": "of"}, _MONTH] for day in _DAY_FORMS),  # the sixth of May
    [_DAY, _MONTH],  # 4 November
)
_WEEKDAY_PREFIXES = ([_WEEKDAY], [_WEEKDAY, _COMMA])
_PATTERNS: Final[dict[str, list[list[dict]]]] = {
    ABSOLUTE: [
        *([*prefix, *form, *year] for form in _MONTH_DAY_FORMS for prefix in ([], *_WEEKDAY_PREFIXES)
          for year in ([_YEAR], [_COMMA, _YEAR])),
        [_MONTH, _YEAR],
        [_YEAR, {"TEXT": "-"}, {"TEXT": {"REGEX": r"^\d\d$"}}, {"TEXT": "-"}, {"TEXT": {"REGEX": r"^\d\d$"}}],
        [_YEAR],  # checked by date_numbers.is_year
    ],
    PARTIAL: [[*prefix, *form] for form in _MONTH_DAY_FORMS for prefix in ([], *_WEEKDAY_PREFIXES)],
    BARE_MONTH: [[_MONTH]],
    WEEKDAY: [[_WEEKDAY], [_WEEKDAY, _PART_OF_DAY]],
    RELATIVE: [
        [{"LOWER": {"IN": list(RELATIVE_WORDS)}}],
        [{"LOWER": {"IN": list(RELATIVE_WORDS)}}, _PART_OF_DAY],
        [{"LOWER": "tonight"}],
        [{"LOWER": "last"}, {"LOWER": "night"}],
        [{"LOWER": "this"}, {"LOWER": {"IN": ["morning", "afternoon", "evening"]}}],
        [_SHIFT, {"LOWER": {"IN": list(PERIOD_NOUNS)}}],
        [_SHIFT, _WEEKDAY],
        [_SHIFT, _WEEKDAY, _PART_OF_DAY],
        [{"LOWER": "this"}, {"LOWER": {"IN": ["coming", "past"]}}, _WEEKDAY],
        [{"LOWER": {"IN": ["a", "an"]}}, {"LOWER": {"IN": list(AGO_UNITS)}}, {"LOWER": "ago"}],
        [{"LIKE_NUM": True}, {"LOWER": {"IN": list(AGO_UNITS)}}, {"LOWER": "ago"}],
    ],
    SHIFTED_MONTH: [[_SHIFT, _MONTH], [{"LOWER": "this"}, {"LOWER": "coming"}, _MONTH]],
    MONTH_OF_RELATIVE_YEAR: [[_MONTH, _SHIFT, {"LOWER": "year"}]],
    MONTH_OF_THAT_YEAR: [
        [_MONTH, *of, *that, {"LOWER": "year"}]
        for of in ([], [{"LOWER": "of"}]) for that in ([{"LOWER": "that"}], [{"LOWER": "the"}, {"LOWER": "same"}])
    ],
    DECADE: [[{"TEXT": {"REGEX": r"^(1[89]|20)\d0s$"}}]],
}


@dataclass(frozen=True)
class Candidate:
    span: Span  # what the row reports
    kind: str  # one of the pattern labels
    text: str  # what dateparser reads: digits for number words, no part of day


@dataclass(frozen=True)
class CoordinatedDay:
    """A bare day number sharing the month and year of a full date beside it ("9" in "9 and 16 August")."""

    span: Span
    day: int
    date: Span  # the full date


@lru_cache(maxsize=4)
def _matcher(vocab: Vocab) -> Matcher:
    # Built once per vocabulary: compiling the patterns costs more than matching one article.
    matcher = Matcher(vocab)
    for label, patterns in _PATTERNS.items():
        matcher.add(label, patterns)
    return matcher


def find_candidates(doc: Doc) -> tuple[list[Candidate], list[CoordinatedDay]]:
    """Date spans in ``doc`` in text order (the longest where they overlap), and the bare days coordinated with them."""
    matcher = _matcher(doc.vocab)
    spans = [
        span
        for start, end in _windows_around_anchors(doc)
        for span in matcher(doc[start:end], as_spans=True)
        if _is_date(span)
    ]
    # Longest wins: "Monday, November 4, 2024" over "Monday" and "November 4".
    found = [Candidate(span, span.label_, _parser_text(span)) for span in filter_spans(spans)]
    found += [end for candidate in found for end in _year_range_end(candidate)]
    days = _coordinated_days(doc, found)
    found = _with_years_closing_lists(doc, found, days)
    return sorted(found, key=lambda candidate: candidate.span.start), days


# Every pattern holds one of these words, or a token shaped like a year or a decade, or a shift
# word followed by one of its followers: in every other pattern a shift word is followed by a month
# or a weekday, which are anchors themselves ("this" is common, "this month" is not).
_ANCHOR_WORDS: Final = frozenset((*MONTHS, *WEEKDAYS, *RELATIVE_WORDS, "ago", "tonight"))
_SHIFT_FOLLOWERS: Final = frozenset((*PERIOD_NOUNS, *PARTS_OF_DAY, "coming", "past"))
_ANCHOR_SHAPES: Final = ("dddd", "ddddx")
_LONGEST_PATTERN: Final = max(len(pattern) for patterns in _PATTERNS.values() for pattern in patterns)


def _windows_around_anchors(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges that can hold a date: around each anchor, merged where they overlap.

    Running the matcher over these few stretches instead of the whole article
    skips most of its cost (checking every pattern at every token); the
    anchors are found with one vectorised pass over the token hashes.
    """
    if not len(doc):
        return []
    lower, shape = doc.to_array([LOWER, SHAPE]).T
    shifted = numpy.isin(lower, string_ids(doc.vocab, SHIFT_WORDS))
    shifted[:-1] &= numpy.isin(lower[1:], string_ids(doc.vocab, _SHIFT_FOLLOWERS))
    shifted[-1] = False
    anchors = numpy.flatnonzero(
        numpy.isin(lower, string_ids(doc.vocab, _ANCHOR_WORDS)) | shifted
        | numpy.isin(shape, string_ids(doc.vocab, _ANCHOR_SHAPES))
    )
    windows: list[tuple[int, int]] = []
    for index in anchors.tolist():
        start, end = max(0, index - _LONGEST_PATTERN), min(len(doc), index + _LONGEST_PATTERN)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _is_date(span: Span) -> bool:
    """Whether a pattern match is a date in its context (see the module docstring)."""
    if span.label_ == BARE_MONTH:
        return _bare_month_is_date(span[0])
    if any(token.lower_ in WEEKDAYS and not _weekday_is_date(token) for token in span):
        return False
    if span[0].lower_ in RELATIVE_WORDS and (_is_in_a_name(span[0]) or _capitalised_mid_sentence(span[0])):
        return False  # "USA Today", "the Today programme"
    if len(span) == 1 and re.match(YEAR_PATTERN, span.text):
        return is_year(span[0])
    if span[0].lower_ in SHIFT_WORDS and span[-1].lower_ in PERIOD_NOUNS and span.start > 0:
        return span.doc[span.start - 1].lower_ != "the"  # "over the last year" is a duration
    day = _day_tokens(span)
    if day is None and not any(token.lower_ in MONTHS for token in span):
        return True  # relative words, weekdays, ISO dates
    if any(year_is_in_longer_number(token) for token in span if re.match(YEAR_PATTERN, token.text)):
        return False  # "January 2019-0345"
    return day is None or day_of_month(day, span) is not None


def _bare_month_is_date(month: Token) -> bool:
    before = month.doc[month.i - 1] if month.i > 0 else None
    if before is not None and before.lower_ in RECURRENCE_WORDS:
        return False
    if before is not None and before.tag_ == "JJS":
        return True  # "the coldest January", whatever the model's entity says
    if month.ent_type_ not in ("", "DATE") or _opens_a_name(month):
        return False  # a person named May, "March Madness", an "October Surprise"
    if before is not None and before.tag_ == "POS" and month.dep_ != "compound":
        return False  # "the Women's March"; "the party's March congress" is a date
    if before is not None and before.lower_ in MONTH_PREPOSITIONS:
        return True
    # The model tags a sentence-opening "May" as a date too readily ("May officials resign?").
    return month.lower_ != "may" and month.ent_type_ == "DATE" and month.pos_ == "PROPN"


def _weekday_is_date(weekday: Token) -> bool:
    if _is_in_a_name(weekday):
        return False  # "Black Monday" (EVENT), "the Sunday Times"
    if weekday.i > 0 and weekday.doc[weekday.i - 1].lower_ in (*RECURRENCE_WORDS, "a", "an"):
        return False  # "every Monday", "on a Saturday"
    return not any(
        child.i < weekday.i and child.dep_ in ("compound", "amod") and child.is_title
        and child.lower_ not in WEEKDAY_MODIFIERS
        for child in weekday.children
    )  # "Bloody Sunday", "Super Tuesday"


def _capitalised_mid_sentence(word: Token) -> bool:
    """Capitalised after a lower-case word or a proper noun, as in a name ("on the Today
    programme", "USA Today"), not in a title-case headline ("Talks Resume Today")."""
    if not word.is_title or word.is_sent_start or word.i == 0:
        return False
    before = word.doc[word.i - 1]
    return before.is_lower or before.pos_ == "PROPN"


def _is_in_a_name(word: Token) -> bool:
    return word.ent_type_ not in ("", "DATE", "TIME") or _opens_a_name(word)


def _opens_a_name(word: Token) -> bool:
    """The word is the first part of a capitalised name: "Sunday Times", "October Surprise"."""
    head = word.head
    return (
        word.dep_ == "compound" and head.i > word.i and head.pos_ in ("PROPN", "NOUN") and head.is_title
        and head.lower_ not in PARTS_OF_DAY
    )


def _day_tokens(span: Span) -> Span | None:
    """The tokens that write the day of the month in a date with a month name, if any."""
    if not any(token.lower_ in MONTHS for token in span):
        return None
    indices = [
        token.i for token in span
        if (token.like_num and not re.match(YEAR_PATTERN, token.text))
        or (token.text == "-" and token.i - 1 >= span.start and span.doc[token.i - 1].like_num)
    ]
    if not indices:
        return None
    return span.doc[indices[0] : indices[-1] + 1]


def _parser_text(span: Span) -> str:
    """The span as dateparser should read it.

    Number words become digits ("June nine" -> "June 9"); a trailing part of
    the day is dropped ("Sunday evening" -> "Sunday", "last night" ->
    "yesterday"); a month shifted by "last" / "next" is read alone and placed
    by ``_place``.
    """
    tokens = list(span)
    if span.label_ in (SHIFTED_MONTH, MONTH_OF_RELATIVE_YEAR, MONTH_OF_THAT_YEAR):
        return next(token.text for token in tokens if token.lower_ in MONTHS)
    if tokens[-1].lower_ in PARTS_OF_DAY and len(tokens) > 1:
        tokens = tokens[:-1]
        if len(tokens) == 1 and tokens[0].lower_ in ("last", "this"):
            return "yesterday" if tokens[0].lower_ == "last" else "today"
    if tokens[0].lower_ == "tonight":
        return "today"
    if len(tokens) > 2 and tokens[0].lower_ == "this" and tokens[1].lower_ in ("coming", "past"):
        shift = "next" if tokens[1].lower_ == "coming" else "last"  # "this past Sunday" = last Sunday
        return f"{shift} " + "".join(token.text_with_ws for token in tokens[2:])
    text = "".join(number_text(token) + token.whitespace_ for token in tokens).strip()
    return alpha2digit(text, "en", threshold=0) if _day_tokens(span) is not None else text


def _coordinated_days(doc: Doc, candidates: list[Candidate]) -> list[CoordinatedDay]:
    """Bare day numbers coordinated with a full date: "9 and 16 August", "August 3 and 10", "12-14 June"."""
    taken = {token.i for candidate in candidates for token in candidate.span}
    found = []
    for candidate in candidates:
        span, day = candidate.span, _day_tokens(candidate.span)
        if candidate.kind not in (ABSOLUTE, PARTIAL) or day is None:
            continue
        steps = ([-1] if day.start == span.start else []) + ([+1] if day.end == span.end else [])
        for step in steps:  # away from the date, while "and" / "," / "-" and a day follow
            edge = span.start if step < 0 else span.end - 1
            while 0 <= edge + 2 * step < len(doc) and doc[edge + step].lower_ in DAY_COORDINATORS:
                number = doc[edge + 2 * step : edge + 2 * step + 1]
                value = day_of_month(number, number) if number[0].like_num and number.start not in taken else None
                after = doc[number.end] if number.end < len(doc) else None
                counted = after is not None and after.pos_ in ("NOUN", "PROPN", "NUM", "SYM")
                if value is None or (step > 0 and counted and not re.match(YEAR_PATTERN, after.text)):
                    break  # "August 3 and 10 people", "June 5 and 6 percent"
                found.append(CoordinatedDay(number, value, span))
                edge = number.start
    return found


def _with_years_closing_lists(doc: Doc, candidates: list[Candidate], days: list[CoordinatedDay]) -> list[Candidate]:
    """A year after the last day of a list dates the whole list: "August 3-10, 2021" is not the year 2021."""
    by_start = {candidate.span.start: candidate for candidate in candidates}
    last_days = {day.date.start: day for day in days if day.span.start > day.date.start}  # text order: the last wins
    for date_start, last_day in last_days.items():
        index = last_day.span.end + (last_day.span.end < len(doc) and doc[last_day.span.end].text == ",")
        year, first = by_start.get(index), by_start[date_start]
        if year is None or first.kind != PARTIAL or len(year.span) != 1 or not re.match(YEAR_PATTERN, year.span.text):
            continue
        by_start[date_start] = Candidate(first.span, ABSOLUTE, f"{first.text} {number_text(year.span[0])}")
        del by_start[index]
    return list(by_start.values())


def _year_range_end(candidate: Candidate) -> list[Candidate]:
    """The short end of a year range: "2019-20" gives 2020 as well."""
    span = candidate.span
    if candidate.kind != ABSOLUTE or len(span) != 1 or not re.match(YEAR_PATTERN, span.text):
        return []
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text not in ("-", "–", "/"):
        return []
    joiner, end = doc[span.end], doc[span.end + 1]
    if span[0].whitespace_ or joiner.whitespace_ or not re.fullmatch(r"\d\d", end.text):
        return []
    start = number_text(span[0])
    if int(end.text) <= int(start[2:]):
        return []
    return [Candidate(doc[end.i : end.i + 1], ABSOLUTE, start[:2] + end.text)]
