"""Split annotation into independent batches that can run on any number of processes or machines.

Documents fall into a fixed number of buckets by their id, so a document
always lands in the same bucket. A bucket is a range of ids (ids are hashes,
so the ranges hold about as many documents each): the buckets' rows, taken in
bucket order, are in id order, and merging them needs no sort. Each bucket
keeps its own Parquet files of results and its own record of what it
annotated (`BucketFiles`), so batches never write the same file and a bucket
whose documents did not change is not touched. A run groups the buckets that
have work into at most `max_batches` batches of about equal work; one final
step merges every bucket's files. A run with fewer batches than cores lets
each parse on its share of them.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

BUCKETS = 32
# Each batch is a process that loads the model and the gazetteer (a few seconds, a few hundred MB):
# below this many documents a second batch costs more than it saves, so ~100 new documents are one batch.
MIN_DOCUMENTS_PER_BATCH = 250
# A batch parses on more than its own process only from this many documents: a worker process costs
# about two seconds to start (spaCy, the model), which a few documents do not repay.
SHARED_FROM = 24
# Folder of the bucket files under the Parquet folder; the count and the layout (ranges of ids)
# are in the name, so changing either starts afresh rather than reading files laid out otherwise.
ANNOTATIONS_FOLDER = f"annotations-{BUCKETS}-ranges"
_ID_PREFIX_DIGITS = 8  # hex digits of a doc_id that pick its bucket


def bucket_of(doc_id: str) -> int:
    """The bucket a document belongs to, by the range its id falls in; stable across runs and machines."""
    return int(doc_id[:_ID_PREFIX_DIGITS], 16) * BUCKETS >> (4 * _ID_PREFIX_DIGITS)


def buckets_of(doc_ids: pa.ChunkedArray | pa.Array) -> pa.Array:
    """`bucket_of` for each id of an Arrow column, as an Arrow column."""
    return pa.array([bucket_of(doc_id) for doc_id in doc_ids.to_pylist()], pa.int64())


@dataclass(frozen=True)
class Batch:
    number: int
    buckets: tuple[int, ...]
    documents: int  # documents to annotate in these buckets
    reannotate: bool = False  # annotate every document in the buckets, changed or not
    processes: int = 1  # processes it may parse on: its share of the cores (see `share_cores`)
    # The documents the plan found new or changed in these buckets (`with_planned_documents`): the batch
    # computes annotation keys for these only, not for every document of its buckets again.
    planned: frozenset[str] = frozenset()

    @property
    def key(self) -> str:
        """Name of the batch's step in Dagster (`annotate_batch[batch_03]`)."""
        return f"batch_{self.number:02d}"


def buckets_with_work(keys: dict[str, str], done: dict[str, str]) -> dict[int, int]:
    """Bucket -> documents to annotate, for every bucket whose documents changed.

    `keys` are the current annotation keys by document, `done` the keys the
    buckets last annotated. A bucket that only lost documents has work too
    (0 documents): its files must drop their rows.
    """
    work: dict[int, int] = {}
    for doc_id in _to_annotate(keys, done):
        bucket = bucket_of(doc_id)
        work[bucket] = work.get(bucket, 0) + 1
    for doc_id in done.keys() - keys.keys():
        work.setdefault(bucket_of(doc_id), 0)
    return work


def documents_with_work(keys: dict[str, str], done: dict[str, str]) -> set[str]:
    """The documents whose annotation key is not the one their bucket last annotated them with."""
    return set(_to_annotate(keys, done))


def characters_with_work(keys: dict[str, str], done: dict[str, str], sizes: dict[str, int]) -> dict[int, int]:
    """Bucket -> characters of its documents to annotate (`sizes` by document): what parsing time follows."""
    characters: dict[int, int] = {}
    for doc_id in _to_annotate(keys, done):
        bucket = bucket_of(doc_id)
        characters[bucket] = characters.get(bucket, 0) + sizes[doc_id]
    return characters


def _to_annotate(keys: dict[str, str], done: dict[str, str]) -> Iterator[str]:
    return (doc_id for doc_id, key in keys.items() if done.get(doc_id) != key)


