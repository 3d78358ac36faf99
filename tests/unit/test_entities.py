"""Entity mentions and corpus-wide entities: one small example per correction rule, on the real model."""
from __future__ import annotations

import pytest

from pipelines.core.entities import NUMERIC_LABELS, Mention, canonical_place_or_group, extract_mentions, resolve_entities
from pipelines.core.places import lookup_place, place_of_division


@pytest.fixture(scope="module")
def mentions_in(nlp):
    def mentions_in(text: str) -> list[Mention]:
        return extract_mentions(nlp(text))

    return mentions_in


def labelled(mentions: list[Mention]) -> list[tuple[str, str]]:
    return [(mention.text, mention.label) for mention in mentions]


def canonical_of(mentions: list[Mention], text: str) -> str:
    return next(mention.canonical for mention in mentions if mention.text == text)


# --- spans ------------------------------------------------------------------------------------


def test_offsets_and_sentences(mentions_in):
    body = "Seoul condemned the move.\nLater, Japan and China met in Beijing. Nothing else happened."
    mentions = mentions_in(body)
    assert [mention.text for mention in mentions] == ["Seoul", "Japan", "China", "Beijing"]
    for mention in mentions:
        assert body[mention.start_char : mention.end_char] == mention.text
    assert {mention.sentence for mention in mentions[1:]} == {"Later, Japan and China met in Beijing."}
    assert mentions[0].sentence == "Seoul condemned the move."


def test_spans_never_cross_a_line_break(mentions_in):
    # The model reads "the International Response\nUkraine" as one ORG.
    body = (
        "This series of issues demoralized the troops.\n"
        "Ukraine’s Advantage and the International Response\n"
        "Ukraine has gained the upper hand in this conflict."
    )
    mentions = mentions_in(body)
    assert all("\n" not in mention.text for mention in mentions)
    assert labelled(mentions) == [("Ukraine", "GPE"), ("Ukraine", "GPE")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Organizations such as the United Nations may pass new resolutions.", ("United Nations", "ORG")),
        ("North Korea’s intervention is akin to a bombshell.", ("North Korea", "GPE")),
        ("South Korea's KBS network interviewed him.", ("South Korea", "GPE")),
        ("It fought abroad (Vietnam War, Middle East) before.", ("Vietnam War", "EVENT")),
        ("**North Korea’s** role grew quickly.", ("North Korea", "GPE")),
        ("Judges in The Hague ruled on Monday.", ("The Hague", "GPE")),
    ],
    ids=["leading-the", "curly-possessive", "straight-possessive", "bracket", "markdown", "the-in-place-name"],
)
def test_span_edges_are_trimmed(mentions_in, body, expected):
    assert expected in labelled(mentions_in(body))


def test_numeric_labels_are_left_to_other_tables(mentions_in):
    mentions = mentions_in("In November 2024, over 20 soldiers and 3% of the budget went to Kursk for $5 million.")
    assert not {mention.label for mention in mentions} & NUMERIC_LABELS


@pytest.mark.parametrize(
    "body",
    [
        "### The Immediate Military Implications\nZelensky’s assertion that troops returned underlines the problem.",
        "### The Role of the International Community\nThe international community must monitor the situation.",
        "Author: Lok\n\nIntroduction\n\nIn a startling turn of events, Ukrainian forces clashed with soldiers.",
        "International Reactions\n\nIn response, South Korea condemned the deployment.",
    ],
    ids=["markdown-heading", "heading-running-into-text", "introduction", "title-case-line"],
)
def test_headings_are_not_entities(mentions_in, body):
    heading_words = {"Implications", "International", "Community", "Introduction", "Reactions"}
    assert not any(heading_words & set(mention.text.split()) for mention in mentions_in(body))


def test_heading_keeps_a_name_used_in_the_text(mentions_in):
    body = "European Union Responds\n\nThe European Union condemned the launch."
    assert [mention.text for mention in mentions_in(body)].count("European Union") == 2


def test_nationality_span_in_a_headline_is_cut_to_the_nationality(mentions_in):
    body = "North Korean Troops in Kursk: A New Conflict Phase?\nThe troops arrived in November."
    assert ("North Korean", "NORP") in labelled(mentions_in(body))


def test_place_before_a_possessive_is_split_off(mentions_in):
    # Same text as the line-break test: the model tags "Ukraine’s Advantage" as one ORG.
    body = (
        "This series of issues demoralized the troops.\n"
        "Ukraine’s Advantage and the International Response\n"
        "Ukraine has gained the upper hand in this conflict."
    )
    first = mentions_in(body)[0]
    assert (first.text, first.label, first.start_char) == ("Ukraine", "GPE", body.index("Ukraine’s"))


