"""Tests for pipelines.core.dates: one parametrised test per rule, with
sentences written for the test."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from pipelines.core import date_spans
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
        pytest.param("The convoy left this past Sunday.", date(2025, 3, 9), "day", id="this-past-weekday"),
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
        pytest.param(
            "The council cut the grant in February 2023. Tenants had complained since November.",
            [("February 2023", date(2023, 2, 1), "month"), ("November", date(2022, 11, 1), "month")],
            id="past-month-before-a-month-anchor",
        ),
        pytest.param(
            "The council cut the grant in February 2023. It will review the cut in May.",
            [("February 2023", date(2023, 2, 1), "month"), ("May", date(2023, 5, 1), "month")],
            id="future-month-after-a-month-anchor",
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


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("The minister will sign the treaty on Saturday.", date(2025, 3, 15), id="will"),
        pytest.param("The summit will open on Thursday.", THURSDAY, id="future-same-day"),
        pytest.param("The court is expected to rule on Monday.", date(2025, 3, 17), id="is-expected-to"),
        pytest.param("Voting is scheduled for Sunday.", date(2025, 3, 16), id="scheduled-for"),
        pytest.param("The rebels are going to withdraw on Friday.", date(2025, 3, 14), id="going-to"),
        pytest.param("The bank plans to publish its results on Tuesday.", date(2025, 3, 18), id="plans-to"),
        pytest.param("The envoy said the ceasefire would begin on Sunday.", date(2025, 3, 16), id="would-in-reported-speech"),
        pytest.param("Schools will stay shut when the storm arrives on Saturday.", date(2025, 3, 15), id="clause-of-a-future-verb"),
        pytest.param("The company will complete the merger by Tuesday.", date(2025, 3, 18), id="by"),
        pytest.param("The exhibition stays open until Wednesday.", date(2025, 3, 19), id="until-in-present"),
        pytest.param("The prints are on show through Wednesday.", date(2025, 3, 19), id="through-without-verb-tense"),
        pytest.param("The minister signed the treaty on Saturday.", date(2025, 3, 8), id="past"),
        pytest.param("Police have arrested two men on Monday.", MONDAY, id="present-perfect"),
        pytest.param("By Tuesday, the river had burst its banks.", date(2025, 3, 11), id="past-wins-over-by"),
        pytest.param("The vote, which was scheduled for Tuesday, was postponed.", date(2025, 3, 11), id="past-schedule-is-open"),
    ],
)
def test_the_clause_decides_which_way_a_weekday_points(nlp: Language, text: str, value: date) -> None:
    [(_, found, granularity)] = resolved(nlp, text, THURSDAY)
    assert (found, granularity) == (value, "day")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("Elections will be held in October.", date(2025, 10, 1), id="future-month-beyond-lookahead"),
        pytest.param("The plant will reopen in February.", date(2026, 2, 1), id="future-month-next-year"),
        pytest.param("The plant closed in October.", date(2024, 10, 1), id="past-month"),
        pytest.param("The plant, which opened in March, is busy.", date(2025, 3, 1), id="past-month-same-month"),
        pytest.param("Parliament will reconvene on 2 March.", date(2026, 3, 2), id="future-day-just-gone-is-next-year"),
        pytest.param("Parliament reconvened on 20 March.", date(2024, 3, 20), id="past-day-not-yet-come-is-last-year"),
        pytest.param("The judge fixed a hearing for April 30.", date(2025, 4, 30), id="noun-event-of-a-past-verb-keeps-lookahead"),
        pytest.param("The envoys will meet at the summit in July.", date(2025, 7, 1), id="noun-event-of-a-future-verb"),
        pytest.param("Envoys prepared for the summit due in July.", date(2025, 7, 1), id="noun-due"),
        pytest.param("The January slump may deter buyers.", date(2025, 1, 1), id="subject-noun-takes-no-direction"),
    ],
)
def test_the_clause_decides_the_year_of_a_yearless_month(nlp: Language, text: str, value: date) -> None:
    [(_, found, _)] = resolved(nlp, text, THURSDAY)
    assert found == value


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        pytest.param("The treaty takes effect next November.", THURSDAY, ("next November", date(2025, 11, 1)), id="next-later-this-year"),
        pytest.param("The treaty takes effect next November.", date(2025, 12, 2), ("next November", date(2026, 11, 1)), id="next-after-it"),
        pytest.param("The treaty takes effect next November.", date(2025, 11, 15), ("next November", date(2026, 11, 1)), id="next-in-it"),
        pytest.param("The strike began last August.", THURSDAY, ("last August", date(2024, 8, 1)), id="last-before-it"),
        pytest.param("The strike began last August.", date(2025, 10, 2), ("last August", date(2025, 8, 1)), id="last-earlier-this-year"),
        pytest.param("The strike began last August.", date(2025, 8, 20), ("last August", date(2024, 8, 1)), id="last-in-it"),
        pytest.param("The festival returns this June.", THURSDAY, ("this June", date(2025, 6, 1)), id="this"),
        pytest.param("The festival returns this coming June.", date(2025, 6, 20), ("this coming June", date(2026, 6, 1)), id="this-coming"),
        pytest.param("The dam was finished in June last year.", THURSDAY, ("June last year", date(2024, 6, 1)), id="month-last-year"),
        pytest.param("The dam will be finished in May next year.", THURSDAY, ("May next year", date(2026, 5, 1)), id="month-next-year"),

    ],
)
def test_last_next_and_this_shift_a_month(nlp: Language, text: str, published: date, expected: tuple[str, date]) -> None:
    assert resolved(nlp, text, published) == [(*expected, "month")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("The jury will reconvene on April nine.", ("April nine", date(2025, 4, 9)), id="month-cardinal"),
        pytest.param("Talks resumed on the ninth of August.", ("ninth of August", date(2024, 8, 9)), id="ordinal-of-month"),
        pytest.param("Talks will resume on August the ninth.", ("August the ninth", date(2025, 8, 9)), id="month-the-ordinal"),
        pytest.param("The vote is due on the twenty-third of October.", ("twenty-third of October", date(2025, 10, 23)), id="hyphenated"),
        pytest.param("The deal was signed on the 4th of February 2019.", ("4th of February 2019", date(2019, 2, 4)), id="digits-of-month-year"),
    ],
)
def test_days_written_as_words(nlp: Language, text: str, expected: tuple[str, date]) -> None:
    assert resolved(nlp, text, THURSDAY) == [(*expected, "day")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("In May one official resigned.", ("May", "month"), id="one-official"),
        pytest.param("In April two thousand people marched.", ("April", "month"), id="two-thousand"),
        pytest.param("In June six-month leases ended.", ("June", "month"), id="compound"),
        pytest.param("On May 5, 12 people were hurt.", ("May 5", "day"), id="count-after-comma"),
        pytest.param("The March 1 deadline passed.", ("March 1", "day"), id="date-before-singular-noun"),
    ],
)
def test_a_number_after_a_month_that_counts_something_is_not_a_day(
    nlp: Language, text: str, expected: tuple[str, str]
) -> None:
    assert [(span, granularity) for span, _, granularity in resolved(nlp, text, THURSDAY)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Concerts are planned on 9 and 16 August.",
            [("9", date(2025, 8, 9)), ("16 August", date(2025, 8, 16))], id="days-before-month",
        ),
        pytest.param(
            "Ballots will close on August 3 and 10.",
            [("August 3", date(2025, 8, 3)), ("10", date(2025, 8, 10))], id="days-after-month",
        ),
        pytest.param(
            "Rallies were held on 4, 11 and 18 January.",
            [("4", date(2025, 1, 4)), ("11", date(2025, 1, 11)), ("18 January", date(2025, 1, 18))], id="list",
        ),
        pytest.param(
            "The fair will run on June 12-14.", [("June 12", date(2025, 6, 12)), ("14", date(2025, 6, 14))], id="range",
        ),
        pytest.param(
            "Hearings were held on 2 and 9 December 2021.",
            [("2", date(2021, 12, 2)), ("9 December 2021", date(2021, 12, 9))], id="with-year",
        ),
        pytest.param(
            "The festival (August 3-10, 2021) opened with a film.",
            [("August 3", date(2021, 8, 3)), ("10", date(2021, 8, 10))], id="year-closing-the-list",
        ),
        pytest.param("Storms struck the coast on April 6 and 27 homes flooded.", [("April 6", date(2024, 4, 6))], id="count-is-not-a-day"),
    ],
)
def test_coordinated_days_give_one_row_each(nlp: Language, text: str, expected: list[tuple[str, date]]) -> None:
    assert resolved(nlp, text, THURSDAY) == [(*row, "day") for row in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Rainfall was compared with the 1961-1990 mean.", [("1961", 1961), ("1990", 1990)], id="four-digit-range"),
        pytest.param("The club's 2019-20 season was cut short.", [("2019", 2019), ("20", 2020)], id="short-end"),
        pytest.param("The mine worked between 1921 and 1958.", [("1921", 1921), ("1958", 1958)], id="between"),
    ],
)
def test_year_ranges_give_one_row_per_year(nlp: Language, text: str, expected: list[tuple[str, int]]) -> None:
    assert resolved(nlp, text, THURSDAY) == [(span, date(year, 1, 1), "year") for span, year in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Call the hotline on 1900 555 012 for help.", [], id="phone-number"),
        pytest.param("Dial +61 2000 654 321 for help.", [], id="phone-with-country-code"),
        pytest.param("Case number 2019-4471 was closed in 2020.", ["2020"], id="reference"),
        pytest.param("Guests stayed in Room 1984 in 2023.", ["2023"], id="label"),
        pytest.param("The ticket cost $1950 in 2021.", ["2021"], id="price"),
        pytest.param("About 1900 workers marched in 2022.", ["2022"], id="count"),
        pytest.param("The measure passed 1912-1890 in the assembly.", [], id="tally"),
        pytest.param("The home side won 2-1 in 2019.", ["2019"], id="score"),
    ],
)
def test_numbers_that_only_look_like_years(nlp: Language, text: str, expected: list[str]) -> None:
    assert [span for span, _, _ in resolved(nlp, text, THURSDAY)] == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Delegates recalled the 1955 Bandung Conference.", id="in-a-name"),
        pytest.param("Tickets for the 1955 edition sold out.", id="before-a-noun"),
        pytest.param("Parties have not met since the 1955 elections.", id="before-a-plural-with-determiner"),
    ],
)
def test_a_year_opening_a_name_or_modifying_a_noun_is_a_year(nlp: Language, text: str) -> None:
    assert resolved(nlp, text, THURSDAY) == [("1955", date(1955, 1, 1), "year")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("The blast happened on Monday night.", ("Monday night", MONDAY), id="weekday-night"),
        pytest.param("The suspects fled late Sunday evening.", ("Sunday evening", date(2025, 3, 9)), id="weekday-evening"),
        pytest.param("The mayor spoke last night.", ("last night", date(2025, 3, 12)), id="last-night"),
        pytest.param("The mayor speaks tonight.", ("tonight", THURSDAY), id="tonight"),
        pytest.param("The mayor spoke this morning.", ("this morning", THURSDAY), id="this-morning"),
        pytest.param("The mayor spoke yesterday afternoon.", ("yesterday afternoon", date(2025, 3, 12)), id="yesterday-afternoon"),
    ],
)
def test_a_part_of_the_day_stays_in_the_span(nlp: Language, text: str, expected: tuple[str, date]) -> None:
    assert resolved(nlp, text, THURSDAY) == [(*expected, "day")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Prices rose earlier this year.", ("this year", date(2025, 1, 1), "year"), id="earlier"),
        pytest.param("The talks ended later Friday.", ("Friday", date(2025, 3, 7), "day"), id="later"),
        pytest.param("Troops crossed the border on-Wednesday.", ("Wednesday", date(2025, 3, 12), "day"), id="hyphen-joined"),
    ],
)
def test_spans_are_minimal(nlp: Language, text: str, expected: tuple[str, date, str]) -> None:
    assert resolved(nlp, text, THURSDAY) == [expected]


@pytest.mark.parametrize(
    ("text", "tonight"),
    [
        pytest.param(
            'Two firefighters died on Saturday night. "We lost two brothers tonight," the chief wrote.',
            date(2025, 3, 15), id="quoted-past",
        ),
        pytest.param(
            "Two firefighters died on Saturday night. A vigil will be held tonight.", date(2025, 3, 16), id="future",
        ),
        pytest.param("A vigil was held tonight.", date(2025, 3, 16), id="no-named-night"),
    ],
)
def test_tonight_is_the_night_already_named(nlp: Language, text: str, tonight: date) -> None:
    found = {span: value for span, value, _ in resolved(nlp, text, date(2025, 3, 16))}
    assert found["tonight"] == tonight


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The Bloody Sunday inquiry was reopened.", id="weekday-in-a-name"),
        pytest.param("The Sunday Times reported the leak.", id="weekday-opening-a-name"),
        pytest.param('Critics feared a "November Surprise" from the campaign.', id="month-opening-a-name"),
        pytest.param("Every Thursday the market opens.", id="recurring-weekday"),
        pytest.param("The union hired a hall on a Saturday.", id="unspecified-weekday"),
        pytest.param("Thousands joined the People's March through the capital.", id="month-after-a-possessive"),
        pytest.param("The story ran in USA Today.", id="today-in-a-name"),
        pytest.param("She spoke on the Today programme.", id="today-opening-a-name"),
        pytest.param("Each May the river floods.", id="recurring-month"),
        pytest.param("The convoy left last week and returns next week.", id="weeks"),
        pytest.param("It came two weeks ago and goes this week.", id="weeks-ago"),
        pytest.param("The siege ended at 3pm after 90 days.", id="clock-time-and-duration"),
        pytest.param("Prices doubled over the last year and may fall in the next month.", id="the-last-year-is-a-duration"),
        pytest.param("A 40-year-old man was hurt.", id="age"),
        pytest.param("Such walls were common in the 20th century.", id="century"),
    ],
)
def test_not_dates(nlp: Language, text: str) -> None:
    assert resolved(nlp, text, THURSDAY) == []


def test_a_month_after_a_superlative_is_a_date(nlp: Language) -> None:
    assert resolved(nlp, "It was the driest August on record.", THURSDAY) == [("August", date(2024, 8, 1), "month")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("The choir first sang in June 1921.- Later it toured.", ("June 1921", date(1921, 6, 1), "month"), id="year"),
        pytest.param("Bids were accepted until Feb. 27.- Nobody applied.", ("Feb. 27", date(2025, 2, 27), "day"), id="day"),
    ],
)
def test_punctuation_left_on_a_number_stays_out_of_the_span(nlp: Language, text: str, expected: tuple[str, date, str]) -> None:
    [mention] = extract_dates(nlp(text), THURSDAY)
    assert (mention.text, mention.value, mention.granularity) == expected
    assert text[mention.start_char : mention.end_char] == mention.text


@pytest.mark.parametrize(
    ("text", "fridays"),
    [
        pytest.param(
            "A rally is due to be held on Friday. Police met the organisers of Friday's rally.",
            [date(2025, 3, 14), date(2025, 3, 14)], id="open-clause-takes-the-earlier-day",
        ),
        pytest.param(
            "A rally is due to be held on Friday. A smaller rally took place on Friday.",
            [date(2025, 3, 14), date(2025, 3, 7)], id="explicit-clause-wins",
        ),
    ],
)
def test_a_weekday_the_clause_leaves_open_is_the_one_already_named(nlp: Language, text: str, fridays: list[date]) -> None:
    assert [value for _, value, _ in resolved(nlp, text, THURSDAY)] == fridays


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The rebels took the port in 2012; by early June of that year they held the coast.",
            [("2012", date(2012, 1, 1), "year"), ("June of that year", date(2012, 6, 1), "month")], id="of-that-year",
        ),
        pytest.param(
            "The dam opened on 4 May 1998. In August the same year it flooded.",
            [("4 May 1998", date(1998, 5, 4), "day"), ("August the same year", date(1998, 8, 1), "month")], id="the-same-year",
        ),
        pytest.param("By March of that year the plan had failed.", [], id="no-year-named-before"),
    ],
)
def test_a_month_of_that_year_takes_the_year_last_named(nlp: Language, text: str, expected: list[tuple[str, date, str]]) -> None:
    assert resolved(nlp, text, THURSDAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("This month the ferry ran late; last night and this evening it ran on time.", id="shift-and-part-of-day"),
        pytest.param("This year, next Tuesday morning and this past Sunday all count.", id="shift-and-weekday"),
        pytest.param("The fair opens this coming May, as it did in March last year and 12 June 2019.", id="shift-and-month"),
        pytest.param("This plan and that plan were drafted in the 1990s, three days ago.", id="decade-and-ago"),
    ],
)
def test_matching_around_anchors_finds_what_matching_everywhere_finds(nlp: Language, text: str) -> None:
    """The date matcher runs only around anchor tokens (`_windows_around_anchors`); that loses no match."""
    doc = nlp(text)
    matcher = date_spans._matcher(doc.vocab)
    everywhere = {(span.start, span.end, span.label_) for span in matcher(doc, as_spans=True)}
    windowed = {
        (span.start, span.end, span.label_)
        for start, end in date_spans._windows_around_anchors(doc)
        for span in matcher(doc[start:end], as_spans=True)
    }
    assert windowed == everywhere
