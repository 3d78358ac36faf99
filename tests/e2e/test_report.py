"""The warehouse report: rendered from a small hand-built warehouse and checked in headless Chromium.

The browser is Debian's `chromium`; a machine without it fails these tests
(CI installs it) rather than skipping them silently.
"""

import base64
import datetime as dt
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
from pipelines.core.report import (
    INPUT_TABLES,
    ReportResult,
    render_report,
    render_report_if_changed,
)
from pipelines.core.settings import SQL_DIR
from pipelines.resources import WarehouseResource

ALL_CHARTS = ["claims", "entities", "cooccurrence", "places"]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
PLOT_TIMEOUT_MS = 15_000

DOCUMENTS = [
    ("d1", dt.date(2025, 2, 18), "Dockworkers walk out in Gdansk"),
    ("d2", dt.date(2025, 3, 4), "Strike reaches Gdynia"),
    ("d3", dt.date(2025, 3, 16), "Injuries reported at the quay"),
    ("d4", None, "Undated briefing"),
]
# name, label, mentions, articles, country, latitude, longitude
ENTITIES = [
    ("Poland", "GPE", 12, 4, "PL", 52.1, 19.4),
    ("Germany", "GPE", 10, 3, "DE", 51.2, 10.4),
    ("Netherlands", "GPE", 8, 3, "NL", 52.1, 5.3),
    ("Gdynia", "GPE", 6, 2, "PL", 54.52, 18.53),
    ("Marta Kowalczyk", "PERSON", 5, 2, None, None, None),
    ("Port Authority", "ORG", 4, 2, None, None, None),
    ("Hamburg", "GPE", 3, 2, "DE", 53.55, 9.99),
    ("Georgia", "GPE", 2, 1, "GE", 42.0, 43.5),
    ("Georgia", "PERSON", 1, 1, None, None, None),
]
# doc, sentence, entities named in it
SENTENCES = [
    ("d1", "Poland moved at least 1,500 dockworkers to Germany, the Port Authority said.",
     ["Poland", "Germany", "Port Authority"]),
    ("d1", "The Netherlands expects more.", ["Netherlands"]),
    ("d2", "Polish crews reached Gdynia, Kowalczyk said.", ["Poland", "Gdynia", "Marta Kowalczyk"]),
    ("d2", "Germany and the Netherlands both report delays near Gdynia.", ["Germany", "Netherlands", "Gdynia"]),
    ("d3", "Hamburg says up to 300 Polish dockworkers were injured or missing.", ["Hamburg", "Poland"]),
    ("d3", "Kowalczyk thanked Georgia.", ["Marta Kowalczyk", "Georgia"]),
    ("d4", "Poland, Germany and the Netherlands were discussed.", ["Poland", "Germany", "Netherlands"]),
]
# doc, text, qualifier, low, high, unit, category, actor, source
FIGURES = [
    ("d1", "at least 1,500 dockworkers", "lower_bound", 1_500, None, "dockworker", "personnel", "Poland", "the Port Authority"),
    ("d2", "1,100 to 1,200 dockworkers", "range", 1_100, 1_200, "dockworker", "personnel", "Poland", "union officials"),
    ("d2", "about 500 trucks", "approximate", 500, 500, "truck", "equipment", "Germany", None),
    ("d3", "up to 300 dockworkers", "upper_bound", None, 300, "dockworker", "casualties", "Poland", "Hamburg"),
    ("d3", "100 dockworkers", "exact", 100, 100, "dockworker", "casualties", None, None),
    ("d4", "200 drivers", "exact", 200, 200, "driver", "personnel", "Germany", None),  # undated: not drawn
]


REPORT_VIEWS = ("figure_estimates", "entity_cooccurrence")  # views the report reads


