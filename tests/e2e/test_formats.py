"""A folder of every input format builds green: plain text, messages with full headers, a wire story, French and
Russian articles, CSV, JSON Lines and Parquet exports, saved pages, three syndicated copies of one story; every
file and row is accounted for."""

from datetime import datetime

from conftest import FORMATS_MAX_FILE_BYTES

STORY_PATHS = ["valley_courier_port_strike.html", "harbour_gazette_export.csv#1", "wire_dock_strike.txt"]


def test_the_mixed_folder_builds_with_every_file_and_row_accounted_for(formats_built):
    pipeline, result = formats_built, formats_built.result
    assert result.success
    files = dict(pipeline.query("SELECT source_path, status FROM source_files"))
    on_disk = {path.name for path in pipeline.seeds_dir.iterdir()}
    assert on_disk <= set(files)
    assert sorted(path for path, status in files.items() if status == "rejected") == [
        "freight_wire_feed.jsonl#3",
        "freight_wire_feed.jsonl#5",
        "harbour_gazette_export.csv#2",
        "harbour_gazette_export.csv#3",
        "harbour_gazette_export.csv#4",
        "valley_courier_gallery.html",
        "wexmoor_post_archive.parquet#3",
    ]
    loaded = pipeline.query("SELECT count(*) FROM source_files WHERE status = 'loaded' AND doc_id IS NOT NULL")
    assert loaded == pipeline.query("SELECT count(*) FROM documents") == [(15,)]
    assert pipeline.metadata(result, "source_files")["export_rows_rejected"] == 6

    # An export row's metadata goes straight into documents.
    [row] = pipeline.query(
        "SELECT title, author, section, published_at, url, outlet, source_name, body FROM documents "
        "WHERE source_path = 'harbour_gazette_export.csv#1'"
    )
    assert row[:7] == (
        "Port Hallam strike over after nine days", "Harbour Gazette staff", "Business", datetime(2024, 3, 14, 11, 5),
        "https://harbourgazette.example/2024/03/14/strike-over", "Harbour Gazette", "harbour_gazette_export.csv#1",
    )
    assert row[7].startswith("Dockers at Port Hallam's northern terminal")
    [page] = pipeline.query("SELECT title, author, outlet, published_date::VARCHAR FROM documents WHERE source_path LIKE '%.html'")
    assert page == ("Hallam dockers back at work after pay deal", "Rhys Calloway", "Valley Courier", "2024-03-14")

    # The three syndicated copies are one story; the other documents are stories of their own.
    [story] = pipeline.query(
        "SELECT copies, outlets, first_published_at, source_paths FROM stories WHERE copies > 1"
    )
    assert story[0] == 3 and story[1] == ["Harbour Gazette", "Valley Courier"]
    assert story[2] == datetime(2024, 3, 14) and sorted(story[3]) == sorted(STORY_PATHS)
    assert pipeline.query("SELECT count(*) FROM stories") == [(13,)]
    # "Which stories ran in more than one outlet" (the README's query).
    assert pipeline.query("SELECT first_title FROM stories WHERE outlet_count > 1") == [("Dock strike ends as union accepts pay offer",)]

    # "What languages came in" (the README's query): the French and Russian articles are loaded, not annotated.
    assert pipeline.query(
        "SELECT coalesce(language, 'unknown'), count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1"
    ) == [("en", 12), ("fr", 2), ("ru", 1)]

    # A claim repeated by the copies counts once per story.
    per_document, per_story = pipeline.query(
        "SELECT count(*), count(*) FILTER (WHERE first_in_story) FROM figure_estimates WHERE text LIKE '%container ships%'"
    )[0]
    assert (per_document, per_story) == (3, 1)


def test_a_rebuild_with_nothing_changed_reads_no_export_again_and_an_edited_row_is_picked_up(formats_pipeline):
    pipeline = formats_pipeline
    pipeline.run(max_file_bytes=FORMATS_MAX_FILE_BYTES)
    before = pipeline.query("SELECT * FROM source_files ORDER BY source_path")
    again = pipeline.run(max_file_bytes=FORMATS_MAX_FILE_BYTES)
    assert pipeline.query("SELECT * FROM source_files ORDER BY source_path") == before
    assert pipeline.metadata(again, "document_texts")["new_documents"] == 0

    feed = pipeline.seeds_dir / "freight_wire_feed.jsonl"
    lines = feed.read_text().split("\n")
    lines[4] = lines[4].replace('"lang"', '"text": "Canal tolls will stay at this year\'s level in 2025, the canal board said.", "lang"')
    feed.write_text("\n".join(lines))
    pipeline.run(max_file_bytes=FORMATS_MAX_FILE_BYTES)
    [(status, title)] = pipeline.query(
        "SELECT s.status, d.title FROM source_files s JOIN documents d USING (doc_id) WHERE s.source_path = 'freight_wire_feed.jsonl#5'"
    )
    assert (status, title) == ("loaded", "Canal tolls unchanged for 2025")
