"""Numeric claims in a parsed article: "at least 4,000 striking dockworkers", "480 mln dlrs".

Plain Python over a spaCy ``Doc`` (tagger, parser and NER must have run); no
Dagster here. Numbers, money and percentages are read by `quantities`; this
module decides which numbers are claims, how sure they are (qualifier), what
they count (unit, category); `attribution` finds whose they are (actor) and
who says so (source).

What counts as a figure
-----------------------
A number (see `quantities`: digits, words, scale words, mixed numbers) that
measures or counts something:

* an amount of money or a percentage (its currency or percent sign says what);
* the noun it modifies ("700 engineers", "a 3,000-strong force");
* the noun after "of" ("9,000 of its workers");
* the noun it is said to be ("100,000 are refugees", "20,000 are
  non-citizens": a prefix hyphenated onto a noun stays in the unit);
* one side of a vote ("a 61-39 vote": two counts, unit ``voter``, personnel);
* with no noun, a verb of dying, killing, injuring it is the subject or
  object of ("around 800 had perished"): unit ``person``;
* with no noun, the unit of the figure it is compared with: the first end of
  "from X to Y" ("rose from 16 to 33 institutions"), or a number after
  to / from / at / by / against / versus following a figure in the same
  sentence ("output fell by 0.8 million barrels to 21.4 million").

Numbers that count nothing are left out, and so are:

* numbers inside DATE, TIME or ORDINAL entities and inside names (PERSON,
  ORG, GPE, LOC, FAC, NORP, PRODUCT, EVENT, WORK_OF_ART, LAW, LANGUAGE:
  ``COVID-19``, ``Second World War``, ``F-16``) or glued to a word by a
  hyphen (``Su-27``); a number next to a month name ("14 March") is a date
  even where the model missed it;
* years: a four-digit integer from 1800 to 2099 written without a thousands
  separator;
* ages ("aged 30", "a 25-year-old") and durations: a number counting a time
  unit ("three days", "ten years");
* numbers written onto a word that modifies a noun ("155mm shells", "a
  10-day siege"): they describe the noun, they do not count it (a function
  word hyphenated on, as in "six-to-five", is no such word);
* list numbering (tag ``LS``, or a number opening a line before "." / ")");
* a small count in words (up to three) right after "the" / "these" /
  "those" ("the two officials"): it points back at people or things already
  named one by one instead of making a claim ("the 90 seats", "the seven
  countries" restate a count and stay);
* the value one written as a word or article ("one soldier", "at least one
  person"): an article, not a count;
* vague quantities: plurals ("dozens", "thousands of troops") and a scale
  word after few / several / many ("several hundred marines");
* fractions and multipliers: "two thirds", "one quarter", "1.5 times
  their sales", "four times the rate", a bare fraction that is not a
  percentage or money ("3/4");
* the face value of a coin or note ("a £1 coin");
* a noun or currency word on the next line: a line break left after hard
  wraps are joined ends a table row, a list item or a paragraph, so
  "66.1 mln" at the end of one earnings row never counts the next row's
  first word;
* ranges that go down ("3-1" is a score, "11-04" part of a date).

The model's MONEY tag is never trusted on its own (it tags markdown ``###``
as MONEY): money needs a currency sign, code or word.

Qualifiers
----------
The words right before the number (``QUALIFIER_PHRASES``, longest wins):

* lower_bound: at least, more than, over, just over, upwards of, in excess
  of, beyond, a minimum of, greater / higher / larger than, no fewer / less
  than; also a number that is the object of "top", "exceed" or "surpass";
* upper_bound: up to, as many as, as much as, no more than, fewer than, less
  than, under, at most, a maximum of, no larger / higher / greater / bigger
  than, lower than;
* approximate: about, around, approximately, some, roughly, nearly, almost,
  close to, (an) estimated, or so (after the number); also a number in the
  object of the verb "estimate";
* range: between X and Y, X to Y, X-Y, X or Y (but "from X to Y" is a change:
  two exact figures, and so are two ends written in different units, as in
  "rose 14 pct to 310 mln dlrs"); the first end borrows the second's scale word when it
  is smaller than the second's number ("2 to 3 million"), and its currency or
  percent sign ("5 to 10 percent");
* exact: anything else.

"over" and "under" qualify a number only when the parser hangs them on it;
as a preposition ("sued over two posts") they do not. "up to" after a verb
of movement ("shares went up to 5 dollars") says where something went: exact.

A figure in brackets right after another ("about 2 billion euros (US$2.3
billion)", "nearly 300 miles (480km)") is a conversion: it takes the
qualifier of the amount it converts.

``value_low``/``value_high``: exact and approximate repeat the value,
lower_bound leaves ``value_high`` empty, upper_bound leaves ``value_low``
empty.

Units and categories
--------------------
``unit`` is the lemma of the counted noun (``people`` -> ``person``, plural
proper nouns such as ``Rangers`` -> ``ranger``, a nominalised adjective such
as "41 injured" -> ``person``), ``percent`` or ``percentage point``, or the
currency word (``dollar``, ``pound``, ``cent``). Units of measurement written
short take their names (``UNIT_ABBREVIATIONS``: ``km`` -> ``kilometre``,
``km/h`` -> ``kilometre per hour``, ``F`` -> ``fahrenheit``) and keep
"square" / "cubic" (``square mile``). ``currency`` is the ISO 4217 code of
money (see `quantities`). ``category``:

* money: any amount with a currency;
* casualties: dead, killed, injured, wounded, missing people, victims and
  deaths (``CASUALTY_NOUNS``), and a person count said to die, be killed,
  injured or go missing ("50 people were killed", "20 soldiers killed");
* personnel: people and jobs: any noun whose most frequent WordNet sense is a
  person (``refugee``, ``voter``, ``child``, ``agent``...; see
  `wordnet_nouns`), plus ``PEOPLE_NOUNS`` (collective nouns and jobs:
  people, staff, troops, jobs, posts...);
* equipment: vehicles, craft, weapons and ammunition by their first WordNet
  sense, plus ``EQUIPMENT_NOUNS`` (drones, generators... that WordNet files
  elsewhere);
* other: percentages, measures and counts of non-person things.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Final

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from pipelines.core import attribution
from pipelines.core.quantities import DASHES, Quantity, is_line_break, is_year_text, read_quantities
from pipelines.core.wordnet_nouns import EQUIPMENT_NOUNS as WORDNET_EQUIPMENT
from pipelines.core.wordnet_nouns import PERSON_NOUNS

__all__ = ["Figure", "extract_figures", "is_person_noun"]

QUALIFIER_PHRASES: Final[dict[str, str]] = {
    "at least": "lower_bound",
    "more than": "lower_bound",
    "over": "lower_bound",
    "just over": "lower_bound",
    "well over": "lower_bound",
    "upwards of": "lower_bound",
    "in excess of": "lower_bound",
    "beyond": "lower_bound",
    "a minimum of": "lower_bound",
    "greater than": "lower_bound",
    "higher than": "lower_bound",
    "larger than": "lower_bound",
    "no fewer than": "lower_bound",
    "no less than": "lower_bound",
    "not less than": "lower_bound",
    "up to": "upper_bound",
    "as many as": "upper_bound",
    "as much as": "upper_bound",
    "no more than": "upper_bound",
    "not more than": "upper_bound",
    "fewer than": "upper_bound",
    "less than": "upper_bound",
    "lower than": "upper_bound",
    "under": "upper_bound",
    "just under": "upper_bound",
    "at most": "upper_bound",
    "a maximum of": "upper_bound",
    "no larger than": "upper_bound",
    "no higher than": "upper_bound",
    "no greater than": "upper_bound",
    "no bigger than": "upper_bound",
    "about": "approximate",
    "around": "approximate",
    "approximately": "approximate",
    "some": "approximate",
    "roughly": "approximate",
    "nearly": "approximate",
    "almost": "approximate",
    "close to": "approximate",
    "estimated": "approximate",
    "an estimated": "approximate",
}
# Prepositions that qualify a number only when the parser hangs them on it ("over 600 fighters").
PREPOSITION_QUALIFIERS: Final = frozenset({"over", "under", "beyond"})
# "shares went up to 5 dollars": "up" is the verb's particle, "to" says where it went.
MOVEMENT_VERBS: Final = frozenset(
    {"go", "rise", "climb", "jump", "move", "shoot", "push", "drive", "edge", "inch", "creep", "ramp", "step",
     "mark", "revise", "bump", "trade", "run", "soar", "surge"}
)
# Verbs whose object is a lower bound ("topped 1 million") or an estimate.
EXCEEDING_VERBS: Final = frozenset({"top", "exceed", "surpass"})
ESTIMATING_VERBS: Final = frozenset({"estimate"})
ESTIMATE_REACH: Final = 6  # heads to climb from a claim to an estimating verb
RANGE_JOINERS: Final = frozenset({"to", "or", *DASHES})

CASUALTY_NOUNS: Final = frozenset(
    {"casualty", "death", "dead", "fatality", "killed", "wounded", "injured", "injury", "body", "victim", "missing"}
)
# People counted together, and jobs, that WordNet files under groups or acts.
PEOPLE_NOUNS: Final = frozenset(
    {"people", "person", "staff", "personnel", "troop", "troops", "force", "crew", "workforce", "job", "post",
     "brigade", "battalion", "regiment", "platoon", "squad", "division", "militia", "servicemen", "serviceman",
     "population", "inhabitant", "agent"}
)
# Equipment that WordNet's first sense files elsewhere (a drone is first a bee).
EQUIPMENT_NOUNS: Final = frozenset(
    {"drone", "generator", "vessel", "munition", "warplane", "gunship", "satellite", "turbine"}
)
# Verbs and predicates of dying, killing, injuring or going missing turn a count of people into casualties.
CASUALTY_VERBS: Final = frozenset({"die", "perish", "kill", "wound", "injure", "hurt", "drown", "disappear"})
CASUALTY_PREDICATES: Final = frozenset({"dead", "missing", "injured", "wounded", "killed"})
# Counts of these are durations or ages, not claims.
TIME_UNIT_NOUNS: Final = frozenset(
    {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century", "night", "weekend"}
)
MONTHS: Final = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)
# Units of measurement written short, by their names ("40 km" -> kilometre).
UNIT_ABBREVIATIONS: Final[dict[str, str]] = {
    "km": "kilometre", "kms": "kilometre", "m": "metre", "cm": "centimetre", "mm": "millimetre", "ft": "foot",
    "mi": "mile", "kg": "kilogram", "kgs": "kilogram", "g": "gram", "lb": "pound", "lbs": "pound", "t": "tonne",
    "mph": "mile per hour", "km/h": "kilometre per hour", "kph": "kilometre per hour", "f": "fahrenheit",
    "c": "celsius", "°f": "fahrenheit", "°c": "celsius", "ha": "hectare", "bpd": "barrel per day",
    "mw": "megawatt", "gw": "gigawatt", "kwh": "kilowatt hour", "l": "litre", "ml": "millilitre",
}
AREA_AND_VOLUME: Final = frozenset({"square", "cubic"})
# Nouns of parts of a whole: "two thirds", "one quarter", "half".
FRACTION_NOUNS: Final = frozenset({"half", "halves", "third", "thirds", "quarter", "quarters"})
# "four times the rate", "1.5 times their sales": the word after "times" starts what is multiplied.
MULTIPLIED_STARTS: Final = frozenset({"the", "their", "its", "his", "her", "our", "as", "that", "more", "higher",
                                       "larger", "bigger", "greater", "faster", "lower", "smaller", "over"})
VAGUE_WORDS: Final = frozenset({"few", "several", "many", "some", "couple"})
DENOMINATION_NOUNS: Final = frozenset({"coin", "note", "banknote", "bill"})
# After a figure, a bare number following these words is measured in the same unit.
COMPARISON_WORDS: Final = frozenset({"to", "from", "at", "by", "against", "versus", "vs", "vs.", "compared"})
NAME_LABELS: Final = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
NOT_A_COUNT_LABELS: Final = NAME_LABELS | {"DATE", "TIME", "ORDINAL"}
DEFINITE_DETERMINERS: Final = frozenset({"the", "these", "those"})
# "the two officials", "the three ministers": small groups pointed back at, named one by one before.
BACK_REFERENCE_LIMIT: Final = 3
NOUN_POS: Final = ("NOUN", "PROPN")
# Words that never name what a number counts, even hyphenated onto it ("six-to-five").
FUNCTION_POS: Final = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "PART", "PRON", "AUX", "PUNCT"})
# How a number hangs off the noun it counts.
NUMBER_MODIFIER_DEPS: Final = frozenset({"nummod", "quantmod", "compound", "amod", "nmod"})
SUBJECT_DEPS: Final = frozenset({"nsubj", "nsubjpass", "csubj"})


@dataclass(frozen=True)
class Figure:
    text: str
    start_char: int
    end_char: int
    sentence: str
    qualifier: str
    value_low: float | None
    value_high: float | None
    unit: str | None
    category: str
    actor: str | None  # as written; `claims` turns it into an entity name
    source: str | None
    currency: str | None = None
    actor_origin: str | None = None  # "sentence" or "document" (carried from an earlier claim)


@dataclass(frozen=True)
class _Claim:
    qualifier: str
    low: float
    high: float
    start: int  # first token, qualifier included
    quantity: Quantity  # the quantity (for a range: its upper end, whose unit both ends share)
    number_start: int  # first token of the number itself
    tally: bool = False  # one side of a vote ("a 51-49 vote")


@dataclass(frozen=True)
class _Counted:
    """What a number counts: the noun (or the token that gave it meaning), unit and category."""

    end_token: Token | None
    anchor: Token  # where actor and source are looked for
    unit: str | None
    category: str
    currency: str | None = None


def extract_figures(doc: Doc) -> list[Figure]:
    """Every numeric claim in ``doc``, in text order."""
    qualifier_ends = _qualifier_phrases_by_end(doc)
    figures: list[Figure] = []
    anchors: list[Token] = []
    units: dict[int, _Counted] = {}  # claim end token -> what it counted, for numbers compared with it
    claims = _claims(doc, read_quantities(doc), qualifier_ends)
    borrowed = _units_borrowed_by_first_ends(doc, claims)
    ends: dict[int, Figure] = {}  # token after each figure -> the figure, for conversions in brackets
    for claim in claims:
        found = _figure_for(doc, claim, borrowed.get(claim.quantity.number_start), units, ends)
        if found is not None:
            figure, counted = found
            units[claim.quantity.end] = counted
            ends[doc.char_span(figure.start_char, figure.end_char, alignment_mode="expand").end] = figure
            figures.append(figure)
            anchors.append(counted.anchor)
    return attribution.attribute(figures, anchors)


def is_person_noun(lemma: str) -> bool:
    """The noun names a person or people (its first WordNet sense, or a collective noun for people)."""
    return lemma in PERSON_NOUNS or lemma in PEOPLE_NOUNS


# --- claims: numbers with their qualifiers and ranges ----------------------------------


def _qualifier_phrases_by_end(doc: Doc) -> dict[int, tuple[int, str]]:
    """Token index right after each qualifier phrase -> (phrase start, qualifier)."""
    by_end: dict[int, tuple[int, str]] = {}
    for match_id, start, end in _qualifier_matcher(doc.vocab)(doc):
        if doc[start].lower_ in PREPOSITION_QUALIFIERS and end - start == 1 and _is_true_preposition(doc[start]):
            continue  # "sued her over two posts"
        if doc[start].lower_ == "up" and start > 0 and doc[start - 1].lemma_ in MOVEMENT_VERBS:
            continue  # "went up to 5 dollars"
        # The longest phrase wins: "no more than" over "more than".
        if end not in by_end or start < by_end[end][0]:
            by_end[end] = (start, doc.vocab.strings[match_id])
    return by_end


def _is_true_preposition(word: Token) -> bool:
    """"over" / "under" introducing a topic or a place, not bounding a number: the parser hangs it
    on a noun ("a row over two posts") or on a verb that already has its object ("sued her over ...")."""
    if word.dep_ != "prep":
        return False
    head = word.head
    return head.pos_ in NOUN_POS or any(child.dep_ == "dobj" for child in head.children)


@lru_cache(maxsize=4)
def _qualifier_matcher(vocab: Vocab) -> PhraseMatcher:
    matcher = PhraseMatcher(vocab, attr="LOWER")
    for phrase, qualifier in QUALIFIER_PHRASES.items():
        matcher.add(qualifier, [Doc(vocab, words=phrase.split())])
    return matcher


def _claims(doc: Doc, quantities: list[Quantity], qualifier_ends: dict[int, tuple[int, str]]) -> list[_Claim]:
    claims = []
    index = 0
    while index < len(quantities):
        quantity = quantities[index]
        following = quantities[index + 1] if index + 1 < len(quantities) else None
        if quantity.high > quantity.low:
            claims.append(_Claim("range", quantity.low, quantity.high, quantity.start, quantity, quantity.number_start))
        elif following is not None and _is_range(doc, quantity, following):
            low = _low_end(quantity, following)
            opener = quantity.start - 1 if quantity.start > 0 and doc[quantity.start - 1].lower_ == "between" else quantity.start
            if low < following.high:
                claims.append(_Claim("range", low, following.high, opener, _shared_unit(quantity, following), quantity.number_start))
            elif _is_vote_tally(doc, following):
                for side in (quantity, following):
                    claims.append(_Claim("exact", side.low, side.high, side.start, side, side.number_start, tally=True))
            # Any other range going down is a score or a date, not a claim: both ends are dropped.
            index += 1
        else:
            qualifier_start, qualifier = qualifier_ends.get(quantity.start, (quantity.start, "exact"))
            claims.append(_Claim(qualifier, quantity.low, quantity.high, qualifier_start, quantity, quantity.number_start))
        index += 1
    return claims


def _is_range(doc: Doc, first: Quantity, second: Quantity) -> bool:
    if second.start != first.end + 1:
        return False
    joiner = doc[first.end]
    opener = doc[first.start - 1].lower_ if first.start > 0 else ""
    if joiner.lower_ == "and":
        return opener == "between"
    if joiner.lower_ == "or" and (first.fraction or second.fraction):
        return False
    if _measure_of(first) is not None and _measure_of(second) not in (None, _measure_of(first)):
        return False  # "rose 14 pct to 310 mln dlrs": a change and a level, not one estimate
    # "from 10 to 20" is a change over time, not a range.
    return joiner.lower_ in RANGE_JOINERS and opener != "from"


def _measure_of(quantity: Quantity) -> tuple[str | None, bool] | None:
    """What a quantity is written in (its percent or currency), None for a bare number."""
    return (quantity.measure, quantity.money) if quantity.measure is not None or quantity.money else None


def _is_vote_tally(doc: Doc, second: Quantity) -> bool:
    """"a 51-49 vote": the two sides of a vote, each a count of voters."""
    return second.end < len(doc) and doc[second.end].lemma_.lower() == "vote" and doc[second.end - 1].is_digit


def _low_end(low: Quantity, high: Quantity) -> float:
    """"2 to 3 million": the low end borrows the high end's scale when it is the smaller number."""
    if low.scale == 1 and high.scale > 1 and low.low < high.low / high.scale:
        return low.low * high.scale
    return low.low


