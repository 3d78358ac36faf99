"""Whether a number in the text is a year or a day of the month, or something that only looks like one.

A four-digit number between 1800 and 2099 is a year only in a year's place:
never inside a longer number (a phone number ``+61 1900 654 321``, an ID or
reference ``2019-4471``), after a currency sign (``$1950``), after a noun
that it labels (``Room 1984``, ``No. 1999``) or as the count of a plural
noun (``1900 workers``). A day number, in digits or words (``June 9``,
``June nine``, ``the ninth of June``), is not a day when it counts the noun
after it (``in May one official``, ``in June 12 soldiers``) or starts a
longer number or a compound (``April two thousand``, ``June six-month``). Everything is read from the tokens around the number
and their parse, never from a list of known values.
"""

from __future__ import annotations

import re
from typing import Final

from spacy.tokens import Span, Token
from text_to_num import alpha2digit

__all__ = [
    "counts_something", "day_of_month", "is_year", "number_text", "without_leftover_punctuation",
    "year_is_in_longer_number",
]

# A full stop glued to dashes that the tokenizer leaves on a number ("in January 1917.-"),
# where the source replaced spaces with dashes; the number is read without it.
LEFTOVER_PUNCTUATION: Final = r"(?:\.[-–]+)?"
YEAR_PATTERN: Final = r"^(1[89]|20)\d\d" + LEFTOVER_PUNCTUATION + "$"
# Nouns a year may follow without being labelled by them ("spring 2021", "fiscal 2021").
PERIOD_NOUNS: Final = frozenset(
    {"spring", "summer", "autumn", "fall", "winter", "fiscal", "fy", "year", "season", "end", "mid"}
)
# Words that introduce a year used on its own ("in 2021", "since 1955").
YEAR_PREPOSITIONS: Final = frozenset(
    {"in", "since", "by", "until", "till", "from", "during", "through", "before", "after", "of",
     "between", "to", "and", "throughout", "around", "circa", "c."}
)
# Entity types of numbers that measure or count; a year inside one is suspect.
QUANTITY_ENTITIES: Final = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL", "TIME"})
IDENTIFIER_MARKERS: Final = frozenset({"no", "no.", "nos", "nos.", "#", "number", "id", "ref", "ref."})
NUMBER_JOINERS: Final = frozenset({"-", "–", "/", "."})
HYPHENS: Final = frozenset({"-", "–"})


def is_year(token: Token) -> bool:
    """A bare four-digit number that stands for a year, as a date of its own."""
    if not re.match(YEAR_PATTERN, token.text) or year_is_in_longer_number(token):
        return False
    if counts_something(token) or _is_labelled_by_previous_noun(token):
        return False
    object_of_preposition = token.dep_ == "pobj" and token.head.lower_ in YEAR_PREPOSITIONS
    if token.ent_type_ == "DATE":
        return True
    if token.ent_type_ in QUANTITY_ENTITIES:
        return object_of_preposition
    # Untagged, or opening a name: "the 2030 expo", "the 1955 Bandung Conference".
    return object_of_preposition or _modifies_following_noun(token)


def year_is_in_longer_number(token: Token) -> bool:
    """Part of a phone number, an ID or a price; a year range (``1961-1990``, ``2019-20``) is not."""
    doc = token.doc
    before = doc[token.i - 1] if token.i > 0 else None
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if before is not None and (before.is_currency or before.tag_ == "$" or before.lower_ in IDENTIFIER_MARKERS):
        return True
    if before is not None and _has_digit(before) and before.whitespace_:
        return True  # "+61 1900 ..."
    if after is not None and _has_digit(after) and token.whitespace_:
        return True  # "... 1900 654 321"
    if before is not None and _glued(before, token) and before.text in NUMBER_JOINERS and before.i > 0:
        first = doc[before.i - 1]
        if _glued(first, before) and _has_digit(first):
            return not (re.match(YEAR_PATTERN, first.text) and int(number_text(first)) < int(number_text(token)))
    if after is not None and _glued(token, after) and after.text in NUMBER_JOINERS and after.i + 1 < len(doc):
        following = doc[after.i + 1]
        if _glued(after, following) and _has_digit(following):
            return not _ends_year_range(token, following)
    return False


