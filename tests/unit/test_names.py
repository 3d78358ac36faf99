"""Name comparison shared by the mention rules and entity resolution."""

import pytest

from pipelines.core.names import coarse_class, initials, is_acronym, name_key


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Lee Min-seo", "lee min seo"),
        ("The Harbour Trust", "Harbour Trust"),
        ("St. Oswin\u2019s School", "St Oswin's School"),
        ("Port\u2013Authority", "Port Authority"),
    ],
)
def test_names_written_differently_share_a_key(first, second):
    assert name_key(first) == name_key(second)


def test_a_leading_the_is_dropped_only_as_a_word():
    assert name_key("Theodora Vance") == "theodora vance"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Coastal Ferry Union", "CFU"), ("Board of Harbour Pilots", "BHP"), ("HPG Safety Panel", "HPGSP")],
)
def test_initials_skip_small_words_and_keep_acronyms_whole(name, expected):
    assert initials(name) == expected


@pytest.mark.parametrize(("name", "expected"), [("CFU", True), ("C.F.U.", True), ("Cfu", False), ("A", False), ("ABCDEFG", False)])
def test_acronyms_are_two_to_six_capitals(name, expected):
    assert is_acronym(name) is expected


@pytest.mark.parametrize(("label", "expected"), [("GPE", "PLACE"), ("LOC", "PLACE"), ("FAC", "PLACE"), ("ORG", "ORG"), ("NORP", "NORP")])
def test_place_labels_share_one_class(label, expected):
    assert coarse_class(label) == expected
