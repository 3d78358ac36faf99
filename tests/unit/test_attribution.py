"""Tests for pipelines.core.attribution (through extract_figures): whose a claim is and who
says so, with sentences written for the test."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipelines.core.figures import Figure, extract_figures


def last_figure(nlp: Language, text: str) -> Figure:
    figures = extract_figures(nlp(text))
    assert figures, "no figure"
    return figures[-1]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        pytest.param("The convoy brought 300 U.S. troops to the base.", "U.S.", id="country-written-onto-the-noun"),
        pytest.param("Norway will send 40 engineers to the port.", "Norway", id="subject-of-sending"),
        pytest.param("Poland said 300 tanks crossed the river.", None, id="speaker-is-no-owner"),
        pytest.param("Analysts expect 300 tanks to cross the river.", None, id="no-named-owner"),
    ],
)
def test_actor_from_the_sentence(nlp: Language, text: str, actor: str | None) -> None:
    figure = last_figure(nlp, text)
    assert figure.actor == actor
    assert figure.actor_origin == ("sentence" if actor else None)


def test_actor_is_carried_from_an_earlier_claim_about_the_same_thing(nlp: Language) -> None:
    figures = extract_figures(nlp(
        "Finland deployed 40 engineers in the north. By winter another 25 engineers had arrived. "
        "Morale rose 12 percent."
    ))
    assert [(f.unit, f.actor, f.actor_origin) for f in figures] == [
        ("engineer", "Finland", "sentence"),
        ("engineer", "Finland", "document"),
        ("percent", None, None),  # a share of something else: never carried
    ]


def test_actor_is_carried_from_an_earlier_mention_that_names_the_owner(nlp: Language) -> None:
    figures = extract_figures(nlp(
        "Estonian engineers have reached the border region. Officials now count at least 600 engineers there."
    ))
    assert [(f.unit, f.actor, f.actor_origin) for f in figures] == [("engineer", "Estonian", "document")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Finland deployed 40 engineers. Floods later closed 12 roads.",
                     [("engineer", "Finland"), ("road", None)], id="other-noun"),
        pytest.param("Acme Holdings paid 30 mln dlrs for the mill. Its shares closed at 14 dlrs.",
                     [("dollar", "Acme Holdings"), ("dollar", None)], id="money-is-never-carried"),
    ],
)
def test_actor_is_not_carried_to_a_different_thing(nlp: Language, text: str, expected: list) -> None:
    assert [(f.unit, f.actor) for f in extract_figures(nlp(text))] == expected


@pytest.mark.parametrize(
    ("text", "source"),
    [
        pytest.param("The mayor told reporters that 200 houses were flooded.", "The mayor", id="told"),
        pytest.param("The coastguard estimated that 5,000 families had fled.", "The coastguard", id="estimated"),
        pytest.param("The union claimed 12,000 members joined the strike.", "The union", id="claimed"),
        pytest.param("Broadcasters put the toll at 60 dead, citing hospital officials.", "hospital officials", id="citing"),
        pytest.param("According to the harbour master, 40 boats sank.", "the harbour master", id="according-to"),
        pytest.param("Unadjusted export figures showed 5,000 containers left the port.", None, id="data-series-is-no-source"),
        pytest.param("Some 300 protesters said the march would go on.", None, id="never-the-counted-thing"),
        pytest.param("They said 300 homes were damaged.", None, id="they-is-left-empty"),
    ],
)
def test_source_in_the_sentence(nlp: Language, text: str, source: str | None) -> None:
    assert last_figure(nlp, text).source == source


@pytest.mark.parametrize(
    ("text", "source"),
    [
        pytest.param(
            "Governor Maria Keller toured the valley on Friday. She said 300 homes were damaged.", "Maria Keller",
            id="she-is-the-person-named-before",
        ),
        pytest.param(
            "Nordbank published its annual results on Tuesday. It said 400 jobs would go.", "Nordbank",
            id="it-is-the-organisation-named-before",
        ),
        pytest.param("He said 300 homes were damaged.", None, id="no-name-before"),
    ],
)
def test_pronoun_sources_resolve_to_a_name_or_nothing(nlp: Language, text: str, source: str | None) -> None:
    assert last_figure(nlp, text).source == source


def test_quoted_claim_takes_the_speaker_of_the_next_short_sentence(nlp: Language) -> None:
    figure = last_figure(nlp, '"Our crews pulled 40 boats out of the water." The harbour master said so on Monday.')
    assert figure.source == "The harbour master"
