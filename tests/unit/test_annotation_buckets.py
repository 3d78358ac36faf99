"""Bucket files brought up to date from one stream of documents: the same files whichever process parses them."""

import multiprocessing
from concurrent.futures import Future

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from pipelines.core import annotation_buckets, annotation_keys, workers
from pipelines.core.annotation_keys import DOCUMENT_COLUMNS, Annotations
from pipelines.core.annotation_buckets import STATE_TABLE, annotate_buckets, bucket_problems, bucket_rows, merged_table, record_merge
from pipelines.core.batches import BucketFiles, bucket_of
from pipelines.core.model import DEFAULT_MODEL
from pipelines.core.schemas import ANNOTATION_TABLES, DOCUMENTS, FAILED, SKIPPED
from pipelines.core.sources import document_id
from pipelines.core.store import write_table
from pipelines.core.workers import WorkerPool, cores

BODIES = [
    "Harbour pilots in Valdmark said on Tuesday that at least 40 tugboats were idle after the strike began.",
    "The Corvane Mining Company hired about 300 workers in Ostrava last March, its director Lena Prazak said.",
    "Council member Tomas Reiner voted against the plan, which would close three schools in Brenholt.",
    "Between 20 and 25 ferries crossed to Sudholm on Friday, according to the port authority.",
    "La mairie de Lenville a annoncé mardi la fermeture de deux écoles.",
]


def documents(bodies: list[str]) -> pa.Table:
    """`documents` rows (the columns annotation reads) of notes with only a body."""
    rows = [
        {"doc_id": document_id(body), "body": body, "language": "fr" if "mairie" in body else "en"} for body in bodies
    ]
    return pa.Table.from_pylist(rows, schema=pa.schema([DOCUMENTS.field(name) for name in DOCUMENT_COLUMNS]))


def by_bucket(found: pa.Table) -> list[tuple[int, pa.Table]]:
    # Two buckets, the second with the French note: each bucket holds all of its documents.
    return [(0, found.slice(0, 2)), (1, found.slice(2))]


def stored(files: BucketFiles) -> dict[str, list[dict]]:
    tables = [*ANNOTATION_TABLES, STATE_TABLE]
    return {f"{t}/{b}": bucket_rows(files, t, b).to_pylist() for t in tables for b in (0, 1)}


@pytest.fixture(scope="module")
def annotated_here(tmp_path_factory, nlp):
    files = BucketFiles(tmp_path_factory.mktemp("here"))
    progress = []
    results = list(annotate_buckets(files, by_bucket(documents(BODIES)), DEFAULT_MODEL, progress=progress.append))
    return files, results, progress


def test_each_bucket_is_written_with_its_documents_and_progress_counts_them_all(annotated_here):
    files, results, progress = annotated_here
    assert [(r.bucket, r.annotated, r.skipped, r.reused) for r in results] == [(0, 2, 0, 0), (1, 2, 1, 0)]
    assert progress == sorted(progress) and progress[-1] == len(BODIES)
    states = stored(files)
    assert [row["status"] for row in states[f"{STATE_TABLE}/1"] if row["status"] == SKIPPED] == [SKIPPED]
    mentioned = {row["text"] for row in states["article_mentions/0"]}
    assert "Ostrava" in mentioned and "Sudholm" not in mentioned  # each bucket holds its own documents' rows


def test_worker_processes_write_the_very_files_this_process_writes(annotated_here, tmp_path):
    files, _, _ = annotated_here
    shared = BucketFiles(tmp_path)
    with WorkerPool(2) as pool:
        results = list(annotate_buckets(shared, by_bucket(documents(BODIES)), DEFAULT_MODEL, pool=pool))
        assert pool.processes == 2, "the workers failed"
    assert sum(r.annotated for r in results) == 4
    assert stored(shared) == stored(files)


def test_documents_sent_ahead_to_the_parsing_workers_are_taken_by_their_batch_with_the_same_files(annotated_here, tmp_path):
    files, _, _ = annotated_here
    found, shared = documents(BODIES), BucketFiles(tmp_path)
    with annotation_buckets.parsers_started_ahead(DEFAULT_MODEL):
        # The first three notes, as a run's documents step sends them: all in English, all sent.
        assert annotation_buckets.parse_ahead(found.slice(0, 3), DEFAULT_MODEL) == 3
        with annotation_buckets.parser_pool(cores(), DEFAULT_MODEL) as pool:
            results = list(annotate_buckets(shared, by_bucket(found), DEFAULT_MODEL, pool=pool))
        assert not annotation_buckets._parsed_ahead, "the batch did not take the results parsed ahead"
    assert sum(r.annotated for r in results) == 4
    assert stored(shared) == stored(files)