# --- places -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "place", "canonical"),
    [
        ("North Korean forces entered Russia’s Kursk region last week.", "Kursk", "Kursk"),  # model: PRODUCT
        ("The first military personnel of the DPRK have come under fire.", "DPRK", "North Korea"),  # model: ORG
        ("Officials from Eswatini, Lesotho and Botswana met.", "Botswana", "Botswana"),  # model: ORG
        ("Defense Secretary Lloyd Austin visited Kyiv on Tuesday.", "Kyiv", "Kyiv"),  # model: PERSON
        ("Troops were sent to the Kursk Oblast, officials said.", "Kursk Oblast", "Kursk"),  # model: ORG
    ],
)
def test_gazetteer_places_get_a_place_label(mentions_in, body, place, canonical):
    mentions = mentions_in(body)
    assert (place, "GPE") in labelled(mentions)
    assert canonical_of(mentions, place) == canonical


def test_missed_country_is_added(mentions_in):
    assert ("Gabon", "GPE") in labelled(mentions_in("Gabon’s coup surprised Cameroon."))


def test_country_inside_a_longer_name_is_not_added(mentions_in):
    assert "Japan" not in [mention.text for mention in mentions_in("She flew Japan Airlines to Bank of America events.")]


def test_common_words_that_name_small_towns_stay_unplaced(mentions_in):
    # "Mission", "Of" and "Manage" are towns of 15,000+ people in the gazetteer.
    mentions = mentions_in("Officials said Mission staff would travel to Of and Manage next week.")
    assert not [mention for mention in mentions if mention.label in {"GPE", "LOC", "FAC"}]


def test_nationality_word_is_norp_not_a_place(mentions_in):
    mentions = mentions_in("Recent intelligence reports from Ukrainian military sources suggest troops were sent.")
    assert ("Ukrainian", "NORP") in labelled(mentions)


@pytest.mark.parametrize(
    ("surface", "country"),
    [
        ("U.S.", "United States"),
        ("US", "United States"),
        ("the United States", "United States"),
        ("USA", "United States"),
        ("American", "United States"),
        ("Americans", "United States"),
        ("UK", "United Kingdom"),
        ("Britain", "United Kingdom"),
        ("British", "United Kingdom"),
        ("DPRK", "North Korea"),
        ("Democratic People's Republic of Korea", "North Korea"),
        ("North Korean", "North Korea"),
        ("Republic of Korea", "South Korea"),
        ("Russian Federation", "Russia"),
        ("Russian", "Russia"),
        ("Ukrainian", "Ukraine"),
        ("Chinese", "China"),
        ("Polish", "Poland"),
        ("Czech", "Czechia"),
        ("European", "Europe"),
    ],
)
def test_canonical_place_or_group(surface, country):
    assert canonical_place_or_group(surface) == country


@pytest.mark.parametrize("surface", ["us", "Korean", "Western", "Roman", "Kremlin", "Kursk"])
def test_canonical_place_or_group_unknown(surface):
    assert canonical_place_or_group(surface) is None


def test_division_names_the_place():
    assert place_of_division("Kursk region") == "Kursk"
    assert place_of_division("Kursk Oblast") == "Kursk"
    assert place_of_division("Eastern Province") is None  # "Eastern" is no known place


# --- people -----------------------------------------------------------------------------------


def test_surname_links_to_the_full_name_before_or_after(mentions_in):
    mentions = mentions_in("Zelensky spoke first. Volodymyr Zelensky then left. Zelensky returned on Friday.")
    assert [mention.canonical for mention in mentions if mention.label == "PERSON"] == ["Volodymyr Zelensky"] * 3


def test_family_name_first_links_too(mentions_in):
    mentions = mentions_in("North Korea, under Kim Jong Un, sent troops. Kim hopes to receive assistance.")
    assert canonical_of(mentions, "Kim") == "Kim Jong Un"


def test_titles_are_not_part_of_names(mentions_in):
    mentions = mentions_in("Mrs Thatcher and Mr Blair were both prime ministers.")  # model: "Mrs Thatcher"
    assert [mention.text for mention in mentions if mention.label == "PERSON"] == ["Thatcher", "Blair"]


@pytest.mark.parametrize(
    ("body", "full_name"),
    [
        ("Ukrainian Defense Minister Rustem Umerov confirmed reports of clashes.", "Rustem Umerov"),
        ("South Korea reacted, with President Yoon Suk-Yeol suggesting a shift.", "Yoon Suk-Yeol"),
    ],
    ids=["first-name", "hyphenated"],
)
def test_name_cut_short_is_completed(mentions_in, body, full_name):
    assert (full_name, "PERSON") in labelled(mentions_in(body))


