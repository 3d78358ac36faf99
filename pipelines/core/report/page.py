"""The report page: `templates/report.html.j2` filled with the sections and the data.

The data travels as one gzip-compressed, base64-encoded JSON document, which
the page's script unpacks with the browser's own `DecompressionStream`: claims,
sentences and bodies compress about five-fold, so a large warehouse still gives
a page a browser opens quickly. Everything is inlined: plotly.js (from the
plotly package), the script and style beside the template, and the country
outlines, so the file needs no network.
"""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import orjson
from plotly.offline import get_plotlyjs

from pipelines.core import workers
from pipelines.core.report.data import INPUT_TABLES, ReportData
from pipelines.core.report.outlines import country_outlines
from pipelines.core.report.palette import LABEL_COLOURS, OTHER_LABEL_COLOUR, SERIES_PALETTE

if TYPE_CHECKING:
    from pipelines.core.report import Section

TEMPLATE_DIR = Path(__file__).parent / "templates"
MAP_SECTION = "map"

_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)


def render_page(database: Path, data: ReportData, sections: Sequence[Section],
                no_data: Mapping[str, str | None], cache_folder: Path) -> str:
    """The page's HTML; `cache_folder` keeps what takes long to make and never changes (`country_outlines`)."""
    drawn = [section.anchor for section in sections if no_data[section.anchor] is None]
    # The warehouse's publication time, not the clock: the same warehouse renders the same page.
    published = datetime.fromtimestamp(database.stat().st_mtime, UTC).strftime("%Y-%m-%d %H:%M UTC")
    template = _environment.get_template("report.html.j2")
    return template.render(
        database=str(database),
        published=published,
        row_counts=[(table, data.row_counts.get(table)) for table in INPUT_TABLES],
        sections=[{**vars(section), "no_data": no_data[section.anchor]} for section in sections],
        drawn=drawn,
        # Inlined once, only when some chart needs it.
        plotly_js=get_plotlyjs() if drawn else "",
        style=(TEMPLATE_DIR / "report.css").read_text(encoding="utf-8"),
        script=(TEMPLATE_DIR / "report.js").read_text(encoding="utf-8") if drawn else "",
        payload=_payload(data, drawn, cache_folder) if drawn else "",
    )


# Level 3, not 6: on 10,000 articles (31 MB of JSON) it compresses in 0.4 s instead of 1.1 s, which every
# build that adds a few files pays, for a page about a tenth larger.
GZIP_LEVEL = 3


def _payload(data: ReportData, drawn: list[str], cache_folder: Path) -> str:
    """The page's data as base64 of gzip of JSON; `mtime=0` keeps the same data the same bytes."""
    settings = {"sections": drawn, "labelColours": LABEL_COLOURS, "otherLabelColour": OTHER_LABEL_COLOUR,
                "palette": list(SERIES_PALETTE)}
    text = (
        b'{"settings":' + orjson.dumps(settings)
        + b',"data":' + orjson.dumps(data.columns)  # 30 MB of JSON for 10,000 articles: a tenth of `json`'s time
        # Already JSON: spliced in rather than parsed and written again.
        + b',"outlines":' + (country_outlines(cache_folder).encode("utf-8") if MAP_SECTION in drawn else b"null")
        + b"}"
    )
    return base64.b64encode(gzip_on_every_core(text, GZIP_LEVEL)).decode("ascii")


# A gzip member's header with no name and `mtime` 0, so the same data compresses to the same bytes.
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


def gzip_on_every_core(data: bytes, level: int) -> bytes:
    """`data` as one gzip member, its pieces deflated at once on every core (as pigz does; zlib lets
    the other threads run while it compresses). Each piece but the last ends with a sync flush, on a
    byte boundary, so the pieces join into one deflate stream any gzip reader, a browser's included, reads."""
    size = max(1, -(-len(data) // workers.cores()))
    pieces = [memoryview(data)[start : start + size] for start in range(0, len(data), size)] or [memoryview(b"")]

    def deflated(index: int) -> bytes:
        compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)  # raw deflate: the header is ours
        last = index == len(pieces) - 1
        return compressor.compress(pieces[index]) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)

    with ThreadPoolExecutor(len(pieces)) as pool:
        checksum = pool.submit(zlib.crc32, data)
        body = b"".join(pool.map(deflated, range(len(pieces))))
        return _GZIP_HEADER + body + struct.pack("<II", checksum.result(), len(data) & 0xFFFFFFFF)
