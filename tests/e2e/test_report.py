"""The warehouse report: rendered from a small hand-built warehouse and from the real pipeline,
and driven in headless Chromium: every filter, the claims table, the article viewer, the export.

The browser is Debian's `chromium`; a machine without it fails these tests
(CI installs it) rather than skipping them silently. Screenshots land in
SCREENSHOTS_DIR when set (`make screenshots`: docs/screenshots/), else in tmp.
"""

import base64
import csv
import datetime as dt
import gzip
import io
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb
import pyarrow as pa
import pytest
from browser import launch_chromium
from playwright.sync_api import Browser, Page, sync_playwright

from pipelines.assets.report import warehouse_report
from pipelines.core import report as report_module
from pipelines.core import schemas
from pipelines.core.report import INPUT_TABLES, SECTIONS, ReportResult, render_report, render_report_if_changed
from pipelines.core.settings import SQL_DIR
from pipelines.resources import WarehouseResource

ALL_SECTIONS = [section.anchor for section in SECTIONS]
CHARTS = ["chart-claims", "chart-map", "chart-timeline", "chart-volume", "chart-network", "chart-matrix", "chart-entities"]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
LOAD_TIMEOUT_MS = 30_000

# doc, date, title, file (its folder is the outlet)
DOCUMENTS = [
    ("d1", dt.date(2025, 2, 18), "Dockworkers walk out in Gdansk", "harbour-daily/walkout.txt"),
    ("d2", dt.date(2025, 3, 4), "Strike reaches Gdynia", "baltic-wire/gdynia.txt"),
    ("d3", dt.date(2025, 3, 16), "Injuries reported at the quay", "harbour-daily/quay.txt"),
    ("d4", None, "Undated briefing", "baltic-wire/briefing.txt"),
    ("d5", dt.date(2025, 3, 4), "Hauliers count the cost", "hauliers.txt"),
    ("d6", dt.date(2025, 3, 5), "Quiet day at the gates", "feeds.csv#2"),
]
SOURCE_OUTLETS = {"d6": "Freight Weekly"}  # the publication an export's row names, wherever its file is
# name, label, mentions, articles, country, latitude, longitude, place type
ENTITIES = [
    ("Poland", "GPE", 12, 4, "PL", 52.1, 19.4, "country"),
    ("Germany", "GPE", 10, 3, "DE", 51.2, 10.4, "country"),
    ("Netherlands", "GPE", 8, 3, "NL", 52.1, 5.3, "country"),
    ("Gdynia", "GPE", 6, 2, "PL", 54.52, 18.53, "city"),
    ("Marta Kowalczyk", "PERSON", 5, 2, None, None, None, None),
    ("Port Authority", "ORG", 4, 2, None, None, None, None),
    ("Hamburg", "GPE", 3, 2, "DE", 53.55, 9.99, "city"),
    ("Georgia", "GPE", 2, 1, "GE", 42.0, 43.5, "country"),
    ("Georgia", "PERSON", 1, 1, None, None, None, None),
]
# doc, sentence, entities named in it
SENTENCES = [
    ("d1", "Poland moved at least 1,500 dockworkers to Germany, the Port Authority said.",
     ["Poland", "Germany", "Port Authority"]),
    ("d1", "The Netherlands expects more.", ["Netherlands"]),
    ("d2", "Polish crews reached Gdynia, Kowalczyk said.", ["Poland", "Gdynia", "Marta Kowalczyk"]),
    ("d2", "Germany and the Netherlands both report delays near Gdynia.", ["Germany", "Netherlands", "Gdynia"]),
    ("d3", "Hamburg says up to 300 dockworkers from Poland were injured or missing.", ["Hamburg", "Poland"]),
    ("d3", "Kowalczyk thanked Georgia.", ["Marta Kowalczyk", "Georgia"]),
    ("d4", "Poland, Germany and the Netherlands were discussed.", ["Poland", "Germany", "Netherlands"]),
    ("d5", "Hauliers in Germany parked their lorries.", ["Germany"]),
]
# doc, text, qualifier, low, high, unit, category, actor, source, sentence
FIGURES = [
    ("d1", "at least 1,500 dockworkers", "lower_bound", 1_500, None, "dockworker", "personnel", "Poland",
     "the Port Authority", "Poland moved at least 1,500 dockworkers to Germany, the Port Authority said."),
    ("d2", "1,100 to 1,200 dockworkers", "range", 1_100, 1_200, "dockworker", "personnel", "Poland",
     "union officials", "Union officials counted 1,100 to 1,200 dockworkers on the quay."),
    ("d2", "about 900 dockworkers", "approximate", 900, 900, "dockworker", "personnel", "Poland",
     "port officials", "Port officials spoke of about 900 dockworkers at the gates."),
    ("d2", "about 500 trucks", "approximate", 500, 500, "truck", "equipment", "Germany", None,
     "Officials saw about 500 trucks waiting at the border."),
    ("d3", "up to 300 dockworkers", "upper_bound", None, 300, "dockworker", "casualties", "Poland", "Hamburg",
     "Hamburg says up to 300 dockworkers from Poland were injured or missing."),
    ("d3", "100 dockworkers", "exact", 100, 100, "dockworker", "casualties", None, None,
     "Medics treated 100 dockworkers."),
    ("d4", "200 drivers", "exact", 200, 200, "driver", "personnel", "Germany", None,
     "Germany sent 200 drivers."),
    ("d5", "40 trucks", "exact", 40, 40, "truck", "equipment", "Germany", "a haulier group",
     "A haulier group said 40 trucks stood idle."),
]
# doc, text, resolved date, granularity (the text is in the doc's first sentence)
DATES = [
    ("d1", "Monday", dt.date(2025, 2, 17), "day"),
    ("d2", "2024", dt.date(2024, 1, 1), "year"),
    ("d3", "March", dt.date(2025, 3, 1), "month"),
    ("d4", "Friday", dt.date(2025, 1, 10), "day"),
]
ALL_CLAIMS = {text for _, text, *_ in FIGURES}