def counts_something(number: Token, phrase_start: Token | None = None) -> bool:
    """The number counts the noun after it ("1900 workers", "in June 12 soldiers", "in May one official").

    The noun is plural, or singular after "one". A determiner or possessive
    before the date phrase (``phrase_start``, the number itself by default)
    makes the number a modifier instead: "the 1955 elections", "the June 12
    elections", "the party's 2021 accounts".
    """
    doc = number.doc
    after = doc[number.i + 1] if number.i + 1 < len(doc) else None
    counted = number.head if number.dep_ == "nummod" and number.head.i > number.i else after
    if counted is None or counted.pos_ not in ("NOUN", "PROPN"):
        return False
    if counted.tag_ not in ("NNS", "NNPS") and not (counted.tag_ == "NN" and number.lower_ in ("one", "1")):
        return False
    start = (phrase_start or number).i
    return start == 0 or not _is_determiner(doc[start - 1])


def day_of_month(tokens: Span, phrase: Span) -> int | None:
    """The day that ``tokens`` write ("6", "6th", "six", "sixth", "twenty-first") in the date ``phrase``.

    None when it is not a day of the month, or is a count or the start of a
    longer number or compound at the end of the phrase.
    """
    digits = alpha2digit("".join(number_text(token) + token.whitespace_ for token in tokens), "en", threshold=0)
    match = re.fullmatch(r"(\d{1,2})(st|nd|rd|th)?", digits.replace(" ", ""))
    if match is None or not 1 <= int(match.group(1)) <= 31:
        return None
    if any(counts_something(token, phrase[0]) for token in tokens):
        return None
    last, doc = tokens[-1], tokens.doc
    if last.i == phrase.end - 1 and last.i + 1 < len(doc):
        after = doc[last.i + 1]
        if after.like_num:
            return None  # "April two thousand"
        hyphenated = not last.whitespace_ and after.text in HYPHENS
        if hyphenated and not (after.i + 1 < len(doc) and doc[after.i + 1].like_num):
            return None  # "six-month", "12-year-old"; "12-14" is a range of days
    return int(match.group(1))


def _is_labelled_by_previous_noun(token: Token) -> bool:
    if token.i == 0:
        return False
    before = token.doc[token.i - 1]
    return (
        bool(before.whitespace_)
        and before.pos_ in ("NOUN", "PROPN")
        and before.lower_ not in PERIOD_NOUNS
    )


def _modifies_following_noun(token: Token) -> bool:
    head = token.head
    if head.i <= token.i or head.pos_ not in ("NOUN", "PROPN") or token.dep_ not in ("nummod", "compound", "amod", "nmod"):
        return False
    return token.i > 0 and _is_determiner(token.doc[token.i - 1])


def _is_determiner(token: Token) -> bool:
    return token.pos_ in ("DET", "PRON") or token.tag_ in ("PRP$", "POS")


def _ends_year_range(year: Token, end: Token) -> bool:
    start, end_text = number_text(year), number_text(end)
    if re.match(YEAR_PATTERN, end_text):
        return int(end_text) > int(start)
    return bool(re.fullmatch(r"\d\d", end_text)) and int(end_text) > int(start[2:])


def number_text(token: Token) -> str:
    """The token's text without punctuation left glued to a number ("1917.-" -> "1917")."""
    return without_leftover_punctuation(token.text) if token.text[:1].isdigit() else token.text


def without_leftover_punctuation(text: str) -> str:
    return re.sub(LEFTOVER_PUNCTUATION + "$", "", text)


def _glued(left: Token, right: Token) -> bool:
    return right.i == left.i + 1 and not left.whitespace_


def _has_digit(token: Token) -> bool:
    return any(character.isdigit() for character in token.text)
