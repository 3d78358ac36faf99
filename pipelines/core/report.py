"""A visual report of the warehouse: one self-contained HTML page of plotly charts.

Plain Python, no Dagster. `render_report` opens `warehouse.duckdb` read-only and
writes `report.html` with plotly.js inlined once, so the page opens from disk
with no network at all. Sections:

* numeric claims over time, per category and actor, bounds drawn as ranges;
* the most-mentioned entities;
* which top entities are mentioned in the same document / sentence;
* the places mentioned, at their coordinates.

Plotly's geo maps download country outlines (topojson) from a CDN when the page
is viewed (plotly.js 4.1 bundled with plotly 7.1 has no outlines inside), and no
installed package ships outlines, so places are drawn as a plain
longitude/latitude scatter with their names.

Each section needs certain tables and columns; a warehouse built before the
entity or figure stages simply shows "No data yet" there. Every query lives in
`sql/report/*.sql`.
"""

from __future__ import annotations

import base64
import html
import json
import math
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import duckdb
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from pipelines.core.settings import SQL_DIR
from pipelines.core.store import atomic_path

REPORT_SQL_DIR = SQL_DIR / "report"
REPORT_FILE_NAME = "report.html"
RECORD_FILE_NAME = ".report.json"  # what the report on disk was rendered from, and its numbers
INPUT_TABLES = ("documents", "entities", "entity_mentions", "figures", "date_mentions")

TOP_ENTITIES = 20
COOCCURRENCE_ENTITIES = 15
LABELLED_PLACES = 15
# Neighbouring places get their names on different sides, so fewer labels collide.
LABEL_POSITIONS = ("top center", "bottom center", "middle right", "middle left")
HEADLINE_BARS = 10

SHORT_SPAN_DAYS = 14
DAY_MS = 86_400_000  # plotly date axes count in milliseconds

PLOT_TEMPLATE = "plotly_white"
PLOT_CONFIG = {"displaylogo": False, "responsive": True}
# Fixed order so a label keeps its colour from run to run and across charts.
ENTITY_LABEL_ORDER = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW")
OTHER_LABEL_COLOUR = "#8C8C8C"
ACTOR_PALETTE = qualitative.Dark24

# Columns each section reads, per table: the section renders only when all exist.
Needs = Mapping[str, tuple[str, ...]]
CLAIMS_NEEDS: Needs = {
    "figures": ("doc_id", "value_low", "value_high"),
    "documents": ("doc_id", "published_date", "title"),
    "figure_estimates": (
        "published_date", "actor", "category", "qualifier", "value_low", "value_high", "unit", "currency", "text",
        "source", "sentence", "title", "start_char",
    ),
}
TOP_ENTITIES_NEEDS: Needs = {"entities": ("entity_id", "name", "label", "mention_count", "doc_count")}
COOCCURRENCE_NEEDS: Needs = {
    **TOP_ENTITIES_NEEDS,
    "entity_mentions": ("doc_id", "entity_id", "sentence"),
}
PLACES_NEEDS: Needs = {
    "entities": ("name", "label", "country_code", "latitude", "longitude", "mention_count"),
}


@dataclass(frozen=True)
class ReportResult:
    """What `render_report` wrote, and numbers worth showing next to it."""

    html_path: Path
    chart_count: int
    empty_sections: tuple[str, ...]
    row_counts: dict[str, int]
    # Markdown with the most-mentioned entities as an SVG data-URI image (no image export needed).
    headline_chart_markdown: str


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    intro: str  # plain text
    figure: go.Figure | None
    empty_reason: str | None = None  # HTML: may name tables and columns in <code>