def _body(doc_id: str) -> str:
    sentences = [s for d, s, _ in SENTENCES if d == doc_id] + [f[-1] for f in FIGURES if f[0] == doc_id]
    return " ".join(dict.fromkeys(sentences))


def _warehouse_rows() -> dict[str, list[dict]]:
    """Rows for every input table, with the contract's columns."""
    entities = [
        {"entity_id": f"e{i}", "name": name, "label": label, "aliases": [], "mention_count": mentions,
         "doc_count": articles, "country_code": country, "latitude": latitude, "longitude": longitude,
         "place_type": place_type}
        for i, (name, label, mentions, articles, country, latitude, longitude, place_type) in enumerate(ENTITIES)
    ]
    by_name: dict[str, dict] = {}
    for entity in entities:
        by_name.setdefault(entity["name"], entity)  # the sentences name the first "Georgia"
    documents = [
        {"doc_id": doc_id, "title": title, "published_date": date, "body": _body(doc_id), "word_count": 30,
         "source_path": path, "source_name": path.rsplit("/", 1)[-1], "outlet": SOURCE_OUTLETS.get(doc_id),
         "published_at": dt.datetime.combine(date, dt.time()) if date else None}
        for doc_id, date, title, path in DOCUMENTS
    ]
    mentions = [
        {"doc_id": doc_id, "entity_id": by_name[name]["entity_id"], "text": name, "label": by_name[name]["label"],
         "start_char": 0, "end_char": len(name), "sentence": sentence, "field": "body"}
        for doc_id, sentence, names in SENTENCES
        for name in names
    ]
    figures = [
        {"doc_id": doc_id, "text": text, "start_char": _body(doc_id).index(text),
         "end_char": _body(doc_id).index(text) + len(text), "sentence": sentence,
         "qualifier": qualifier, "value_low": low, "value_high": high, "unit": unit, "category": category,
         "actor": actor, "source": source, "field": "body"}
        for doc_id, text, qualifier, low, high, unit, category, actor, source, sentence in FIGURES
    ]
    dates = [{"doc_id": doc_id, "text": text, "start_char": 0, "end_char": len(text), "value": value,
              "granularity": granularity, "sentence": _body(doc_id).split(".")[0] + ".", "field": "body"}
             for doc_id, text, value, granularity in DATES]
    return {"documents": documents, "entities": entities, "entity_mentions": mentions,
            "figures": figures, "date_mentions": dates}