def test_parsing_workers_the_command_started_before_its_run_are_the_ones_the_run_parses_on(annotated_here, tmp_path):
    files, _, _ = annotated_here
    found, shared = documents(BODIES), BucketFiles(tmp_path)
    annotation_buckets.start_parsers_early(DEFAULT_MODEL)
    try:
        early = workers.started_ahead_pool(annotation_buckets._PARSERS)
        assert annotation_buckets.parsers_started_early() and early is not None
        with annotation_buckets.parsers_started_ahead(DEFAULT_MODEL):
            assert workers.started_ahead_pool(annotation_buckets._PARSERS) is early, "the run started workers of its own"
            assert annotation_buckets.parse_ahead(found.slice(0, 3), DEFAULT_MODEL) == 3
            with annotation_buckets.parser_pool(cores(), DEFAULT_MODEL) as pool:
                results = list(annotate_buckets(shared, by_bucket(found), DEFAULT_MODEL, pool=pool))
            assert not annotation_buckets._parsed_ahead, "the batch did not take the results parsed ahead"
    finally:
        annotation_buckets.stop_parsers_started_early()
    assert sum(r.annotated for r in results) == 4
    assert stored(shared) == stored(files)


def test_parsing_workers_started_before_a_run_that_takes_none_are_stopped():
    others = set(multiprocessing.active_children())
    annotation_buckets.start_parsers_early(DEFAULT_MODEL)
    processes = set(multiprocessing.active_children()) - others
    assert len(processes) == cores() and annotation_buckets.parsers_started_early()
    annotation_buckets.stop_parsers_started_early()
    assert not annotation_buckets.parsers_started_early()
    for process in processes:
        process.join(timeout=30)
    assert not any(process.is_alive() for process in processes)


def test_documents_are_sent_ahead_longest_first_so_the_workers_finish_together(monkeypatch):
    sent: list[tuple] = []

    class Recording:
        def submit(self, function, chunk, model_name):
            sent.extend(chunk)
            return Future()

    monkeypatch.setattr(annotation_buckets.workers, "started_ahead_pool", lambda name: Recording())
    monkeypatch.setattr(annotation_buckets, "WORKER_CHUNK", 2)
    monkeypatch.setattr(annotation_buckets, "_parsed_ahead", {})
    bodies = [body * repeats for repeats, body in enumerate(BODIES[:4], start=1)]  # the longest last
    assert annotation_buckets.parse_ahead(documents(bodies), DEFAULT_MODEL) == 4
    assert [len(document.body) for document in sent] == sorted(map(len, bodies), reverse=True)


def test_nothing_is_sent_ahead_without_workers_started_ahead():
    assert annotation_buckets.parse_ahead(documents(BODIES), DEFAULT_MODEL) == 0
    assert not annotation_buckets._parsed_ahead


def test_a_batch_takes_a_result_parsed_ahead_only_under_the_same_key_and_parses_here_what_its_workers_dropped(
    annotated_here, tmp_path, nlp, monkeypatch
):
    files, _, _ = annotated_here
    found = documents(BODIES)
    first, second, third = annotation_keys.documents_to_annotate(found.slice(0, 3), DEFAULT_MODEL)
    marked = Future()  # stands for a chunk the workers parsed: its one result is recognisable in the files
    marked.set_result([Annotations(first.doc_id, status=FAILED, reason="parsed ahead")])
    dropped = Future()  # a chunk still queued when its workers stopped
    dropped.cancel()
    stale = Future()  # sent under a key the document no longer has: never asked for
    ahead = {(first.doc_id, first.key): (marked, 0), (second.doc_id, second.key): (dropped, 0), (third.doc_id, "old key"): (stale, 0)}
    monkeypatch.setattr(annotation_buckets, "_parsed_ahead", ahead)
    here = BucketFiles(tmp_path)
    assert sum(r.annotated for r in annotate_buckets(here, by_bucket(found), DEFAULT_MODEL)) == 4
    assert list(ahead) == [(third.doc_id, "old key")]
    here_rows, expected_rows = stored(here), stored(files)
    assert [(row["status"], row["reason"]) for row in here_rows[f"{STATE_TABLE}/0"] if row["doc_id"] == first.doc_id] == [
        (FAILED, "parsed ahead")
    ]
    # Every other document has the very rows of a batch with nothing parsed ahead.
    for name, rows in expected_rows.items():
        assert [row for row in here_rows[name] if row["doc_id"] != first.doc_id] == [row for row in rows if row["doc_id"] != first.doc_id]