def _warehouse_rows() -> dict[str, list[dict]]:
    """Rows for every input table, with the contract's columns."""
    entities = [
        {"entity_id": f"e{i}", "name": name, "label": label, "aliases": [], "mention_count": mentions,
         "doc_count": articles, "country_code": country, "latitude": latitude, "longitude": longitude}
        for i, (name, label, mentions, articles, country, latitude, longitude) in enumerate(ENTITIES)
    ]
    by_name: dict[str, dict] = {}
    for entity in entities:
        by_name.setdefault(entity["name"], entity)  # the sentences name the first "Georgia"
    documents = [
        {"doc_id": doc_id, "title": title, "published_date": date, "body": title, "word_count": 3,
         "published_at": dt.datetime.combine(date, dt.time()) if date else None}
        for doc_id, date, title in DOCUMENTS
    ]
    mentions = [
        {"doc_id": doc_id, "entity_id": by_name[name]["entity_id"], "text": name, "label": by_name[name]["label"],
         "start_char": 0, "end_char": len(name), "sentence": sentence, "field": "body"}
        for doc_id, sentence, names in SENTENCES
        for name in names
    ]
    figures = [
        {"doc_id": doc_id, "text": text, "start_char": 0, "end_char": len(text), "sentence": f"They said {text}.",
         "qualifier": qualifier, "value_low": low, "value_high": high, "unit": unit, "category": category,
         "actor": actor, "source": source, "field": "body"}
        for doc_id, text, qualifier, low, high, unit, category, actor, source in FIGURES
    ]
    dates = [{"doc_id": "d1", "text": "Monday", "start_char": 0, "end_char": 6,
              "value": dt.date(2024, 10, 14), "granularity": "day"}]
    return {"documents": documents, "entities": entities, "entity_mentions": mentions,
            "figures": figures, "date_mentions": dates}


def build_warehouse(
    path: Path, rows: dict[str, list[dict]], schemas_by_table: dict[str, pa.Schema] | None = None
) -> Path:
    """A warehouse.duckdb holding the given tables (and only those), typed like the real one, with
    the `sql/views` the report reads wherever their tables are there."""
    schemas_by_table = schemas_by_table or schemas.PUBLIC_TABLES
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as connection:
        for name, table_rows in rows.items():
            arrow_table = pa.Table.from_pylist(table_rows, schema=schemas_by_table[name])
            connection.register("incoming", arrow_table)
            connection.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
            connection.unregister("incoming")
        for view in REPORT_VIEWS:
            try:
                connection.execute((SQL_DIR / "views" / f"{view}.sql").read_text(encoding="utf-8"))
            except duckdb.CatalogException:
                pass  # a table it reads is not in this warehouse
    return path


@pytest.fixture
def full_warehouse(tmp_path) -> Path:
    return build_warehouse(tmp_path / "warehouse" / "warehouse.duckdb", _warehouse_rows())


# --- without a browser ---------------------------------------------------------
# These come first: Playwright keeps an event loop open for the module-scoped
# browser, which Dagster's in-process run would trip over.


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
    assert metadata["charts"].value == len(ALL_CHARTS)
    assert metadata["figures"].value == len(FIGURES)
    assert metadata["headline_chart"].value.startswith("![Most-mentioned entities](data:image/svg+xml;base64,")


@pytest.mark.parametrize("tables", [("documents",), INPUT_TABLES], ids=["only-documents", "all-empty"])
def test_empty_warehouse_renders_without_charts(tmp_path, tables):
    database = build_warehouse(tmp_path / "warehouse.duckdb", {name: [] for name in tables})
    result = render_report(database, tmp_path / "report")

    assert result.chart_count == 0 and len(result.empty_sections) == len(ALL_CHARTS)
    assert result.row_counts == {name: 0 for name in tables}
    text = result.html_path.read_text(encoding="utf-8")
    assert text.count('class="no-data"') == len(ALL_CHARTS)
    assert "plotly.js v" not in text  # nothing to plot, nothing to load
    assert result.headline_chart_markdown.startswith("_No entities yet")


def test_report_is_rendered_again_only_when_its_inputs_change(full_warehouse, tmp_path, monkeypatch):
    out = tmp_path / "report"
    first, rendered = render_report_if_changed(full_warehouse, out, inputs="warehouse-a")
    assert rendered and first.chart_count == len(ALL_CHARTS)
    monkeypatch.setattr(report_module, "render_report", lambda *a: pytest.fail("rendered again for the same inputs"))
    again, rendered = render_report_if_changed(full_warehouse, out, inputs="warehouse-a")
    assert not rendered and again == first
    monkeypatch.undo()
    _, rendered = render_report_if_changed(full_warehouse, out, inputs="warehouse-b")
    assert rendered


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="build the warehouse before the report"):
        render_report(tmp_path / "warehouse.duckdb", tmp_path / "report")


