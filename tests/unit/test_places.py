"""The gazetteer (`pipelines.core.places`): country forms, nationality words, place types, points and homonyms."""
from __future__ import annotations

import pytest

from pipelines.core import places
from pipelines.core.atomic import TEMP_MARK
from pipelines.core.cache import CACHE_ENV
from pipelines.core.places import (
    canonical_place_or_group,
    country_place,
    lookup_place,
    place_by_id,
    place_candidates,
    place_of_division,
    place_of_group,
    resolve_places,
)


@pytest.mark.parametrize(
    ("surface", "country"),
    [
        ("ROK", "South Korea"),
        ("Republic of Korea", "South Korea"),
        ("South Korean", "South Korea"),
        ("South Koreans", "South Korea"),
        ("PRC", "China"),
        ("Russian Federation", "Russia"),
        ("Russian", "Russia"),
        ("Chilean", "Chile"),
        ("Chinese", "China"),
        ("Polish", "Poland"),
        ("Czech", "Czechia"),
        ("Danish", "Denmark"),
        ("African", "Africa"),
        ("Burma", "Myanmar"),  # a library alias
    ],
)
def test_canonical_place_or_group(surface, country):
    assert canonical_place_or_group(surface) == country


@pytest.mark.parametrize("surface", ["us", "Korean", "Western", "Roman", "Kremlin", "Lisbon"])
def test_canonical_place_or_group_unknown(surface):
    assert canonical_place_or_group(surface) is None


def test_nationality_word_points_to_its_country():
    assert place_of_group("Peruvians").place_id == "country:PE"


def test_division_names_the_place():
    assert place_of_division("Lviv region") == "Lviv"
    assert place_of_division("Lviv Oblast") is None and lookup_place("Lviv Oblast").place_type == "region"
    assert place_of_division("Oregon state") == "Oregon"
    assert place_of_division("Eastern Province") is None  # a region's own name
    assert place_of_division("Westeros region") is None  # no known place


@pytest.mark.parametrize(
    ("name", "place_type", "country_code"),
    [
        ("Peru", "country", "PE"),
        ("Bavaria", "region", "DE"),  # an English alias of "Bayern"
        ("Wales", "region", "GB"),
        ("Manitoba", "region", "CA"),
        ("Lima", "city", "PE"),
        ("Africa", "area", None),
    ],
)
def test_place_types(name, place_type, country_code):
    place = lookup_place(name)
    assert (place.place_type, place.country_code) == (place_type, country_code)


def test_withdrawn_country_forms_are_one_place():
    assert place_candidates("Czechoslovakia")[0].place_id == place_candidates("Czechoslovak Socialist Republic")[0].place_id


def test_exonyms_of_big_cities():
    assert lookup_place("Bombay").name == "Mumbai"


def test_country_point_is_inside_not_the_capital():
    canada, brazil = country_place("CA"), country_place("BR")
    assert 42 < canada.latitude < 70 and -141 < canada.longitude < -52
    assert (canada.latitude, canada.longitude) != (lookup_place("Ottawa").latitude, lookup_place("Ottawa").longitude)
    assert -34 < brazil.latitude < 5 and -74 < brazil.longitude < -34
    assert brazil.latitude != lookup_place("Brasilia").latitude


def test_regions_have_points():
    oregon = place_by_id("region:US.OR")
    assert oregon.name == "Oregon" and 42 < oregon.latitude < 46.3 and -124.6 < oregon.longitude < -116.4


@pytest.mark.parametrize(
    ("names", "wanted", "place_id"),
    [
        (["Portland"], [], "city:5746545"),  # prominence: the biggest
        (["Portland", "Maine"], [], "city:4975802"),  # a region the document names
        (["Georgia", "Atlanta"], [], "region:US.GA"),  # a region holding a place the document names
        (["Georgia", "Tbilisi"], [], "country:GE"),
        (["Córdoba"], [], "city:3860259"),  # a city of a million people before a region
        (["Córdoba"], ["region"], "region:AR.05"),  # "the province of Córdoba"
        (["Victoria"], [], "region:AU.07"),  # a populous region before a small island's capital
        (["Durango"], [], "region:MX.10"),  # a region before smaller cities
        (["Durango", "Colorado"], [], "city:5420241"),
        (["Jordan", "Amman"], [], "country:JO"),  # a country before towns of its name
    ],
)
def test_homonyms_resolved_in_context(names, wanted, place_id):
    assert resolve_places(names, wanted)[0].place_id == place_id


def test_the_gazetteer_is_built_once_then_read_from_its_cache_file(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    (tmp_path / "gazetteer-0000000000000000.pickle").write_bytes(b"left by an older version")
    path = places._store_path()
    built = places._open_store(path)
    assert [file.name for file in tmp_path.glob("gazetteer-*")] == [path.name]  # the older one is gone
    monkeypatch.setattr(places, "_build_extents", lambda: pytest.fail("rebuilt although the cache file is there"))
    read = places._open_store(path)
    assert read.places("Portland") == built.places("Portland") != ()
    assert read.region_name("US.OR") == "Oregon"
    assert read.extent("PE") is not None and read.place("city:4975802").name == "Portland"
    monkeypatch.undo()
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    path.write_bytes(b"damaged")
    assert places._open_store(path).places("Portland") == built.places("Portland")  # rebuilt, not trusted


def test_a_gazetteer_being_written_by_another_process_is_left_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(CACHE_ENV, "cache")  # a relative folder
    path = places._store_path()
    path.parent.mkdir()
    being_written = path.parent / f"{path.name}{TEMP_MARK}12345-abcdef12"
    being_written.write_bytes(b"half written by another build")
    assert places._open_store(path).region_name("US.OR") == "Oregon"
    assert being_written.exists()


def test_the_gazetteer_is_built_in_memory_when_its_cache_cannot_be_written(tmp_path, monkeypatch):
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    monkeypatch.setenv(CACHE_ENV, str(blocked))
    assert places._open_store(places._store_path()).region_name("US.OR") == "Oregon"


def test_the_gazetteer_is_built_in_a_process_of_its_own(tmp_path, monkeypatch):
    # The process that needs it (a parsing batch) would otherwise keep the build's memory to its end.
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(places, "_build_extents", lambda: pytest.fail("built in the process that asked for it"))
    assert places._open_store(places._store_path()).region_name("US.OR") == "Oregon"
