"""End to end: the real Dagster asset graph over a temporary folder into a temporary warehouse, queried with SQL."""

import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from pipelines.assets.warehouse import REPLACED_BY_DOCUMENT
from pipelines.core import code_version, resolution, sources
from pipelines.core.extensions import load_statements
from pipelines.core.store import KEY_DIGESTS_FOLDER

ARTICLE = "Ceasefire talks resume\nBy Ana Lima\n2024-03-05\n\nNegotiators met in Geneva on Tuesday.\n"


def file_rows(pipeline) -> dict[str, tuple]:
    rows = pipeline.query("SELECT source_path, status, reason, doc_id FROM source_files")
    return {path: (status, reason, doc_id) for path, status, reason, doc_id in rows}


def test_articles_become_documents_with_normalised_metadata(pipeline):
    pipeline.run()
    rows = pipeline.query(
        "SELECT source_name, title, subtitle, author, section, published_date::VARCHAR FROM documents ORDER BY source_name"
    )
    assert len(rows) == 5
    by_name = {row[0]: row[1:] for row in rows}
    assert by_name["c_section_isodate_author.txt"] == (
        "Baltic Ports Brace for a Long Dispute", None, "Ines Duarte", "Business", "2025-03-14"
    )
    assert by_name["b_title_standfirst_published.txt"] == (
        "Strike Spreads to Second Polish Port",
        "Union leaders say the walkout could cost exporters millions of euros a week.",
        None,
        None,
        "2025-03-12",
    )
    assert by_name["e_dateline_byline.txt"] == (
        "Government offers mediators as port strike drags on", None, "Tomasz Lis", None, "2025-03-20"
    )
    assert pipeline.query("SELECT count(*) FROM documents WHERE body LIKE 'Author:%' OR body LIKE 'Business%'") == [(0,)]


def test_a_header_only_article_is_kept_and_flagged_without_blocking_the_build(pipeline):
    # Live pages, galleries and videos come as a headline and standfirst with no body.
    (pipeline.seeds_dir / "live.txt").write_text("Live: Election night\nFollow every result as it comes in.\nPublished 2024-11-05\n\n\n")
    result = pipeline.run()
    assert pipeline.query("SELECT title, body FROM documents WHERE source_name = 'live.txt'") == [("Live: Election night", "")]
    [check] = [e for e in result.get_asset_check_evaluations() if e.check_name == "documents_have_bodies"]
    assert not check.passed and check.severity.value == "WARN"
    assert check.metadata["examples"].value == "live.txt"


def test_bad_input_is_explained_and_the_run_stays_green(pipeline):
    seeds = pipeline.seeds_dir
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (seeds / "legacy.txt").write_bytes(ARTICLE.replace("Lima", "Lima — “São Paulo”").encode("cp1252"))
    (seeds / "windows.txt").write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace("Geneva", "Oslo").replace("\n", "\r\n").encode())
    (seeds / "huge.txt").write_text("word " * 300_000)
    (seeds / "copy of b.txt").write_bytes((seeds / "b_title_standfirst_published.txt").read_bytes())
    os.symlink("/etc/passwd", seeds / "escape.txt")
    pipeline.run()
    files = file_rows(pipeline)
    assert files["empty.txt"][:2] == ("rejected", "empty file")
    assert files["image.png"][:2] == ("rejected", "binary file (contains NUL bytes)")
    assert files["huge.txt"][0] == "rejected" and files["huge.txt"][1].startswith("too large")
    assert files["escape.txt"][:2] == ("rejected", "symlink pointing outside the input folder (not followed)")
    assert files["copy of b.txt"][:2] == ("duplicate", "same text as b_title_standfirst_published.txt")
    assert files["legacy.txt"][0] == files["windows.txt"][0] == "loaded"
    authors = dict(pipeline.query("SELECT source_name, author FROM documents"))
    assert authors["legacy.txt"] == "Ana Lima — “São Paulo”"
    assert pipeline.query("SELECT title, published_date::VARCHAR FROM documents WHERE source_name = 'windows.txt'") == [
        ("Ceasefire talks resume", "2024-03-05")
    ]
    assert pipeline.query("SELECT count(*) FROM documents") == [(7,)]


