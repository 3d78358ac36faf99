"""The warehouse report: one self-contained HTML page of charts, rendered after each publish.

The report's code (pandas, the map outlines) is imported by the step that renders it, so the
processes that only orchestrate a run stay small.
"""

from pathlib import Path

import dagster as dg

from pipelines.core import settings
from pipelines.core.code_version import code_digest
from pipelines.core.store import DATABASE_NAME, build_fingerprint
from pipelines.resources import OWNERS, WAREHOUSE_POOL, WarehouseResource, tags_for


def _inputs_stamp(database: Path) -> str:
    """The published warehouse's build fingerprint and the report's code and SQL."""
    from pipelines.core import report as report_module

    code = code_digest(
        report_module,
        *sorted(report_module.REPORT_SQL_DIR.glob("*.sql")),
        *sorted(report_module.TEMPLATE_DIR.iterdir()),
    )
    return f"{build_fingerprint(database)}:{code}"


@dg.asset(
    deps=["warehouse_duckdb"],
    group_name="report",
    kinds={"html", "plotly"},
    owners=OWNERS,
    tags=tags_for("report"),
    pool=WAREHOUSE_POOL,
)
def warehouse_report(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """`report/report.html`: the analyst's dashboard. A claims tracker per actor and category,
    the claims table with each claim's sentence and article, a map with country outlines,
    the timeline of dated events, articles per day per outlet, and the entity network,
    all redrawn by filters (dates, actor, category, source, outlet, entity), with CSV export.

    One HTML file with plotly.js, the data and the outlines inside, so it opens offline from
    disk or as an e-mail attachment. Sections whose tables are not built yet say "No data yet".
    Read from `warehouse.duckdb` (read-only) and swapped in atomically.
    """
    from pipelines.core.report import render_report_if_changed

    database = warehouse.warehouse_path / DATABASE_NAME
    result, rendered = render_report_if_changed(database, warehouse.warehouse_path / settings.REPORT_FOLDER, _inputs_stamp(database))
    if rendered:
        context.log.info(f"wrote {result.html_path} with {result.chart_count} chart(s)")
    else:
        context.log.info(f"{result.html_path} is up to date (same warehouse, same report code)")
    if result.empty_sections:
        context.log.info(f"no data yet for: {', '.join(result.empty_sections)}")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(result.html_path)),
            # Served by `news-warehouse dev` (make dev): browsers do not follow file:// links from a page.
            "open_report": dg.MetadataValue.url(settings.report_url()),
            "charts": result.chart_count,
            "page_bytes": result.page_bytes,
            "rendered": rendered,
            "sections_without_data": list(result.empty_sections),
            # Input rows as numbers, so the UI can plot them across materializations.
            **result.row_counts,
            "headline_chart": dg.MetadataValue.md(result.headline_chart_markdown),
        }
    )
