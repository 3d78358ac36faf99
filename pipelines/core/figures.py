"""Numeric claims in a parsed article: "at least 10,000 North Korean troops".

Plain Python over a spaCy ``Doc`` (tagger, parser and NER must have run); no
Dagster here. Everything is read from token attributes, the dependency parse
and the model's entities, never from regexes over the raw text.

What counts as a figure
-----------------------
A cardinal number, written in digits (``10,000``, ``1.5``), in words
(``three``, ``two hundred``, ``a dozen``) or with a scale word (``1.5
million``, ``$2 billion``, and after a currency sign the shorthand ``$1.2bn``,
``£5m``), that counts something:

* the noun it modifies ("500 officers", "15%", "a 20,000-strong force");
* the noun after "of" ("12,000 of its soldiers");
* a currency sign in front of it ("$2 billion");
* with no noun, a verb of dying or killing it is the subject or object of
  ("around 1,000 had perished").

Numbers that count nothing are left out, and so are:

* numbers inside DATE, TIME or ORDINAL entities and inside names
  (PERSON, ORG, GPE, LOC, FAC, NORP, PRODUCT, EVENT, WORK_OF_ART, LAW,
  LANGUAGE: ``COVID-19``, ``Second World War``, ``F-16``) or glued to a word
  by a hyphen (``Su-27``);
* years: a four-digit integer from 1800 to 2099 written without a thousands
  separator (news style writes counts as ``2,000``);
* ages ("aged 30", "a 25-year-old") and durations: a number counting a time
  unit ("three days", "ten years");
* numbers written onto a word that modifies a noun ("155mm shells", "a
  10-day siege"): they describe the noun, they do not count it;
* list numbering (tag ``LS``, or a number opening a line before "." / ")");
* a count right after "the" / "these" / "those" ("the two officials"): it
  points back at a group already introduced instead of making a claim;
* a bare "one" / "a" with no qualifier ("One soldier said"): an article,
  not a count;
* vague plurals ("dozens", "thousands of troops"): there is no value to keep;
* ranges that do not go up ("3-1" is a score, "11-04" part of a date).

The model's MONEY tag is never trusted on its own (it tags markdown ``###``
as MONEY): money needs a currency sign or a currency noun.

Vocabularies
------------
Qualifiers are the words right before the number (``QUALIFIER_PHRASES``):

* lower_bound: at least, more than, over, upwards of, a minimum of
* upper_bound: up to, as many as, as much as, no more than, fewer than,
  less than, under, at most
* approximate: about, around, approximately, some, roughly, nearly,
  almost, close to, (an) estimated
* range: between X and Y, X to Y, X-Y (but not "from X to Y", a change)
* exact: anything else.

``value_low``/``value_high``: exact and approximate repeat the value,
lower_bound leaves ``value_high`` empty, upper_bound leaves ``value_low``
empty.

Categories come from the lemma of the counted noun (``CATEGORY_NOUNS``):
personnel (troop, soldier, officer, general, fighter, force ...), casualties
(casualty, death, dead, wounded ...), equipment (vehicle, tank, missile,
drone, shell, aircraft ...), money (a currency sign, or a currency noun
after the number: "400 million euros", "a 20 billion euro fund"), other (any
other noun; percentages are ``other`` with unit ``percent``). A personnel or other
noun that is said to die or be killed ("50 people were killed", "20 soldiers
killed") is a casualty count.

``actor`` is the surface form of whose the counted things are: a nationality
modifier ("North Korean troops"), an owner ("Russia's troops"), an origin
("troops from North Korea"), or the subject of a verb of sending or having
("the U.S. will deploy 200 vehicles"). ``source`` is whom the claim is
attributed to: "According to X", or the subject of a reporting verb whose
clause holds the figure ("X said / indicated / disclosed that ...").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab
from text_to_num import text2num

__all__ = ["CATEGORIES", "QUALIFIERS", "Figure", "extract_figures"]

QUALIFIERS: Final = ("exact", "approximate", "lower_bound", "upper_bound", "range")
CATEGORIES: Final = ("personnel", "casualties", "equipment", "money", "other")

QUALIFIER_PHRASES: Final[dict[str, str]] = {
    "at least": "lower_bound",
    "more than": "lower_bound",
    "over": "lower_bound",
    "upwards of": "lower_bound",
    "a minimum of": "lower_bound",
    "up to": "upper_bound",
    "as many as": "upper_bound",
    "as much as": "upper_bound",
    "no more than": "upper_bound",
    "fewer than": "upper_bound",
    "less than": "upper_bound",
    "under": "upper_bound",
    "at most": "upper_bound",
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

CATEGORY_NOUNS: Final[dict[str, frozenset[str]]] = {
    "personnel": frozenset(
        {
            "troop", "soldier", "officer", "general", "personnel", "fighter", "force",
            "serviceman", "servicemen", "commander", "mercenary", "conscript", "recruit",
            "reservist", "marine", "sailor", "pilot", "paratrooper", "combatant",
            "militant", "infantryman", "brigade", "battalion", "regiment",
        }
    ),
    "casualties": frozenset(
        {"casualty", "death", "dead", "fatality", "killed", "wounded", "injured", "injury", "body"}
    ),
    "equipment": frozenset(
        {
            "vehicle", "tank", "missile", "drone", "shell", "aircraft", "jet", "plane",
            "helicopter", "howitzer", "gun", "rocket", "launcher", "round", "weapon",
            "munition", "bomb", "warship", "ship", "vessel", "submarine", "artillery",
            "rifle", "truck",
        }
    ),
}
CURRENCY_NOUNS: Final = frozenset(
    {"dollar", "euro", "pound", "ruble", "rouble", "yen", "yuan", "won", "hryvnia", "rupee", "franc"}
)
# A sign in front of the number names the currency.
CURRENCY_SIGNS: Final[dict[str, str]] = {
    "$": "dollar", "us$": "dollar", "€": "euro", "£": "pound", "¥": "yen",
    "₽": "ruble", "₩": "won", "₴": "hryvnia",
}
PERCENT_NOUNS: Final = frozenset({"percent", "%", "pct"})
# Verbs of dying or killing turn a count into casualties, with or without a noun.
CASUALTY_VERBS: Final = frozenset({"die", "perish", "kill", "wound", "injure"})
# Counts of these are durations or ages, not claims.
TIME_UNIT_NOUNS: Final = frozenset(
    {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
)
# The subject of these verbs owns or sends what its object counts.
SUPPLY_VERBS: Final = frozenset(
    {"deploy", "send", "dispatch", "station", "mobilize", "mobilise", "supply", "provide",
     "deliver", "transfer", "field", "commit", "lose", "have"}
)
REPORTING_VERBS: Final = frozenset(
    {"say", "tell", "state", "report", "claim", "estimate", "indicate", "suggest", "disclose",
     "reveal", "confirm", "announce", "inform", "note", "add", "assert", "allege", "warn",
     "write", "show", "assess", "acknowledge", "admit", "believe"}
)
NAME_LABELS: Final = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
NOT_A_COUNT_LABELS: Final = NAME_LABELS | {"DATE", "TIME", "ORDINAL"}
ACTOR_LABELS: Final = frozenset({"GPE", "NORP", "ORG", "PERSON"})
SCALE_WORDS: Final = frozenset({"hundred", "thousand", "million", "billion", "trillion"})
# Newsroom shorthand for scale words, read only right after a currency sign
# ("$1.2bn", "£5m"), where "m" cannot mean metres.
SCALE_ABBREVIATIONS: Final[dict[str, str]] = {
    "k": "thousand", "m": "million", "mn": "million", "bn": "billion", "tn": "trillion",
}
# text2num has no "dozen"; it is the one number word handled here.
DOZEN: Final = "dozen"
DEFINITE_DETERMINERS: Final = frozenset({"the", "these", "those"})
RANGE_JOINERS: Final = frozenset({"to", "-", "–", "—"})
DASHES: Final = ("-", "–", "—")
NOUN_POS: Final = ("NOUN", "PROPN")
# How a number hangs off the noun it counts.
NUMBER_MODIFIER_DEPS: Final = frozenset({"nummod", "quantmod", "compound", "amod", "nmod"})
SUBJECT_DEPS: Final = frozenset({"nsubj", "nsubjpass", "csubj"})
# Clauses that share their subject with the clause they hang from.
SUBJECT_SHARING_DEPS: Final = frozenset({"xcomp", "advcl", "conj", "acl", "pcomp"})


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
    actor: str | None
    source: str | None


@dataclass(frozen=True)
class _Number:
    """A run of tokens spelling one number (``1.5 million``, ``two hundred``),
    or both ends of a range written as one token (``8,000–12,000``)."""

    start: int
    end: int
    low: float
    high: float


@dataclass(frozen=True)
class _Claim:
    qualifier: str
    low: float
    high: float
    start: int  # first token, qualifier included
    number_start: int  # first token of the number itself (after a currency sign)
    end: int
    currency: str | None


def extract_figures(doc: Doc) -> list[Figure]:
    """Every numeric claim in ``doc``, in text order."""
    qualifier_ends = _qualifier_phrases_by_end(doc)
    figures = []
    for claim in _claims(doc, qualifier_ends):
        figure = _figure_for(doc, claim)
        if figure is not None:
            figures.append(figure)
    return figures


def _qualifier_phrases_by_end(doc: Doc) -> dict[int, tuple[int, str]]:
    """Token index right after each qualifier phrase -> (phrase start, qualifier)."""
    by_end: dict[int, tuple[int, str]] = {}
    for match_id, start, end in _qualifier_matcher(doc.vocab)(doc):
        # The longest phrase wins: "no more than" over "more than".
        if end not in by_end or start < by_end[end][0]:
            by_end[end] = (start, doc.vocab.strings[match_id])
    return by_end


@lru_cache(maxsize=4)
def _qualifier_matcher(vocab: Vocab) -> PhraseMatcher:
    matcher = PhraseMatcher(vocab, attr="LOWER")
    for phrase, qualifier in QUALIFIER_PHRASES.items():
        matcher.add(qualifier, [Doc(vocab, words=phrase.split())])
    return matcher


def _claims(doc: Doc, qualifier_ends: dict[int, tuple[int, str]]) -> list[_Claim]:
    numbers = _numbers(doc)
    claims = []
    index = 0
    while index < len(numbers):
        number = numbers[index]
        following = numbers[index + 1] if index + 1 < len(numbers) else None
        currency_start = _currency_start(doc, number.start)
        start = number.start if currency_start is None else currency_start
        currency = None if currency_start is None else CURRENCY_SIGNS[doc[currency_start].lower_]
        if number.high > number.low:
            claims.append(_Claim("range", number.low, number.high, start, number.start, number.end, currency))
        elif following is not None and _is_range(doc, start, number, following):
            low = _shared_scale(doc, number, following)
            opener = start - 1 if start > 0 and doc[start - 1].lower_ == "between" else start
            if low < following.high:
                claims.append(_Claim("range", low, following.high, opener, number.start, following.end, currency))
            # A range going down is a score or a date, not a claim: drop both ends.
            index += 1
        else:
            qualifier_start, qualifier = qualifier_ends.get(start, (start, "exact"))
            claims.append(
                _Claim(qualifier, number.low, number.high, qualifier_start, number.start, number.end, currency)
            )
        index += 1
    return claims


def _numbers(doc: Doc) -> list[_Number]:
    numbers = []
    index = 0
    while index < len(doc):
        start = index
        after_currency = _currency_start(doc, index) is not None
        if doc[index].lower_ in ("a", "an") and index + 1 < len(doc) and _is_multiplier_word(doc[index + 1]):
            index += 1  # "a dozen", "a million"
        elif not _is_cardinal(doc[index]) and not (after_currency and _split_abbreviation(doc[index].lower_)):
            index += 1
            continue
        end = index + 1
        while end < len(doc):
            # Words continue words ("two hundred"); digits take only a scale word ("1.5 million").
            if _is_word_number(doc[end]) and (_is_multiplier_word(doc[end]) or doc[end - 1].is_alpha):
                end += 1
            elif after_currency and not doc[end - 1].whitespace_ and doc[end].lower_ in SCALE_ABBREVIATIONS:
                end += 1  # "£5m"
            elif _joins_word_numbers(doc, end):
                end += 2  # "twenty-five", "two hundred and fifty"
            else:
                break
        dash_range = _dash_range(doc[start]) if end - start == 1 else None
        if dash_range is not None:
            numbers.append(_Number(start, end, *dash_range))
        else:
            value = _number_value(doc[start:end])
            if value is not None:
                numbers.append(_Number(start, end, value, value))
        index = end
    return numbers


def _is_cardinal(token: Token) -> bool:
    if token.lower_ == DOZEN:
        return True
    if _dash_range(token) is not None:
        return True
    if not token.like_num or token.tag_ == "LS":
        return False
    # like_num is also true of ordinal words ("first"); the tagger tells them apart.
    return token.tag_ == "CD" or any(char.isdigit() for char in token.text)


def _is_word_number(token: Token) -> bool:
    return token.is_alpha and _is_cardinal(token)


def _is_multiplier_word(token: Token) -> bool:
    return token.lower_ in SCALE_WORDS or token.lower_ == DOZEN


def _joins_word_numbers(doc: Doc, index: int) -> bool:
    if index + 1 >= len(doc) or not _is_word_number(doc[index - 1]) or not _is_word_number(doc[index + 1]):
        return False
    joiner = doc[index]
    if joiner.text == "-":
        return not doc[index - 1].whitespace_ and not joiner.whitespace_
    return joiner.lower_ == "and" and doc[index - 1].lower_ in SCALE_WORDS


def _split_abbreviation(text: str) -> list[str] | None:
    """``1.2bn`` -> ``["1.2", "billion"]``."""
    digits = text.rstrip("abcdefghijklmnopqrstuvwxyz")
    suffix = text[len(digits) :]
    if digits and digits[-1].isdigit() and suffix in SCALE_ABBREVIATIONS:
        return [digits, SCALE_ABBREVIATIONS[suffix]]
    return None


def _number_value(tokens: Span) -> float | None:
    words = []
    for token in tokens:
        if token.text != "-":
            words += _split_abbreviation(token.lower_) or [SCALE_ABBREVIATIONS.get(token.lower_, token.lower_)]
    if words[0] in ("a", "an"):
        words[0] = "one"
    multiplier = 1.0
    if words[-1] == DOZEN:
        multiplier = 12.0
        words = words[:-1] or ["one"]
    try:
        if any(char.isdigit() for char in words[0]):
            value = float(words[0].replace(",", ""))
            for scale in words[1:]:
                if scale not in SCALE_WORDS:
                    return None
                value *= text2num(scale, "en")
        else:
            value = float(text2num(" ".join(words), "en"))
    except ValueError:
        return None
    return value * multiplier


def _dash_range(token: Token) -> tuple[float, float] | None:
    """``8,000–12,000`` written as one token."""
    for dash in DASHES:
        low_text, found, high_text = token.text.partition(dash)
        if found and low_text and high_text:
            if _is_year_text(low_text) or _is_year_text(high_text):
                return None  # "2014-2022" is a period of years
            try:
                low, high = float(low_text.replace(",", "")), float(high_text.replace(",", ""))
            except ValueError:
                return None
            return (low, high) if low < high else None
    return None


def _is_range(doc: Doc, start: int, first: _Number, second: _Number) -> bool:
    if second.start != first.end + 1:
        return False
    joiner = doc[first.end]
    opener = doc[start - 1].lower_ if start > 0 else ""
    if joiner.lower_ == "and":
        return opener == "between"
    # "from 10 to 20" is a change over time, not a range.
    return joiner.lower_ in RANGE_JOINERS and opener != "from"


def _shared_scale(doc: Doc, low: _Number, high: _Number) -> float:
    """"2 to 3 million": the low end borrows the high end's scale word."""
    high_scale = doc[high.end - 1].lower_
    if high_scale in SCALE_WORDS and doc[low.end - 1].lower_ not in SCALE_WORDS:
        return low.low * text2num(high_scale, "en")
    return low.low