def build_warehouse(
    path: Path, rows: dict[str, list[dict]], schemas_by_table: dict[str, pa.Schema] | None = None
) -> Path:
    """A warehouse.duckdb holding the given tables (and only those), typed like the real one, with
    the `sql/views` wherever their tables are there (all but full-text search, which needs its extension)."""
    schemas_by_table = schemas_by_table or schemas.PUBLIC_TABLES
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as connection:
        for name, table_rows in rows.items():
            arrow_table = pa.Table.from_pylist(table_rows, schema=schemas_by_table[name])
            connection.register("incoming", arrow_table)
            connection.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
            connection.unregister("incoming")
        for view in sorted((SQL_DIR / "views").glob("*.sql")):
            if view.stem == "search":
                continue
            try:
                connection.execute(view.read_text(encoding="utf-8"))
            except (duckdb.CatalogException, duckdb.BinderException):
                pass  # a table or column it reads is not in this warehouse
    return path


def page_data(html_path: Path) -> dict:
    """The data the page carries, unpacked as its script does."""
    text = html_path.read_text(encoding="utf-8")
    payload = re.search(r'<script type="application/octet-stream" id="report-data">([^<]*)</script>', text).group(1)
    return json.loads(gzip.decompress(base64.b64decode(payload)))


@pytest.fixture
def full_warehouse(tmp_path) -> Path:
    return build_warehouse(tmp_path / "warehouse" / "warehouse.duckdb", _warehouse_rows())


# --- without a browser ---------------------------------------------------------
# These come first: Playwright keeps an event loop open for the module-scoped
# browser, which Dagster's in-process runs (and the `built` pipeline) would trip over.


def test_asset_writes_the_report_under_the_warehouse(full_warehouse, monkeypatch):
    monkeypatch.setenv("REPORT_URL", "http://127.0.0.1:4321/report.html")
    warehouse_dir = full_warehouse.parent
    resource = WarehouseResource(seeds_dir=str(warehouse_dir / "seeds"), warehouse_dir=str(warehouse_dir),
                                 max_file_bytes=1_000_000)
    result = dg.materialize([warehouse_report], resources={"warehouse": resource})

    assert result.success
    metadata = result.asset_materializations_for_node("warehouse_report")[0].metadata
    report_path = warehouse_dir / "report" / "report.html"
    assert report_path.exists()
    assert metadata["path"].value == str(report_path)
    assert metadata["open_report"].value == "http://127.0.0.1:4321/report.html"  # served by `news-warehouse dev`
    assert metadata["charts"].value == len(SECTIONS)
    assert metadata["page_bytes"].value == report_path.stat().st_size
    assert metadata["figures"].value == len(FIGURES)
    assert metadata["headline_chart"].value.startswith("![Most-mentioned entities](data:image/svg+xml;base64,")


def test_the_page_carries_every_claim_the_outlines_and_only_the_bodies_it_needs(full_warehouse, tmp_path):
    result = render_report(full_warehouse, tmp_path / "report")
    data = page_data(result.html_path)

    claims = data["data"]["claims"]
    assert set(claims["text"]) == ALL_CLAIMS  # the undated one too
    documents = data["data"]["documents"]
    assert [documents["doc_id"][i] for i in claims["doc"]][:1] == ["d1"]  # by position, dated first
    assert sorted(documents["outlet"], key=str) == ["Freight Weekly", None, "baltic-wire", "baltic-wire", "harbour-daily",
                                                     "harbour-daily"]
    assert {documents["doc_id"][i] for i in data["data"]["bodies"]["doc"]} == {f[0] for f in FIGURES}
    assert set(data["data"]["events"]["granularity"]) == {"day", "month", "year"}
    codes = {feature["id"] for feature in data["outlines"]["features"]}
    assert {"PL", "DE", "NL", "GE", "FR", "NO"} <= codes  # France and Norway lack ISO_A2 in Natural Earth
    assert data["settings"]["sections"] == ALL_SECTIONS


@pytest.mark.parametrize("tables", [("documents",), INPUT_TABLES], ids=["only-documents", "all-empty"])
def test_empty_warehouse_renders_without_charts(tmp_path, tables):
    database = build_warehouse(tmp_path / "warehouse.duckdb", {name: [] for name in tables})
    result = render_report(database, tmp_path / "report")

    assert result.chart_count == 0 and len(result.empty_sections) == len(SECTIONS)
    assert result.row_counts == {name: 0 for name in tables}
    text = result.html_path.read_text(encoding="utf-8")
    assert text.count('class="no-data"') == len(SECTIONS)
    assert "plotly.js v" not in text and 'id="filters"' not in text  # nothing to plot or filter
    assert result.headline_chart_markdown.startswith("_No entities yet")