def _shared_unit(low: Quantity, high: Quantity) -> Quantity:
    """The range's unit: the high end's ("5 to 10 percent"), else the low end's ("$2 to 3 million")."""
    if high.measure is None and not high.money and (low.measure is not None or low.money):
        return replace(high, measure=low.measure, currency=low.currency, money=low.money)
    return high


def _units_borrowed_by_first_ends(doc: Doc, claims: list[_Claim]) -> dict[int, _Claim]:
    """"from 16 to 33 institutions": the first end of a change is measured like the second."""
    borrowed = {}
    for first, second in zip(claims, claims[1:]):
        joined = second.start == first.quantity.end + 1 and doc[first.quantity.end].lower_ == "to"
        if joined and first.start > 0 and doc[first.start - 1].lower_ == "from" and first.qualifier != "range":
            borrowed[first.quantity.number_start] = second
    return borrowed


# --- what a claim counts ------------------------------------------------------------------


def _figure_for(
    doc: Doc, claim: _Claim, compared_with: _Claim | None, units: dict[int, _Counted], converts: dict[int, Figure]
) -> tuple[Figure, _Counted] | None:
    quantity = claim.quantity
    number_tokens = doc[claim.number_start : quantity.number_end]
    if _is_not_a_count(doc, claim, number_tokens):
        return None
    counted = _counted(doc, claim, number_tokens, compared_with, units)
    if counted is None:
        return None
    qualifier = claim.qualifier
    if qualifier == "exact" and _is_estimated_or_exceeded(counted.anchor) is not None:
        qualifier = _is_estimated_or_exceeded(counted.anchor)
    converted = converts.get(claim.start - 1)
    if qualifier == "exact" and converted is not None and doc[claim.start - 1].text == "(":
        qualifier = converted.qualifier  # "nearly 300 miles (480km)": a conversion is as sure as its amount
    end = quantity.end
    if end < len(doc) - 1 and doc[end].lower_ == "or" and doc[end + 1].lower_ == "so" and qualifier == "exact":
        qualifier, end = "approximate", end + 2  # "200 or so (saplings)"
    if counted.end_token is not None:
        end = max(end, counted.end_token.i + 1)
    span = doc[claim.start : end]
    end_char = span.end_char - (quantity.trailing_chars if end == quantity.end else 0)
    figure = Figure(
        text=span.text[: end_char - span.start_char],  # not doc.text: spaCy joins the whole document for it
        start_char=span.start_char,
        end_char=end_char,
        sentence=span.sent.text,
        qualifier=qualifier,
        value_low=None if qualifier == "upper_bound" else claim.low,
        value_high=None if qualifier == "lower_bound" else claim.high,
        unit=counted.unit,
        category=counted.category,
        actor=None,
        source=None,
        currency=counted.currency,
    )
    return figure, counted


