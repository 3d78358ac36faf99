"""Tests for pipelines.core.headers: header shapes, date formats, and fuzzing for robustness."""

from __future__ import annotations

import time
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.core.headers import ParsedArticle, parse_article, tidy_text


BODY = "Dockers left the quay on Monday. Officials confirmed the walkout.\n\nA second paragraph follows."
HEADLINE = "Dockworkers extend strike at two Baltic ports"

HEADER_SHAPES = [
    pytest.param(
        f"World\n\n{HEADLINE}\n\n2025-03-04\n\nAuthor: Ines\n\nIntroduction\n\n{BODY}",
        {"section": "World", "title": HEADLINE, "author": "Ines", "published_at": datetime(2025, 3, 4)},
        "Introduction\n\n" + BODY,
        id="section-title-isodate-author",
    ),
    pytest.param(
        "Middle East\nCeasefire talks resume in Cairo\n" + BODY,
        {"section": "Middle East", "title": "Ceasefire talks resume in Cairo"},
        BODY,
        id="two-word-known-section",
    ),
    pytest.param(
        "Ports in Poland: A Longer Dispute?\n"
        "The walkout marks an escalation. Understanding it matters.\n"
        "Published March 12, 2025 - 08:40am\n" + BODY,
        {
            "title": "Ports in Poland: A Longer Dispute?",
            "subtitle": "The walkout marks an escalation. Understanding it matters.",
            "published_at": datetime(2025, 3, 12, 8, 40),
        },
        BODY,
        id="title-standfirst-published",
    ),
    pytest.param(
        f"{HEADLINE}\nBy Tomasz Lis\n{BODY}",
        {"title": HEADLINE, "author": "Tomasz Lis"},
        BODY,
        id="byline",
    ),
    pytest.param(
        f"{HEADLINE}\nBy Jane Doe and John Roe\n{BODY}",
        {"title": HEADLINE, "author": "Jane Doe and John Roe"},
        BODY,
        id="byline-two-authors",
    ),
    pytest.param(
        # Agency suffixes are kept as written rather than guessed away.
        f"{HEADLINE}\nBy Jane Doe, Reuters\n{BODY}",
        {"title": HEADLINE, "author": "Jane Doe, Reuters"},
        BODY,
        id="byline-with-agency",
    ),
    pytest.param(
        f"{HEADLINE}\nBy Jane Doe, November 8, 2024\n{BODY}",
        {"title": HEADLINE, "author": "Jane Doe", "published_at": datetime(2024, 11, 8)},
        BODY,
        id="byline-with-date",
    ),
    pytest.param(
        f"{HEADLINE}\nBy Jane Doe | Nov 8, 2024 10:30 AM\n{BODY}",
        {"title": HEADLINE, "author": "Jane Doe", "published_at": datetime(2024, 11, 8, 10, 30)},
        BODY,
        id="byline-pipe-date-time",
    ),
    pytest.param(
        " date 2025-03-20 Poland’s ports in crisis – Will the mediators help?\n\nBy Tomasz Lis\n\n\n\n" + BODY,
        {
            "title": "Poland’s ports in crisis – Will the mediators help?",
            "author": "Tomasz Lis",
            "published_at": datetime(2025, 3, 20),
        },
        BODY,
        id="date-and-title-on-one-line",
    ),
    pytest.param(
        "26-FEB-1987 15:01:01.79\n\nCOCOA EXPORTERS EXPECTED TO LIMIT SALES\n" + BODY,
        {"title": "COCOA EXPORTERS EXPECTED TO LIMIT SALES", "published_at": datetime(1987, 2, 26, 15, 1, 1, 790000)},
        BODY,
        id="reuters-date-then-title",
    ),
    pytest.param(
        "Date: Mon, 4 Nov 2024 10:30:00 +0000\n"
        f"Subject: {HEADLINE}\n"
        "From: Jane Doe <jane.doe@example.com>\n"
        "Section: World\n\n" + BODY,
        {"title": HEADLINE, "author": "Jane Doe", "section": "World", "published_at": datetime(2024, 11, 4, 10, 30)},
        BODY,
        id="newsroom-export",
    ),
    pytest.param(
        f"HEADLINE: {HEADLINE}\nbyline: By Jane Doe\nCATEGORY: Politics\n"
        "Updated: 9 November 2024\nPUBLISHED: 8 November 2024\n\n" + BODY,
        {"title": HEADLINE, "author": "Jane Doe", "section": "Politics", "published_at": datetime(2024, 11, 8)},
        BODY,
        id="keys-any-case-published-beats-updated",
    ),
    pytest.param(
        f"Title: {HEADLINE}\nUpdated: November 9, 2024\n\n" + BODY,
        {"title": HEADLINE, "published_at": datetime(2024, 11, 9)},
        BODY,
        id="updated-only-as-fallback",
    ),
    pytest.param(
        "Dockworkers suffered a heavy defeat in their first vote on the pay offer.\n" + BODY,
        {"title": "Dockworkers suffered a heavy defeat in their first vote on the pay offer."},
        BODY,
        id="single-sentence-first-line-is-title",
    ),
    pytest.param(
        BODY,
        {},
        BODY,
        id="multi-sentence-first-line-is-body",
    ),
    pytest.param(
        "### Background\n" + BODY,
        {},
        "### Background\n" + BODY,
        id="leading-markdown-heading-is-body",
    ),
    pytest.param(
        f"{HEADLINE}\n{BODY}\n### Understanding the context\nMore text.",
        {"title": HEADLINE},
        f"{BODY}\n### Understanding the context\nMore text.",
        id="markdown-heading-stays-in-body",
    ),
    pytest.param(
        f"{HEADLINE}\nA short second line.\n{BODY}",
        {"title": HEADLINE},
        f"A short second line.\n{BODY}",
        id="standfirst-needs-metadata-after-it",
    ),
    pytest.param(
        # Two unknown capitalised words: a short headline, not a section.
        "Gdansk Walkout\nUnion pushes deeper into talks\nBy Jane Doe\n" + BODY,
        {"title": "Gdansk Walkout", "subtitle": "Union pushes deeper into talks", "author": "Jane Doe"},
        BODY,
        id="section-never-invented",
    ),
    pytest.param(
        f"{HEADLINE}\nBy the end of the week, ships had moved. Others followed.\n",
        {"title": HEADLINE},
        "By the end of the week, ships had moved. Others followed.",
        id="sentence-starting-with-by-is-not-byline",
    ),
    pytest.param(
        f"{HEADLINE}\nOn March 8, 2025, ships sailed. More came.\n\nThey advanced.\n2024-11-04\n",
        {"title": HEADLINE},
        "On March 8, 2025, ships sailed. More came.\n\nThey advanced.\n2024-11-04",
        id="dates-in-body-are-not-publication-dates",
    ),
    pytest.param(
        "Section: World\n" * 8 + "Author: Too Late\n" + BODY,
        {"section": "World"},
        "Author: Too Late\n" + BODY,
        id="only-first-eight-lines-scanned",
    ),
    pytest.param(
        "Just a headline",
        {},
        "Just a headline",
        id="lone-line-is-body",
    ),
    pytest.param("", {}, "", id="empty"),
]


