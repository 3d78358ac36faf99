"""The warehouse report: one self-contained HTML page an analyst can filter, offline.

Plain Python, no Dagster. `render_report` opens `warehouse.duckdb` read-only,
reads each dataset of `sql/report/` (from the `sql/views/` views) into plain
columns (`data.py`), and renders `templates/report.html.j2` with the sections
below as data (`page.py`). The page carries the data compressed, plotly.js, its
own script and the country outlines a package ships (`outlines.py`): it opens
from disk with no network at all, and its filters (dates, actor, category,
source, outlet, entity) redraw every chart and the claims table in the browser.

A section needs certain datasets; on a warehouse built before the entity or
figure stages it says "No data yet" and why.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from pipelines.core.report.data import INPUT_TABLES, REPORT_SQL_DIR, ReportData, read_report_data
from pipelines.core.report.headline import headline_chart_markdown
from pipelines.core.report.page import TEMPLATE_DIR, render_page
from pipelines.core import cache
from pipelines.core.atomic import atomic_path

__all__ = ["INPUT_TABLES", "REPORT_SQL_DIR", "SECTIONS", "TEMPLATE_DIR", "ReportResult", "Section",
           "render_report", "render_report_if_changed"]

REPORT_FILE_NAME = "report.html"
RECORD_FILE_NAME = ".report.json"  # what the report on disk was rendered from, and its numbers


@dataclass(frozen=True)
class Section:
    """One part of the page: what it answers, the datasets it draws, and what an empty one says."""

    anchor: str
    title: str
    question: str  # the analyst's question it answers, shown under the title
    intro: str  # how to read it
    datasets: tuple[str, ...]  # it is drawn only when all are available
    empty_reason: str  # when its first dataset has no rows


SECTIONS = (
    Section("claims", "Claims tracker", "Who claimed how many, when, and who says so?",
            "One panel per category, one colour per actor (or source, or outlet: see “colour by”), each claim on its "
            "article's date; claims from articles without a date are in the “undated” lane on the right. "
            "● exact, ○ approximate, a bar a range from low to high, ⤒ “at least” (open above), ⤓ “up to” "
            "(open below); claims of one day are spread apart. Hover a mark for the claim, its source and sentence; "
            "click it to open the article with the claim highlighted.",
            ("claims", "documents"), "no claim has been found yet"),
    Section("claims-table", "Claims table", "Which sentence and article does each claim come from?",
            "Every claim the filters select; click a column title to sort, “open” to read the article with the claim "
            "highlighted. “Export CSV” downloads exactly these rows.",
            ("claims", "documents"), "no claim has been found yet"),
    Section("map", "Places", "Where do the articles point?",
            "Countries shaded by the mentions of places in them (the country itself, its regions and cities); "
            "places other than countries as circles sized by mentions. Hover for the place and its articles.",
            ("places", "document_entities", "documents"), "no mentioned place has coordinates yet"),
    Section("timeline", "Timeline of dated events", "What happened when, by the articles' own dates?",
            "Every date an article mentions, on the day it resolves to, one lane per precision (day, month, year, "
            "decade); hover for the sentence, click to open the article.",
            ("events", "documents"), "no date has been resolved yet"),
    Section("volume", "Articles per day", "How much was published, when, and by which outlet?",
            "Articles per publication day, stacked by outlet (the publication a source names, else the first folder of "
            "a file in the input folder); "
            "articles without a date are counted under the chart.",
            ("documents",), "no document has been loaded yet"),
    Section("network", "Entities mentioned together", "Who and what appears together?",
            "Left: the most-mentioned entities as nodes sized by mentions, linked when named in the same sentence "
            "(wider for more sentences). Right: the same entities as a matrix of shared sentences, or (button) of "
            "shared articles.",
            ("sentence_pairs", "document_entities", "entities", "documents"),
            "no two entities are named in the same sentence yet"),
    Section("entities", "Most-mentioned entities", "Who and what do the articles talk about most?",
            "The entities with the most mentions in the selected articles, coloured by entity type.",
            ("document_entities", "entities", "documents"), "no entity has been mentioned yet"),
)


@dataclass(frozen=True)
class ReportResult:
    """What `render_report` wrote, and numbers worth showing next to it."""

    html_path: Path
    chart_count: int  # sections drawn
    empty_sections: tuple[str, ...]
    row_counts: dict[str, int]
    # Markdown with the most-mentioned entities as an SVG data-URI image (no image export needed).
    headline_chart_markdown: str
    page_bytes: int


def render_report_if_changed(database: Path, out_dir: Path, inputs: str) -> tuple[ReportResult, bool]:
    """`render_report`, unless the report on disk was rendered from the same `inputs`
    (a stamp of the published warehouse and the report's code); returns the result
    and whether it was rendered now."""
    record_path = Path(out_dir) / RECORD_FILE_NAME
    html_path = Path(out_dir) / REPORT_FILE_NAME
    if record_path.exists() and html_path.exists():
        record = json.loads(record_path.read_text(encoding="utf-8"))
        if record.get("inputs") == inputs:
            saved = record["result"]
            return ReportResult(html_path=html_path, **{**saved, "empty_sections": tuple(saved["empty_sections"])}), False
    result = render_report(database, out_dir)
    saved = {key: value for key, value in asdict(result).items() if key != "html_path"}
    with atomic_path(record_path) as temp:
        temp.write_text(json.dumps({"inputs": inputs, "result": saved}), encoding="utf-8")
    return result, True


def render_report(database: Path, out_dir: Path) -> ReportResult:
    """Render `out_dir/report.html` from the published warehouse at `database`.

    The file is written under a temporary name and renamed over the old one, so a
    reader never sees half a report; an unchanged warehouse leaves it untouched.
    """
    database = Path(database)
    if not database.exists():
        raise FileNotFoundError(f"no warehouse at {database}: build the warehouse before the report")
    with duckdb.connect(str(database), read_only=True) as connection:
        data = read_report_data(connection)
    states = {section.anchor: _no_data_reason(section, data) for section in SECTIONS}
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    page = render_page(database, data, SECTIONS, states, cache_folder=cache.cache_folder())
    html_path = out_dir / REPORT_FILE_NAME
    if not html_path.exists() or html_path.read_text(encoding="utf-8") != page:
        with atomic_path(html_path) as temp:
            temp.write_text(page, encoding="utf-8")
    entities = data.columns.get("entities", {})
    top = [dict(zip(entities, values, strict=True)) for values in zip(*entities.values(), strict=True)]
    return ReportResult(
        html_path=html_path,
        chart_count=sum(reason is None for reason in states.values()),
        empty_sections=tuple(section.title for section in SECTIONS if states[section.anchor] is not None),
        row_counts=data.row_counts,
        headline_chart_markdown=headline_chart_markdown(top),
        page_bytes=len(page.encode("utf-8")),
    )


def _no_data_reason(section: Section, data: ReportData) -> str | None:
    """Why a section shows no chart (HTML: may name tables and columns in <code>), or None."""
    for dataset in section.datasets:
        if dataset in data.unavailable:
            return data.unavailable[dataset]
    if data.rows(section.datasets[0]) == 0:
        return section.empty_reason
    return None