def test_missing_columns_and_empty_tables_say_which(tmp_path):
    """A warehouse from before the places and figure stages: entities without coordinates, no claims yet."""
    geo = {"country_code", "latitude", "longitude", "place_type"}
    entity_schema = pa.schema([f for f in schemas.ENTITIES if f.name not in geo])
    rows = {**_warehouse_rows(), "figures": []}
    database = build_warehouse(tmp_path / "warehouse.duckdb", rows, {**schemas.PUBLIC_TABLES, "entities": entity_schema})
    result = render_report(database, tmp_path / "report")

    assert result.empty_sections == ("Claims tracker", "Claims table", "Places")
    text = result.html_path.read_text(encoding="utf-8")
    assert text.count("No data yet: no claim has been found yet.") == 2
    assert ("No data yet: the warehouse has no <code>entities.place_type</code>, <code>entities.country_code</code>, "
            "<code>entities.latitude</code>, <code>entities.longitude</code> column yet.") in text


def test_a_warehouse_without_a_table_a_view_reads_says_so(tmp_path):
    rows = _warehouse_rows()
    database = build_warehouse(tmp_path / "warehouse.duckdb", {name: rows[name] for name in ("documents", "entities")})
    result = render_report(database, tmp_path / "report")

    assert result.chart_count == 0
    assert "No data yet: the warehouse has no <code>document_overview</code> table yet." in result.html_path.read_text()
    assert result.row_counts == {"documents": len(DOCUMENTS), "entities": len(ENTITIES)}


def test_report_is_rendered_again_only_when_its_inputs_change(full_warehouse, tmp_path, monkeypatch):
    out = tmp_path / "report"
    first, rendered = render_report_if_changed(full_warehouse, out, inputs="warehouse-a")
    assert rendered and first.chart_count == len(SECTIONS)
    monkeypatch.setattr(report_module, "render_report", lambda *a: pytest.fail("rendered again for the same inputs"))
    again, rendered = render_report_if_changed(full_warehouse, out, inputs="warehouse-a")
    assert not rendered and again == first
    monkeypatch.undo()
    _, rendered = render_report_if_changed(full_warehouse, out, inputs="warehouse-b")
    assert rendered


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="build the warehouse before the report"):
        render_report(tmp_path / "warehouse.duckdb", tmp_path / "report")


def test_the_real_pipeline_report_carries_every_claim(built):
    """The report the asset wrote over the end-to-end articles (the pipeline builds it, nothing by hand)."""
    html_path = built.warehouse_dir / "report" / "report.html"
    data = page_data(html_path)
    [(claims,)] = built.query("SELECT count(*) FROM figures")
    assert claims > 0 and len(data["data"]["claims"]["text"]) == claims


# --- in Chromium ---------------------------------------------------------------


@dataclass
class LoadedReport:
    """A rendered report open in a page that lets no request leave the machine."""

    result: ReportResult
    page: Page
    network_requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


def _open(browser: Browser, result: ReportResult) -> LoadedReport:
    loaded = LoadedReport(result, browser.new_page(viewport={"width": 1300, "height": 900}, accept_downloads=True))
    loaded.page.on("pageerror", lambda error: loaded.errors.append(str(error)))

    def block_network(route):
        if route.request.url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            loaded.network_requests.append(route.request.url)
            route.abort()

    loaded.page.route("**/*", block_network)
    loaded.page.goto(result.html_path.as_uri())
    loaded.page.wait_for_function("window.report && (window.report.ready || window.report.error)", timeout=LOAD_TIMEOUT_MS)
    assert loaded.page.evaluate("window.report.error") is None
    return loaded


@pytest.fixture(scope="module")
def loaded_report(browser, tmp_path_factory) -> Iterator[LoadedReport]:
    """Rendering and loading plotly.js takes seconds, so the browser tests share one page (filters reset after each)."""
    folder = tmp_path_factory.mktemp("full-report")
    database = build_warehouse(folder / "warehouse.duckdb", _warehouse_rows())
    loaded = _open(browser, render_report(database, folder / "report"))
    yield loaded
    loaded.page.close()