def _counted(
    doc: Doc, claim: _Claim, number_tokens: Span, compared_with: _Claim | None, units: dict[int, _Counted]
) -> _Counted | None:
    quantity = claim.quantity
    root = _root_of(number_tokens)
    following = doc[quantity.end] if quantity.end < len(doc) else None
    if following is not None and following.lower_ == "times" and _is_multiplier(doc, following):
        return None  # "1.5 times their sales"
    if claim.tally:
        return _Counted(doc[quantity.end - 1], root, "voter", "personnel")
    if quantity.money and following is not None and following.lemma_.lower() in DENOMINATION_NOUNS:
        return None  # "a £1 coin": the coin's name, not an amount
    if quantity.money:
        return _Counted(doc[quantity.end - 1], root, quantity.measure, "money", quantity.currency)
    if quantity.measure is not None:
        return _Counted(doc[quantity.end - 1], root, quantity.measure, "other")
    if quantity.fraction:
        return None
    noun = _counted_noun(doc, root, quantity.end)
    fused = _fused_word(doc, quantity.end)
    if fused is not None:
        # "a 3,000-strong force" counts the force; "155mm shells", "a 10-day siege"
        # describe their noun instead of counting it.
        if fused.lower_ == "strong" and fused.head.pos_ in NOUN_POS:
            noun = fused.head
        elif fused.head.i > fused.i and fused.head.pos_ in NOUN_POS:
            return None
        else:
            noun = fused
    if noun is not None and any(is_line_break(token) for token in doc[quantity.end : noun.i]):
        noun = None  # the next table row or paragraph is not what this number counts
    if noun is not None:
        if noun.pos_ == "ADJ" and noun.lower_ not in CASUALTY_PREDICATES | CASUALTY_NOUNS:
            return None  # "5 new": an adjective counts nothing
        compound_head = _hyphenated_head(doc, noun)
        if compound_head is not None:  # "non-citizens": the last part is the noun
            unit = f"{noun.lower_}-{_lemma(compound_head)}"
            return _Counted(compound_head, compound_head, unit, _category(compound_head, _lemma(compound_head)))
        rate = _rate_unit(doc, noun)
        if rate is not None:  # "140 km/h"
            return _Counted(doc[noun.i + 2], noun, rate, "other")
        lemma = _lemma(noun)
        if lemma in TIME_UNIT_NOUNS or lemma in FRACTION_NOUNS or (noun.like_num and not noun.is_digit):
            return None  # a duration, or a fraction ("two thirds", "three fifths")
        return _Counted(noun, noun, lemma, _category(noun, lemma))
    if compared_with is not None:
        return _borrowed(doc[quantity.end - 1], root, _counted_of_claim(doc, compared_with))
    casualty_verb = _casualty_verb_of(root)
    if casualty_verb is not None:
        return _Counted(casualty_verb if casualty_verb.i > root.i else None, root, "person", "casualties")
    earlier = _compared_figure(doc, claim, units)
    if earlier is not None:
        return _borrowed(doc[quantity.end - 1], root, earlier)
    return None  # a number counting nothing