def test_entities_figures_and_dates_reach_the_warehouse(built):
    mentions = built.query(
        "SELECT e.name, count(DISTINCT m.doc_id) FROM entity_mentions m JOIN entities e USING (entity_id) "
        "WHERE e.label = 'PERSON' GROUP BY e.name"
    )
    assert dict(mentions)["Marta Kowalczyk"] == 4  # also as "Kowalczyk" alone
    figures = built.query("SELECT qualifier, value_low, value_high, actor, source, currency FROM figures")
    assert ("range", 8000.0, 9500.0) in [f[:3] for f in figures]
    assert ("lower_bound", 2300.0, None, None, "Marta Kowalczyk", None) in figures
    assert ("exact", 4_500_000.0, 4_500_000.0, "Baltic Container Terminal") in [f[:4] for f in figures]
    assert ("upper_bound", None, 15_000_000.0, "EUR") in [(f[0], f[1], f[2], f[5]) for f in figures]
    assert ("2025-03-24", "day") in built.query("SELECT value::VARCHAR, granularity FROM date_mentions")  # next Monday


def test_reruns_are_incremental_and_idempotent(pipeline, monkeypatch):
    first = pipeline.run()
    assert pipeline.metadata(first, "article_mentions")["documents_annotated"] == 5
    before = pipeline.query("SELECT * FROM documents ORDER BY doc_id")
    parquet = sorted((pipeline.warehouse_dir / "parquet").glob("*.parquet"))
    report = pipeline.warehouse_dir / "report" / "report.html"
    stamps = {p: p.stat().st_mtime_ns for p in [*parquet, pipeline.database, report]}

    looked_at = []
    real_unchanged = sources._unchanged  # the scan asks it first of every file it walks
    monkeypatch.setattr(
        sources, "_unchanged", lambda entry, *rest: looked_at.append(entry.source_path) or real_unchanged(entry, *rest)
    )
    second = pipeline.run()
    assert pipeline.metadata(second, "article_mentions")["documents_annotated"] == 0
    assert pipeline.query("SELECT * FROM documents ORDER BY doc_id") == before
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps, "a no-change rerun rewrote files"
    assert not looked_at, "a no-change rerun looked at input files"
    assert pipeline.metadata(second, "source_files")["files_loaded"] == 5

    seeds = pipeline.seeds_dir
    time.sleep(0.05)  # a file's change time moves in clock ticks of a few ms
    (seeds / "c_section_isodate_author.txt").chmod(0o600)  # a new mode: only the change time says so
    pipeline.run()
    assert "c_section_isodate_author.txt" in looked_at
    (seeds / "new.txt").write_text(ARTICLE)
    changed = seeds / "c_section_isodate_author.txt"
    changed.write_text(changed.read_text().replace("Author: Ines Duarte", "Author: Ines Duarte Silva"))
    (seeds / "e_dateline_byline.txt").unlink()
    third = pipeline.run()
    assert pipeline.metadata(third, "article_mentions")["documents_annotated"] == 2  # the new and the edited
    # Entities resolved again, with the answers about names kept from the first run: only new names are worked out.
    assert 0 < pipeline.metadata(third, "entities")["names_worked_out"] < pipeline.metadata(first, "entities")["names_worked_out"]
    parsed = pipeline.metadata(third, "documents")
    assert (parsed["documents_parsed"], parsed["documents_reused"], parsed["bodies_hashed"]) == (2, 4, 2)
    files = file_rows(pipeline)
    assert files["e_dateline_byline.txt"][:2] == ("missing", "no longer in the input folder")
    docs = dict(pipeline.query("SELECT source_name, author FROM documents"))
    assert docs["new.txt"] == "Ana Lima"
    assert docs["c_section_isodate_author.txt"] == "Ines Duarte Silva"
    assert docs["e_dateline_byline.txt"] == "Tomasz Lis"  # kept after its file went
    assert len(docs) == 6

    # Its merge read only the buckets of the new, edited and gone documents; its publish kept the per-document
    # digests of each table it updates by document, for the next.
    assert 0 < pipeline.metadata(third, "article_mentions")["buckets_read"] <= 3
    kept = sorted(path.name.rsplit("-", 1)[0] for path in (pipeline.warehouse_dir / "parquet" / KEY_DIGESTS_FOLDER).glob("*.parquet"))
    assert kept == sorted(REPLACED_BY_DOCUMENT)
    # That publish updated a copy of the last file; a new file from the same tables holds the same rows.
    assert pipeline.metadata(third, "warehouse_duckdb")["updated_copy"]
    tables = [name for (name,) in pipeline.query("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'")]
    searched = "SELECT doc_id, score FROM search('strike union port') ORDER BY doc_id"
    updated = {name: pipeline.query(f'SELECT * FROM "{name}" ORDER BY ALL') for name in tables}
    updated_search = search(pipeline, searched)
    assert len(updated_search) >= 3
    pipeline.database.unlink()
    assert not pipeline.metadata(pipeline.run(), "warehouse_duckdb")["updated_copy"]
    assert {name: pipeline.query(f'SELECT * FROM "{name}" ORDER BY ALL') for name in tables} == updated
    assert search(pipeline, searched) == updated_search
    # Resolved from scratch, with no answer kept: the same entities and mentions.
    for name in (resolution.KNOWN_NAMES_FILE, "entities"):
        (pipeline.warehouse_dir / "parquet" / f"{name}.parquet").unlink()
    assert pipeline.metadata(pipeline.run(), "entities")["names_worked_out"] > 0
    assert {name: pipeline.query(f'SELECT * FROM "{name}" ORDER BY ALL') for name in tables} == updated