@pytest.fixture
def report_page(loaded_report) -> Iterator[Page]:
    page = loaded_report.page
    yield page
    page.keyboard.press("Escape")  # close the article viewer if a test left it open
    page.locator("#reset-filters").click()


def _screenshot_dir(tmp_path: Path) -> Path:
    shots = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    return shots


def _chart_data(page: Page) -> dict[str, str]:
    """What each chart draws now, as text to compare: its traces, or its "nothing matches" note."""
    return page.evaluate(
        """(ids) => Object.fromEntries(ids.map(id => {
            const div = document.getElementById(id);
            return [id, div.data ? JSON.stringify(div.data) : div.textContent];
        }))""",
        CHARTS,
    )


def _table_claims(page: Page) -> list[str]:
    return page.locator("#claims-rows tbody tr td:nth-child(4)").all_text_contents()


def _set_filter(page: Page, name: str, value: str) -> None:
    control = page.locator(f"#filters [name={name}]")
    if name in ("from", "to"):
        control.fill(value)
    elif name == "undated":
        control.set_checked(value == "on")
    else:
        control.select_option(value)
    page.wait_for_function("window.report.redraws > 0")


def _claim_marks(page: Page) -> list[dict]:
    """Every mark of the claims tracker: none when the filters leave no claim (its note instead of a plot)."""
    return page.evaluate(
        """() => (document.getElementById('chart-claims').data || []).filter(t => t.customdata).flatMap(t =>
            t.x.map((x, i) => ({x, claim: window.report.model.claims[t.customdata[i]].text, axis: t.xaxis,
                                symbol: t.marker.symbol[i], hover: t.text[i]})))"""
    )


def test_every_section_draws_and_nothing_is_fetched(loaded_report, report_page, tmp_path):
    page = report_page
    assert page.locator(".no-data").count() == 0
    drawn = page.evaluate("(ids) => ids.filter(id => document.querySelector(`#${id} svg.main-svg`))", CHARTS)
    assert drawn == CHARTS
    assert page.locator("#map .choroplethlocation").count() > 200  # country outlines, from the page itself
    text = loaded_report.result.html_path.read_text(encoding="utf-8")
    assert text.count("plotly.js v") == 1  # plotly.js inlined once
    assert page.locator("#selection-summary").inner_text() == "Selected: 6 of 6 articles, 8 of 8 claims."
    page.screenshot(path=tmp_path / "report.png", full_page=True)
    assert loaded_report.errors == []
    assert loaded_report.network_requests == []


def test_every_claim_is_drawn_undated_ones_in_their_own_lane_same_day_ones_apart(report_page):
    marks = _claim_marks(report_page)
    assert {mark["claim"] for mark in marks} == ALL_CLAIMS
    assert {mark["claim"] for mark in marks if mark["axis"] == "x2"} == {"200 drivers"}  # the undated lane
    same_day = {mark["claim"]: mark["x"] for mark in marks if mark["claim"] in ("1,100 to 1,200 dockworkers", "about 900 dockworkers")}
    assert len(set(same_day.values())) == 2
    symbols = {mark["claim"]: mark["symbol"] for mark in marks}
    assert symbols["at least 1,500 dockworkers"] == "arrow-bar-up" and symbols["up to 300 dockworkers"] == "arrow-bar-down"
    assert symbols["about 900 dockworkers"] == "circle-open" and symbols["1,100 to 1,200 dockworkers"] == "line-ew"
    hover = next(mark["hover"] for mark in marks if mark["claim"] == "at least 1,500 dockworkers")
    assert "qualifier: lower_bound" in hover and "source: the Port Authority" in hover and "Poland moved" in hover


def test_a_claim_leads_to_its_sentence_in_its_article(report_page):
    page = report_page
    row = page.locator("#claims-rows tbody tr", has_text="200 drivers")
    row.get_by_role("link", name="open").click()  # one click from the table
    dialog = page.locator("dialog#article")
    assert dialog.is_visible()
    assert dialog.locator("mark.claim").inner_text() == "200 drivers"
    assert dialog.locator("mark.sentence").inner_text() == "Germany sent 200 drivers."
    assert dialog.locator("#article-title").inner_text() == "Undated briefing"
    page.keyboard.press("Escape")

    mark = page.locator("#chart-claims .scatterlayer .trace.scatter .point").first  # one click from the chart
    mark.scroll_into_view_if_needed()
    box = mark.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("dialog#article[open] mark.claim")
    assert dialog.locator("mark.claim").inner_text() in ALL_CLAIMS


