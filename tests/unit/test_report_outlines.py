"""Country outlines for the report's map: read from the Natural Earth data a package ships, small enough to inline."""

import json
import re

import pytest

from pipelines.core.report import outlines as outlines_module
from pipelines.core.report.outlines import DECIMALS, country_outlines


@pytest.fixture(scope="module")
def outlines_text(tmp_path_factory) -> str:
    return country_outlines(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def outlines(outlines_text) -> dict:
    return json.loads(outlines_text)


def test_every_feature_is_a_country_keyed_by_its_iso_code(outlines):
    codes = [feature["id"] for feature in outlines["features"]]
    assert len(codes) == len(set(codes)) > 200  # one feature per country: its islands merged in
    assert all(len(code) == 2 and code.isupper() for code in codes)
    assert {"FR", "NO"} <= set(codes)  # the two Natural Earth codes as -99 in ISO_A2


@pytest.mark.parametrize(("code", "longitude", "latitude"), [
    ("PL", 19.4, 52.1),   # a point inside Poland
    ("BR", -51.9, -14.2),
    ("AU", 134.5, -25.7),
])
def test_a_country_outline_surrounds_a_point_inside_it(outlines, code, longitude, latitude):
    [feature] = [f for f in outlines["features"] if f["id"] == code]
    rings = [polygon[0] for polygon in feature["geometry"]["coordinates"]] \
        if feature["geometry"]["type"] == "MultiPolygon" else [feature["geometry"]["coordinates"][0]]
    assert any(_inside(longitude, latitude, ring) for ring in rings)


def test_outlines_are_simplified_and_rounded_to_stay_small(outlines_text):
    text = outlines_text
    assert len(text) < 600_000
    coordinates = re.findall(r"-?\d+\.(\d+)", text)
    assert max(len(decimals) for decimals in coordinates) <= DECIMALS


def test_outlines_are_made_once_and_read_back_from_the_report_folder(tmp_path, outlines_text, monkeypatch):
    assert country_outlines(tmp_path) == outlines_text
    [kept] = tmp_path.glob(".country-outlines-*.json")
    monkeypatch.setattr(outlines_module, "_outlines", lambda: pytest.fail("outlines made again"))
    assert country_outlines(tmp_path) == outlines_text
    kept.write_text("{}", encoding="utf-8")  # read back as it is: the name changes with the code and the data
    assert country_outlines(tmp_path) == "{}"


def _inside(x: float, y: float, ring: list[list[float]]) -> bool:
    """Ray casting: a point is inside when a ray from it crosses the ring an odd number of times."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_outlines_are_made_even_where_their_cache_cannot_be_written(tmp_path, outlines_text):
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    assert country_outlines(blocked) == outlines_text


def test_outlines_are_read_back_from_their_cache_file(tmp_path, outlines_text, monkeypatch):
    assert country_outlines(tmp_path) == outlines_text
    [kept] = tmp_path.glob(".country-outlines-*.json")
    monkeypatch.setattr(outlines_module, "_outlines", lambda: pytest.fail("made again although the cache file is there"))
    assert country_outlines(tmp_path) == outlines_text
