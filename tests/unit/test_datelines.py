"""Tests for pipelines.core.datelines, and that the header parser never takes a dateline as a title or a date."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.core.datelines import find_dateline
from pipelines.core.headers import parse_article

DATELINES = [
    ("SALVADOR, Feb 26 - Exporters expect lower sales.", "SALVADOR", "Feb 26", None),
    ("BRUSSELS 1996-08-22", "BRUSSELS", "1996-08-22", None),
    ("WASHINGTON (Reuters) - The committee voted.", "WASHINGTON", None, "Reuters"),
    ("NEW YORK -- Shares fell.", "NEW YORK", None, None),
    ("ST. LOUIS, Mo. (AP) — Flooding closed roads.", "ST. LOUIS", None, "AP"),
    ("SAN JOSE, Costa Rica, March 3, 2017 (AP) — Rain fell.", "SAN JOSE", "March 3, 2017", "AP"),
    ("GDANSK, 4 March. /PAP/. Dockers walked out.", "GDANSK", "4 March", "PAP"),
    ("Tallinn (Dow Jones) - Ferry traffic resumed.", "Tallinn", None, "Dow Jones"),
    ("Riga (BNS)Ferry traffic resumed.", "Riga", None, "BNS"),
]
NOT_DATELINES = [
    "UPDATE 2-Ferry traffic resumed.",
    "EXCLUSIVE - Ferry traffic resumed.",
    "The harbour master - who spoke first - agreed.",
    "Mr. Kask (Reform) said the ferries would run.",
    "Sen. Jaan Kask (R-Tartu) also spoke.",
    "Ferry traffic resumed on Monday.",
    "A - b",
    "",
]


@pytest.mark.parametrize(("body", "place", "date", "agency"), DATELINES)
def test_datelines(body: str, place: str, date: str | None, agency: str | None) -> None:
    found = find_dateline(body)
    assert found is not None
    assert (found.place, found.date, found.agency) == (place, date, agency)
    assert body[found.start : found.end] == place


@pytest.mark.parametrize("body", NOT_DATELINES)
def test_not_datelines(body: str) -> None:
    assert find_dateline(body) is None


@pytest.mark.parametrize(
    ("text", "title", "published_at"),
    [
        ("WASHINGTON (Reuters) - The committee voted on the ferry budget on\nTuesday after a long debate.", None, None),
        ("BRUSSELS 1996-08-22\n\nThe committee voted. It was late.", None, None),
        ("FERRY TRAFFIC RESUMES\n2024-03-05\nTALLINN, March 4 - Ferries ran again.", "FERRY TRAFFIC RESUMES", datetime(2024, 3, 5)),
    ],
)
def test_dateline_is_never_title_or_date(text: str, title: str | None, published_at: datetime | None) -> None:
    article = parse_article(text)
    assert (article.title, article.published_at) == (title, published_at)
    # The body keeps its dateline.
    assert find_dateline(article.body) is not None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="ABCSÉ .,-–—()/0123456789abcReutrsFbMay\n", max_size=120))
def test_never_raises_and_offsets_hold(body: str) -> None:
    found = find_dateline(body)
    assert found is None or body[found.start : found.end] == found.place