def test_new_files_texts_go_beside_the_stored_ones_until_one_is_dropped(pipeline):
    pipeline.run()
    main = pipeline.warehouse_dir / "parquet" / "document_texts.parquet"
    written = main.stat().st_mtime_ns
    (pipeline.seeds_dir / "new.txt").write_text(ARTICLE)
    added = pipeline.metadata(pipeline.run(), "document_texts")
    assert main.stat().st_mtime_ns == written, "adding a file rewrote every stored text"
    assert (added["texts_in_additions_file"], added["dagster/row_count"]) == (1, 6)
    assert dict(pipeline.query("SELECT source_name, author FROM documents"))["new.txt"] == "Ana Lima"

    # The new file edited: its first text is held by no file any more, so the texts are written again whole.
    (pipeline.seeds_dir / "new.txt").write_text(ARTICLE.replace("Geneva", "Vienna"))
    edited = pipeline.metadata(pipeline.run(), "document_texts")
    assert main.stat().st_mtime_ns != written
    assert (edited["texts_in_additions_file"], edited["dagster/row_count"]) == (0, 6)
    [(body,)] = pipeline.query("SELECT body FROM documents WHERE source_name = 'new.txt'")
    assert "Vienna" in body and pipeline.query("SELECT count(*) FROM documents") == [(6,)]


def search(pipeline, sql: str) -> list[tuple]:
    """`sql` over the warehouse with the full-text search extension loaded."""
    with duckdb.connect(str(pipeline.database), read_only=True) as connection:
        for statement in load_statements():
            connection.execute(statement)
        return connection.execute(sql).fetchall()


def test_editing_code_the_annotation_depends_on_annotates_again(pipeline, monkeypatch):
    pipeline.run()
    real = code_version._file_bytes
    # As if someone edited the gazetteer module, which the extractors use only through entities.py.
    monkeypatch.setattr(code_version, "_file_bytes", lambda path: real(path) + (b"#" if path.name == "places.py" else b""))
    rerun = pipeline.run()
    assert pipeline.metadata(rerun, "article_mentions")["documents_annotated"] == 5


def test_full_refresh_gives_the_same_warehouse(pipeline):
    pipeline.run()
    before = pipeline.query("SELECT * FROM documents ORDER BY doc_id")
    pipeline.run(reannotate_all=True)
    assert pipeline.query("SELECT * FROM documents ORDER BY doc_id") == before


def test_cli_build_succeeds_while_an_analyst_holds_the_warehouse_open(pipeline, tmp_path, analyst_session):
    pipeline.run()
    env = {
        **os.environ,
        "SEEDS_DIR": str(pipeline.seeds_dir),
        "WAREHOUSE_DIR": str(pipeline.warehouse_dir),
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
    }
    reader = analyst_session(pipeline.database, "documents")
    assert reader.count() == 5
    (pipeline.seeds_dir / "new.txt").write_text(ARTICLE)
    build = subprocess.run(
        [str(Path(sys.executable).parent / "news-warehouse"), "build", "--quiet"],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert build.returncode == 0, build.stderr
    assert "documents                 6 rows" in build.stdout
    assert reader.count() == 5  # the open session keeps its snapshot
    assert pipeline.query("SELECT count(*) FROM documents") == [(6,)]
