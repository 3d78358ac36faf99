"""Tests for pipelines.core.quantities: numbers, money and percentages as news writes them,
one parametrised test per rule, with sentences written for the test."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipelines.core import quantities
from pipelines.core.quantities import Quantity, currency_code, read_quantities


def only_quantity(nlp: Language, text: str) -> tuple[str, Quantity]:
    doc = nlp(text)
    quantities = read_quantities(doc)
    assert len(quantities) == 1, [doc[q.start : q.end].text for q in quantities]
    return doc[quantities[0].start : quantities[0].end].text, quantities[0]


@pytest.mark.parametrize(
    ("text", "written", "value", "unit", "currency"),
    [
        pytest.param("The refinery earned 740 mln dlrs last year.", "740 mln dlrs", 740e6, "dollar", "USD", id="wire-mln-dlrs"),
        pytest.param("The dividend is 31 cts a share.", "31 cts", 31, "cent", "USD", id="wire-cts"),
        pytest.param("The insurer raised 18 mln stg in London.", "18 mln stg", 18e6, "pound", "GBP", id="wire-stg"),
        pytest.param("Exports reached 3.1 bln dlrs in the quarter.", "3.1 bln dlrs", 3.1e9, "dollar", "USD", id="wire-bln"),
        pytest.param("The grant was 2 dlr per tonne.", "2 dlr", 2, "dollar", "USD", id="wire-dlr"),
        pytest.param("The club paid £6.3bn for the stadium.", "£6.3bn", 6.3e9, "pound", "GBP", id="pound-sign-bn"),
        pytest.param("The club paid £75m for the striker.", "£75m", 75e6, "pound", "GBP", id="pound-sign-m"),
        pytest.param("The fund holds $4.5 billion in bonds.", "$4.5 billion", 4.5e9, "dollar", "USD", id="dollar-sign"),
        pytest.param("Brussels granted €250,000 to the port.", "€250,000", 250_000, "euro", "EUR", id="euro-sign"),
        pytest.param("The chip cost ¥9,800 in Osaka.", "¥9,800", 9_800, "yen", "JPY", id="yen-sign"),
        pytest.param("The fine was ₽40,000 in Kazan.", "₽40,000", 40_000, "ruble", "RUB", id="ruble-sign"),
        pytest.param("The tower cost US$2.2 trillion overall.", "US$2.2 trillion", 2.2e12, "dollar", "USD", id="us-dollar-sign"),
        pytest.param("The mall sold for HK$900m on Monday.", "HK$900m", 900e6, "dollar", "HKD", id="hk-dollar-glued"),
        pytest.param("The miner lost A$12bn in value.", "A$12bn", 12e9, "dollar", "AUD", id="australian-dollar"),
        pytest.param("The deal is worth USD 45 million in cash.", "USD 45 million", 45e6, "dollar", "USD", id="iso-before"),
        pytest.param("The deal is worth 45 million EUR in cash.", "45 million EUR", 45e6, "euro", "EUR", id="iso-after"),
        pytest.param("The bank lent 7 bln yen to the mill.", "7 bln yen", 7e9, "yen", "JPY", id="yen-word"),
        pytest.param("The province spent 12 billion yuan on roads.", "12 billion yuan", 12e9, "yuan", "CNY", id="yuan-word"),
        pytest.param("The plant cost 80 billion renminbi.", "80 billion renminbi", 80e9, "yuan", "CNY", id="renminbi-word"),
        pytest.param("The contract was 6 billion roubles.", "6 billion roubles", 6e9, "ruble", "RUB", id="roubles"),
        pytest.param("The contract was 6 billion rubles.", "6 billion rubles", 6e9, "ruble", "RUB", id="rubles"),
        pytest.param("Tickets cost 350 rupees each.", "350 rupees", 350, "rupee", "INR", id="rupees"),
        pytest.param("The stamp now costs 65 pence.", "65 pence", 65, "penny", "GBP", id="pence"),
        pytest.param("The stamp now costs 65p.", "65p", 65, "penny", "GBP", id="p-glued"),
        pytest.param("The miner earned 9 mln Canadian dlrs.", "9 mln Canadian dlrs", 9e6, "dollar", "CAD", id="country-before-word"),
        pytest.param("Profit was 4 billion Hong Kong dollars.", "4 billion Hong Kong dollars", 4e9, "dollar", "HKD", id="two-word-country"),
        pytest.param("The toll rose to 80 euro cents.", "80 euro cents", 80, "cent", "EUR", id="euro-cents"),
        pytest.param("Rice costs 40 baht a kilo.", "40 baht", 40, "baht", "THB", id="one-currency-of-that-name"),
        pytest.param("The levy was 3 million dinars.", "3 million dinars", 3e6, "dinar", None, id="no-convention-no-code"),
    ],
)
def test_money_in_written_forms(nlp: Language, text: str, written: str, value: float, unit: str, currency: str | None) -> None:
    found, quantity = only_quantity(nlp, text)
    assert (found, quantity.low, quantity.high) == (written, value, value)
    assert (quantity.money, quantity.measure, quantity.currency) == (True, unit, currency)


@pytest.mark.parametrize(
    ("text", "value", "measure"),
    [
        pytest.param("Unemployment rose 0.3 pct in June.", 0.3, "percent", id="pct"),
        pytest.param("Unemployment rose 4.5% in June.", 4.5, "percent", id="sign"),
        pytest.param("Unemployment rose 6 percent in June.", 6, "percent", id="percent"),
        pytest.param("Unemployment rose 6 per cent in June.", 6, "percent", id="per-cent"),
        pytest.param("Rates fell 0.75 percentage points overnight.", 0.75, "percentage point", id="points"),
        pytest.param("Rates fell one percentage point overnight.", 1, "percentage point", id="point-in-words"),
        pytest.param("The deposit rate is -0.6 percent now.", -0.6, "percent", id="negative-sign"),
        pytest.param("The deposit rate is minus 0.6 percent now.", -0.6, "percent", id="minus-word"),
        pytest.param("Yields rose 2-1/4 pct on the day.", 2.25, "percent", id="mixed-hyphen"),
        pytest.param("Yields rose 2 1/4 pct on the day.", 2.25, "percent", id="mixed-space"),
        pytest.param("Yields rose 3/8 pct on the day.", 0.375, "percent", id="bare-fraction"),
    ],
)
def test_percentages(nlp: Language, text: str, value: float, measure: str) -> None:
    _, quantity = only_quantity(nlp, text)
    assert (quantity.low, quantity.measure, quantity.money) == (value, measure, False)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("The ferry carried 1,250 passengers.", 1250, id="separators"),
        pytest.param("The ferry carried 2.5 million passengers.", 2.5e6, id="scale-word"),
        pytest.param("The ferry carried 3 mln passengers.", 3e6, id="wire-scale"),
        pytest.param("The ferry carried two hundred and ten passengers.", 210, id="words"),
        pytest.param("The ferry carried two dozen passengers.", 24, id="dozen"),
        pytest.param("The ferry carried seven hundred thousand passengers.", 700_000, id="word-scales"),
    ],
)
def test_numbers_and_scales(nlp: Language, text: str, value: float) -> None:
    _, quantity = only_quantity(nlp, text)
    assert (quantity.low, quantity.measure, quantity.money) == (value, None, False)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The trail is 40k long and steep.", id="k-without-money"),
        pytest.param("The sprinter ran the 200m in Rome.", id="m-without-money"),
        pytest.param("Inspectors counted 10,0000 crates.", id="misplaced-separator"),
    ],
)
def test_unreadable_numbers_are_not_read(nlp: Language, text: str) -> None:
    assert read_quantities(nlp(text)) == []


def test_damaged_currency_sign_is_money_of_unknown_currency(nlp: Language) -> None:
    found, quantity = only_quantity(nlp, "The court awarded \ufffd8,500 in costs.")
    assert (found, quantity.low, quantity.money, quantity.measure, quantity.currency) == ("\ufffd8,500", 8500, True, None, None)


@pytest.mark.parametrize(
    ("unit", "modifier", "code"),
    [
        pytest.param("dollar", "Canadian", "CAD", id="nationality"),
        pytest.param("dollar", "New Zealand", "NZD", id="two-words"),
        pytest.param("rupee", "Pakistani", "PKR", id="adjective-of-country"),
        pytest.param("pound", "Egyptian", "EGP", id="other-pound"),
        pytest.param("dollar", None, "USD", id="convention-dollar"),
        pytest.param("pound", None, "GBP", id="convention-pound"),
        pytest.param("zloty", None, "PLN", id="only-one"),
        pytest.param("peso", None, None, id="ambiguous"),
        pytest.param("cent", "euro", "EUR", id="subunit-of-named-currency"),
    ],
)
def test_currency_code(unit: str, modifier: str | None, code: str | None) -> None:
    assert currency_code(unit, modifier) == code


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("A dozen crates, then a million more and two hundred and fifty spare parts.", id="words"),
        pytest.param("The co-op paid HK$300m, up 4.2bn on 1-1/2 years and 15% on 2 3/4 acres.", id="glued"),
        pytest.param("Readings fell to minus 0.4 and then to ¾ of the 1,250-metre mark.", id="signs-and-fractions"),
        pytest.param("No number at all is written in this line.", id="none"),
    ],
)
def test_numbers_start_only_where_the_quick_scan_looks(nlp: Language, text: str) -> None:
    """`read_quantities` reads only at `_possible_number_starts`: every token a number can start at is among them."""
    doc = nlp(text)
    readable = [index for index in range(len(doc)) if quantities._read_number(doc, index) is not None]
    assert set(readable) <= set(quantities._possible_number_starts(doc))
