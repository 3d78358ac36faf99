"""The warehouse report: one self-contained HTML page of charts, rendered after each publish."""

import dagster as dg

from pipelines.core.report import render_report
from pipelines.core.store import DATABASE_NAME
from pipelines.resources import WAREHOUSE_POOL, WarehouseResource

REPORT_FOLDER = "report"


@dg.asset(deps=["warehouse_duckdb"], group_name="report", kinds={"html", "plotly"}, pool=WAREHOUSE_POOL)
def warehouse_report(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """`report/report.html`: claims over time with their bounds, the most-mentioned entities,
    which entities appear together, and a map of the places mentioned.

    One HTML file with plotly.js inside, so it opens offline from disk or as an
    e-mail attachment. Sections whose tables are not built yet say "No data yet".
    Read from `warehouse.duckdb` (read-only) and swapped in atomically.
    """
    result = render_report(
        warehouse.warehouse_path / DATABASE_NAME,
        warehouse.warehouse_path / REPORT_FOLDER,
    )
    context.log.info(f"wrote {result.html_path} with {result.chart_count} chart(s)")
    if result.empty_sections:
        context.log.info(f"no data yet for: {', '.join(result.empty_sections)}")
    html_path = result.html_path.resolve()
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(result.html_path)),
            "open_report": dg.MetadataValue.url(html_path.as_uri()),
            "charts": result.chart_count,
            "sections_without_data": list(result.empty_sections),
            # Input rows as numbers, so the UI can plot them across materializations.
            **result.row_counts,
            "headline_chart": dg.MetadataValue.md(result.headline_chart_markdown),
        }
    )