def _borrowed(end_token: Token, anchor: Token, counted: _Counted | None) -> _Counted | None:
    if counted is None:
        return None
    return _Counted(end_token, anchor, counted.unit, counted.category, counted.currency)


def _counted_of_claim(doc: Doc, claim: _Claim) -> _Counted | None:
    """What the later end of "from X to Y" counts, to lend to the first end."""
    quantity = claim.quantity
    if quantity.money or quantity.measure is not None:
        return _Counted(None, doc[quantity.number_start], quantity.measure, "money" if quantity.money else "other", quantity.currency)
    root = _root_of(doc[claim.number_start : quantity.number_end])
    noun = _counted_noun(doc, root, quantity.end)
    if noun is None or _lemma(noun) in TIME_UNIT_NOUNS:
        return None
    return _Counted(None, noun, _lemma(noun), _category(noun, _lemma(noun)))


def _compared_figure(doc: Doc, claim: _Claim, units: dict[int, _Counted]) -> _Counted | None:
    """"fell by 0.8 million barrels to 21.4 million": a bare number after a comparison word
    following a figure in the same sentence is measured in that figure's unit."""
    start = claim.start
    if start < 2 or doc[start - 1].lower_ not in COMPARISON_WORDS:
        return None
    sentence_start = doc[start].sent.start
    for end in range(start - 1, sentence_start, -1):
        if end in units:
            return units[end]
        if doc[end - 1].is_punct and doc[end - 1].text not in (",",) or doc[end - 1].pos_ == "VERB" and end < start - 1:
            return None  # only the figure just before, in the same clause
    return None