def _currency_start(doc: Doc, number_start: int) -> int | None:
    if number_start > 0 and doc[number_start - 1].lower_ in CURRENCY_SIGNS:
        return number_start - 1
    return None


def _figure_for(doc: Doc, claim: _Claim) -> Figure | None:
    number_tokens = doc[claim.number_start : claim.end]
    if _is_not_a_count(doc, claim, number_tokens):
        return None
    root = _root_of(number_tokens)
    noun = _counted_noun(doc, root, claim.end)
    fused = _fused_word(doc, claim.end)
    if fused is not None:
        # "a 20,000-strong force" counts the force; "155mm shells", "a 10-day siege"
        # describe their noun instead of counting it.
        if fused.lower_ == "strong" and fused.head.pos_ in NOUN_POS:
            noun = fused.head
        elif fused.head.i > fused.i and fused.head.pos_ in NOUN_POS:
            return None
        else:
            noun = fused
    end_token = noun
    if noun is not None:
        if noun.lemma_.lower() in TIME_UNIT_NOUNS:
            return None
        unit, category = _unit_and_category(doc[claim.end : noun.i + 1], claim.currency)
    elif claim.currency is not None:
        unit, category = claim.currency, "money"
    else:
        end_token = _casualty_verb_of(root)
        if end_token is None:
            return None  # a number counting nothing
        unit, category = None, "casualties"

    end = max(claim.end, end_token.i + 1) if end_token is not None else claim.end
    span = doc[claim.start : end]
    anchor = noun if noun is not None else root
    return Figure(
        text=span.text,
        start_char=span.start_char,
        end_char=span.end_char,
        sentence=span.sent.text,
        qualifier=claim.qualifier,
        value_low=None if claim.qualifier == "upper_bound" else claim.low,
        value_high=None if claim.qualifier == "lower_bound" else claim.high,
        unit=unit,
        category=category,
        actor=_actor(noun),
        source=_source(anchor),
    )