@pytest.mark.parametrize(("filters", "expected"), [
    ({"actor": "Germany"}, {"about 500 trucks", "200 drivers", "40 trucks"}),
    ({"category": "casualties"}, {"up to 300 dockworkers", "100 dockworkers"}),
    ({"source": "the Port Authority"}, {"at least 1,500 dockworkers"}),
    ({"outlet": "harbour-daily"}, {"at least 1,500 dockworkers", "up to 300 dockworkers", "100 dockworkers"}),
    ({"outlet": "Freight Weekly"}, set()),  # an article without claims
    ({"entity": "Hamburg"}, {"up to 300 dockworkers", "100 dockworkers"}),
    ({"from": "2025-03-01", "to": "2025-03-10", "undated": "off"},
     {"1,100 to 1,200 dockworkers", "about 900 dockworkers", "about 500 trucks", "40 trucks"}),
    ({"undated": "off"}, ALL_CLAIMS - {"200 drivers"}),
], ids=["actor", "category", "source", "outlet", "outlet-named-by-source", "entity", "date-range", "no-undated"])
def test_a_filter_changes_every_chart_the_table_and_the_export(report_page, filters, expected):
    page = report_page
    before = _chart_data(page)
    for name, value in filters.items():
        if name == "entity":
            value = page.locator("#filters [name=entity] option", has_text=value).first.get_attribute("value")
        _set_filter(page, name, value)
    after = _chart_data(page)

    assert set(_table_claims(page)) == expected
    assert {mark["claim"] for mark in _claim_marks(page)} == expected
    changed = [chart for chart in CHARTS if after[chart] != before[chart]]
    if "actor" in filters:  # its articles leave out places, dates, days and entities of the others
        assert changed == CHARTS
    else:
        assert "chart-claims" in changed
    with page.expect_download() as download_info:
        page.locator("#export-claims").click()
    exported = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8"))))
    assert {row["text"] for row in exported} == expected
    assert all(row["sentence"] and row["doc_id"] for row in exported)


def test_the_articles_export_follows_the_filters(report_page):
    page = report_page
    _set_filter(page, "outlet", "baltic-wire")
    with page.expect_download() as download_info:
        page.locator("#export-articles").click()
    exported = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8"))))
    assert sorted(row["doc_id"] for row in exported) == ["d2", "d4"]
    assert {row["outlet"] for row in exported} == {"baltic-wire"}


def test_the_claims_table_sorts_by_any_column(report_page):
    page = report_page
    page.locator("#claims-rows th", has_text="value").click()
    values = page.locator("#claims-rows tbody tr td:nth-child(5)").all_text_contents()
    assert values[0] == "40" and values[-1] == "at least 1,500"  # by the lower bound, or the upper when open below
    page.locator("#claims-rows th", has_text="value").click()
    assert page.locator("#claims-rows tbody tr td:nth-child(5)").first.inner_text() == "at least 1,500"


def test_claims_can_be_coloured_by_source(report_page):
    page = report_page
    page.locator("#claims-colour").select_option("source")
    page.wait_for_function("document.getElementById('chart-claims').layout.legend.title.text === 'source'")
    legend = set(page.locator("#chart-claims .legendtext").all_text_contents())
    assert {"the Port Authority", "union officials", "(no source)"} <= legend
    page.locator("#claims-colour").select_option("actor")


def test_the_matrix_switches_from_sentences_to_articles(report_page):
    page = report_page
    cells = "document.getElementById('chart-matrix').data[0]"

    def together(a: str, b: str) -> int | None:
        matrix = page.evaluate(cells)
        return matrix["z"][matrix["y"].index(a)][matrix["x"].index(b)]

    assert together("Poland", "Germany") == 2  # d1 and d4
    assert together("Hamburg", "Gdynia") is None  # never together: an empty cell
    page.locator("#matrix-mode button", has_text="same article").click()
    page.wait_for_function(f"{cells}.colorbar.title.text === 'articles'")
    assert together("Poland", "Netherlands") == 3  # d1, d2, d4
    page.locator("#matrix-mode button", has_text="same sentence").click()


