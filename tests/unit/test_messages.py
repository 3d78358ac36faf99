"""Tests for pipelines.core.messages (through parse_article): header blocks, dates with zones, quotes, signatures."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.core.headers import parse_article, tidy_text
from pipelines.core.messages import QUOTE, SIGNATURE, parse_message_date, read_message_header, skipped_spans

BODY = "The co-op board met on Tuesday and approved 14 new berths for the winter season.\n\nMore next week."

NEWS_HEADER = (
    "Xref: news.example.net sci.marine:2231 rec.boats:10944\n"
    "Path: news.example.net!relay.example.org!not-for-mail\n"
    "From: hlindqvist@harbour.example.se (Hanna Lindqvist)\n"
    "Newsgroups: sci.marine,rec.boats\n"
    "Subject: Re: Winter berths at the north quay\n"
    "Message-ID: <1993Apr1.100029.8812@harbour.example.se>\n"
    "References: <c4f1.22@boats.example.org>\n"
    "Date: 1 Apr 93 10:00:29 GMT\n"
    "Organization: Harbour Users Association\n"
    "Lines: 3\n"
)


def test_full_usenet_header_is_read_as_a_whole() -> None:
    article = parse_article(NEWS_HEADER + "\n" + BODY)
    assert article.title == "Winter berths at the north quay"
    assert article.author == "Hanna Lindqvist"
    assert article.published_at == datetime(1993, 4, 1, 10, 0, 29)
    assert article.published_zone == "GMT"
    assert article.published_at_utc == datetime(1993, 4, 1, 10, 0, 29)
    assert article.newsgroups == ("sci.marine", "rec.boats")
    assert article.organization == "Harbour Users Association"
    assert article.message_id == "<1993Apr1.100029.8812@harbour.example.se>"
    assert article.in_reply_to == "<c4f1.22@boats.example.org>"
    assert article.subtitle is None and article.section is None
    # No header line is left in the body.
    assert article.body == BODY


FROM_VALUES = [
    ("hlindqvist@harbour.example.se (Hanna Lindqvist)", "Hanna Lindqvist"),
    ("Hanna Lindqvist <hlindqvist@harbour.example.se>", "Hanna Lindqvist"),
    ('"Lindqvist, Hanna" <hl@harbour.example.se>', "Lindqvist, Hanna"),
    ("=?utf-8?q?Bj=C3=B6rn_=C5=A0imek?= <bs@example.cz>", "Björn Šimek"),
    ("hlindqvist@harbour.example.se", None),
    ("<hlindqvist@harbour.example.se>", None),
    ("", None),
    ("<@>", None),
]


@pytest.mark.parametrize(("from_value", "author"), FROM_VALUES)
def test_author_is_a_name_never_an_address(from_value: str, author: str | None) -> None:
    article = parse_article(f"From: {from_value}\nMessage-ID: <a1@example.org>\nSubject: Berths\n\n{BODY}")
    assert article.author == author
    assert article.body == BODY


SUBJECTS = [
    ("Winter berths", "Winter berths"),
    ("Re: Winter berths", "Winter berths"),
    ("RE: Re: Fwd: Winter berths", "Winter berths"),
    ("Fw: AW: Re[2]: Winter berths", "Winter berths"),
    ("Re: ", None),
    ("", None),
    ("Regatta results", "Regatta results"),
]


@pytest.mark.parametrize(("subject", "title"), SUBJECTS)
def test_subject_without_reply_chains(subject: str, title: str | None) -> None:
    article = parse_article(f"Newsgroups: rec.boats\nSubject: {subject}\n\n{BODY}")
    assert article.title == title


DATES = [
    # (value, wall clock as written, zone as written, UTC)
    ("1 Apr 93 10:00:29 GMT", datetime(1993, 4, 1, 10, 0, 29), "GMT", datetime(1993, 4, 1, 10, 0, 29)),
    ("Thu, 1 Apr 1993 10:00:29 -0500 (EST)", datetime(1993, 4, 1, 10, 0, 29), "-0500", datetime(1993, 4, 1, 15, 0, 29)),
    ("Mon, 4 Nov 2024 23:30:00 PDT", datetime(2024, 11, 4, 23, 30), "PDT", datetime(2024, 11, 5, 6, 30)),
    ("2 Apr 93 09:15:00 CET", datetime(1993, 4, 2, 9, 15), "CET", datetime(1993, 4, 2, 8, 15)),
    ("2 Apr 1993 09:15 +0530", datetime(1993, 4, 2, 9, 15), "+0530", datetime(1993, 4, 2, 3, 45)),
    ("05 Jan 04 18:00:00 EST", datetime(2004, 1, 5, 18, 0), "EST", datetime(2004, 1, 5, 23, 0)),
    ("Fri, 2 Apr 1993 09:15:00", datetime(1993, 4, 2, 9, 15), None, None),
    ("sometime last spring", None, None, None),
    ("31 Feb 1993 10:00 GMT", None, None, None),
    ("", None, None, None),
]


@pytest.mark.parametrize(("value", "wall_clock", "zone", "utc"), DATES)
def test_message_dates_with_their_zone(value: str, wall_clock, zone, utc) -> None:
    article = parse_article(f"Message-ID: <d1@example.org>\nDate: {value}\nSubject: Berths\n\n{BODY}")
    assert (article.published_at, article.published_zone, article.published_at_utc) == (wall_clock, zone, utc)
    assert article.title == "Berths"


def test_folded_and_mixed_case_fields() -> None:
    text = (
        "FROM: Hanna Lindqvist\n <hl@harbour.example.se>\n"
        "subject: Winter berths\n\tat the north quay\n"
        "message-id: <f1@example.org>\n\n" + BODY
    )
    article = parse_article(text)
    assert article.title == "Winter berths at the north quay"
    assert article.author == "Hanna Lindqvist"
    assert article.body == BODY


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Date: Mon, 4 Nov 2024 10:30:00 +0000\nSubject: Berths\nSection: World\n\n" + BODY, id="no-transport-field"),
        pytest.param("Message-ID: <only@example.org>\n\n" + BODY, id="one-field"),
        pytest.param("Note: the quay\nMessage-ID: <x@y>\n\n" + BODY, id="no-content-field"),
        pytest.param(BODY, id="plain-text"),
    ],
)
def test_not_a_message(text: str) -> None:
    assert read_message_header(text.split("\n")) is None


def test_mbox_separator_and_missing_blank_line() -> None:
    text = "From hl@harbour.example.se Thu Apr  1 10:00:29 1993\nFrom: Hanna Lindqvist <hl@x.se>\nSubject: Berths\nMessage-ID: <m@x.se>\n" + BODY
    article = parse_article(text)
    assert (article.title, article.author) == ("Berths", "Hanna Lindqvist")
    assert article.body == BODY


REPLY = (
    "Message-ID: <r2@harbour.example.se>\nIn-Reply-To: <r1@boats.example.org>\nFrom: Hanna Lindqvist <hl@x.se>\n"
    "Subject: Re: Berths\n\n"
    "Piotr Nowak <pn@boats.example.org> wrote:\n"
    "> The board approved 14 new berths.\n"
    ">\n"
    "> > Older quote here.\n"
    "\n"
    "I count only 12 on the plan.\n"
    "\n"
    "-- \n"
    "Hanna Lindqvist | Harbour Users Association\n"
)


def test_quotes_and_signature_are_marked_not_removed() -> None:
    article = parse_article(REPLY)
    body = article.body
    assert "14 new berths" in body and "Hanna Lindqvist |" in body
    kinds = [(span.kind, body[span.start : span.end]) for span in article.skipped]
    assert kinds == [
        (QUOTE, "Piotr Nowak <pn@boats.example.org> wrote:\n> The board approved 14 new berths.\n>\n> > Older quote here."),
        (SIGNATURE, "--\nHanna Lindqvist | Harbour Users Association"),
    ]
    assert article.in_reply_to == "<r1@boats.example.org>"


@pytest.mark.parametrize(
    ("body", "kinds"),
    [
        ("> a\n> b\n\nreply", [QUOTE]),
        ("reply\n\n> a\n\n> b", [QUOTE]),  # two quoted paragraphs with a blank line between: one block
        ("reply\n> a\nreply\n> b", [QUOTE, QUOTE]),
        ("reply\n--\n" + "\n".join(["line"] * 30), []),  # too long for a signature
        ("reply\n--\nName", [SIGNATURE]),
        ("reply with -- inside", []),
        ("", []),
    ],
)
def test_skipped_span_shapes(body: str, kinds: list[str]) -> None:
    assert [span.kind for span in skipped_spans(body)] == kinds


def test_unparsable_date_gives_nothing() -> None:
    assert parse_message_date("99 Foo 1993 25:61") is None


FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
header_lines = st.one_of(
    st.sampled_from(
        [
            "From: a@b (N)",
            "From: <@>",
            "From: \"\" <>",
            "From: =?bad?x?zz?=",
            "Subject: Re:",
            "Subject: =?utf-8?b?!!!?=",
            "Date: 1 Apr 93 10:00:29 GMT",
            "Date: 99 Apr 99999 99:99:99 +9999",
            "Date: Thu, 31 Feb 1993 10:00 XYZ",
            "Message-ID: <",
            "References: <a> <b",
            "Newsgroups: ,,,",
            "Xref: x",
            " folded",
            "\tfolded",
            "",
            "> quoted",
            "--",
        ]
    ),
    st.text(max_size=40),
)


@FUZZ
@given(st.lists(header_lines, max_size=16).map("\n".join))
def test_never_raises_on_message_like_text(text: str) -> None:
    article = parse_article(text)
    assert tidy_text(article.body) == article.body
    for span in article.skipped:
        assert 0 <= span.start <= span.end <= len(article.body)
    assert article.author is None or "@" not in article.author


@FUZZ
@given(st.text(max_size=120))
def test_message_date_never_raises(value: str) -> None:
    parsed = parse_message_date(value)
    assert parsed is None or (parsed.utc is None) == (parsed.zone is None) or parsed.zone is not None
