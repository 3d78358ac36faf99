"""Numbers as news writes them, and the money and percentages they measure.

Plain Python over a spaCy ``Doc``: token texts and their spacing only (the
parse is `figures`' business). `read_quantities` finds every number in a
document with what is written onto it; `figures` decides which of them are
claims and what they count.

Numbers
-------
* digits with thousands separators and decimals (``4,500``, ``1.5``), with a
  sign (``-0.4``) or after ``minus``; separators in the wrong place
  (``10,0000``) make a number unreadable, so it is left out;
* words (``seven``, ``two hundred and forty``, ``thirty-six``, ``a dozen``,
  ``three dozen``);
* mixed numbers and fractions (``1-1/2``, ``2 3/4``, ``3/4``); a bare fraction
  is kept only as a percentage or an amount of money (``3/4 pct``);
* ranges written as one token (``8,000–12,000``), unless an end is a year;
* a percentage with text glued on where a space went missing
  (``64.5%,-higher``): the figure ends after the ``%``.

Scale words multiply the number: hundred, thousand, million, billion,
trillion, and the wire forms mln, mn, bln, bn, tn, trn, whether written apart
(``480 mln``) or onto the digits (``4.2bn``). ``k`` and ``m`` are read as
thousand and million only with money (``£5m``, ``5m dlrs``), where they cannot
mean kilometres or metres.

Money
-----
An amount of money has a currency written in front of the number or after it
(and its scale word):

* a sign: ``$`` ``£`` ``€`` ``¥`` ``₽`` ``₹`` ``₩`` ``₴`` ``₺`` ``₪`` ``₦``, a
  dollar with its country letters (``US$``, ``HK$``, ``A$``, ``C$``, ``NZ$``,
  ``S$``, ``NT$``), ``Rs``; also glued to the digits (``HK$300``);
* an ISO 4217 code in capitals, before or after (``USD 5 million``,
  ``3 million EUR``), any code pycountry knows;
* a currency word, possibly after a nationality or country
  (``euros``, ``Canadian dollars``, ``Hong Kong dollars``), including the
  wire forms ``dlrs``/``dlr`` (dollar), ``stg``/``sterling`` (pound),
  ``cts``/``ct`` (cent) and ``p``/``pence`` (penny).

The unit is the currency word (``dollar``, ``pound``, ``cent``...); the
``currency`` is its ISO code: from the sign, the code, or the currency's name
in pycountry (``Canadian dollar`` -> CAD, ``baht`` -> THB). Where a word names
several currencies and nothing in front says which, news convention decides
(``CONVENTIONAL_CODES``: a dollar is the US dollar, a pound sterling, a rupee
Indian, a cent a US cent unless written ``euro cents``...); where there is no
convention (``dinars``) the code stays empty. A ``?`` or U+FFFD glued in
front of digits is a currency sign lost to a wrong text encoding: the amount
is money, with unit and currency unknown.

Percentages
-----------
``%``, ``percent``, ``per cent``, ``pct`` give unit ``percent``;
``percentage point(s)`` gives ``percentage point``.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cache
from typing import Final

import numpy
import pycountry
from spacy.attrs import IDX, LIKE_NUM, LOWER
from spacy.tokens import Doc, Token
from text_to_num import text2num

from pipelines.core.nlp import string_ids, text_of

__all__ = ["DASHES", "PERCENT", "PERCENTAGE_POINT", "Quantity", "currency_code", "is_number_word", "is_year_text", "read_quantities"]

PERCENT: Final = "percent"
PERCENTAGE_POINT: Final = "percentage point"

SCALE_WORDS: Final[dict[str, float]] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mln": 1e6, "mn": 1e6, "bln": 1e9, "bn": 1e9, "tn": 1e12, "trn": 1e12,
}
# Read as scales only with money: elsewhere "5m" and "40k" are metres and kilometres or worse.
MONEY_SCALE_WORDS: Final[dict[str, float]] = {"k": 1e3, "m": 1e6}
DOZEN: Final = "dozen"
MULTIPLIER_WORDS: Final = ("hundred", "thousand", "million", "billion", "trillion", DOZEN)

# Signs in front of a number: sign -> (unit, ISO code).
CURRENCY_SIGNS: Final[dict[str, tuple[str, str]]] = {
    "$": ("dollar", "USD"), "us$": ("dollar", "USD"), "u.s.$": ("dollar", "USD"),
    "hk$": ("dollar", "HKD"), "a$": ("dollar", "AUD"), "au$": ("dollar", "AUD"),
    "c$": ("dollar", "CAD"), "ca$": ("dollar", "CAD"), "nz$": ("dollar", "NZD"),
    "s$": ("dollar", "SGD"), "nt$": ("dollar", "TWD"), "r$": ("real", "BRL"), "mx$": ("peso", "MXN"),
    "£": ("pound", "GBP"), "€": ("euro", "EUR"), "¥": ("yen", "JPY"), "₽": ("ruble", "RUB"),
    "₹": ("rupee", "INR"), "rs": ("rupee", "INR"), "rs.": ("rupee", "INR"), "₩": ("won", "KRW"),
    "₴": ("hryvnia", "UAH"), "₺": ("lira", "TRY"), "₪": ("shekel", "ILS"), "₦": ("naira", "NGN"),
}
# A currency sign destroyed by a wrong text encoding, glued to the digits.
DAMAGED_SIGNS: Final = frozenset({"?", "\ufffd"})

# Currency words after a number -> the unit they give.
CURRENCY_WORDS: Final[dict[str, str]] = {
    "dollar": "dollar", "dollars": "dollar", "dlr": "dollar", "dlrs": "dollar",
    "pound": "pound", "pounds": "pound", "stg": "pound", "sterling": "pound",
    "euro": "euro", "euros": "euro", "yen": "yen", "yuan": "yuan", "renminbi": "yuan",
    "ruble": "ruble", "rubles": "ruble", "rouble": "ruble", "roubles": "ruble",
    "rupee": "rupee", "rupees": "rupee", "cent": "cent", "cents": "cent", "ct": "cent", "cts": "cent",
    "penny": "penny", "pence": "penny", "p": "penny", "franc": "franc", "francs": "franc",
    "peso": "peso", "pesos": "peso", "baht": "baht", "won": "won", "lira": "lira", "lire": "lira",
    "rand": "rand", "riyal": "riyal", "riyals": "riyal", "dinar": "dinar", "dinars": "dinar",
    "dirham": "dirham", "dirhams": "dirham", "krona": "krona", "kronor": "krona", "krone": "krone",
    "kroner": "krone", "zloty": "zloty", "zlotys": "zloty", "hryvnia": "hryvnia", "hryvnias": "hryvnia",
    "shekel": "shekel", "shekels": "shekel", "naira": "naira", "ringgit": "ringgit", "rupiah": "rupiah",
    "forint": "forint", "shilling": "shilling", "shillings": "shilling", "reais": "real",
}
# Words whose pycountry name (also) ends otherwise ("Yuan Renminbi", "Pound Sterling").
CURRENCY_NAME_SPELLINGS: Final[dict[str, str]] = {"yuan": "renminbi", "shekel": "sheqel", "pound": "sterling"}
# News convention where a word names several currencies and nothing says which.
CONVENTIONAL_CODES: Final[dict[str, str]] = {
    "dollar": "USD", "pound": "GBP", "rupee": "INR", "won": "KRW", "franc": "CHF",
    "ruble": "RUB", "euro": "EUR", "cent": "USD", "penny": "GBP",
}
# A cent or penny is a hundredth of the currency named in front of it ("euro cents").
SUBUNITS: Final = frozenset({"cent", "penny"})
# Words between a number and its currency word that name the currency's country or its
# owner ("Canadian dollars", "Hong Kong dollars", "U.S. dollars").
CURRENCY_MODIFIER_LABELS: Final = frozenset({"NORP", "GPE", "LOC"})
MODIFIER_SPAN: Final = 3  # words at most

PERCENT_WORDS: Final = frozenset({"%", "percent", "pct"})

NUMBER_TEXT: Final = re.compile(
    r"^(?P<sign>[-+−])?(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<decimals>\.\d+)?$"
)
# A number with a currency sign and a scale or percent sign written onto it: "HK$300", "4.2bn", "50p".
GLUED_TEXT: Final = re.compile(
    r"^(?P<prefix>(?:[a-z]{1,2}\.?)?\$|[£€¥₽₹₩₴₺₪₦])?"
    r"(?P<number>[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
    r"(?P<suffix>mln|bln|mn|bn|tn|trn|k|m|p|%)?"
    # Text glued on where a space went missing ("64.78%,-significantly"): not part of the number.
    r"(?P<rest>(?<=%)[,;:)\-–—].*)?$"
)
_DIGITS: Final = re.compile(r"\d+")
FRACTION_TEXT: Final = re.compile(r"^(?P<numerator>\d+)/(?P<denominator>\d+)$")
MIXED_TEXT: Final = re.compile(r"^(?P<whole>\d+)-(?P<numerator>\d+)/(?P<denominator>\d+)$")
DASHES: Final = ("-", "–", "—")
NEGATIVE_WORDS: Final = frozenset({"minus", "negative"})


@dataclass(frozen=True)
class Quantity:
    """A number and what is written onto it. Token indices, ends exclusive."""

    start: int  # first token: the currency sign or code in front, else the number
    number_start: int  # first token of the number itself
    number_end: int  # just after the number and its scale word
    end: int  # just after the whole quantity (currency word, percent sign ...)
    low: float
    high: float  # above low only for a range written as one token ("8,000–12,000")
    measure: str | None = None  # "percent", "percentage point", a currency unit, or None for a count
    currency: str | None = None  # ISO 4217 code of a currency, when one applies
    money: bool = False  # an amount of money, even when its currency is unknown
    scale: float = 1.0  # what a scale word multiplied the number by ("million": 1e6)
    fraction: bool = False  # written as a bare fraction ("3/4")
    trailing_chars: int = 0  # characters of the last token glued on after the quantity ("%,-and")


@dataclass(frozen=True)
class _Number:
    start: int
    end: int
    low: float
    high: float
    prefix: str | None = None  # currency sign glued in front ("HK$300")
    suffix: str | None = None  # "%" or "p" glued after ("15%", "50p")
    scale: float = 1.0  # what a scale word multiplied the number by
    money_scale: bool = False  # the scale was "k" or "m", which only money may have
    fraction: bool = False
    trailing_chars: int = 0  # text glued on after the suffix, where a space went missing


def read_quantities(doc: Doc) -> list[Quantity]:
    """Every number in ``doc`` with its currency, scale and percent sign, in text order."""
    quantities = []
    index = 0  # the first token not yet part of a quantity
    for start in _possible_number_starts(doc):
        if start < index:
            continue
        number = _read_number(doc, start)
        if number is None:
            continue
        quantity = _quantity(doc, number)
        if quantity is not None:
            quantities.append(quantity)
        index = number.end if quantity is None else max(number.end, quantity.end)
    return quantities


def _possible_number_starts(doc: Doc) -> list[int]:
    """The tokens `_read_number` can start a number at, ascending (a few more, never fewer).

    A number starts at a token holding a digit, a number word (spaCy's `like_num`
    or "dozen"), or the "a" of "a million": found in one pass over the text and
    the token arrays, so the Python reading runs on these few tokens rather than
    on every token of the article.
    """
    if not len(doc):
        return []
    offsets, like_num, lower = doc.to_array([IDX, LIKE_NUM, LOWER]).T
    with_digit = numpy.searchsorted(offsets, [match.start() for match in _DIGITS.finditer(text_of(doc))], side="right") - 1
    before_multiplier = numpy.flatnonzero(numpy.isin(lower[1:], string_ids(doc.vocab, MULTIPLIER_WORDS)))
    words = numpy.flatnonzero((like_num == 1) | numpy.isin(lower, string_ids(doc.vocab, (DOZEN,))))
    return numpy.unique(numpy.concatenate([with_digit, before_multiplier, words])).tolist()


def is_year_text(text: str) -> bool:
    """A four-digit integer from 1800 to 2099 (news writes counts that size as ``2,000``)."""
    return len(text) == 4 and text.isdigit() and 1800 <= int(text) <= 2099


def is_number_word(token: Token) -> bool:
    """A cardinal written in letters (``seven``, ``hundred``, ``dozen``), not an ordinal."""
    if token.lower_ == DOZEN:
        return True
    return token.is_alpha and token.like_num and token.tag_ == "CD"


# --- numbers ------------------------------------------------------------------


def _read_number(doc: Doc, index: int) -> _Number | None:
    token = doc[index]
    if token.tag_ == "LS":
        return None
    if token.lower_ in ("a", "an") and index + 1 < len(doc) and _is_multiplier_word(doc[index + 1]):
        return _read_words(doc, index)  # "a dozen", "a million"
    if is_number_word(token):
        return _read_words(doc, index)
    number = _read_digits(doc, index)
    if number is not None and index > 0 and doc[index - 1].lower_ in NEGATIVE_WORDS and number.low > 0:
        # "minus 0.4 percent": the word belongs to the number's span
        return dataclasses.replace(number, start=index - 1, low=-number.high, high=-number.low)
    return number


def _read_digits(doc: Doc, index: int) -> _Number | None:
    token = doc[index]
    if _DIGITS.search(token.text) is None:
        return None  # every form below holds a digit; most tokens are words, ruled out here at once
    dash_range = _dash_range(token.text)
    if dash_range is not None:
        return _Number(index, index + 1, *dash_range)
    fraction = _fraction_value(token.text)
    if fraction is not None:
        return _Number(index, index + 1, fraction, fraction, fraction=True)
    mixed = MIXED_TEXT.match(token.text)
    if mixed:
        value = int(mixed["whole"]) + int(mixed["numerator"]) / int(mixed["denominator"])
        return _with_scale(doc, _Number(index, index + 1, value, value))
    glued = GLUED_TEXT.match(token.text.lower())
    if glued is None or not _well_formed(glued["number"]):
        return None
    value = float(glued["number"].replace(",", "").replace("−", "-"))
    prefix, suffix = glued["prefix"], glued["suffix"]
    if suffix in SCALE_WORDS or suffix in MONEY_SCALE_WORDS:
        scale = SCALE_WORDS.get(suffix) or MONEY_SCALE_WORDS[suffix]
        return _Number(index, index + 1, value * scale, value * scale, prefix, None, scale, suffix in MONEY_SCALE_WORDS)
    if suffix is not None:
        rest = len(glued["rest"] or "")
        return _Number(index, index + 1, value, value, prefix, suffix, trailing_chars=rest)
    end = index + 1
    # "1-1/2" and "2 3/4": a whole number and a fraction.
    hyphen = end + 1 < len(doc) and doc[end].text in DASHES and not token.whitespace_ and not doc[end].whitespace_
    fraction_at = end + 1 if hyphen else end
    if fraction_at < len(doc) and value.is_integer():
        fraction = _fraction_value(doc[fraction_at].text)
        if fraction is not None and fraction < 1:
            value, end = value + fraction, fraction_at + 1
    return _with_scale(doc, _Number(index, end, value, value, prefix))


def _well_formed(text: str) -> bool:
    """Digits whose thousands separators sit every three digits ("10,0000" is a typo of unknown value)."""
    return NUMBER_TEXT.match(text.replace("−", "-")) is not None


def _fraction_value(text: str) -> float | None:
    match = FRACTION_TEXT.match(text)
    if match is None or int(match["denominator"]) == 0:
        return None
    numerator, denominator = int(match["numerator"]), int(match["denominator"])
    # "9/11", "24/7": a fraction of a hundredth or less is a date or a slogan, not a value.
    return numerator / denominator if numerator < denominator <= 100 else None


def _with_scale(doc: Doc, number: _Number) -> _Number:
    """Apply scale words written after the digits: "1.5 million", "480 mln", "HK$300m"."""
    end, scale = number.end, 1.0
    while end < len(doc) and doc[end].lower_ in SCALE_WORDS | MONEY_SCALE_WORDS.keys():
        if doc[end].lower_ in MONEY_SCALE_WORDS and doc[end - 1].whitespace_:
            break  # "5 m" is five metres: only "5m" split by the tokenizer is a scale
        scale *= SCALE_WORDS.get(doc[end].lower_) or MONEY_SCALE_WORDS[doc[end].lower_]
        end += 1
    if end == number.end:
        return number
    money_scale = any(doc[i].lower_ in MONEY_SCALE_WORDS for i in range(number.end, end))
    value = number.low * scale
    return _Number(number.start, end, value, value, number.prefix, None, scale, money_scale)


def _read_words(doc: Doc, start: int) -> _Number | None:
    end = start + 1
    while end < len(doc):
        # Words continue words ("two hundred"); a scale word may follow a word or an article.
        if is_number_word(doc[end]) and (_is_multiplier_word(doc[end]) or doc[end - 1].is_alpha and doc[end - 1].lower_ not in ("a", "an")):
            end += 1
        elif doc[end].lower_ in SCALE_WORDS and doc[end].lower_ not in ("mn", "bn", "tn", "trn") and doc[end].is_alpha:
            end += 1
        elif _joins_word_numbers(doc, end):
            end += 2  # "twenty-five", "two hundred and fifty"
        else:
            break
    value = _words_value([doc[i].lower_ for i in range(start, end) if doc[i].text not in DASHES and doc[i].lower_ != "and"])
    if value is None:
        return None
    return _Number(start, end, value, value)


def _joins_word_numbers(doc: Doc, index: int) -> bool:
    if index + 1 >= len(doc) or not is_number_word(doc[index - 1]) or not is_number_word(doc[index + 1]):
        return False
    joiner = doc[index]
    if joiner.text == "-":
        return not doc[index - 1].whitespace_ and not joiner.whitespace_
    return joiner.lower_ == "and" and doc[index - 1].lower_ in SCALE_WORDS


def _is_multiplier_word(token: Token) -> bool:
    return token.lower_ in MULTIPLIER_WORDS


def _words_value(words: list[str]) -> float | None:
    if words[0] in ("a", "an"):
        words[0] = "one"
    words = [{"mln": "million", "bln": "billion"}.get(word, word) for word in words]
    multiplier = 1.0
    if DOZEN in words:
        at = words.index(DOZEN)
        multiplier, words = 12.0, words[:at] + words[at + 1 :]
        if not words:
            return multiplier
    try:
        return float(text2num(" ".join(words), "en")) * multiplier
    except ValueError:
        return None


def _dash_range(text: str) -> tuple[float, float] | None:
    """``8,000–12,000`` written as one token."""
    for dash in DASHES:
        low_text, found, high_text = text.partition(dash)
        if found and low_text and high_text:
            if is_year_text(low_text) or is_year_text(high_text):
                return None  # "2014-2022" is a period of years
            if not (_well_formed(low_text) and _well_formed(high_text)):
                return None
            low, high = float(low_text.replace(",", "")), float(high_text.replace(",", ""))
            return (low, high) if low < high else None
    return None


# --- what is written onto a number ------------------------------------------------


def _quantity(doc: Doc, number: _Number) -> Quantity | None:
    start, end = number.start, number.end
    unit = code = None
    money = False
    # In front: a sign glued on, a sign or an ISO code as the token before, or a damaged sign.
    if number.prefix is not None:
        unit, code = CURRENCY_SIGNS.get(number.prefix, ("dollar", None))
        money = True
    elif start > 0 and _sign_before(doc, start) is not None:
        unit, code = _sign_before(doc, start)
        start, money = start - 1, True
    elif start > 0 and doc[start - 1].text in DAMAGED_SIGNS and not doc[start - 1].whitespace_:
        start, money = start - 1, True
    low, high = number.low, number.high
    if number.suffix == "%":
        return Quantity(start, number.start, end, end, low, high, PERCENT, trailing_chars=number.trailing_chars)
    if number.suffix == "p":
        return Quantity(start, number.start, end, end, low, high, "penny", "GBP", True)
    # After: percent, a currency word (maybe after its country), an ISO code.
    percent_end = _percent_after(doc, end)
    if percent_end is not None and not money:
        point = percent_end - end >= 2 and doc[end].lower_ == "percentage"
        measure = PERCENTAGE_POINT if point else PERCENT
        return Quantity(start, number.start, end, percent_end, low, high, measure, None, False, number.scale, number.fraction)
    quantity_end = end
    if money:
        if unit is not None and end < len(doc) and CURRENCY_WORDS.get(doc[end].lower_) == unit:
            quantity_end += 1  # "$5 billion dollars": the word repeats the sign
    elif (found := _currency_word_after(doc, end)) is not None:
        quantity_end, unit, code = found
        money = True
    elif end < len(doc) and (iso := _iso_code(doc[end])) is not None:
        (unit, code), quantity_end, money = iso, end + 1, True
    if number.money_scale and not money:
        return None  # "40k", "5m" without money: kilometres, metres or worse
    if number.fraction and not money:
        return Quantity(start, number.start, end, end, low, high, fraction=True)
    return Quantity(start, number.start, end, quantity_end, low, high, unit, code, money, number.scale, number.fraction)


def _sign_before(doc: Doc, number_start: int) -> tuple[str, str | None] | None:
    before = doc[number_start - 1]
    if before.lower_ in CURRENCY_SIGNS:
        return CURRENCY_SIGNS[before.lower_]
    return _iso_code(before)


@cache
def _iso_codes() -> dict[str, str]:
    return {currency.alpha_3: currency.name for currency in pycountry.currencies}


def _iso_code(token: Token) -> tuple[str, str] | None:
    """(unit, code) for an ISO 4217 code written in capitals: ``USD`` -> (dollar, USD)."""
    if not (token.is_upper and len(token.text) == 3 and token.text in _iso_codes()):
        return None
    name = _iso_codes()[token.text].lower().split()
    unit = next((unit for word, unit in CURRENCY_WORDS.items() if word in name), name[-1])
    if "sterling" in name:
        unit = "pound"
    return unit, token.text


def _percent_after(doc: Doc, end: int) -> int | None:
    """Token after a percent sign or word following a number, or None."""
    if end >= len(doc):
        return None
    word = doc[end].lower_
    if word in PERCENT_WORDS:
        return end + 1
    if word == "per" and end + 1 < len(doc) and doc[end + 1].lower_ == "cent":
        return end + 2
    # "percentage point(s)", "percentage-point"
    if word == "percentage" and end + 1 < len(doc):
        following = end + 2 if doc[end + 1].text in DASHES and end + 2 < len(doc) else end + 1
        if doc[following].lower_ in ("point", "points"):
            return following + 1
    return None


def is_line_break(token: Token) -> bool:
    """A line break left in the parsed text: a table row, list item or paragraph ends there
    (the line breaks of hard wrapping were already joined, see `nlp_input`)."""
    return token.is_space and "\n" in token.text


def _currency_word_after(doc: Doc, end: int) -> tuple[int, str, str | None] | None:
    """(end, unit, code) of a currency word after a number, maybe after its country's name."""
    for gap in range(MODIFIER_SPAN + 1):
        at = end + gap
        if at >= len(doc) or is_line_break(doc[at]):
            return None
        unit = CURRENCY_WORDS.get(doc[at].lower_)
        if unit is not None and (doc[at].lower_ != "p" or not doc[at - 1].whitespace_):
            if unit == "won" and doc[at].pos_ == "VERB":
                return None  # "two won", the verb
            following = CURRENCY_WORDS.get(doc[at + 1].lower_) if at + 1 < len(doc) else None
            if following in SUBUNITS:
                return at + 2, following, currency_code(following, doc[end : at + 1].text)  # "40 euro cents"
            return at + 1, unit, currency_code(unit, doc[end:at].text if gap else None)
        if not _may_name_a_currency_country(doc[at]):
            return None
    return None


