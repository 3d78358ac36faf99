"""Splitting annotation work into batches: stable buckets, balanced batches, nothing lost."""

import pyarrow as pa
import pytest

from pipelines.core.batches import (
    ANNOTATIONS_FOLDER,
    BUCKETS,
    Batch,
    bucket_of,
    buckets_of,
    buckets_with_work,
    characters_with_work,
    documents_with_work,
    obsolete_bucket_folders,
    SHARED_FROM,
    group_into_batches,
    share_cores,
    with_planned_documents,
)
from pipelines.core.sources import document_id


def test_a_document_always_lands_in_the_same_bucket():
    ids = [document_id(f"article {n}") for n in range(2000)]
    assert [bucket_of(i) for i in ids] == [bucket_of(i) for i in ids]
    counts = [sum(1 for i in ids if bucket_of(i) == b) for b in range(BUCKETS)]
    assert min(counts) > 0.5 * len(ids) / BUCKETS  # hashing spreads documents evenly


def test_buckets_in_order_hold_the_ids_in_order():
    # Merging the buckets' rows then needs no sort: each bucket's rows are sorted by id already.
    ids = sorted(document_id(f"dispatch {n}") for n in range(2000))
    buckets = [bucket_of(i) for i in ids]
    assert buckets == sorted(buckets)
    assert set(buckets) == set(range(BUCKETS))


def test_bucket_folders_of_another_layout_are_obsolete(tmp_path):
    for name in (ANNOTATIONS_FOLDER, "annotations-32", "annotations-16"):
        (tmp_path / name / "date_mentions").mkdir(parents=True)
    (tmp_path / "annotations-notes.txt").write_text("a file, not a bucket folder")
    assert obsolete_bucket_folders(tmp_path) == [tmp_path / "annotations-16", tmp_path / "annotations-32"]


def test_an_arrow_column_of_ids_gets_the_same_buckets():
    ids = [document_id(f"report {n}") for n in range(50)]
    assert buckets_of(pa.chunked_array([ids[:20], ids[20:]])).to_pylist() == [bucket_of(i) for i in ids]


def test_only_buckets_with_new_changed_or_removed_documents_have_work():
    # One bucket each: a bucket is a range of ids, 1/32 of the first eight hex digits.
    new, changed, removed, same = "08000000" * 2, "10000000" * 2, "18000000" * 2, "20000000" * 2
    keys = {new: "k", changed: "k2", same: "k"}
    done = {changed: "k1", removed: "k", same: "k"}
    assert buckets_with_work(keys, done) == {bucket_of(new): 1, bucket_of(changed): 1, bucket_of(removed): 0}
    sizes = {new: 300, changed: 40, same: 7}
    assert characters_with_work(keys, done, sizes) == {bucket_of(new): 300, bucket_of(changed): 40}
    assert documents_with_work(keys, done) == {new, changed}


def test_each_planned_document_goes_to_the_batch_of_its_bucket():
    ids = {document_id(f"dispatch {n}") for n in range(300)}
    work = {}
    for doc_id in ids:
        work[bucket_of(doc_id)] = work.get(bucket_of(doc_id), 0) + 1
    planned = with_planned_documents(group_into_batches(work, 3, min_documents=1), ids)
    assert sorted(d for batch in planned for d in batch.planned) == sorted(ids)
    assert all(bucket_of(d) in batch.buckets for batch in planned for d in batch.planned)
    assert [len(batch.planned) for batch in planned] == [batch.documents for batch in planned]


@pytest.mark.parametrize("max_batches", [1, 2, 4, 64])
def test_batches_cover_every_bucket_once_and_are_balanced(max_batches):
    work = {bucket: 10 + bucket % 5 for bucket in range(BUCKETS)}
    planned = group_into_batches(work, max_batches, min_documents=1)
    assert len(planned) == min(max_batches, BUCKETS)
    assert sorted(b for batch in planned for b in batch.buckets) == sorted(work)
    assert sum(batch.documents for batch in planned) == sum(work.values())
    loads = [batch.documents for batch in planned]
    assert max(loads) - min(loads) <= max(work.values())


def test_batches_are_balanced_by_the_weight_given_not_by_documents():
    # Two buckets of long articles and six of short notes: as many documents each, far from as much to parse.
    work = dict.fromkeys(range(8), 100)
    weights = {0: 900_000, 1: 900_000} | dict.fromkeys(range(2, 8), 150_000)
    planned = group_into_batches(work, 2, min_documents=1, weights=weights)
    assert sorted(sum(weights[b] for b in batch.buckets) for batch in planned) == [900_000 + 3 * 150_000] * 2
    assert [batch.documents for batch in planned] == [400, 400]
    # By documents alone, the one bucket of long articles would share its batch with a bucket of notes.
    work, weights = dict.fromkeys(range(4), 100), {0: 900_000, 1: 1_000, 2: 1_000, 3: 1_000}
    assert [b.buckets for b in group_into_batches(work, 2, min_documents=1)] == [(0, 2), (1, 3)]
    assert [b.buckets for b in group_into_batches(work, 2, min_documents=1, weights=weights)] == [(0,), (1, 2, 3)]


@pytest.mark.parametrize(("documents", "expected"), [(1, 1), (100, 1), (250, 1), (251, 2), (999, 4), (10_000, 4)])
def test_a_small_run_loads_the_model_in_few_batches(documents, expected):
    # Spread over every bucket, as new documents are.
    work = {bucket: documents // BUCKETS + (bucket < documents % BUCKETS) for bucket in range(BUCKETS)}
    planned = group_into_batches(work, 4, min_documents=250)
    assert len(planned) == expected
    assert sorted(b for batch in planned for b in batch.buckets) == sorted(work)


def test_no_work_means_no_batches_and_keys_name_the_steps():
    assert group_into_batches({}, 4) == []
    assert Batch(3, (1, 2), 5).key == "batch_03"


@pytest.mark.parametrize(
    ("documents", "cores", "expected"),
    [
        ((100,), 2, [2]),  # one batch of a small run parses on both cores
        ((100,), 8, [8]),
        ((SHARED_FROM - 1,), 2, [1]),  # too few to repay starting a worker
        ((3000, 3000), 2, [1, 1]),  # a batch per core already
        ((900, 900, 900), 8, [2, 2, 2]),
        ((100,), 1, [1]),
    ],
)
def test_cores_no_batch_takes_are_shared_out_between_the_batches(documents, cores, expected):
    planned = [Batch(number, (number,), count) for number, count in enumerate(documents)]
    assert [batch.processes for batch in share_cores(planned, cores)] == expected