def test_a_rerun_parses_only_new_documents_and_drops_the_rows_of_removed_ones(tmp_path, nlp):
    files = BucketFiles(tmp_path)
    found = documents(BODIES)
    list(annotate_buckets(files, by_bucket(found), DEFAULT_MODEL))
    added = documents(["Some 12 lorries waited at the Kessel border crossing on Sunday."])
    # Bucket 0 loses its first document and gains a new one; bucket 1 is unchanged.
    results = list(annotate_buckets(files, [(0, pa.concat_tables([found.slice(1, 1), added])), (1, found.slice(2))], DEFAULT_MODEL))
    assert [(r.annotated, r.reused) for r in results] == [(1, 1), (0, 3)]
    states = stored(files)
    kept = {found["doc_id"][1].as_py(), added["doc_id"][0].as_py()}
    assert {row["doc_id"] for row in states[f"{STATE_TABLE}/0"]} == kept
    assert {row["doc_id"] for row in states["article_mentions/0"]} <= kept


def test_only_planned_documents_and_those_a_bucket_does_not_know_are_annotated_again(tmp_path, nlp):
    files = BucketFiles(tmp_path)
    found = documents(BODIES)
    list(annotate_buckets(files, by_bucket(found), DEFAULT_MODEL))
    # A new title gives the third note a new annotation key under the same id; the plan names it.
    retitled = found.set_column(found.schema.get_field_index("title"), "title", pa.array([None, None, "Vote on schools", None, None]))
    edited = retitled["doc_id"][2].as_py()
    files.path(STATE_TABLE, 0).unlink()  # bucket 0 lost its state since it was planned: all of it is annotated again
    results = list(annotate_buckets(files, by_bucket(retitled), DEFAULT_MODEL, planned={edited}))
    assert [(r.bucket, r.annotated, r.reused) for r in results] == [(0, 2, 0), (1, 1, 2)]
    statuses = {row["doc_id"]: row["status"] for row in stored(files)[f"{STATE_TABLE}/1"]}
    assert set(statuses) == {edited, *retitled["doc_id"][3:].to_pylist()}


def test_a_changed_document_the_plan_did_not_name_keeps_its_rows(tmp_path, nlp):
    files = BucketFiles(tmp_path)
    found = documents(BODIES)
    list(annotate_buckets(files, by_bucket(found), DEFAULT_MODEL))
    retitled = found.set_column(found.schema.get_field_index("title"), "title", pa.array(["A new title", None, None, None, None]))
    results = list(annotate_buckets(files, by_bucket(retitled), DEFAULT_MODEL, planned=set()))
    assert [(r.annotated, r.reused) for r in results] == [(0, 2), (0, 3)]
    results = list(annotate_buckets(files, by_bucket(retitled), DEFAULT_MODEL))  # no plan: every key is compared
    assert [(r.annotated, r.reused) for r in results] == [(1, 1), (0, 3)]


ADDED = [
    "Some 12 lorries waited at the Kessel border crossing on Sunday.",
    "The Ostmark rail union said 450 drivers would strike on Monday.",
    "Nearly 90 volunteers cleared the beach at Hallbry after the storm.",
]


def segment_files(files: BucketFiles) -> list[str]:
    return sorted(str(path.relative_to(files.folder)) for path in files.folder.glob("*/segments/*.parquet"))


def with_one_segment(folder) -> tuple[BucketFiles, pa.Table]:
    """Bucket 0 annotated with two notes, then with a third as its first segment; and its documents."""
    files = BucketFiles(folder)
    found = documents(BODIES[:2])
    list(annotate_buckets(files, [(0, found)], DEFAULT_MODEL))
    grown = pa.concat_tables([found, documents(ADDED[:1])])
    list(annotate_buckets(files, [(0, grown)], DEFAULT_MODEL))
    return files, grown


