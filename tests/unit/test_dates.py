"""Tests for pipelines.core.dates: one parametrised test per rule, with
sentences written for the test."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from pipelines.core.dates import GRANULARITIES, DateMention, extract_dates


MONDAY = date(2025, 3, 10)
THURSDAY = date(2025, 3, 13)


def resolved(nlp: Language, text: str, published: date | None) -> list[tuple[str, date, str]]:
    return [(mention.text, mention.value, mention.granularity) for mention in extract_dates(nlp(text), published)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("The bridge fell on March 3, 2023, after heavy rain.", ("March 3, 2023", date(2023, 3, 3), "day"), id="month-day-year"),
        pytest.param("The bridge fell on 3 March 2023 after heavy rain.", ("3 March 2023", date(2023, 3, 3), "day"), id="day-month-year"),
        pytest.param("The filing is dated 2023-03-03 in the archive.", ("2023-03-03", date(2023, 3, 3), "day"), id="iso"),
        pytest.param("The offensive stalled in August 2023 near the river.", ("August 2023", date(2023, 8, 1), "month"), id="month-year"),
        pytest.param("The offensive stalled in 2019 near the river.", ("2019", date(2019, 1, 1), "year"), id="bare-year"),
        pytest.param("Most of the tanks were built in the 1980s.", ("1980s", date(1980, 1, 1), "decade"), id="decade"),
    ],
)
def test_explicit_dates_keep_their_granularity(nlp: Language, text: str, expected: tuple[str, date, str]) -> None:
    # An absolute date does not depend on the publication date.
    assert resolved(nlp, text, THURSDAY) == [expected]
    assert resolved(nlp, text, None) == [expected]
    assert expected[2] in GRANULARITIES


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        pytest.param("Talks resumed on March 4 in Vienna.", THURSDAY, date(2025, 3, 4), id="earlier-this-year"),
        pytest.param("Talks resumed on December 29 in Vienna.", date(2025, 1, 2), date(2024, 12, 29), id="last-december"),
        pytest.param("Talks will resume on April 20 in Vienna.", THURSDAY, date(2025, 4, 20), id="weeks-ahead"),
        pytest.param("Talks resumed on September 9 in Vienna.", THURSDAY, date(2024, 9, 9), id="months-back"),
    ],
)
def test_dates_without_year_take_the_publication_year(nlp: Language, text: str, published: date, value: date) -> None:
    [(_, found, granularity)] = resolved(nlp, text, published)
    assert (found, granularity) == (value, "day")


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        pytest.param("Drones struck the depot on Monday.", MONDAY, MONDAY, id="same-weekday-is-the-day-itself"),
        pytest.param("Drones struck the depot on Tuesday.", THURSDAY, date(2025, 3, 11), id="earlier-this-week"),
        pytest.param("Drones struck the depot on Friday.", THURSDAY, date(2025, 3, 7), id="later-weekday-is-last-week"),
        pytest.param("Drones struck the depot on Thursday.", THURSDAY, THURSDAY, id="same-weekday-thursday"),
    ],
)
def test_weekday_is_the_latest_such_day_on_or_before_publication(nlp: Language, text: str, published: date, value: date) -> None:
    assert resolved(nlp, text, published)[0][1:] == (value, "day")


@pytest.mark.parametrize(
    ("text", "value", "granularity"),
    [
        pytest.param("The convoy left yesterday.", date(2025, 3, 12), "day", id="yesterday"),
        pytest.param("The convoy leaves today.", THURSDAY, "day", id="today"),
        pytest.param("The convoy leaves tomorrow.", date(2025, 3, 14), "day", id="tomorrow"),
        pytest.param("The convoy left two days ago.", date(2025, 3, 11), "day", id="days-ago"),
        pytest.param("The convoy left last month.", date(2025, 2, 1), "month", id="last-month"),
        pytest.param("The convoy left last year.", date(2024, 1, 1), "year", id="last-year"),
    ],
)
def test_relative_dates_count_from_publication(nlp: Language, text: str, value: date, granularity: str) -> None:
    [(_, found, found_granularity)] = resolved(nlp, text, THURSDAY)
    assert (found, found_granularity) == (value, granularity)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Fighting flared in October 2022. On October 9 the bridge was hit.",
            [("October 2022", date(2022, 10, 1), "month"), ("October 9", date(2022, 10, 9), "day")],
            id="month-anchor-before",
        ),
        pytest.param(
            "On June 6 the ferry sank. The inquiry into the 2021 disaster began later.",
            [("June 6", date(2021, 6, 6), "day"), ("2021", date(2021, 1, 1), "year")],
            id="anchor-after",
        ),
        pytest.param(
            "The blockade began on July 1, 2022. By Monday, grain prices had doubled.",
            [("July 1, 2022", date(2022, 7, 1), "day"), ("Monday", date(2022, 6, 27), "day")],
            id="day-anchor-for-weekday",
        ),
        pytest.param(
            "The rifles date from the 1960s. On April 2 they were sold.",
            [("1960s", date(1960, 1, 1), "decade")],
            id="decade-is-no-anchor",
        ),
        pytest.param(
            "The blockade began in July 2022. By Monday, grain prices had doubled.",
            [("July 2022", date(2022, 7, 1), "month")],
            id="month-anchor-too-coarse-for-weekday",
        ),
    ],
)
def test_without_publication_date_the_nearest_fuller_date_is_the_base(
    nlp: Language, text: str, expected: list[tuple[str, date, str]]
) -> None:
    assert resolved(nlp, text, None) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The vote took place on May 14.", id="month-day"),
        pytest.param("The vote took place on Sunday.", id="weekday"),
        pytest.param("The vote took place yesterday.", id="yesterday"),
    ],
)
def test_nothing_to_resolve_against_is_skipped(nlp: Language, text: str) -> None:
    assert resolved(nlp, text, None) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Officials may resign over the scandal.", [], id="verb-may"),
        pytest.param("May officials resign over the scandal?", [], id="sentence-initial-may"),
        pytest.param("Officials resigned in May over the scandal.", [("May", date(2024, 5, 1), "month")], id="month-may"),
        pytest.param("Officials resigned on May 2 over the scandal.", [("May 2", date(2024, 5, 2), "day")], id="may-with-day"),
        pytest.param("March was the deadliest month.", [("March", date(2024, 3, 1), "month")], id="other-month-as-subject"),
    ],
)
def test_the_verb_may_is_not_a_month(nlp: Language, text: str, expected: list[tuple[str, date, str]]) -> None:
    assert resolved(nlp, text, date(2024, 11, 20)) == expected


@pytest.mark.parametrize(
    ("text", "mention_text"),
    [
        pytest.param("Shelling resumed on Wednesday, the mayor said.", "Wednesday", id="no-leading-on"),
        pytest.param("The tanks date from the 1990s, experts say.", "1990s", id="no-leading-the"),
        pytest.param("The tanks arrived in January 2025, experts say.", "January 2025", id="no-leading-in"),
    ],
)
def test_spans_are_exact_slices_without_leading_function_words(nlp: Language, text: str, mention_text: str) -> None:
    [mention] = extract_dates(nlp(text), THURSDAY)
    assert isinstance(mention, DateMention)
    assert mention.text == mention_text
    assert text[mention.start_char : mention.end_char] == mention.text