@pytest.mark.parametrize(("text", "expected_fields", "expected_body"), HEADER_SHAPES)
def test_header_shapes(text: str, expected_fields: dict[str, object], expected_body: str) -> None:
    article = parse_article(text)
    for field in ("title", "subtitle", "author", "section", "published_at"):
        assert getattr(article, field) == expected_fields.get(field), field
    assert article.body == expected_body


DATE_VALUES = [
    ("2024-11-04", datetime(2024, 11, 4)),
    # Offsets are dropped, not converted: the wall-clock time as written.
    ("2024-11-04T10:30:00Z", datetime(2024, 11, 4, 10, 30)),
    ("2024-11-04T23:30:00-05:00", datetime(2024, 11, 4, 23, 30)),
    ("26-FEB-1987 15:01:01.79", datetime(1987, 2, 26, 15, 1, 1, 790000)),
    ("November 8, 2024", datetime(2024, 11, 8)),
    ("8 November 2024", datetime(2024, 11, 8)),
    ("Nov 8, 2024 10:30 AM", datetime(2024, 11, 8, 10, 30)),
    # Never guessed: day/month order unknown, parts missing, or relative.
    ("12/11/2024", None),
    ("08.11.2024", None),
    ("November 4", None),
    ("2024", None),
    ("yesterday", None),
    ("1699999999", None),
]
# Label words only make sense on a standalone line, not after "Date:".
DATE_LINES = DATE_VALUES + [
    ("Published March 12, 2025 - 08:40am", datetime(2025, 3, 12, 8, 40)),
    ("Posted on 4 Nov 2024", datetime(2024, 11, 4)),
    ("Updated 9 November 2024", datetime(2024, 11, 9)),
]