def _is_not_a_count(doc: Doc, claim: _Claim, number_tokens: Span) -> bool:
    first, last = number_tokens[0], number_tokens[-1]
    before = doc[claim.quantity.start - 1] if claim.quantity.start > 0 else None
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if claim.quantity.money:
        return any(token.ent_type_ in ("DATE", "TIME") for token in number_tokens) or _is_year_text_token(number_tokens)
    if any(token.ent_type_ in NOT_A_COUNT_LABELS for token in number_tokens):
        return True
    if _is_year_text_token(number_tokens) or _is_list_number(doc, first):
        return True
    if (before is not None and before.lower_ in MONTHS) or (after is not None and after.lower_ in MONTHS):
        return True  # "14 March", "March 6": dates the model missed
    if before is not None and before.lemma_.lower() in ("age", "aged"):
        return True
    if _is_hyphenated_onto_word(doc, first):
        return True
    if all(token.is_alpha for token in number_tokens) and claim.low == 1 == claim.high:
        return True  # "one", "a", "at least one person": an article, not a count
    if before is not None and before.lower_ in VAGUE_WORDS and first.is_alpha and first.lower_ in ("hundred", "thousand", "million", "billion"):
        return True  # "several hundred"
    if claim.qualifier == "exact" and before is not None and before.lower_ in DEFINITE_DETERMINERS:
        # "the two officials" points back at people already named; "the 90 seats" restates a count
        return first.is_alpha and claim.low <= BACK_REFERENCE_LIMIT
    return False