def test_a_bucket_that_only_gains_documents_takes_their_rows_as_a_segment_and_keeps_its_files(tmp_path, nlp):
    files = BucketFiles(tmp_path)
    found = documents(BODIES)
    list(annotate_buckets(files, by_bucket(found), DEFAULT_MODEL))
    before = {table: files.path(table, 0).read_bytes() for table in [*ANNOTATION_TABLES, STATE_TABLE]}
    added = documents(ADDED[:1])
    results = list(annotate_buckets(files, [(0, pa.concat_tables([found.slice(0, 2), added]))], DEFAULT_MODEL))
    assert [(r.annotated, r.reused) for r in results] == [(1, 2)]
    assert {table: files.path(table, 0).read_bytes() for table in before} == before
    assert segment_files(files) == sorted(f"{table}/segments/bucket-00-1.parquet" for table in before)
    ids = {*found["doc_id"][:2].to_pylist(), added["doc_id"][0].as_py()}
    assert {row["doc_id"] for row in stored(files)[f"{STATE_TABLE}/0"]} == ids
    merged = merged_table(files, "article_mentions").rows
    assert "Kessel" in merged["text"].to_pylist()
    assert merged.equals(merged.sort_by(annotation_buckets.ROW_ORDER))  # segment rows go among their bucket's
    assert not bucket_problems(files)


def test_a_bucket_is_rewritten_whole_when_it_loses_a_document_or_has_its_fill_of_segments(tmp_path, nlp, monkeypatch):
    monkeypatch.setattr(annotation_buckets, "MAX_SEGMENTS", 2)
    files = BucketFiles(tmp_path)
    found = documents(BODIES[:2])
    list(annotate_buckets(files, [(0, found)], DEFAULT_MODEL))
    grown = found
    for body in ADDED[:2]:
        grown = pa.concat_tables([grown, documents([body])])
        list(annotate_buckets(files, [(0, grown)], DEFAULT_MODEL))
    assert len(segment_files(files)) == 2 * (len(ANNOTATION_TABLES) + 1)  # a segment per run: a file per table, its state
    grown = pa.concat_tables([grown, documents(ADDED[2:])])
    list(annotate_buckets(files, [(0, grown)], DEFAULT_MODEL))
    assert segment_files(files) == []  # the third would exceed the two allowed: folded into the bucket's files
    texts = set(pq.read_table(files.path("article_mentions", 0))["text"].to_pylist())
    assert {"Kessel", "Hallbry"} <= texts
    # Losing a document rewrites the bucket without its rows, the segments' rows kept.
    list(annotate_buckets(files, [(0, pa.concat_tables([found, documents(ADDED[1:2])]))], DEFAULT_MODEL))
    list(annotate_buckets(files, [(0, found)], DEFAULT_MODEL))
    assert segment_files(files) == []
    assert "Kessel" not in merged_table(files, "article_mentions").rows["text"].to_pylist()
    assert set(merged_table(files, "annotation_status").rows["doc_id"].to_pylist()) == set(found["doc_id"].to_pylist())


def test_a_segment_whose_state_was_never_written_does_not_count_and_its_documents_are_annotated_again(tmp_path, nlp):
    files, grown = with_one_segment(tmp_path)
    files.segment_path(STATE_TABLE, 0, 1).unlink()  # as a run killed before committing its segment leaves it
    assert "Kessel" not in merged_table(files, "article_mentions").rows["text"].to_pylist()
    results = list(annotate_buckets(files, [(0, grown)], DEFAULT_MODEL))
    assert [(r.annotated, r.reused) for r in results] == [(1, 2)]
    assert merged_table(files, "article_mentions").rows["text"].to_pylist().count("Kessel") == 1


def test_a_damaged_segment_makes_its_bucket_damaged(tmp_path, nlp):
    files, grown = with_one_segment(tmp_path)
    segment = files.segment_path("date_mentions", 0, 1)
    segment.write_bytes(segment.read_bytes()[:-20])
    assert str(segment) in " ".join(bucket_problems(files)[0])
    results = list(annotate_buckets(files, [(0, grown)], DEFAULT_MODEL))  # annotated afresh, segments gone
    assert [(r.annotated, r.reused) for r in results] == [(3, 0)]
    assert segment_files(files) == [] and not bucket_problems(files)