def test_the_network_links_entities_named_in_one_sentence(report_page):
    nodes = report_page.evaluate(
        "document.getElementById('chart-network').data.filter(t => t.mode === 'markers+text').flatMap(t => t.text)"
    )
    assert {"Poland", "Germany", "Gdynia", "Marta Kowalczyk"} <= set(nodes)
    assert {"Georgia (GPE)", "Marta Kowalczyk"} <= set(nodes)  # same-name entities told apart


def test_the_map_shades_countries_and_marks_places(report_page):
    page = report_page
    shaded = page.evaluate("document.getElementById('chart-map').data[1]")
    mentions = dict(zip(shaded["locations"], shaded["z"], strict=True))
    assert mentions == {"PL": 4 + 2, "DE": 4 + 1, "NL": 3, "GE": 1}  # a country's own mentions and its cities'
    places = page.evaluate("document.getElementById('chart-map').data.slice(2).flatMap(t => t.text)")
    assert len(places) == 2 and any("Gdynia" in text for text in places)  # cities, not countries, as markers


def test_no_request_leaves_the_page_after_every_control(loaded_report, report_page):
    page = report_page
    # Hovering runs code paths that loading does not: a marked place, an event, an entity.
    for mark in ("#chart-map .scattergeo .point", "#chart-timeline .point", "#chart-network .point"):
        target = page.locator(mark).first
        target.scroll_into_view_if_needed()
        box = target.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=5)
        page.wait_for_selector(f"{mark.split()[0]} .hoverlayer .hovertext")
    page.wait_for_load_state("networkidle")
    assert loaded_report.network_requests == []
    assert loaded_report.errors == []


def test_report_over_the_real_pipeline_before_and_after_a_filter(built, browser, tmp_path):
    """The end-to-end articles as the asset rendered them: screenshots for the README."""
    html_path = built.warehouse_dir / "report" / "report.html"
    result = ReportResult(html_path, len(SECTIONS), (), {}, "", html_path.stat().st_size)
    loaded = _open(browser, result)
    page = loaded.page
    shots = _screenshot_dir(tmp_path)
    [(claims,)] = built.query("SELECT count(*) FROM figures WHERE value_low IS NOT NULL OR value_high IS NOT NULL")
    assert page.evaluate("new Set(document.getElementById('chart-claims').data.flatMap(t => t.customdata || [])).size") == claims
    top = {"x": 0, "y": 0, "width": 1300, "height": 2900}  # filters, claims tracker and table, map
    page.screenshot(path=shots / "report-dashboard.png", full_page=True, clip=top)
    before = _chart_data(page)
    # An entity named in about half the articles: a filter that visibly changes every part.
    [(documents,)] = built.query("SELECT count(*) FROM documents")
    options = page.locator("#filters [name=entity] option").evaluate_all(
        "options => options.slice(1).map(o => [o.value, Number(o.textContent.match(/\\((\\d+)\\)$/)[1])])")
    entity = min(options, key=lambda option: abs(option[1] - documents / 2))[0]
    _set_filter(page, "entity", entity)
    assert page.locator("#selection-summary").inner_text().startswith(f"Selected: {dict(options)[entity]} of {documents} articles")
    assert _chart_data(page)["chart-entities"] != before["chart-entities"]
    page.screenshot(path=shots / "report-filtered.png", full_page=True, clip=top)
    assert loaded.network_requests == [] and loaded.errors == []
    page.close()


def test_headline_chart_is_an_svg_image_a_browser_can_show(loaded_report, browser):
    markdown = loaded_report.result.headline_chart_markdown
    match = re.fullmatch(r"!\[Most-mentioned entities\]\((data:image/svg\+xml;base64,([A-Za-z0-9+/=]+))\)", markdown)
    assert match, markdown[:80]
    svg = base64.b64decode(match.group(2)).decode("utf-8")
    assert "Poland" in svg and svg.count("<rect x=") == len(ENTITIES)
    page = browser.new_page()
    page.set_content(f'<img id="headline" src="{match.group(1)}">')
    assert page.evaluate("() => document.getElementById('headline').naturalWidth") > 0
    page.close()