# --- in Chromium ---------------------------------------------------------------


@dataclass
class LoadedReport:
    """The full report, rendered once and open in a page that lets no request leave the machine."""

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


def _new_page(browser: Browser, errors: list[str]) -> Page:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


def _wait_for_charts(page: Page, count: int) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot svg.main-svg').length >= {count}", timeout=PLOT_TIMEOUT_MS
    )


@pytest.fixture(scope="module")
def loaded_report(browser, tmp_path_factory) -> Iterator[LoadedReport]:
    """Rendering and loading plotly.js takes seconds, so the browser tests share one page."""
    folder = tmp_path_factory.mktemp("full-report")
    database = build_warehouse(folder / "warehouse.duckdb", _warehouse_rows())
    errors: list[str] = []
    loaded = LoadedReport(render_report(database, folder / "report"), _new_page(browser, errors), errors=errors)

    def block_network(route):
        if route.request.url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            loaded.network_requests.append(route.request.url)
            route.abort()

    loaded.page.route("**/*", block_network)
    loaded.page.goto(loaded.result.html_path.as_uri())
    _wait_for_charts(loaded.page, len(ALL_CHARTS))
    yield loaded
    loaded.page.close()


def _drawn_charts(page: Page) -> dict[str, int]:
    """For each plot div: how many drawn elements its plot area holds (0 when plotly drew nothing)."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.plotly-graph-div')].map(div => {
            const svg = div.querySelector('svg.main-svg');
            const marks = div.querySelectorAll('g.trace, image, canvas').length;
            return [div.id, svg && svg.childElementCount > 0 ? marks : 0];
        }))"""
    )


def _hover(page: Page, mark) -> None:
    """Move the mouse onto a mark the way a person does: plotly listens on a layer above the marks."""
    mark.scroll_into_view_if_needed()
    box = mark.bounding_box()
    page.mouse.move(box["x"] - 30, box["y"] - 30)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=5)