def test_annotating_everything_again_folds_the_segments_away(tmp_path, nlp):
    files, grown = with_one_segment(tmp_path)
    results = list(annotate_buckets(files, [(0, grown)], DEFAULT_MODEL, reannotate_all=True))
    assert [(r.annotated, r.reused) for r in results] == [(3, 0)]
    assert segment_files(files) == []
    assert sorted(merged_table(files, "annotation_status").rows["doc_id"].to_pylist()) == sorted(grown["doc_id"].to_pylist())


MERGED = [*ANNOTATION_TABLES, "annotation_status"]


def in_their_buckets(found: pa.Table) -> list[tuple[int, pa.Table]]:
    """`found` split into the buckets its ids fall in, as a run does."""
    buckets = [bucket_of(doc_id) for doc_id in found["doc_id"].to_pylist()]
    return [(bucket, found.filter(pa.array([b == bucket for b in buckets]))) for bucket in sorted(set(buckets))]


def merge_and_store(files: BucketFiles, folder) -> dict[str, annotation_buckets.MergedTable]:
    """Every table merged from its stored merge (in `folder`) when there is one, written there, and recorded."""
    merged = {table: merged_table(files, table, folder / f"{table}.parquet") for table in MERGED}
    schema = {**ANNOTATION_TABLES, "annotation_status": annotation_buckets.schemas.ANNOTATION_STATUS}
    written = {table: write_table(folder / f"{table}.parquet", merge.rows, schema[table]) for table, merge in merged.items()}
    record_merge(files, {table: (merge, written[table].fingerprint) for table, merge in merged.items()})
    return merged


def test_a_merge_reads_only_the_buckets_whose_files_changed_and_finds_the_rows_a_full_merge_finds(tmp_path, nlp):
    files, tables = BucketFiles(tmp_path / "buckets"), tmp_path / "tables"
    tables.mkdir()
    found = documents(BODIES)
    list(annotate_buckets(files, in_their_buckets(found), DEFAULT_MODEL))
    first = merge_and_store(files, tables)
    assert {merge.buckets_read for merge in first.values()} == {len(set(map(bucket_of, found["doc_id"].to_pylist())))}
    assert merge_and_store(files, tables)["article_mentions"].buckets_read == 0  # nothing changed: nothing read

    # Gains only: a note in a bucket that has files (a segment), and one in a bucket of its own if it falls there.
    held = set(map(bucket_of, found["doc_id"].to_pylist()))
    joining = next(body for n in range(20, 400) if bucket_of(document_id(body := f"Some {n} lorries waited at the Kessel crossing.")) in held)
    added = documents([joining, ADDED[1]])
    grown = pa.concat_tables([found, added])
    list(annotate_buckets(files, in_their_buckets(grown), DEFAULT_MODEL))
    assert segment_files(files)
    changed = {bucket_of(doc_id) for doc_id in added["doc_id"].to_pylist()}
    for table, merge in merge_and_store(files, tables).items():
        assert merge.buckets_read == len(changed)
        assert merge.rows.equals(merged_table(files, table).rows), table

    # The shared bucket loses its first note: it is rewritten whole.
    lost = next(doc_id for doc_id in found["doc_id"].to_pylist() if bucket_of(doc_id) == bucket_of(document_id(joining)))
    list(annotate_buckets(files, in_their_buckets(grown.filter(pc.not_equal(grown["doc_id"], lost))), DEFAULT_MODEL))
    for table, merge in merge_and_store(files, tables).items():
        assert merge.buckets_read == 1
        assert merge.rows.equals(merged_table(files, table).rows), table
    assert lost not in merged_table(files, "annotation_status").rows["doc_id"].to_pylist()


def test_a_merge_reads_every_bucket_when_the_stored_table_is_not_the_one_recorded(tmp_path, nlp):
    files, tables = BucketFiles(tmp_path / "buckets"), tmp_path / "tables"
    tables.mkdir()
    list(annotate_buckets(files, in_their_buckets(documents(BODIES)), DEFAULT_MODEL))
    merge_and_store(files, tables)
    everything = merged_table(files, "article_mentions")  # no stored table: every bucket is read
    stored = tables / "article_mentions.parquet"
    write_table(stored, everything.rows.slice(1), ANNOTATION_TABLES["article_mentions"])  # other rows than recorded
    again = merged_table(files, "article_mentions", stored)
    assert again.buckets_read == everything.buckets_read and again.rows.equals(everything.rows)
