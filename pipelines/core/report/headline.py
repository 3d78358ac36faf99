"""The report's headline chart for the Dagster UI: the most-mentioned entities as a small SVG image.

The UI shows Markdown metadata, and images in it as data URIs, so the chart
needs no image export and no file beside the report.
"""

from __future__ import annotations

import base64
import textwrap
from xml.sax.saxutils import escape as xml_escape

from pipelines.core.report.palette import label_colour

HEADLINE_BARS = 10


def headline_chart_markdown(entities: list[dict]) -> str:
    """Markdown image of the most-mentioned entities (each a dict with `name`, `label`, `mention_count`)."""
    if not entities:
        return "_No entities yet: the chart of the most-mentioned entities appears once entities are extracted._"
    svg = headline_chart_svg(entities[:HEADLINE_BARS])
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f"![Most-mentioned entities](data:image/svg+xml;base64,{encoded})"


def headline_chart_svg(entities: list[dict]) -> str:
    """A small horizontal bar chart in plain SVG: name, bar coloured by type, mention count."""
    name_width, bar_width, row_height, top = 190, 260, 22, 28
    width = name_width + bar_width + 60
    height = top + row_height * len(entities) + 8
    largest = max(max(entity["mention_count"] for entity in entities), 1)
    rows = []
    for i, entity in enumerate(entities):
        y = top + i * row_height
        length = max(2, round(bar_width * entity["mention_count"] / largest))
        name = xml_escape(textwrap.shorten(entity["name"], width=28, placeholder="…"))
        rows.append(
            f'<text x="{name_width - 8}" y="{y + 15}" text-anchor="end">{name}</text>'
            f'<rect x="{name_width}" y="{y + 3}" width="{length}" height="{row_height - 6}" '
            f'fill="{label_colour(entity["label"])}"><title>{xml_escape(entity["label"])}</title></rect>'
            f'<text x="{name_width + length + 6}" y="{y + 15}">{int(entity["mention_count"])}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="12">'
        f'<rect width="100%" height="100%" fill="white"/>'
        f'<text x="8" y="18" font-size="13" font-weight="bold">Most-mentioned entities</text>'
        + "".join(rows)
        + "</svg>"
    )