def test_surname_mislabelled_by_the_model_becomes_person(mentions_in):
    mentions = mentions_in("Kovalenko and Andriy Kovalenko agreed.")  # model: "Kovalenko" ORG
    assert ("Kovalenko", "PERSON") in labelled(mentions)
    assert canonical_of(mentions, "Kovalenko") == "Andriy Kovalenko"


def test_surname_missed_by_the_model_is_added(mentions_in):
    mentions = mentions_in("Andrew Yeo, a senior fellow, spoke. Yeo noted that the troops lacked training.")
    assert ("Yeo", "PERSON") in labelled(mentions)
    assert canonical_of(mentions, "Yeo") == "Andrew Yeo"


def test_person_named_after_a_place_stays_a_person(mentions_in):
    mentions = mentions_in("Michael Jordan scored 30 points. Jordan later retired to Florida.")
    assert ("Jordan", "PERSON") in labelled(mentions)


# --- corpus-wide entities -----------------------------------------------------------------------


def mention(text: str, label: str, canonical: str | None = None) -> Mention:
    return Mention(text, label, 0, len(text), text, canonical or text)


CORPUS = [
    ("d1", mention("U.S.", "GPE", "United States")),
    ("d2", mention("US", "GPE", "United States")),
    ("d3", mention("United States", "GPE")),
    ("d1", mention("DPRK", "GPE", "North Korea")),
    ("d2", mention("North Korea", "GPE")),
    ("d3", mention("Russian Federation", "GPE", "Russia")),
    ("d1", mention("Russia", "GPE")),
    ("d1", mention("Kursk", "GPE")),
    ("d2", mention("Kursk region", "GPE", "Kursk")),
    ("d1", mention("Yoon Suk-Yeol", "PERSON")),
    ("d2", mention("Yoon Suk Yeol", "PERSON")),
    ("d3", mention("Yoon", "PERSON")),
    ("d1", mention("Zelensky", "PERSON", "Volodymyr Zelensky")),
    ("d2", mention("Volodymyr Zelensky", "PERSON")),
    ("d1", mention("European Union", "ORG")),
    ("d2", mention("EU", "ORG")),
    ("d3", mention("Northeast Asia", "LOC")),
]


def entity_named(entities, name):
    return next(entity for entity in entities if entity.name == name)


def test_one_entity_per_real_entity_with_aliases():
    entities, ids = resolve_entities(CORPUS)
    expected = {
        "United States": (("U.S.", "US"), 3),
        "North Korea": (("DPRK",), 2),
        "Russia": (("Russian Federation",), 2),
        "Kursk": (("Kursk region",), 2),
        "Yoon Suk Yeol": (("Yoon", "Yoon Suk-Yeol"), 3),
        "Volodymyr Zelensky": (("Zelensky",), 2),
        "European Union": (("EU",), 2),
        "Northeast Asia": ((), 1),
    }
    assert {entity.name: (entity.aliases, entity.doc_count) for entity in entities} == expected
    assert len(set(ids)) == len(entities)
    assert ids[0] == ids[1] == ids[2] == entity_named(entities, "United States").entity_id


def test_entity_ids_do_not_depend_on_input_order():
    entities, ids = resolve_entities(CORPUS)
    reversed_entities, reversed_ids = resolve_entities(CORPUS[::-1])
    assert reversed_ids == ids[::-1]
    assert sorted(reversed_entities, key=lambda entity: entity.entity_id) == sorted(
        entities, key=lambda entity: entity.entity_id
    )


def test_acronym_with_two_possible_long_forms_follows_shared_context():
    corpus = [
        ("d1", mention("European Union", "ORG")),
        ("d1", mention("Brussels", "GPE")),
        ("d2", mention("Ewha University", "ORG")),
        ("d2", mention("Seoul", "GPE")),
        ("d3", mention("EU", "ORG")),
        ("d3", mention("Brussels", "GPE")),
    ]
    entities, _ = resolve_entities(corpus)
    assert entity_named(entities, "European Union").aliases == ("EU",)


def test_places_are_enriched_from_the_gazetteer():
    entities, _ = resolve_entities(CORPUS)
    kursk = entity_named(entities, "Kursk")
    assert (kursk.country_code, round(kursk.latitude, 2), round(kursk.longitude, 2)) == ("RU", 51.73, 36.18)
    north_korea = entity_named(entities, "North Korea")
    pyongyang = lookup_place("Pyongyang")
    assert (north_korea.country_code, north_korea.latitude) == ("KP", pyongyang.latitude)  # capital's position
    unknown = entity_named(entities, "Northeast Asia")
    assert (unknown.country_code, unknown.latitude, unknown.longitude) == (None, None, None)
    assert entity_named(entities, "Yoon Suk Yeol").country_code is None  # people are not placed