def render_report_if_changed(database: Path, out_dir: Path, inputs: str) -> tuple[ReportResult, bool]:
    """`render_report`, unless the report on disk was rendered from the same `inputs`
    (a stamp of the published warehouse and the report's code); returns the result
    and whether it was rendered now."""
    record_path = Path(out_dir) / RECORD_FILE_NAME
    if record_path.exists() and (Path(out_dir) / REPORT_FILE_NAME).exists():
        record = json.loads(record_path.read_text(encoding="utf-8"))
        if record.get("inputs") == inputs:
            saved = record["result"]
            result = ReportResult(
                html_path=Path(out_dir) / REPORT_FILE_NAME,
                chart_count=saved["chart_count"],
                empty_sections=tuple(saved["empty_sections"]),
                row_counts=saved["row_counts"],
                headline_chart_markdown=saved["headline_chart_markdown"],
            )
            return result, False
    result = render_report(database, out_dir)
    saved = {field: getattr(result, field) for field in ("chart_count", "empty_sections", "row_counts", "headline_chart_markdown")}
    with atomic_path(record_path) as temp:
        temp.write_text(json.dumps({"inputs": inputs, "result": saved}), encoding="utf-8")
    return result, True


def render_report(database: Path, out_dir: Path) -> ReportResult:
    """Render `out_dir/report.html` from the published warehouse at `database`.

    The file is written under a temporary name and renamed over the old one, so a
    reader never sees half a report.
    """
    database = Path(database)
    if not database.exists():
        raise FileNotFoundError(f"no warehouse at {database}: build the warehouse before the report")
    with duckdb.connect(str(database), read_only=True) as connection:
        columns = _available_columns(connection)
        row_counts = {
            table: int(_query(connection, "row_count", table_name=table).iloc[0, 0])
            for table in INPUT_TABLES
            if table in columns
        }
        top_entities = _top_entities(connection, columns, TOP_ENTITIES)
        sections = [
            _claims_section(connection, columns),
            _top_entities_section(columns, top_entities),
            _cooccurrence_section(connection, columns),
            _places_section(connection, columns),
        ]

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path = out_dir / REPORT_FILE_NAME
    page = _page(database, row_counts, sections)
    # An unchanged warehouse gives the same page: leave the file (and its mtime) alone.
    if not html_path.exists() or html_path.read_text(encoding="utf-8") != page:
        with atomic_path(html_path) as temp:
            temp.write_text(page, encoding="utf-8")
    return ReportResult(
        html_path=html_path,
        chart_count=sum(section.figure is not None for section in sections),
        empty_sections=tuple(section.title for section in sections if section.figure is None),
        row_counts=row_counts,
        headline_chart_markdown=headline_chart_markdown(top_entities.head(HEADLINE_BARS)),
    )


# --- queries -----------------------------------------------------------------