def _is_not_a_count(doc: Doc, claim: _Claim, number_tokens: Span) -> bool:
    first = number_tokens[0]
    before = doc[first.i - 1] if first.i > 0 else None
    if any(token.ent_type_ in NOT_A_COUNT_LABELS for token in number_tokens):
        return True
    if any(_is_year_text(token.text) for token in number_tokens) or _is_list_number(doc, first):
        return True
    if before is not None and before.lemma_.lower() in ("age", "aged"):
        return True
    if _is_hyphenated_onto_word(doc, first):
        return True
    if claim.qualifier == "exact" and claim.currency is None:
        if before is not None and before.lower_ in DEFINITE_DETERMINERS:
            return True
        if claim.low == 1 and all(token.is_alpha for token in number_tokens):
            return True
    return False


def _is_hyphenated_onto_word(doc: Doc, token: Token) -> bool:
    """"Su-27", "Kh-101": a number hyphenated onto a word is part of a name."""
    if token.i < 2:
        return False
    dash, word = doc[token.i - 1], doc[token.i - 2]
    return dash.text in DASHES and not dash.whitespace_ and word.is_alpha and not word.whitespace_


def _is_year_text(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and 1800 <= int(text) <= 2099


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
    # "12,000 of its soldiers": a part of a group, so the noun is plural ("Page 7 of the report" is not).
    if claim_end < len(doc) and doc[claim_end].lower_ == "of" and doc[claim_end].head == root:
        objects = (
            child
            for child in doc[claim_end].children
            if child.dep_ == "pobj" and child.pos_ in NOUN_POS and child.morph.get("Number") == ["Plur"]
        )
        return next(objects, None)
    return None


def _fused_word(doc: Doc, number_end: int) -> Token | None:
    """The word written onto the number: ``155mm``, ``10-day``, ``20,000-strong``."""
    if number_end >= len(doc) or doc[number_end - 1].whitespace_:
        return None
    following = doc[number_end]
    if following.is_alpha:
        return following
    hyphenated = following.text == "-" and not following.whitespace_ and number_end + 1 < len(doc)
    if hyphenated and doc[number_end + 1].is_alpha:
        return doc[number_end + 1]
    return None


def _unit_and_category(noun_phrase: Span, currency: str | None) -> tuple[str, str]:
    """``noun_phrase`` runs from after the number to the counted noun, its last token."""
    noun = noun_phrase[-1]
    lemma = noun.lemma_.lower()
    if currency is not None:
        return currency, "money"
    # "a 50 billion euro fund", "a 5 percent rise": the word after the number says what it measures.
    for token in noun_phrase:
        if token.lemma_.lower() in CURRENCY_NOUNS:
            return token.lemma_.lower(), "money"
        if token.lemma_.lower() in PERCENT_NOUNS:
            return "percent", "other"
    category = next((name for name, nouns in CATEGORY_NOUNS.items() if lemma in nouns), "other")
    if category in ("personnel", "other") and _is_said_to_die(noun):
        category = "casualties"
    return lemma, category


def _is_said_to_die(noun: Token) -> bool:
    """"50 people were killed", "killed 12 soldiers", "20 soldiers killed"."""
    if noun.dep_ in SUBJECT_DEPS | {"dobj"} and noun.head.lemma_ in CASUALTY_VERBS:
        return True
    return any(child.dep_ in ("acl", "amod") and child.lemma_ in CASUALTY_VERBS for child in noun.children)


def _casualty_verb_of(root: Token) -> Token | None:
    """"around 1,000 had perished": the verb gives a bare number its meaning."""
    if root.dep_ in SUBJECT_DEPS | {"dobj"} and root.head.lemma_ in CASUALTY_VERBS:
        return root.head
    # The parser may hang the verb off the number instead ("45 perished" as a reduced relative).
    return next(
        (child for child in root.children if child.dep_ in ("acl", "relcl") and child.lemma_ in CASUALTY_VERBS), None
    )


def _actor(noun: Token | None) -> str | None:
    if noun is None:
        return None
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "nmod") and child.ent_type_ == "NORP":
            return _entity_text(child)
        if child.dep_ == "poss" and child.ent_type_ in ACTOR_LABELS:
            return _entity_text(child)
        if child.dep_ == "prep" and child.lower_ == "from":
            places = (place for place in child.children if place.dep_ == "pobj" and place.ent_type_ in ACTOR_LABELS)
            origin = next(places, None)
            if origin is not None:
                return _entity_text(origin)
    if noun.dep_ == "dobj" and noun.head.lemma_ in SUPPLY_VERBS:
        subject = _clause_subject(noun.head)
        if subject is not None and subject.ent_type_ in ACTOR_LABELS:
            return _entity_text(subject)
    return None