def _may_name_a_currency_country(token: Token) -> bool:
    return token.ent_type_ in CURRENCY_MODIFIER_LABELS or token.lower_ in ("u.s.", "us", "new") or (
        token.is_title and token.pos_ in ("PROPN", "ADJ")
    )


def currency_code(unit: str, modifier: str | None = None) -> str | None:
    """ISO 4217 code of a currency word, told apart by the country written before it.

    ``("dollar", "Canadian")`` -> CAD; ``("baht", None)`` -> THB (one currency of that
    name); ``("dollar", None)`` -> USD by news convention; ``("dinar", None)`` -> None.
    """
    if unit in SUBUNITS:
        if modifier:
            parent = CURRENCY_WORDS.get(modifier.lower().split()[-1])
            if parent is not None:
                return currency_code(parent)
        return CONVENTIONAL_CODES[unit]
    name_words = {unit, CURRENCY_NAME_SPELLINGS.get(unit, unit)}
    candidates = [currency for currency in pycountry.currencies if currency.name.lower().split()[-1] in name_words]
    if modifier:
        wanted = [word for word in re.split(r"[\s.]+", modifier.lower()) if word]
        for currency in candidates:
            country_words = currency.name.lower().split()[:-1]
            if wanted and len(country_words) >= len(wanted) and all(
                have.startswith(want[: max(4, len(want) - 3)]) or want.startswith(have) or want.replace(".", "") == have
                for want, have in zip(wanted, country_words[-len(wanted):])
            ):
                return currency.alpha_3
        if modifier.lower().replace(".", "") in ("us", "american"):
            return "USD" if unit == "dollar" else None
    if unit in CONVENTIONAL_CODES:
        return CONVENTIONAL_CODES[unit]
    return candidates[0].alpha_3 if len(candidates) == 1 else None
