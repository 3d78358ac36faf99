"""What `news-warehouse doctor` reports: every derived file checked as a build would check it, nothing changed.

Each finding names a file, what is wrong with it, and what the next build does
about it. The checks are the ones the pipeline runs on read (`store.check_table`,
`store.database_problem`, `annotation_buckets.bucket_problems`, doc_id against the text's
hash), so the report says exactly what the next build will repair.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.core import annotation_buckets, schemas, search_index, texts
from pipelines.core.atomic import temporaries
from pipelines.core.batches import ANNOTATIONS_FOLDER, BucketFiles
from pipelines.core.locking import describe_holder, is_locked
from pipelines.core.sources import text_matches_id
from pipelines.core.store import DATABASE_NAME, ParquetStore, check_table, database_problem

# Each stored table, with what it is rebuilt from.
DERIVED_FROM = {
    "source_files": "a fresh scan of the input folder",
    **dict.fromkeys(texts.FILES, "the input files"),
    "documents": "source_files and document_texts",
    "document_signatures": "document_texts",
    "article_mentions": "the bucket files",
    "article_figures": "the bucket files",
    "date_mentions": "the bucket files",
    "annotation_status": "the bucket files",
    "entities": "article_mentions",
    "entity_mentions": "article_mentions",
    "figures": "article_figures and the entities",
    **dict.fromkeys(search_index.FILES, "documents"),
}
# Files an earlier version did not write: missing, they are no loss.
ADDITIONS_FILES = {texts.ADDITIONS, search_index.ADDITIONS}
SCHEMAS = (
    {name: schemas.TABLES[name].schema for name in schemas.TABLES}
    | {texts.ADDITIONS: schemas.DOCUMENT_TEXTS}
    | schemas.ANNOTATION_TABLES
    | dict.fromkeys(search_index.FILES, search_index.TERMS)
)


@dataclass(frozen=True)
class Finding:
    path: Path
    problem: str
    repair: str

    def __str__(self) -> str:
        return f"{self.path} {self.problem}\n    -> {self.repair}"


def diagnose(warehouse_dir: Path) -> list[Finding]:
    """Everything under `warehouse_dir` the next build would repair or clean up."""
    warehouse_dir = Path(warehouse_dir)
    store = ParquetStore(warehouse_dir)
    built = store.published_before()
    findings = []
    for name, schema in SCHEMAS.items():
        problem = check_table(store.path(name), schema)
        if problem is not None and (store.exists(name) or (built and name not in ADDITIONS_FILES)):
            findings.append(Finding(store.path(name), problem, f"rebuilt from {DERIVED_FROM[name]} by the next build"))
    findings += _texts_not_matching_their_ids(store)
    for bucket, problems in annotation_buckets.bucket_problems(BucketFiles(store.folder / ANNOTATIONS_FOLDER)).items():
        findings.append(
            Finding(store.folder / ANNOTATIONS_FOLDER, f"bucket {bucket:02d}: {'; '.join(problems)}",
                    "the bucket's documents are annotated again by the next build")
        )
    database = warehouse_dir / DATABASE_NAME
    if built or database.exists():
        if (problem := database_problem(database)) is not None:
            findings.append(Finding(database, problem, "rebuilt from the Parquet tables by the next build"))
    if not is_locked(warehouse_dir):  # while a build runs, its temporary files are its work in progress
        findings += [Finding(path, "is left over from an interrupted run", "deleted by the next build")
                     for path in temporaries(warehouse_dir)]
    return findings


def running_build(warehouse_dir: Path) -> str | None:
    """Who is writing the warehouse now, if anyone."""
    return describe_holder(warehouse_dir) if is_locked(warehouse_dir) else None


def _texts_not_matching_their_ids(store: ParquetStore) -> list[Finding]:
    findings = []
    for name in texts.FILES:
        path = store.path(name)
        try:
            rows = pq.read_table(path, columns=["doc_id", "text"])
        except (OSError, pa.ArrowException):  # missing or unreadable: reported above
            continue
        wrong = [doc_id for doc_id, text in zip(rows["doc_id"].to_pylist(), rows["text"].to_pylist())
                 if not text_matches_id(doc_id, text)]
        if wrong:
            findings.append(Finding(path, f"holds {len(wrong)} texts that do not match their doc_id ({', '.join(wrong[:5])})",
                                    "those texts are read again from their input files by the next build"))
    return findings
