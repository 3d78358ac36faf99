"""Tests for pipelines.core.figures: one parametrised test per rule, with
sentences written for the test."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipelines.core.figures import Figure, extract_figures
from pipelines.core.schemas import FIGURE_CATEGORIES, FIGURE_QUALIFIERS


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
    assert qualifier in FIGURE_QUALIFIERS
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
    assert category in FIGURE_CATEGORIES


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


# --- money, percentages and what they measure ----------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit", "currency"),
    [
        pytest.param("The brewer reported net income of 212 mln dlrs for the year.", 212e6, "dollar", "USD", id="wire-dollars"),
        pytest.param("The board declared a dividend of 15 cts a share.", 15, "cent", "USD", id="cents-keep-the-number"),
        pytest.param("The carrier posted a loss of 46 mln stg.", 46e6, "pound", "GBP", id="sterling"),
        pytest.param("The council will borrow £1.8bn for the tram line.", 1.8e9, "pound", "GBP", id="pound-sign"),
        pytest.param("The ministry set aside 90 billion yen for the repairs.", 90e9, "yen", "JPY", id="yen"),
        pytest.param("The utility invested HK$2bn in the grid.", 2e9, "dollar", "HKD", id="hong-kong-dollar"),
    ],
)
def test_money_is_money_with_its_currency(nlp: Language, text: str, value: float, unit: str, currency: str) -> None:
    figure = only_figure(nlp, text)
    assert (figure.category, figure.value_low, figure.unit, figure.currency) == ("money", value, unit, currency)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        pytest.param("Retail sales fell 1-1/2 pct in March.", 1.5, "percent", id="wire-pct-mixed-number"),
        pytest.param("The policy rate stays at -0.25 percent.", -0.25, "percent", id="negative"),
        pytest.param("Yields climbed 0.4 percentage points on the week.", 0.4, "percentage point", id="points"),
    ],
)
def test_percentages_are_other_with_their_unit(nlp: Language, text: str, value: float, unit: str) -> None:
    figure = only_figure(nlp, text)
    assert (figure.category, figure.value_low, figure.value_high, figure.unit, figure.currency) == ("other", value, value, unit, None)


def test_conversion_in_brackets_takes_the_qualifier_of_its_amount(nlp: Language) -> None:
    figures = extract_figures(nlp("The bridge cost about 2 billion euros (US$2.3 billion) to build."))
    assert [(f.qualifier, f.unit, f.value_low) for f in figures] == [("approximate", "euro", 2e9), ("approximate", "dollar", 2.3e9)]


# --- categories by what the noun names ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "category"),
    [
        pytest.param("The camp now shelters 8,000 refugees.", "refugee", "personnel", id="refugees"),
        pytest.param("Some 40,000 residents lost power overnight.", "resident", "personnel", id="residents"),
        pytest.param("The airline flew 12,000 passengers on Sunday.", "passenger", "personnel", id="passengers"),
        pytest.param("The school took in 300 children this term.", "child", "personnel", id="children"),
        pytest.param("Polls closed after 2.1 million voters cast ballots.", "voter", "personnel", id="voters"),
        pytest.param("The agency hired 600 agents for the border.", "agent", "personnel", id="agents"),
        pytest.param("The crash left 14 people injured on the motorway.", "person", "casualties", id="people-injured"),
        pytest.param("Nine people are missing after the landslide.", "person", "casualties", id="people-missing"),
        pytest.param("The carmaker recalled 70,000 cars in Europe.", "car", "equipment", id="cars"),
        pytest.param("The navy commissioned six frigates this year.", "frigate", "equipment", id="frigates"),
        pytest.param("The trust runs 45 hospitals in the region.", "hospital", "other", id="things"),
        pytest.param("The storm felled 300 trees along the coast.", "tree", "other", id="other-things"),
        pytest.param("Two companies of Army Rangers, some 150 Rangers, landed.", "ranger", "personnel", id="plural-proper-noun"),
        pytest.param("Across the state, 20,000 are non-citizens.", "non-citizen", "personnel", id="said-to-be-hyphenated"),
        pytest.param("The glacier lost 2,000 square miles of ice.", "square mile", "other", id="area-unit"),
        pytest.param("The gusts reached 140 km/h at the pier.", "kilometre per hour", "other", id="unit-abbreviation"),
    ],
)
def test_categories_follow_what_the_noun_names(nlp: Language, text: str, unit: str, category: str) -> None:
    figure = extract_figures(nlp(text))[-1]
    assert (figure.unit, figure.category) == (unit, category)


# --- qualifiers beyond the plain phrases ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "qualifier", "low", "high"),
    [
        pytest.param("Turnout was in excess of 70 percent this time.", "lower_bound", 70, None, id="in-excess-of"),
        pytest.param("Engines must be no larger than 2.0 liters.", "upper_bound", None, 2.0, id="no-larger-than"),
        pytest.param("The cap is no higher than 35 percent.", "upper_bound", None, 35, id="no-higher-than"),
        pytest.param("The charity fed just over 900 families.", "lower_bound", 900, None, id="just-over"),
        pytest.param("Donations topped $4 million this spring.", "lower_bound", 4e6, None, id="topped"),
        pytest.param("Volunteers planted 200 or so saplings.", "approximate", 200, 200, id="or-so"),
        pytest.param("Analysts estimated the scheme cost 80 million pounds.", "approximate", 80e6, 80e6, id="under-estimate"),
        pytest.param("The singer sued the paper over two columns.", "exact", 2, 2, id="over-as-preposition"),
        pytest.param("Shares of the miner went up to 42 dollars.", "exact", 42, 42, id="up-to-after-movement"),
        pytest.param("Donors gave two or three trucks each.", "range", 2, 3, id="x-or-y"),
        pytest.param("The repairs cost 4 to 6 percent more.", "range", 4, 6, id="range-shares-percent"),
    ],
)
def test_more_qualifiers(nlp: Language, text: str, qualifier: str, low: float | None, high: float | None) -> None:
    figure = only_figure(nlp, text)
    assert (figure.qualifier, figure.value_low, figure.value_high) == (qualifier, low, high)


# --- numbers whose unit is left out -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("The league grew from 12 to 18 clubs.", [(12, "club"), (18, "club")], id="first-end-of-a-change"),
        pytest.param(
            "Output fell by 300,000 barrels to 9.1 million.", [(300_000, "barrel"), (9.1e6, "barrel")], id="compared-number"
        ),
        pytest.param(
            "Revenue rose to 410 mln dlrs from 380 mln.", [(410e6, "dollar"), (380e6, "dollar")], id="wire-from-after-to"
        ),
        pytest.param("The motion passed on a 61-39 vote.", [(61, "voter"), (39, "voter")], id="vote-tally"),
        pytest.param(
            "Sales rose 9 pct to 120 mln dlrs.", [(9, "percent"), (120e6, "dollar")], id="change-and-level-are-no-range"
        ),
    ],
)
def test_implied_units(nlp: Language, text: str, expected: list[tuple[float, str]]) -> None:
    assert [(figure.value_low, figure.unit) for figure in extract_figures(nlp(text))] == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("At least one passenger was hurt in the crash.", id="one-with-qualifier"),
        pytest.param("Nearly two thirds of members backed the plan.", id="fraction-words"),
        pytest.param("Exports grew 1.5 times their level of a decade ago.", id="multiplier"),
        pytest.param("Sales were four times the rate seen in spring.", id="multiplier-words"),
        pytest.param("Several hundred volunteers joined the search.", id="vague-hundreds"),
        pytest.param("The mint unveiled a new £2 coin design.", id="coin-denomination"),
        pytest.param("Talks resumed after the 14 June-summit in Vienna.", id="day-before-month"),
        pytest.param("Crews counted 10,0000 sandbags on the levee.", id="unreadable-number"),
        pytest.param("The team won the final 3-1 at home.", id="score"),
    ],
)
def test_more_non_figures(nlp: Language, text: str) -> None:
    assert extract_figures(nlp(text)) == []


def test_a_number_never_counts_a_noun_on_the_next_line(nlp: Language) -> None:
    # Table rows of an earnings report: each line stands alone (hard wraps are joined before parsing).
    text = "Revenue 88.2 mln vs 66.1 mln\nAverage shares 11.1 mln vs 7.7 mln\nNet profit 12 dlrs vs 9 dlrs\n"
    figures = extract_figures(nlp(text))
    assert all("\n" not in figure.text for figure in figures), [figure.text for figure in figures]
    assert {figure.unit for figure in figures} <= {"dollar", None}