def group_into_batches(
    work: dict[int, int],
    max_batches: int,
    min_documents: int = MIN_DOCUMENTS_PER_BATCH,
    weights: dict[int, int] | None = None,
) -> list[Batch]:
    """At most `max_batches` batches of buckets, balanced by `weights` (heaviest bucket first).

    `weights` are what each bucket costs, such as its characters to parse (`characters_with_work`);
    by default its documents. No more batches than give each about `min_documents` documents, so a
    small run starts few processes.
    """
    if not work:
        return []
    weights = weights if weights is not None else work
    worth_it = -(-sum(work.values()) // max(1, min_documents))  # ceiling division
    count = max(1, min(max_batches, len(work), worth_it))
    heap = [(0, number, []) for number in range(count)]
    for bucket in sorted(work, key=lambda bucket: (-weights.get(bucket, 0), bucket)):
        load, number, members = heapq.heappop(heap)
        members.append(bucket)
        heapq.heappush(heap, (load + weights.get(bucket, 0), number, members))
    batches = [Batch(number, tuple(sorted(members)), sum(work[b] for b in members)) for _, number, members in heap if members]
    return sorted(batches, key=lambda batch: batch.number)


def with_planned_documents(planned: list[Batch], documents: set[str]) -> list[Batch]:
    """`planned` with each of `documents` (see `documents_with_work`) given to the batch of its bucket."""
    batch_of = {bucket: batch.number for batch in planned for bucket in batch.buckets}
    members: dict[int, set[str]] = {batch.number: set() for batch in planned}
    for doc_id in documents:  # each id's bucket computed once, not once per batch
        members[batch_of[bucket_of(doc_id)]].add(doc_id)
    return [dataclasses.replace(batch, planned=frozenset(members[batch.number])) for batch in planned]


def share_cores(planned: list[Batch], cores: int) -> list[Batch]:
    """`planned` with the cores no batch takes shared out between them: a run of fewer batches
    than cores (~100 new documents make one) still parses on every core."""
    share = max(1, cores // max(1, len(planned)))
    return [dataclasses.replace(batch, processes=share if batch.documents >= SHARED_FROM else 1) for batch in planned]


def obsolete_bucket_folders(parquet_folder: Path) -> list[Path]:
    """Bucket folders of another count or layout than `ANNOTATIONS_FOLDER`: results no run reads any more."""
    return sorted(path for path in parquet_folder.glob("annotations-*") if path.is_dir() and path.name != ANNOTATIONS_FOLDER)


SEGMENTS_FOLDER = "segments"


@dataclass(frozen=True)
class BucketFiles:
    """Where one bucket keeps its results: `<folder>/<table>/bucket-NN.parquet`, and the rows
    appended since as segments, `<folder>/<table>/segments/bucket-NN-K.parquet` (K from 1)."""

    folder: Path

    def path(self, table: str, bucket: int) -> Path:
        return self.folder / table / f"bucket-{bucket:02d}.parquet"

    def buckets(self, table: str) -> list[int]:
        """Numbers of the buckets with a file of `table` of their own (not counting segments), in order."""
        return sorted(int(path.stem.removeprefix("bucket-")) for path in (self.folder / table).glob("bucket-*.parquet"))

    def segment_path(self, table: str, bucket: int, segment: int) -> Path:
        return self.folder / table / SEGMENTS_FOLDER / f"bucket-{bucket:02d}-{segment}.parquet"

    def segments(self, table: str, bucket: int | None = None) -> dict[int, list[int]]:
        """Bucket -> numbers of its segment files of `table` (of `bucket` only, when given), in order."""
        pattern = f"bucket-{bucket:02d}-*.parquet" if bucket is not None else "bucket-*-*.parquet"
        found: dict[int, list[int]] = {}
        for path in (self.folder / table / SEGMENTS_FOLDER).glob(pattern):
            number, _, segment = path.stem.removeprefix("bucket-").partition("-")
            found.setdefault(int(number), []).append(int(segment))
        return {number: sorted(segments) for number, segments in sorted(found.items())}