def _source(anchor: Token) -> str | None:
    sentence = anchor.sent
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < sentence.end and token.nbor().lower_ == "to":
            objects = [child for child in token.nbor().children if child.dep_ == "pobj"]
            if objects:
                return _phrase(objects[0])
    node = anchor
    while node.head != node:
        came_from, node = node, node.head
        if node.lemma_ in REPORTING_VERBS and node.pos_ in ("VERB", "AUX") and came_from.dep_ not in SUBJECT_DEPS:
            subject = _clause_subject(node)
            if subject is not None and anchor not in list(subject.subtree):
                return _phrase(subject)
    # "Around 500 died, the ministry said" may hang the reporting verb off the claim.
    for child in sentence.root.children:
        if child.dep_ == "parataxis" and child.lemma_ in REPORTING_VERBS:
            subject = _clause_subject(child)
            if subject is not None:
                return _phrase(subject)
    return None


def _clause_subject(verb: Token) -> Token | None:
    """Subject of ``verb``, borrowed from the governing clause for "to deploy", "informing"."""
    for _ in range(4):  # a few levels is enough; deeper chains are rarely the same subject
        subjects = [child for child in verb.children if child.dep_ == "nsubj"]
        if subjects:
            return subjects[0]
        if verb.dep_ not in SUBJECT_SHARING_DEPS or verb.head == verb:
            return None
        verb = verb.head
        if verb.pos_ in NOUN_POS:  # "opportunity to deploy": climb past the noun
            verb = verb.head
    return None


def _entity_text(token: Token) -> str:
    entity = next((ent for ent in token.doc.ents if ent.start <= token.i < ent.end), None)
    text = entity.text if entity is not None else token.text
    for possessive in ("'s", "’s"):
        text = text.removesuffix(possessive)
    return text.removeprefix("the ").removeprefix("The ").strip()


def _phrase(head: Token) -> str:
    """A named entity when ``head`` is one, else the phrase ``head`` governs."""
    if head.ent_type_ in ACTOR_LABELS:
        return _entity_text(head)
    tokens = list(head.subtree)
    return head.doc[tokens[0].i : tokens[-1].i + 1].text.strip(" ,")