def _sql(name: str) -> str:
    return (REPORT_SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _query(connection: duckdb.DuckDBPyConnection, name: str, **parameters) -> pd.DataFrame:
    """Run `sql/report/<name>.sql` with named parameters (`$name` in the SQL)."""
    return connection.execute(_sql(name), parameters or None).df()


def _available_columns(connection: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    frame = _query(connection, "table_columns")
    return {table: set(group["column_name"]) for table, group in frame.groupby("table_name")}


def _missing_inputs(columns: dict[str, set[str]], needs: Needs) -> str | None:
    """Why a section cannot be drawn from this warehouse, or None when it can."""
    missing_tables = [table for table in needs if table not in columns]
    if missing_tables:
        return f"the warehouse has no {_join_code(missing_tables)} table yet"
    missing_columns = [f"{table}.{column}" for table, wanted in needs.items() for column in wanted
                       if column not in columns[table]]
    if missing_columns:
        return f"the warehouse has no {_join_code(missing_columns)} column yet"
    return None


def _top_entities(connection: duckdb.DuckDBPyConnection, columns: dict[str, set[str]], limit: int) -> pd.DataFrame:
    """Most-mentioned entities with a unique display name; empty when there are no entities yet."""
    if _missing_inputs(columns, TOP_ENTITIES_NEEDS):
        return pd.DataFrame(columns=["entity_id", "name", "label", "mention_count", "doc_count", "display_name"])
    entities = _query(connection, "top_entities", limit=limit)
    return entities.assign(display_name=_display_names(entities))


def _display_names(entities: pd.DataFrame) -> list[str]:
    """Entity names, with the label added where two entities share a name (Georgia GPE / PERSON)."""
    repeated = entities["name"].duplicated(keep=False)
    return [
        f"{name} ({label})" if is_repeated else name
        for name, label, is_repeated in zip(entities["name"], entities["label"], repeated, strict=True)
    ]


# --- sections ----------------------------------------------------------------


def _claims_section(connection: duckdb.DuckDBPyConnection, columns: dict[str, set[str]]) -> Section:
    title = "Claims over time"
    intro = (
        "Every numeric claim on the publication date of its article, one panel per category, "
        "one colour per actor. ● exact, ○ approximate, a vertical bar a range from low to high, "
        "▲ “at least” (open above), ▼ “up to” (open below). "
        "Hover a mark for the claim, its source and sentence."
    )
    reason = _missing_inputs(columns, CLAIMS_NEEDS)
    if reason:
        return Section("claims", title, intro, None, reason)
    claims = _query(connection, "claims")
    not_drawn = int(_query(connection, "claims_not_drawn").iloc[0, 0])
    if not_drawn:
        intro += f" {not_drawn} claim(s) without a publication date or a value are not shown."
    if claims.empty:
        return Section("claims", title, intro, None, "no claim with a dated article yet")
    return Section("claims", title, intro, _claims_figure(claims))


def _top_entities_section(columns: dict[str, set[str]], top_entities: pd.DataFrame) -> Section:
    title = "Most-mentioned entities"
    intro = f"The {TOP_ENTITIES} entities with the most mentions across all articles, coloured by entity type."
    reason = _missing_inputs(columns, TOP_ENTITIES_NEEDS)
    if reason:
        return Section("entities", title, intro, None, reason)
    if top_entities.empty:
        return Section("entities", title, intro, None, "no entity has been mentioned yet")
    return Section("entities", title, intro, _top_entities_figure(top_entities))


def _cooccurrence_section(connection: duckdb.DuckDBPyConnection, columns: dict[str, set[str]]) -> Section:
    title = "Entities mentioned together"
    intro = (
        f"How often two of the {COOCCURRENCE_ENTITIES} most-mentioned entities are named in the same sentence, "
        "or (button) in the same article; entities that share no article with another are left out."
    )
    reason = _missing_inputs(columns, COOCCURRENCE_NEEDS)
    if reason:
        return Section("cooccurrence", title, intro, None, reason)
    pairs = _query(connection, "entity_cooccurrence", limit=COOCCURRENCE_ENTITIES)
    if pairs.empty:
        return Section("cooccurrence", title, intro, None, "no two top entities share an article yet")
    entities = _top_entities(connection, columns, COOCCURRENCE_ENTITIES)
    return Section("cooccurrence", title, intro, _cooccurrence_figure(entities, pairs))


def _places_section(connection: duckdb.DuckDBPyConnection, columns: dict[str, set[str]]) -> Section:
    title = "Places mentioned"
    intro = (
        "Mentioned places at their latitude and longitude, sized by mentions and coloured by entity type. "
        "Drawn without a base map so that the page needs no network."
    )
    reason = _missing_inputs(columns, PLACES_NEEDS)
    if reason:
        return Section("places", title, intro, None, reason)
    places = _query(connection, "mapped_places")
    if places.empty:
        return Section("places", title, intro, None, "no mentioned place has coordinates yet")
    return Section("places", title, intro, _places_figure(places))


# --- figures -----------------------------------------------------------------


def _claims_figure(claims: pd.DataFrame) -> go.Figure:
    """One panel per category sharing the date axis; one colour per actor across panels."""
    categories = claims["category"].value_counts().index.tolist()  # busiest panel first
    actors = claims["actor"].value_counts().index.tolist()
    actor_colours = {actor: ACTOR_PALETTE[i % len(ACTOR_PALETTE)] for i, actor in enumerate(actors)}
    figure = make_subplots(
        rows=len(categories), cols=1, shared_xaxes=True, subplot_titles=categories, vertical_spacing=0.08
    )
    first_date = claims["published_date"].min()
    for actor, colour in actor_colours.items():
        # A plain swatch per actor: the marks' own shapes would read as one qualifier in the legend.
        # It has no y, so nothing is drawn; its date keeps the axis a date axis.
        figure.add_trace(go.Scatter(
            x=[first_date], y=[None], mode="markers", name=actor, legendgroup=actor,
            marker={"symbol": "square", "size": 11, "color": colour},
        ), row=1, col=1)
    for row, category in enumerate(categories, start=1):
        in_category = claims[claims["category"] == category]
        for actor, actor_claims in in_category.groupby("actor", sort=False):
            colour = actor_colours[actor]
            figure.add_trace(_range_segments(actor_claims, actor, colour), row=row, col=1)
            figure.add_trace(_claim_marks(actor_claims, actor, colour), row=row, col=1)
        if _spans_orders_of_magnitude(in_category[["value_low", "value_high"]].stack()):
            figure.update_yaxes(type="log", dtick=1, tickformat="~s", row=row, col=1)  # 10, 100, 1k, 10k
        else:
            figure.update_yaxes(rangemode="tozero", row=row, col=1)  # counts read honestly from zero
    figure.update_xaxes(**_date_axis(claims["published_date"]))
    figure.update_layout(
        template=PLOT_TEMPLATE,
        height=260 * len(categories) + 120,
        legend_title_text="actor",
        hovermode="closest",
        margin={"t": 60, "l": 70, "r": 20, "b": 40},
    )
    return figure


def _date_axis(dates: pd.Series) -> dict:
    """Dates with a day of room on each side, so marks at the edges show whole.

    Over a short span the ticks are whole days; plotly would otherwise tick every
    few hours, though publication dates have no time.
    """
    first, last = dates.min() - pd.Timedelta(days=1), dates.max() + pd.Timedelta(days=1)
    axis = {"range": [first, last], "tickformat": "%b %d\n%Y"}
    if last - first <= pd.Timedelta(days=SHORT_SPAN_DAYS):
        axis["dtick"] = DAY_MS
    return axis


def _range_segments(claims: pd.DataFrame, actor: str, colour: str) -> go.Scatter:
    """Vertical segments from value_low to value_high for claims that give both bounds."""
    ranges = claims[claims["value_low"].notna() & claims["value_high"].notna()
                    & (claims["value_low"] != claims["value_high"])]
    xs: list = []
    ys: list = []
    for date, low, high in zip(ranges["published_date"], ranges["value_low"], ranges["value_high"], strict=True):
        xs += [date, date, None]  # None breaks the line between segments
        ys += [low, high, None]
    return go.Scatter(
        x=xs, y=ys, mode="lines", line={"color": colour, "width": 3},
        legendgroup=actor, showlegend=False, hoverinfo="skip",
    )


def _claim_marks(claims: pd.DataFrame, actor: str, colour: str) -> go.Scatter:
    """One mark per bound: circles for single values, ticks at both ends of ranges, triangles for open bounds."""
    xs, ys, symbols, hover = [], [], [], []
    for claim in claims.itertuples(index=False):
        for value, symbol in _marks_of(claim.value_low, claim.value_high, claim.qualifier):
            xs.append(claim.published_date)
            ys.append(value)
            symbols.append(symbol)
            hover.append(_claim_hover(claim))
    return go.Scatter(
        x=xs, y=ys, mode="markers", name=actor, legendgroup=actor, showlegend=False,
        marker={"symbol": symbols, "size": 11, "color": colour, "line": {"color": colour, "width": 2}},
        customdata=hover, hovertemplate="%{customdata}<extra>%{fullData.name}</extra>",
    )


def _marks_of(low: float | None, high: float | None, qualifier: str) -> list[tuple[float, str]]:
    """Where to draw a claim's marks, from its bounds (qualifier only tells exact from approximate)."""
    has_low, has_high = pd.notna(low), pd.notna(high)
    if has_low and has_high and low != high:
        return [(low, "line-ew"), (high, "line-ew")]
    if has_low and not has_high:
        return [(low, "triangle-up")]
    if has_high and not has_low:
        return [(high, "triangle-down")]
    return [(low, "circle-open" if qualifier == "approximate" else "circle")]


def _claim_hover(claim) -> str:
    """The claim as written, its bounds, what it counts, its source, sentence and article."""
    lines = [f"<b>{_escape(claim.text)}</b> ({_bounds_text(claim.value_low, claim.value_high, claim.qualifier)})"]
    counted = " · ".join(_escape(part) for part in (claim.category, claim.unit) if pd.notna(part))
    lines.append(f"{counted} · {claim.published_date:%Y-%m-%d}")
    if pd.notna(claim.source):
        lines.append(f"source: {_escape(claim.source)}")
    if pd.notna(claim.sentence):
        sentence = textwrap.shorten(str(claim.sentence), width=400, placeholder=" …")
        lines.extend(_escape(part) for part in textwrap.wrap(sentence, width=80))
    if pd.notna(claim.title):
        lines.append(f"<i>{_escape(claim.title)}</i>")
    return "<br>".join(lines)


def _bounds_text(low: float | None, high: float | None, qualifier: str) -> str:
    if pd.notna(low) and pd.notna(high) and low != high:
        return f"{_number(low)}–{_number(high)}"
    if pd.notna(low) and pd.isna(high):
        return f"at least {_number(low)}"
    if pd.notna(high) and pd.isna(low):
        return f"up to {_number(high)}"
    return f"{'about ' if qualifier == 'approximate' else ''}{_number(low)}"


def _spans_orders_of_magnitude(values: pd.Series) -> bool:
    """A log axis keeps 50 and 50,000 both readable; it needs every value positive."""
    values = values.dropna()
    return bool(len(values)) and values.min() > 0 and values.max() / values.min() >= 100


def _top_entities_figure(entities: pd.DataFrame) -> go.Figure:
    """Horizontal bars, one trace per entity type so the legend names the colours."""
    figure = go.Figure()
    for label, group in entities.groupby("label", sort=False):
        figure.add_trace(go.Bar(
            x=group["mention_count"], y=group["display_name"], orientation="h", name=label,
            marker_color=label_colour(label), customdata=group["doc_count"],
            hovertemplate="<b>%{y}</b><br>%{x} mentions in %{customdata} article(s)<extra>" + label + "</extra>",
        ))
    figure.update_layout(
        template=PLOT_TEMPLATE,
        height=28 * len(entities) + 140,
        legend_title_text="type",
        xaxis_title="mentions",
        # Most-mentioned at the top, whatever the trace each bar belongs to.
        yaxis={"categoryorder": "array", "categoryarray": list(entities["display_name"])[::-1]},
        margin={"t": 30, "l": 10, "r": 20, "b": 40},
    )
    return figure


def _cooccurrence_figure(entities: pd.DataFrame, pairs: pd.DataFrame) -> go.Figure:
    """Heatmap of shared sentences, with a button to show shared articles instead."""
    entities = entities[entities["entity_id"].isin(set(pairs["entity_a"]))]
    ids, names = list(entities["entity_id"]), list(entities["display_name"])

    def matrix(column: str) -> np.ndarray:
        square = pairs.pivot(index="entity_a", columns="entity_b", values=column).reindex(index=ids, columns=ids)
        return square.fillna(0).to_numpy(dtype=float)

    counts = {"sentence": matrix("shared_sentences"), "article": matrix("shared_documents")}
    figure = go.Figure(go.Heatmap(
        z=_cells(counts["sentence"]), x=names, y=names,
        customdata=np.dstack([counts["sentence"], counts["article"]]).astype(int),
        colorscale="Blues", zmin=0, zmax=max(counts["sentence"].max(), 1), hoverongaps=False, texttemplate="%{z}",
        colorbar={"title": {"text": "sentences"}},
        hovertemplate=(
            "<b>%{y}</b> and <b>%{x}</b><br>same sentence: %{customdata[0]}<br>"
            "same article: %{customdata[1]}<extra></extra>"
        ),
    ))
    buttons = [
        {"label": f"same {view}", "method": "restyle",
         "args": [{"z": [_cells(square)], "zmax": [max(square.max(), 1)], "colorbar.title.text": f"{view}s"}]}
        for view, square in counts.items()
    ]
    figure.update_layout(
        template=PLOT_TEMPLATE,
        height=32 * len(names) + 240,
        xaxis={"tickangle": -40},
        yaxis={"autorange": "reversed"},  # same order down as across, most-mentioned first
        updatemenus=[{"type": "buttons", "direction": "right", "buttons": buttons, "x": 0, "y": 1.02,
                      "xanchor": "left", "yanchor": "bottom", "showactive": True}],
        margin={"t": 60, "l": 10, "r": 20, "b": 40},
    )
    return figure


def _cells(counts: np.ndarray) -> list[list[int | None]]:
    """Heatmap cells as plain lists, None where the count is zero: an empty cell lets the pairs that occur stand out."""
    return [[int(count) if count > 0 else None for count in row] for row in counts]


def _places_figure(places: pd.DataFrame) -> go.Figure:
    """Longitude/latitude scatter, equal scale on both axes; the most-mentioned places carry their names."""
    largest = places["mention_count"].max()
    figure = go.Figure()
    for label, group in places.groupby("label", sort=False):
        labelled = group.index < LABELLED_PLACES  # rows come most-mentioned first
        figure.add_trace(go.Scatter(
            x=group["longitude"], y=group["latitude"], mode="markers+text", name=label,
            text=[_escape(name) if show else "" for name, show in zip(group["name"], labelled, strict=True)],
            textposition=[LABEL_POSITIONS[i % len(LABEL_POSITIONS)] for i in group.index],
            marker={
                "size": [8 + 22 * math.sqrt(count / largest) for count in group["mention_count"]],
                "color": label_colour(label), "opacity": 0.8, "line": {"color": "white", "width": 1},
            },
            customdata=list(zip(group["name"].map(_escape), group["country_code"].fillna("–"),
                                group["mention_count"], strict=True)),
            hovertemplate=(
                "<b>%{customdata[0]}</b> (%{customdata[1]})<br>%{customdata[2]} mentions<br>"
                "%{y:.2f}°, %{x:.2f}°<extra>" + label + "</extra>"
            ),
        ))
    lon_range, lat_range = _padded_extent(places["longitude"], -180, 180), _padded_extent(places["latitude"], -90, 90)
    figure.update_layout(
        template=PLOT_TEMPLATE,
        height=560,
        legend_title_text="type",
        xaxis={"title": "longitude", "range": lon_range, "dtick": 15, "zeroline": True, "ticksuffix": "°"},
        # Same scale on both axes: an equirectangular view, so shapes are not stretched.
        yaxis={"title": "latitude", "range": lat_range, "dtick": 15, "zeroline": True, "ticksuffix": "°",
               "scaleanchor": "x", "scaleratio": 1},
        margin={"t": 30, "l": 60, "r": 20, "b": 50},
    )
    return figure


def _padded_extent(values: pd.Series, lowest: float, highest: float) -> list[float]:
    """The data's extent with room for labels, at least 20° wide, kept on the globe."""
    low, high = float(values.min()), float(values.max())
    pad = max(10.0, (high - low) * 0.15)
    return [max(lowest, low - pad), min(highest, high + pad)]


def label_colour(label: str) -> str:
    """The colour of an entity type, the same in every chart."""
    if label in ENTITY_LABEL_ORDER:
        return qualitative.Plotly[ENTITY_LABEL_ORDER.index(label)]
    return OTHER_LABEL_COLOUR


# --- headline chart for the Dagster UI ---------------------------------------


def headline_chart_markdown(entities: pd.DataFrame) -> str:
    """Markdown image of the most-mentioned entities, as an SVG data URI (the Dagster UI shows data images)."""
    if entities.empty:
        return "_No entities yet: the chart of the most-mentioned entities appears once entities are extracted._"
    svg = headline_chart_svg(entities)
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f"![Most-mentioned entities](data:image/svg+xml;base64,{encoded})"


def headline_chart_svg(entities: pd.DataFrame) -> str:
    """A small horizontal bar chart in plain SVG: name, bar coloured by type, mention count."""
    name_width, bar_width, row_height, top = 190, 260, 22, 28
    width = name_width + bar_width + 60
    height = top + row_height * len(entities) + 8
    largest = max(int(entities["mention_count"].max()), 1)
    rows = []
    for i, entity in enumerate(entities.itertuples(index=False)):
        y = top + i * row_height
        length = max(2, round(bar_width * entity.mention_count / largest))
        name = xml_escape(textwrap.shorten(entity.display_name, width=28, placeholder="…"))
        rows.append(
            f'<text x="{name_width - 8}" y="{y + 15}" text-anchor="end">{name}</text>'
            f'<rect x="{name_width}" y="{y + 3}" width="{length}" height="{row_height - 6}" '
            f'fill="{label_colour(entity.label)}"><title>{xml_escape(entity.label)}</title></rect>'
            f'<text x="{name_width + length + 6}" y="{y + 15}">{int(entity.mention_count)}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="12">'
        f'<rect width="100%" height="100%" fill="white"/>'
        f'<text x="8" y="18" font-size="13" font-weight="bold">Most-mentioned entities</text>'
        + "".join(rows)
        + "</svg>"
    )


# --- page --------------------------------------------------------------------


PAGE_STYLE = """
body { font-family: Helvetica, Arial, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1.5rem; color: #222; }
h1 { margin-bottom: 0.2rem; }
.generated { color: #666; margin-top: 0; }
table.counts { border-collapse: collapse; margin: 1rem 0; }
table.counts td, table.counts th { border-bottom: 1px solid #ddd; padding: 0.25rem 0.8rem; text-align: left; }
table.counts td.number { text-align: right; font-variant-numeric: tabular-nums; }
section { margin-top: 2.5rem; }
.intro { color: #444; max-width: 60rem; }
.no-data { padding: 1.5rem; background: #f6f6f6; border: 1px dashed #bbb; color: #555; }
"""


def _page(database: Path, row_counts: dict[str, int], sections: list[Section]) -> str:
    charts = [section for section in sections if section.figure is not None]
    # plotly.js inlined once in <head>, only when some chart needs it: the page works offline.
    plotly_script = f'<script type="text/javascript">{get_plotlyjs()}</script>' if charts else ""
    # The warehouse's publication time, not the clock: the same warehouse renders the same page.
    published = datetime.fromtimestamp(database.stat().st_mtime, UTC).strftime("%Y-%m-%d %H:%M UTC")
    counts = "".join(
        f'<tr><td>{table}</td><td class="number">{row_counts[table]:,}</td></tr>' if table in row_counts
        else f"<tr><td>{table}</td><td class=\"number\">not built yet</td></tr>"
        for table in INPUT_TABLES
    )
    contents = "".join(f'<li><a href="#{s.anchor}">{html.escape(s.title)}</a></li>' for s in sections)
    body = "".join(_section_html(section) for section in sections)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>News warehouse report</title>
<style>{PAGE_STYLE}</style>
{plotly_script}
</head>
<body>
<h1>News warehouse report</h1>
<p class="generated">Warehouse published {published}: <code>{html.escape(str(database))}</code></p>
<table class="counts"><tr><th>table</th><th>rows</th></tr>{counts}</table>
<ul>{contents}</ul>
{body}
</body>
</html>
"""


def _section_html(section: Section) -> str:
    if section.figure is None:
        content = f'<p class="no-data">No data yet: {section.empty_reason}.</p>'
    else:
        chart = section.figure.to_html(
            full_html=False, include_plotlyjs=False, div_id=f"chart-{section.anchor}", config=PLOT_CONFIG
        )
        content = f'<div class="chart">{chart}</div>'
    return (
        f'<section id="{section.anchor}"><h2>{html.escape(section.title)}</h2>'
        f'<p class="intro">{html.escape(section.intro)}</p>{content}</section>'
    )


# --- small helpers -----------------------------------------------------------


def _escape(value) -> str:
    """Text from articles shown in plotly hover and labels, which read a subset of HTML."""
    return html.escape(str(value), quote=False)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _join_code(names: list[str]) -> str:
    return ", ".join(f"<code>{name}</code>" for name in names)
