"""Tests for pipelines.core.figures: one parametrised test per rule, with
sentences written for the test."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipelines.core.figures import CATEGORIES, QUALIFIERS, Figure, extract_figures


def only_figure(nlp: Language, text: str) -> Figure:
    figures = extract_figures(nlp(text))
    assert len(figures) == 1, [figure.text for figure in figures]
    return figures[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("The brigade moved 4,500 soldiers to the coast.", 4500, id="digits-with-separator"),
        pytest.param("Engineers repaired 7 tanks overnight.", 7, id="small-digits"),
        pytest.param("Medics treated 2.5 million civilians last winter.", 2_500_000, id="decimal-with-scale"),
        pytest.param("The convoy carried four howitzers.", 4, id="word"),
        pytest.param("The navy lost two hundred and forty sailors.", 240, id="words-with-and"),
        pytest.param("Rebels seized thirty-six trucks near the dam.", 36, id="hyphenated-words"),
        pytest.param("Scouts spotted a dozen drones above the ridge.", 12, id="a-dozen"),
        pytest.param("The ministry ordered three dozen rifles.", 36, id="n-dozen"),
        pytest.param("Parliament approved $3 billion for the army.", 3_000_000_000, id="currency-with-scale"),
        pytest.param("Parliament approved £4.5bn for the army.", 4_500_000_000, id="currency-abbreviated-scale"),
        pytest.param("Parliament approved €40m for the army.", 40_000_000, id="currency-split-abbreviation"),
    ],
)
def test_number_forms_are_read(nlp: Language, text: str, value: float) -> None:
    figure = only_figure(nlp, text)
    assert (figure.value_low, figure.value_high) == (value, value)


@pytest.mark.parametrize(
    ("text", "qualifier", "low", "high"),
    [
        pytest.param("Rebels fielded at least 600 fighters in the valley.", "lower_bound", 600, None, id="at-least"),
        pytest.param("Rebels fielded more than 600 fighters in the valley.", "lower_bound", 600, None, id="more-than"),
        pytest.param("Rebels fielded over 600 fighters in the valley.", "lower_bound", 600, None, id="over"),
        pytest.param("Rebels fielded upwards of 600 fighters in the valley.", "lower_bound", 600, None, id="upwards-of"),
        pytest.param("The base can hold up to 900 marines.", "upper_bound", None, 900, id="up-to"),
        pytest.param("The base held as many as 900 marines.", "upper_bound", None, 900, id="as-many-as"),
        pytest.param("The base held no more than 900 marines.", "upper_bound", None, 900, id="no-more-than"),
        pytest.param("The base held fewer than 900 marines.", "upper_bound", None, 900, id="fewer-than"),
        pytest.param("The base held under 900 marines.", "upper_bound", None, 900, id="under"),
        pytest.param("The unit lost about 40 vehicles in the storm.", "approximate", 40, 40, id="about"),
        pytest.param("The unit lost around 40 vehicles in the storm.", "approximate", 40, 40, id="around"),
        pytest.param("The unit lost approximately 40 vehicles in the storm.", "approximate", 40, 40, id="approximately"),
        pytest.param("The unit lost some 40 vehicles in the storm.", "approximate", 40, 40, id="some"),
        pytest.param("The unit lost roughly 40 vehicles in the storm.", "approximate", 40, 40, id="roughly"),
        pytest.param("The unit lost nearly 40 vehicles in the storm.", "approximate", 40, 40, id="nearly"),
        pytest.param("The unit lost an estimated 40 vehicles in the storm.", "approximate", 40, 40, id="an-estimated"),
        pytest.param("The unit lost 40 vehicles in the storm.", "exact", 40, 40, id="exact"),
    ],
)
def test_qualifiers_set_the_bounds(nlp: Language, text: str, qualifier: str, low: float | None, high: float | None) -> None:
    figure = only_figure(nlp, text)
    assert figure.qualifier == qualifier
    assert qualifier in QUALIFIERS
    assert (figure.value_low, figure.value_high) == (low, high)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        pytest.param("Analysts counted between 300 and 450 tanks at the depot.", 300, 450, id="between-and"),
        pytest.param("Analysts counted 300 to 450 tanks at the depot.", 300, 450, id="x-to-y"),
        pytest.param("Analysts counted 300-450 tanks at the depot.", 300, 450, id="hyphen"),
        pytest.param("Analysts counted 3,000–4,500 shells at the depot.", 3000, 4500, id="en-dash-one-token"),
        pytest.param("The war cost 2 to 3 million dollars a day.", 2_000_000, 3_000_000, id="shared-scale"),
    ],
)
def test_ranges_keep_both_ends(nlp: Language, text: str, low: float, high: float) -> None:
    figure = only_figure(nlp, text)
    assert (figure.qualifier, figure.value_low, figure.value_high) == ("range", low, high)


def test_from_to_is_a_change_not_a_range(nlp: Language) -> None:
    figures = extract_figures(nlp("The garrison grew from 200 to 350 soldiers this spring."))
    assert all(figure.qualifier != "range" for figure in figures)


@pytest.mark.parametrize(
    ("text", "unit", "category"),
    [
        pytest.param("The general sent 800 troops north.", "troop", "personnel", id="troops"),
        pytest.param("The academy trained 90 officers this year.", "officer", "personnel", id="officers"),
        pytest.param("The hospital reported 35 casualties after the raid.", "casualty", "casualties", id="casualties"),
        pytest.param("The shelling caused 14 deaths in the town.", "death", "casualties", id="deaths"),
        pytest.param("The factory builds 60 missiles a month.", "missile", "equipment", id="missiles"),
        pytest.param("Donors pledged 400 million euros for reconstruction.", "euro", "money", id="currency-noun"),
        pytest.param("Donors pledged €400 million for reconstruction.", "euro", "money", id="currency-sign"),
        pytest.param("Turnout fell to 48 percent in the north.", "percent", "other", id="percent-word"),
        pytest.param("Turnout fell to 48% in the north.", "percent", "other", id="percent-sign"),
        pytest.param("Volunteers evacuated 300 families from the village.", "family", "other", id="other-noun"),
        pytest.param("Officials confirmed 12,000 of its reservists were called up.", "reservist", "personnel", id="of-noun"),
        pytest.param("Brussels set up a 20 billion euro fund.", "euro", "money", id="currency-noun-as-modifier"),
        pytest.param("Lithuania sent a 3,000-strong brigade.", "brigade", "personnel", id="n-strong"),
    ],
)
def test_unit_is_the_counted_noun_and_sets_the_category(nlp: Language, text: str, unit: str, category: str) -> None:
    figure = only_figure(nlp, text)
    assert (figure.unit, figure.category) == (unit, category)
    assert category in CATEGORIES


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Medics said about 70 had died before dawn.", id="no-noun-die"),
        pytest.param("Witnesses said roughly 45 perished in the flood.", id="no-noun-perish"),
        pytest.param("The police said 30 civilians were killed in the blast.", id="other-noun-killed"),
        pytest.param("The shelling left 19 dead in the square.", id="nominalised-adjective"),
    ],
)
def test_verbs_of_dying_make_casualties(nlp: Language, text: str) -> None:
    assert only_figure(nlp, text).category == "casualties"


def test_bare_number_with_no_countable_verb_is_not_a_figure(nlp: Language) -> None:
    assert extract_figures(nlp("Officials said around 300 had arrived by noon.")) == []


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        pytest.param("Satellite images showed 900 Belarusian troops near the border.", "Belarusian", id="nationality"),
        pytest.param("Kyiv said Russia's 400 tanks were idle.", "Russia", id="possessive-owner"),
        pytest.param("Rescuers found 200 volunteers from Poland at the camp.", "Poland", id="origin"),
        pytest.param("Germany will deliver 18 howitzers next year.", "Germany", id="subject-of-supply-verb"),
        pytest.param("Rescuers found 200 volunteers at the camp.", None, id="none"),
    ],
)
def test_actor_is_the_surface_form_of_the_owner(nlp: Language, text: str, actor: str | None) -> None:
    assert only_figure(nlp, text).actor == actor


@pytest.mark.parametrize(
    ("text", "source"),
    [
        pytest.param("According to Polish officials, 300 tanks crossed the river.", "Polish officials", id="according-to"),
        pytest.param("Around 300 tanks crossed the river, Macron said.", "Macron", id="trailing-said"),
        pytest.param("Stoltenberg said that 300 tanks crossed the river.", "Stoltenberg", id="said-that"),
        pytest.param("Satellite photos from Maxar indicate that 300 tanks crossed the river.", "Satellite photos from Maxar", id="reports-indicate"),
        pytest.param("France disclosed that 300 tanks crossed the river.", "France", id="disclosed"),
        pytest.param("Around 300 tanks crossed the river at dawn.", None, id="none"),
    ],
)
def test_source_is_whom_the_claim_is_attributed_to(nlp: Language, text: str, source: str | None) -> None:
    assert only_figure(nlp, text).source == source


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The treaty was signed in 1994 after long talks.", id="year"),
        pytest.param("The ceasefire began on March 12 at dawn.", id="date"),
        pytest.param("The strike hit the depot at 4:30 am.", id="time"),
        pytest.param("The pilot, aged 41, ejected safely.", id="age"),
        pytest.param("A 19-year-old conscript deserted the unit.", id="age-compound"),
        pytest.param("The siege lasted 87 days.", id="duration"),
        pytest.param("The siege ended after a 40-day standoff.", id="fused-duration-modifier"),
        pytest.param("Gunners fired 152mm rounds at the trenches.", id="fused-calibre-modifier"),
        pytest.param("It was the third attack on the port.", id="ordinal"),
        pytest.param("Veterans of the First World War gathered in Paris.", id="ordinal-in-name"),
        pytest.param("The COVID-19 outbreak closed the border.", id="number-in-name"),
        pytest.param("The Su-27 squadron took off from the base.", id="hyphenated-model"),
        pytest.param("Washington approved F-16 training for pilots.", id="f-16"),
        pytest.param("Steps:\n1. Secure the bridge.\n2. Hold the village.", id="list-numbering"),
        pytest.param("### Background on the talks\nThe talks resumed.", id="markdown-heading"),
        pytest.param("The three ministers met in Geneva.", id="definite-reference"),
        pytest.param("One sergeant described the retreat.", id="bare-one"),
        pytest.param("Thousands of refugees crossed the bridge.", id="vague-plural"),
        pytest.param("The final score was 3-1 for the visitors.", id="descending-range"),
        pytest.param("See page 9 of the annex for details.", id="number-in-reference"),
    ],
)
def test_non_figures_are_left_out(nlp: Language, text: str) -> None:
    assert extract_figures(nlp(text)) == []


def test_span_covers_qualifier_number_and_noun(nlp: Language) -> None:
    body = "Kyiv said on Sunday that at least 5,000 Chechen fighters had been deployed. Nothing else."
    figure = only_figure(nlp, body)
    assert figure.text == "at least 5,000 Chechen fighters"
    assert body[figure.start_char : figure.end_char] == figure.text
    assert figure.sentence == "Kyiv said on Sunday that at least 5,000 Chechen fighters had been deployed."