@pytest.mark.parametrize(("date_line", "expected"), DATE_LINES)
def test_date_formats(date_line: str, expected: datetime | None) -> None:
    article = parse_article(f"{HEADLINE}\n{date_line}\n{BODY}")
    assert article.published_at == expected
    assert article.published_date == (expected.date() if expected else None)


@pytest.mark.parametrize(("date_value", "expected"), DATE_VALUES)
def test_date_formats_in_date_key(date_value: str, expected: datetime | None) -> None:
    assert parse_article(f"Date: {date_value}\n\n{BODY}").published_at == expected


def test_derived_properties() -> None:
    article = parse_article(f"{HEADLINE}\n2024-11-04\nOne two — three. ### U.S. forces")
    assert article.published_date == date(2024, 11, 4)
    # Punctuation-only tokens ("—", "###") are not words.
    assert article.word_count == 5


@given(st.text(alphabet=st.sampled_from("ab9_-—#.'’ \t\n\u00a0\u2003\u3000\x1féß٣")))
@settings(max_examples=300, deadline=None)
def test_word_count_is_the_whitespace_tokens_holding_a_letter_or_digit(body: str) -> None:
    article = ParsedArticle(title=None, subtitle=None, author=None, section=None, published_at=None, body=body)
    assert article.word_count == sum(1 for token in body.split() if any(char.isalnum() for char in token))


@pytest.mark.parametrize(
    ("raw", "tidied"),
    [
        ("e\u0301te\u0301", "été"),
        ("  a \t  b  \n\tc\t", "a b\nc"),
        ("\n\n\na\n\n\n\n\nb\n\n", "a\n\nb"),
        ("a\u00a0\u2003b", "a b"),
        ("   \n \t \n", ""),
    ],
)
def test_tidy_text(raw: str, tidied: str) -> None:
    assert tidy_text(raw) == tidied


def _assert_well_formed(article: ParsedArticle) -> None:
    assert isinstance(article, ParsedArticle)
    assert isinstance(article.body, str)
    # Downstream offsets rely on body being final: tidying it again is a no-op.
    assert tidy_text(article.body) == article.body
    for field in (article.title, article.subtitle, article.author, article.section):
        assert field is None or (isinstance(field, str) and field.strip() == field and field)
    assert article.published_at is None or isinstance(article.published_at, datetime)
    assert article.word_count >= 0


FUZZ_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

header_like_lines = st.one_of(
    st.sampled_from(
        [
            "World",
            "By Jane Doe",
            "by",
            "By ",
            "Author:",
            "Date:",
            "Date: 2024-11-04",
            "Published March 12, 2025 - 08:40am",
            " date 2024-11-01 Some headline",
            "date 9999-99-99 x",
            "2024-02-30",
            "Subject: Re: Fwd:",
            "From: <@>",
            "### Heading",
            "U.S. Gen. Smith speaks.",
            "\x00",
            "\ufeff\u200b\u2028",
        ]
    ),
    st.text(max_size=60),
    st.text(alphabet="ab .?!\"”:-/0123456789", max_size=300),
    st.integers(min_value=200, max_value=5000).map(lambda size: "x. Y" * size),
)


@FUZZ_SETTINGS
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    _assert_well_formed(parse_article(text))


@FUZZ_SETTINGS
@given(st.lists(header_like_lines, max_size=14).map("\n".join))
def test_never_raises_on_header_like_text(text: str) -> None:
    _assert_well_formed(parse_article(text))


@FUZZ_SETTINGS
@given(st.text())
def test_tidy_text_is_idempotent(text: str) -> None:
    assert tidy_text(tidy_text(text)) == tidy_text(text)


def test_pathological_input_stays_fast() -> None:
    hostile = "\n".join(["Date: " + "1" * 100_000, "By " + "A " * 100_000, "a" * 1_000_000, "\ud800\x00" * 1000])
    started = time.perf_counter()
    _assert_well_formed(parse_article(hostile))
    assert time.perf_counter() - started < 2.0
