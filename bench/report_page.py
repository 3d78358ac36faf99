"""The report's size and load time on a large warehouse, without annotating one for a quarter of an hour.

    python -m bench.report_page                       # 10,000 articles
    python -m bench.report_page --documents 1000

Builds a synthetic `warehouse.duckdb` at the scale the pipeline gives real news
(per article: about 500 words, 35 entity mentions in 20 sentences, 2.5 numeric
claims, 1.5 resolved dates; entities shared across articles with a long tail),
with invented words in place of text, so only the volumes are realistic. Then it
renders the report, and opens it in Debian's chromium until every chart is drawn.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.core import schemas
from pipelines.core.report import render_report
from pipelines.core.settings import PROJECT_ROOT, SQL_DIR

SYLLABLES = ["ka", "lo", "mi", "ren", "to", "va", "sul", "de", "an", "por", "ter", "ni", "bra", "o", "es", "lin"]
OUTLETS = ["wire-east", "wire-west", "daily-post", "evening-herald", "city-news", "world-digest"]
LABELS = ["PERSON", "ORG", "GPE", "GPE", "LOC", "NORP"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))


def synthetic_rows(documents: int, seed: int = 7) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    vocabulary = [_word(rng) for _ in range(4_000)]
    entity_count = documents * 4
    entities = []
    for i in range(entity_count):
        label = rng.choice(LABELS)
        place = label in ("GPE", "LOC")
        entities.append({
            "entity_id": f"e{i}", "name": f"{_word(rng).title()} {_word(rng).title()}", "label": label, "aliases": [],
            "mention_count": 0, "doc_count": 0, "country_code": rng.choice(["PL", "DE", "FR", "US", "CN", "BR", "KE"]) if place else None,
            "latitude": rng.uniform(-50, 65) if place else None, "longitude": rng.uniform(-150, 160) if place else None,
            "place_type": rng.choice(["city", "region", "country"]) if place else None,
        })
    start = dt.date(2024, 1, 1)
    rows: dict[str, list[dict]] = {"documents": [], "entity_mentions": [], "figures": [], "date_mentions": []}
    for d in range(documents):
        sentences = [" ".join(rng.choices(vocabulary, k=25)).capitalize() + "." for _ in range(20)]
        body = " ".join(sentences)
        date = start + dt.timedelta(days=rng.randrange(365)) if rng.random() > 0.05 else None
        doc_id = f"doc{d:06d}"
        rows["documents"].append({
            "doc_id": doc_id, "source_name": f"{doc_id}.txt", "source_path": f"{rng.choice(OUTLETS)}/{doc_id}.txt",
            "title": " ".join(rng.choices(vocabulary, k=8)).title(), "published_date": date,
            "published_at": dt.datetime.combine(date, dt.time()) if date else None, "body": body, "word_count": 500,
        })
        for _ in range(35):
            entity = entities[min(int(rng.paretovariate(0.6)) - 1, entity_count - 1)]  # a few very common, a long tail
            entity["mention_count"] += 1
            rows["entity_mentions"].append({"doc_id": doc_id, "entity_id": entity["entity_id"], "text": entity["name"],
                                            "label": entity["label"], "start_char": 0, "end_char": 1,
                                            "sentence": rng.choice(sentences), "field": "body"})
        for _ in range(rng.choice([1, 2, 3, 4])):
            sentence = rng.choice(sentences)
            text = sentence.split()[3]
            low = float(rng.randint(1, 50_000))
            rows["figures"].append({"doc_id": doc_id, "text": text, "start_char": body.index(text),
                                    "end_char": body.index(text) + len(text), "sentence": sentence,
                                    "qualifier": rng.choice(schemas.FIGURE_QUALIFIERS), "value_low": low, "value_high": low * 1.2,
                                    "unit": rng.choice(vocabulary), "category": rng.choice(schemas.FIGURE_CATEGORIES),
                                    "actor": rng.choice(entities[:200])["name"], "source": rng.choice([None, "officials"]),
                                    "field": "body"})
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            rows["date_mentions"].append({"doc_id": doc_id, "text": "Monday", "start_char": 0, "end_char": 6,
                                          "value": start + dt.timedelta(days=rng.randrange(400)), "granularity": "day",
                                          "sentence": rng.choice(sentences), "field": "body"})
    for entity in entities:
        entity["doc_count"] = min(entity["mention_count"], documents)
    rows["entities"] = entities
    return rows


def build(path: Path, rows: dict[str, list[dict]]) -> Path:
    with duckdb.connect(str(path)) as connection:
        for name, table_rows in rows.items():
            connection.register("incoming", pa.Table.from_pylist(table_rows, schema=schemas.PUBLIC_TABLES[name]))
            connection.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
            connection.unregister("incoming")
        for view in sorted((SQL_DIR / "views").glob("*.sql")):
            if view.stem in ("document_overview", "figure_estimates", "timeline"):  # the views the report reads
                connection.execute(view.read_text(encoding="utf-8"))
    return path


def load_seconds(html_path: Path) -> float:
    """From navigation to every chart drawn, in headless chromium with the network cut off."""
    sys.path.insert(0, str(PROJECT_ROOT / "tests" / "e2e"))
    from browser import launch_chromium  # the test suite's one way to start chromium
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        started = time.perf_counter()
        page.goto(html_path.as_uri())
        page.wait_for_function("window.report && window.report.ready", timeout=300_000)
        seconds = time.perf_counter() - started
        browser.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=10_000)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        rows = synthetic_rows(arguments.documents)
        database = build(Path(folder) / "warehouse.duckdb", rows)
        print(f"synthetic warehouse: {arguments.documents:,} documents, "
              + ", ".join(f"{name} {len(table):,}" for name, table in rows.items())
              + f" ({time.perf_counter() - started:.1f}s)")
        started = time.perf_counter()
        result = render_report(database, Path(folder) / "report")
        print(f"rendered in {time.perf_counter() - started:.1f}s: {result.page_bytes / 1e6:.1f} MB")
        print(f"loaded in chromium in {load_seconds(result.html_path):.1f}s (every chart drawn)")


if __name__ == "__main__":
    main()