def test_report_renders_every_chart_in_chromium(loaded_report, tmp_path):
    result, page = loaded_report.result, loaded_report.page
    assert result.chart_count == len(ALL_CHARTS) and result.empty_sections == ()
    mentions = sum(len(names) for *_, names in SENTENCES)
    assert result.row_counts == {
        "documents": 4, "entities": 9, "entity_mentions": mentions, "figures": 6, "date_mentions": 1,
    }
    assert sorted(p.name for p in result.html_path.parent.iterdir()) == ["report.html"]  # no temporary file left
    text = result.html_path.read_text(encoding="utf-8")
    assert text.count("Plotly.newPlot") == len(ALL_CHARTS)
    assert text.count("plotly.js v") == 1  # plotly.js inlined once for the whole page

    page.screenshot(path=tmp_path / "report.png", full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 10_000

    drawn = _drawn_charts(page)
    assert sorted(drawn) == sorted(f"chart-{name}" for name in ALL_CHARTS)
    assert all(marks > 0 for marks in drawn.values()), drawn
    assert page.locator(".no-data").count() == 0
    assert loaded_report.errors == []
    # One panel per category; the places carry their names; same-name entities are told apart.
    claim_titles = page.locator("#chart-claims .annotation-text").all_text_contents()
    assert sorted(claim_titles) == ["casualties", "equipment", "personnel"]
    assert {"Gdynia", "Hamburg", "Poland"} <= set(page.locator("#chart-places .textpoint").all_text_contents())
    assert {"Georgia (GPE)", "Georgia (PERSON)"} <= set(page.locator("#chart-entities .ytick").all_text_contents())


def test_cooccurrence_switches_from_sentences_to_articles(loaded_report):
    page = loaded_report.page
    colour_bar_title = page.locator("#chart-cooccurrence .cbtitle")
    cells = "document.getElementById('chart-cooccurrence').data[0].z"
    assert colour_bar_title.text_content() == "sentences"
    by_sentence = page.evaluate(cells)
    page.locator("#chart-cooccurrence .updatemenu-button", has_text="same article").click()
    page.wait_for_function("document.querySelector('#chart-cooccurrence .cbtitle').textContent === 'articles'")
    by_article = page.evaluate(cells)
    names = page.evaluate("document.getElementById('chart-cooccurrence').data[0].x")

    def together(a: str, b: str) -> tuple[int | None, int | None]:
        i, j = names.index(a), names.index(b)
        return by_sentence[i][j], by_article[i][j]

    assert together("Poland", "Netherlands") == (1, 3)  # one sentence (d4); articles d1, d2, d4
    assert together("Poland", "Germany") == (2, 3)
    assert together("Hamburg", "Gdynia") == (None, None)  # never together: an empty cell


def test_claim_marks_show_bounds_and_hover_details(loaded_report):
    page = loaded_report.page
    traces = page.evaluate(
        """() => document.getElementById('chart-claims').data.map(t => ({
            mode: t.mode, showlegend: t.showlegend !== false, symbols: t.marker ? [].concat(t.marker.symbol) : [],
            hover: t.customdata || []}))"""
    )
    symbols = {s for t in traces if t["mode"] == "markers" and not t["showlegend"] for s in t["symbols"]}
    assert {"triangle-up", "triangle-down", "line-ew", "circle", "circle-open"} <= symbols
    assert any(t["mode"] == "lines" for t in traces), "a range claim is drawn as a vertical segment"
    hovers = " ".join(h for t in traces for h in t["hover"])
    assert "at least 1,500" in hovers and "up to 300" in hovers and "1,100–1,200" in hovers
    assert "source: the Port Authority" in hovers and "They said about 500 trucks." in hovers
    assert "200 drivers" not in hovers  # its article has no date
    assert "1 claim(s) without a publication date" in page.locator("#claims .intro").inner_text()

    _hover(page, page.locator("#chart-claims .scatterlayer .point").first)
    page.wait_for_function(
        "document.querySelector('#chart-claims .hoverlayer').textContent.includes('They said')",
        timeout=PLOT_TIMEOUT_MS,
    )


def test_report_makes_no_network_requests(loaded_report):
    page = loaded_report.page
    page.wait_for_load_state("networkidle")
    for chart in ALL_CHARTS:  # hovering runs code paths that loading does not
        _hover(page, page.locator(f"#chart-{chart} .point, #chart-{chart} .hm image").first)
    assert loaded_report.network_requests == []


def test_missing_tables_and_columns_say_no_data_yet(tmp_path, browser):
    """A warehouse from before the entity and figure stages: entities without coordinates, no figures."""
    entity_schema = pa.schema([f for f in schemas.ENTITIES if f.name not in {"country_code", "latitude", "longitude"}])
    rows = _warehouse_rows()
    database = build_warehouse(
        tmp_path / "warehouse.duckdb",
        {name: rows[name] for name in ("documents", "entities", "entity_mentions")},
        {**schemas.PUBLIC_TABLES, "entities": entity_schema},
    )
    result = render_report(database, tmp_path / "report")

    assert result.chart_count == 2
    assert result.empty_sections == ("Claims over time", "Places mentioned")
    errors: list[str] = []
    page = _new_page(browser, errors)
    page.goto(result.html_path.as_uri())
    _wait_for_charts(page, 2)
    assert sorted(_drawn_charts(page)) == ["chart-cooccurrence", "chart-entities"]
    assert page.locator(".no-data").all_inner_texts() == [
        "No data yet: the warehouse has no figures, figure_estimates table yet.",
        "No data yet: the warehouse has no entities.country_code, entities.latitude, entities.longitude column yet.",
    ]
    assert "not built yet" in page.locator("table.counts").inner_text()
    assert errors == []
    page.close()


def test_headline_chart_is_an_svg_image_a_browser_can_show(loaded_report, browser):
    markdown = loaded_report.result.headline_chart_markdown
    match = re.fullmatch(r"!\[Most-mentioned entities\]\((data:image/svg\+xml;base64,([A-Za-z0-9+/=]+))\)", markdown)
    assert match, markdown[:80]
    svg = base64.b64decode(match.group(2)).decode("utf-8")
    assert "Poland" in svg and svg.count("<rect x=") == len(ENTITIES)
    page = _new_page(browser, [])
    page.set_content(f'<img id="headline" src="{match.group(1)}">')
    assert page.evaluate("() => document.getElementById('headline').naturalWidth") > 0
    page.close()