def _is_year_text_token(tokens: Span) -> bool:
    return any(is_year_text(token.text) for token in tokens)


def _is_multiplier(doc: Doc, times: Token) -> bool:
    """"1.5 times their sales", "four times the rate", "five times more"."""
    following = doc[times.i + 1] if times.i + 1 < len(doc) else None
    return following is not None and (following.lower_ in MULTIPLIED_STARTS or following.pos_ in ("ADJ", "ADV"))


def _is_estimated_or_exceeded(anchor: Token) -> str | None:
    """"estimated at 430 million euros" -> approximate; "topped 1 million" -> lower_bound."""
    node, first_verb = anchor, True
    for _ in range(ESTIMATE_REACH):
        if node.head == node:
            return None
        came_from, node = node, node.head
        if node.pos_ == "VERB":
            if came_from.dep_ in SUBJECT_DEPS:
                return None
            if node.lemma_ in ESTIMATING_VERBS:
                return "approximate"  # also "estimated it cost them 430 million euros"
            if first_verb and node.lemma_ in EXCEEDING_VERBS and came_from.dep_ == "dobj":
                return "lower_bound"
            if node.dep_ not in ("ccomp", "xcomp"):
                return None
            first_verb = False
    return None


def _is_hyphenated_onto_word(doc: Doc, token: Token) -> bool:
    """"Su-27", "Kh-101": a number hyphenated onto a word is part of a name."""
    if token.i < 2:
        return False
    dash, word = doc[token.i - 1], doc[token.i - 2]
    return dash.text in DASHES and not dash.whitespace_ and word.is_alpha and not word.whitespace_


