"""Date expressions in a parsed article, resolved to calendar dates.

Plain Python over a spaCy ``Doc``; no Dagster here. Candidate spans come from
token patterns (a spaCy ``Matcher``), checked against the parse; the text is
never scanned as a whole, so the verb "may" is not taken for May. dateparser
reads each span against a base date.

What is a date
--------------
Every expression of a calendar day, month, year or decade (``granularity``
is what was written, ``value`` the first day of it):

* day: ``November 4``, ``Monday, November 4, 2024``, ``4 November 2024``,
  ``Nov. 4th``, ``2024-11-04``; days in words (``June nine``, ``the ninth of
  June``, ``June the ninth``); weekdays (``Monday``, ``last Saturday``, ``next
  Tuesday``, ``this coming Sunday``, ``this past Sunday`` = last Sunday);
  ``yesterday`` / ``today`` / ``tomorrow``, ``two days ago``; a part of the
  day stays in the span and the day is still the unit (``Sunday evening``,
  ``yesterday morning``, ``last night`` = yesterday, ``tonight`` and ``this
  morning`` = today);
* month: ``February 2022``, ``in May``, ``last month``, ``last August``,
  ``next November``, ``June last year``, ``June of that year`` (the year of
  the closest full date before it), ``the wettest April``;
* year: ``2024``, ``last year``, a year opening a name (``the 2030
  expo``, ``the 1955 Bandung Conference``);
* decade: ``1970s`` (dateparser does not know decades; read here).

Spans are minimal: ``earlier this year`` gives ``this year``, ``later
Friday`` gives ``Friday``, a hyphen-joined ``on-Saturday`` gives
``Saturday``. Coordinated days give one row each, the bare number being a
span of its own (``9 and 16 August`` -> ``9`` and ``16 August``; ``August 3
and 10``, ``June 12-14``); a year closing such a list dates every day of it
and is no row of its own (``August 3-10, 2021``). Year ranges give one row
per year (``1961-1990`` -> ``1961`` and ``1990``; ``2019-20`` -> ``2019``
and ``20`` = 2020).

What is not
-----------
* a number that only looks like a year or a day (see ``date_numbers``): a
  phone number, an ID or reference, a price, a score or a count (``2000
  people``, ``in May one official``);
* a bare month where it is not a date: the verb ``may``, a person named
  May, ``March Madness``; a bare month needs a preposition before it (``in May``),
  a superlative (``the coldest January``), or the model's DATE tag (and May
  always needs the preposition);
* weekdays, months and ``today`` inside names (``Bloody Sunday inquiry``,
  ``Black Monday``, ``the Women's March``, ``USA Today``); recurring or
  unspecified days and months (``every Monday``, ``each May``, ``on a
  Saturday``);
* weeks (``last week``, ``next week``, ``two weeks ago``) and centuries: the
  table has no such granularity; clock times, durations (``90 days``, ``over
  the last year``, ``in the next month``), ages.

Resolution
----------
An expression that gives its year is absolute. One without (``November 2``,
``in May``) or relative to now (``Monday``, ``last week``) is resolved
against the publication date or, when there is none, the nearest absolute
date in the article (the closest one before it, else the closest after). A
relative expression needs a base at least as precise as itself ("Monday"
against "November 2024" would be a guess) and is skipped otherwise, as is
everything when there is no base at all.

The clause decides the direction of a weekday and of a month or month-day
without a year (see ``date_tense``: future verbs, ``is expected to``,
``scheduled for``, ``by``, ``until``, ``through`` look forward; the past
tense looks back):

* a weekday in a future statement is the next such day on or after the base,
  in a past one the latest on or before it (the base day itself included);
  when the clause does not say, the day an earlier mention of the same
  weekday named (a march "due to be held on Friday" ... "organisers of
  Friday's march"), else the latest on or before the base;
* a month or month-day in a future statement is the next on or after the
  base, in a past one the latest on or before; when the clause does not say,
  the latest one no more than three months after the base (``LOOKAHEAD``):
  "December 28" in a piece from January 3 is last December, "March" the
  coming one; against a base that is only a month ("in February 2023"), a
  past "since November" is the November before it, an undirected month
  takes the base's year;
* ``next November`` is the first November after the base month, ``last
  August`` the last one before it, ``this June`` the base year's;
* ``tonight`` outside a future statement is the night the article has
  already named (``Saturday night`` ... "we lost a colleague tonight"), else
  the base day.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Final

from dateparser.date import DateDataParser
from spacy.tokens import Doc, Span

from pipelines.core.date_spans import (
    ABSOLUTE, BARE_MONTH, DECADE, MONTH_OF_RELATIVE_YEAR, MONTH_OF_THAT_YEAR, PARTIAL, SHIFTED_MONTH, WEEKDAY,
    Candidate, CoordinatedDay, find_candidates,
)
from pipelines.core.date_numbers import without_leftover_punctuation
from pipelines.core.date_tense import Direction, direction_of

__all__ = ["DateMention", "extract_dates"]

GRANULARITIES: Final = ("day", "month", "year", "decade")
# dateparser's period -> our granularity; a week has none ("last week" is not a date here).
GRANULARITY_OF_PERIOD: Final[dict[str, str]] = {"time": "day", "day": "day", "month": "month", "year": "year"}
# News mostly reports what has happened and what is about to: when the clause
# does not say which, a date written without its year is taken as the latest
# one at most this far after the base.
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
    candidates, coordinated_days = find_candidates(doc)
    absolutes = [
        mention for candidate in candidates if candidate.kind in (ABSOLUTE, DECADE)
        if (mention := _resolve(candidate, None)) is not None
    ]
    mentions = list(absolutes)
    named_night: DateMention | None = None  # the latest "Saturday night" / "last night" so far
    weekdays: dict[int, datetime.date] = {}  # weekday -> the day its latest mention named
    for candidate in candidates:
        if candidate.kind in (ABSOLUTE, DECADE):
            continue
        if candidate.kind == MONTH_OF_THAT_YEAR:
            base = _latest_year_named_before(candidate.span, absolutes)
        elif published is not None:
            base = _Base(published, "day")
        else:
            base = _nearest_anchor(candidate.span, absolutes)
        if base is None:
            continue  # nothing to resolve against: skip rather than guess
        mention = _resolve(candidate, base)
        if mention is None:
            continue
        if candidate.span[0].lower_ == "tonight":
            if named_night is not None and direction_of(candidate.span.root) is not Direction.FORWARD:
                mention = replace(mention, value=named_night.value)
        elif candidate.span[-1].lower_ in ("night", "evening"):
            named_night = mention
        if candidate.kind == WEEKDAY:
            if mention.value.weekday() in weekdays and direction_of(candidate.span.root) is None:
                mention = replace(mention, value=weekdays[mention.value.weekday()])  # "Friday's march"
            weekdays[mention.value.weekday()] = mention.value
        mentions.append(mention)
    mentions += _resolve_coordinated_days(coordinated_days, mentions)
    return sorted(mentions, key=lambda mention: (mention.start_char, mention.end_char))


# ---- resolution --------------------------------------------------------------------------------

def _resolve_coordinated_days(days: list[CoordinatedDay], mentions: list[DateMention]) -> list[DateMention]:
    """Each coordinated day in the month and year its full date resolved to."""
    resolved = {(mention.start_char, mention.end_char): mention for mention in mentions}
    found = []
    for day in days:
        full = resolved.get((day.date.start_char, day.date.end_char))
        if full is None or full.granularity != "day":
            continue
        try:
            value = full.value.replace(day=day.day)
        except ValueError:  # "30 and 31 February"
            continue
        found.append(_mention(day.span, value, "day"))
    return found


def _latest_year_named_before(span: Span, absolutes: list[DateMention]) -> _Base | None:
    """"March of that year": the year of the closest full date before it."""
    before = [mention for mention in absolutes if mention.end_char <= span.start_char and mention.granularity != "decade"]
    return _Base(before[-1].value.replace(month=1, day=1), "year") if before else None


def _nearest_anchor(span: Span, absolutes: list[DateMention]) -> _Base | None:
    # A decade does not say which year a "November 2" falls in.
    anchors = [mention for mention in absolutes if mention.granularity != "decade"]
    before = [mention for mention in anchors if mention.end_char <= span.start_char]
    after = [mention for mention in anchors if mention.start_char >= span.end_char]
    anchor = before[-1] if before else after[0] if after else None
    return None if anchor is None else _Base(anchor.value, anchor.granularity)


def _resolve(candidate: Candidate, base: _Base | None) -> DateMention | None:
    span, kind = candidate.span, candidate.kind
    if kind == DECADE:
        value, granularity = datetime.date(int(span.text[:4]), 1, 1), "decade"
    else:
        # Absolute dates ignore the base; any date serves to fill the parts we then drop.
        relative_base = base.value if base is not None else datetime.date(2000, 1, 1)
        parsed = _parse(candidate.text, relative_base)
        if parsed is None:
            return None
        value, period = parsed
        granularity = GRANULARITY_OF_PERIOD[period]
        value = _first_day(value, period)
        if base is not None:
            if kind not in (PARTIAL, BARE_MONTH, MONTH_OF_THAT_YEAR) and _FINENESS[base.granularity] > _FINENESS[granularity]:
                return None  # "Monday" against a bare "November 2024" would be a guess
            value = _place(candidate, value, base)
    return _mention(span, value, granularity)


def _mention(span: Span, value: datetime.date, granularity: str) -> DateMention:
    text = without_leftover_punctuation(span.text)  # "January 1917.-" -> "January 1917"
    return DateMention(text, span.start_char, span.start_char + len(text), value, granularity)


@lru_cache(maxsize=4096)
def _parse(text: str, relative_base: datetime.date) -> tuple[datetime.date, str] | None:
    # Cached: the same expressions recur against the same base ("Monday", "last year", "2024").
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
    if period == "month":
        return value.replace(day=1)
    if period == "year":
        return value.replace(month=1, day=1)
    return value


def _place(candidate: Candidate, value: datetime.date, base: _Base) -> datetime.date:
    """Put a date written without its year on the side of the base its words and clause point to."""
    kind = candidate.kind
    if kind == SHIFTED_MONTH:
        shift = "next" if candidate.span[1].lower_ == "coming" else candidate.span[0].lower_
        return _shifted_month(shift, value.month, base.value)
    if kind == MONTH_OF_RELATIVE_YEAR:
        year = _parse(candidate.span[1:].text, base.value)
        return value.replace(year=year[0].year, day=1) if year else value
    if kind == MONTH_OF_THAT_YEAR:
        return value.replace(year=base.value.year, day=1)
    if kind not in (WEEKDAY, PARTIAL, BARE_MONTH):
        return value
    direction = direction_of(candidate.span.root)
    if kind == WEEKDAY:
        if direction is Direction.FORWARD:
            return base.value + datetime.timedelta(days=(value.weekday() - base.value.weekday()) % 7)
        return base.value - datetime.timedelta(days=(base.value.weekday() - value.weekday()) % 7)
    if base.granularity not in ("day", "month"):
        return value  # dateparser already took the anchor's year
    # Months are compared by their first day: "in March" is on or before any day of March, and
    # against a month ("October 2022") any day of that month is neither before nor after it.
    by_month = kind == BARE_MONTH or base.granularity == "month"
    reference = base.value.replace(day=1) if by_month else base.value
    if direction is Direction.FORWARD:
        return _occurrence(value, lambda day: (day.replace(day=1) if by_month else day) >= reference, earliest=True)
    if direction is Direction.BACKWARD:
        return _occurrence(value, lambda day: (day.replace(day=1) if by_month else day) <= reference, earliest=False)
    if base.granularity != "day":
        return value  # no direction: the anchor's year, as dateparser took it
    limit = base.value + LOOKAHEAD
    return _occurrence(value, lambda day: day <= limit, earliest=False)


def _shifted_month(shift: str, month: int, base: datetime.date) -> datetime.date:
    """"next November": the first November after the base's month; "last August": the last one before it.

    ``shift`` is "next", "last" or "this" (the base year's).
    """
    if shift == "this":
        return datetime.date(base.year, month, 1)
    if shift == "next":
        return datetime.date(base.year if month > base.month else base.year + 1, month, 1)
    return datetime.date(base.year if month < base.month else base.year - 1, month, 1)


def _occurrence(value: datetime.date, accept: Callable[[datetime.date], bool], earliest: bool) -> datetime.date:
    """The same month and day in the earliest (or latest) nearby year that ``accept`` allows."""
    years = range(value.year - 2, value.year + 3)
    for year in years if earliest else reversed(years):
        try:
            candidate = value.replace(year=year)
        except ValueError:  # February 29 outside a leap year
            continue
        if accept(candidate):
            return candidate
    return value