def _is_list_number(doc: Doc, token: Token) -> bool:
    if token.tag_ == "LS":
        return True
    opens_line = token.i == 0 or "\n" in doc[token.i - 1].text_with_ws
    follows = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
    return opens_line and follows in (".", ")")


def _root_of(tokens: Span) -> Token:
    """The token of the number whose head lies outside it."""
    outside = [
        token for token in tokens if not tokens.start <= token.head.i < tokens.end or token.head == token
    ]
    for token in outside:
        if token.dep_ == "nummod":
            return token
    return outside[-1] if outside else tokens[-1]


def _counted_noun(doc: Doc, root: Token, claim_end: int) -> Token | None:
    head = root.head
    if head.i >= claim_end and root.dep_ in NUMBER_MODIFIER_DEPS:
        if head.pos_ in NOUN_POS or (head.pos_ == "ADJ" and root.dep_ == "nummod"):  # "30 dead"
            return head
    # "9,000 of its workers": a part of a group, so the noun is plural ("Page 7 of the report" is not).
    if claim_end < len(doc) and doc[claim_end].lower_ == "of" and doc[claim_end].head == root:
        objects = (
            child
            for child in doc[claim_end].children
            if child.dep_ == "pobj" and child.pos_ in NOUN_POS and child.morph.get("Number") == ["Plur"]
        )
        return next(objects, None)
    # "100,000 are refugees": the number is the subject, the noun what it is said to be.
    if root.dep_ in SUBJECT_DEPS and head.lemma_ == "be":
        attributes = [child for child in head.children if child.dep_ == "attr" and child.pos_ in NOUN_POS]
        if attributes and attributes[0].morph.get("Number") == ["Plur"]:
            return attributes[0]
    return None


def _rate_unit(doc: Doc, noun: Token) -> str | None:
    """A unit written as a rate, "km/h": read whole, by its name when it has one."""
    if noun.i + 2 >= len(doc) or doc[noun.i + 1].text != "/" or noun.whitespace_ or doc[noun.i + 1].whitespace_:
        return None
    written = f"{noun.lower_}/{doc[noun.i + 2].lower_}"
    return UNIT_ABBREVIATIONS.get(written, written)


def _hyphenated_head(doc: Doc, word: Token) -> Token | None:
    """The noun a prefix is hyphenated onto: "non" in "non-citizens" -> "citizens"."""
    if word.i + 2 >= len(doc) or word.whitespace_ or doc[word.i + 1].text != "-" or doc[word.i + 1].whitespace_:
        return None
    head = doc[word.i + 2]
    return head if head.pos_ in NOUN_POS and head.morph.get("Number") == ["Plur"] else None


def _fused_word(doc: Doc, number_end: int) -> Token | None:
    """The word written onto the number: ``155mm``, ``10-day``, ``3,000-strong``."""
    if number_end >= len(doc) or doc[number_end - 1].whitespace_:
        return None
    following = doc[number_end]
    if following.is_alpha:
        return following if following.pos_ not in FUNCTION_POS else None
    hyphenated = following.text == "-" and not following.whitespace_ and number_end + 1 < len(doc)
    if hyphenated and doc[number_end + 1].is_alpha and doc[number_end + 1].pos_ not in FUNCTION_POS:
        return doc[number_end + 1]
    return None


def _lemma(noun: Token) -> str:
    """Lemma of a counted noun, in lower case; plural proper nouns ("Rangers") made singular,
    punctuation the tokenizer left on it dropped, nominalised adjectives ("41 injured") read as people."""
    if noun.pos_ == "ADJ":
        return "person"  # "41 injured"
    lemma = noun.lemma_.lower().rstrip(":;,.-!?)")
    if noun.tag_ == "NNPS" or (noun.pos_ == "PROPN" and lemma == noun.lower_ and noun.morph.get("Number") == ["Plur"]):
        lemma = _singular(lemma)
    lemma = UNIT_ABBREVIATIONS.get(lemma, lemma)
    if any(child.dep_ == "amod" and child.lower_ in AREA_AND_VOLUME for child in noun.children):
        lemma = f"{next(child.lower_ for child in noun.children if child.lower_ in AREA_AND_VOLUME)} {lemma}"
    return "person" if lemma in ("people", "peoples") else lemma


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _category(noun: Token, lemma: str) -> str:
    if noun.pos_ == "ADJ":  # "30 dead", "41 injured"
        return "casualties" if noun.lower_ in CASUALTY_PREDICATES | CASUALTY_NOUNS else "other"
    if lemma in CASUALTY_NOUNS:
        return "casualties"
    if is_person_noun(lemma):
        return "casualties" if _is_said_to_die(noun) else "personnel"
    if lemma in WORDNET_EQUIPMENT or lemma in EQUIPMENT_NOUNS:
        return "equipment"
    return "other"


def _is_said_to_die(noun: Token) -> bool:
    """"50 people were killed", "killed 12 soldiers", "20 soldiers killed", "9 people are missing",
    "left 14 people injured"."""
    if noun.dep_ in SUBJECT_DEPS | {"dobj"} and _means_dying(noun.head):
        return True
    if noun.dep_ in SUBJECT_DEPS | {"dobj"}:
        complements = ("acomp", "xcomp", "oprd", "ccomp")
        if any(child.dep_ in complements and _means_dying(child) for child in noun.head.children):
            return True
    return any(child.dep_ in ("acl", "amod") and _means_dying(child) for child in noun.children)


def _means_dying(word: Token) -> bool:
    return word.lemma_ in CASUALTY_VERBS or word.lower_ in CASUALTY_PREDICATES


def _casualty_verb_of(root: Token) -> Token | None:
    """"around 800 had perished": the verb gives a bare number its meaning."""
    if root.dep_ in SUBJECT_DEPS | {"dobj"} and root.head.lemma_ in CASUALTY_VERBS:
        return root.head
    # The parser may hang the verb off the number instead ("45 perished" as a reduced relative).
    return next((child for child in root.children if child.dep_ in ("acl", "relcl", "amod") and _means_dying(child)), None)
