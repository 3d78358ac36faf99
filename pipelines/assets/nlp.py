"""NLP: spaCy over document bodies, then entities resolved across the corpus and figures tied to them.

spaCy, the extractors and the resolution rules are imported by the steps that use them, so
the processes that only orchestrate a run (and the fork server every step starts from) stay
small: a build's memory is that of its annotation batches.
"""

import dataclasses
import os
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from pipelines.assets.metadata import definition_metadata, stored_table_metadata
from pipelines.assets.repair import is_current
from pipelines.checks import begin_checks_ahead
from pipelines.core import annotation_keys, batches, model, schemas, workers
from pipelines.core.code_version import source_of
from pipelines.core.store import ParquetStore, begin_ahead, taken_ahead
from pipelines.progress import progress_message
from pipelines.resources import OWNERS, WAREHOUSE_POOL, WarehouseResource, tags_for

if TYPE_CHECKING:
    from pipelines.core.resolution import KnownNames

NLP = "nlp"
PROGRESS_SECONDS = 2.0  # at most one progress line per batch this often in the run log


class AnnotationConfig(dg.Config):
    reannotate_all: bool = Field(
        default=False,
        description="Annotate every document again instead of reusing results for unchanged ones.",
    )
    max_batches: int = Field(
        # One per core: each batch is a process that imports spaCy and loads the model and the gazetteer.
        default=os.cpu_count() or 1,
        description="Most batches to split the work into. Batches run in parallel, up to the "
        "executor's limit (one per core locally, one per worker on Celery).",
    )


def annotation_run_config(reannotate_all: bool = False) -> dict:
    """Run config setting `AnnotationConfig` (the planning step inside `annotate_documents`)."""
    config = {"reannotate_all": reannotate_all}
    return {"ops": {"annotate_documents": {"ops": {"plan_annotation_batches": {"config": config}}}}}


def _bucket_files(warehouse: WarehouseResource) -> batches.BucketFiles:
    return batches.BucketFiles(warehouse.store.folder / batches.ANNOTATIONS_FOLDER)


def _documents_to_annotate(warehouse: WarehouseResource) -> list:
    """Every document with its current annotation key (`annotation_keys.DocumentToAnnotate`)."""
    documents = warehouse.store.read("documents", schemas.DOCUMENTS, columns=annotation_keys.DOCUMENT_COLUMNS)
    return annotation_keys.documents_to_annotate(documents, model.configured_model_name())


def _annotations_stamp(warehouse: WarehouseResource) -> str:
    """What the merged annotation tables derive from: the documents, the model, the extractors' code."""
    stamp = warehouse.store.inputs_stamp(["documents"])
    return f"{stamp}:{model.configured_model_name()}:{model.extractor_version()}"


@dg.op(ins={"documents": dg.In(dg.Nothing)}, out=dg.DynamicOut(batches.Batch), pool=WAREHOUSE_POOL)
def plan_annotation_batches(context: dg.OpExecutionContext, config: AnnotationConfig, warehouse: WarehouseResource):
    """Find the buckets whose documents changed and split them into balanced batches."""
    from pipelines.core import annotation_buckets

    stamp, files = _annotations_stamp(warehouse), _bucket_files(warehouse)
    damaged = annotation_buckets.bucket_problems(files)
    for bucket, problems in damaged.items():
        context.log.warning(f"bucket {bucket:02d} is annotated again: {'; '.join(problems)}")
    unchanged = is_current(context, warehouse.store, "date_mentions", schemas.DATE_MENTIONS, stamp)
    if unchanged and not (config.reannotate_all or damaged):
        # The documents, model and code are what the published tables were built from.
        work, characters, to_annotate = {}, {}, set()
    else:
        documents = _documents_to_annotate(warehouse)
        done = {} if config.reannotate_all else annotation_buckets.read_states(files)
        keys = {d.doc_id: d.key for d in documents}
        work = batches.buckets_with_work(keys, done)
        characters = batches.characters_with_work(keys, done, {d.doc_id: len(d.body) for d in documents})
        to_annotate = batches.documents_with_work(keys, done)
        # Every bucket when re-annotating all; damaged buckets even when none of their documents is left.
        rewrite = range(batches.BUCKETS) if config.reannotate_all else damaged
        work |= {bucket: 0 for bucket in rewrite if bucket not in work}
    planned = batches.group_into_batches(work, config.max_batches, weights=characters)
    planned = batches.share_cores(batches.with_planned_documents(planned, to_annotate), workers.cores())
    context.log.info(
        f"{sum(b.documents for b in planned)} documents to annotate in {len(work)} of {batches.BUCKETS} buckets, "
        f"as {len(planned)} batches"
    )
    # Always at least one batch, so the merge step runs and the assets record a materialization.
    for batch in planned or [batches.Batch(0, (), 0)]:
        yield dg.DynamicOutput(
            dataclasses.replace(batch, reannotate=config.reannotate_all),
            mapping_key=batch.key,
            metadata={"documents": batch.documents, "buckets": len(batch.buckets)},
        )


@dg.op(pool=WAREHOUSE_POOL)
def annotate_batch(
    context: dg.OpExecutionContext, warehouse: WarehouseResource, batch: batches.Batch
) -> list:
    """Parse one batch's new or changed documents with spaCy and write its buckets' result files
    (one `annotation_buckets.BucketResult` each)."""
    if not batch.buckets:  # the one empty batch of a run with nothing to annotate: no spaCy to import
        return []
    from pipelines.core import annotation_buckets

    model_name, started, last_report = model.configured_model_name(), time.monotonic(), 0.0
    processes = min(batch.processes, workers.cores())
    # Started first, so the workers load the model while this process reads the batch's documents.
    with annotation_buckets.parser_pool(processes, model_name) as pool:
        if pool.processes > 1:
            context.log.info(f"{batch.key}: parsing on {pool.processes} processes")
        wanted = pa.array(batch.buckets, pa.int64())
        # The batch's documents stay in Arrow, read a batch of rows at a time; Python holds one bucket's
        # at once (and, parsing on worker processes, the documents to parse).
        documents = warehouse.store.read_where(
            "documents",
            schemas.DOCUMENTS,
            lambda rows: pc.is_in(batches.buckets_of(rows["doc_id"]), wanted),
            columns=annotation_keys.DOCUMENT_COLUMNS,
        )
        buckets = batches.buckets_of(documents["doc_id"])

        def progress(done: int) -> None:
            nonlocal last_report
            now = time.monotonic()
            if now - last_report >= PROGRESS_SECONDS or done == batch.documents:
                context.log.info(progress_message(batch.key, done, batch.documents))
                last_report = now

        members = ((bucket, documents.filter(pc.equal(buckets, bucket))) for bucket in batch.buckets)
        results = list(
            annotation_buckets.annotate_buckets(
                _bucket_files(warehouse),
                members,
                model_name,
                planned=batch.planned,
                reannotate_all=batch.reannotate,
                pool=pool,
                progress=progress,
            )
        )
    finished = sum(r.annotated + r.skipped for r in results)
    tokens = sum(r.tokens for r in results)
    elapsed = time.monotonic() - started
    context.log.info(f"{batch.key}: {finished} documents, {tokens:,} tokens in {elapsed:.1f}s ({tokens / max(elapsed, 1e-9):,.0f} tokens/s)")
    return results


# What annotate_documents writes, with the text the UI shows for each.
_ANNOTATION_ASSETS = {
    "article_mentions": "Entity mentions per document as the NER model and the correction rules found them, "
    "before they are merged into corpus entities.",
    "article_figures": "Numeric claims per document, with the actor as written.",
    "date_mentions": "Every date expression in a title, subtitle or body, resolved against the publication "
    "date (or the nearest fuller date in the article), with the granularity written.",
    "annotation_status": "Whether each document was annotated, and the error when it was not: one bad "
    "document never stops the others.",
}


@dg.op(
    out={name: dg.Out(dg.Nothing) for name in _ANNOTATION_ASSETS},
    pool=WAREHOUSE_POOL,
)
def merge_annotation_batches(
    context: dg.OpExecutionContext, warehouse: WarehouseResource, results: list[list]
):
    """Merge every bucket's result files into one table each (rewritten only when rows changed), reading
    only the files that changed since the last merge."""
    from pipelines.core import annotation_buckets

    flat = [result for batch in results for result in batch]
    annotated, reused = sum(r.annotated for r in flat), sum(r.reused for r in flat)
    skipped = sum(r.skipped for r in flat)
    tokens, seconds = sum(r.tokens for r in flat), sum(r.seconds for r in flat)
    stamp, files, store = _annotations_stamp(warehouse), _bucket_files(warehouse), warehouse.store
    tables = {**schemas.ANNOTATION_TABLES, "annotation_status": schemas.ANNOTATION_STATUS}
    written, merged = {}, {}
    with store.writing_behind() as write_behind:  # each table is written while the next is merged
        for name, schema in tables.items():
            # Asked first, so a damaged table is named even when it is rewritten anyway.
            current = is_current(context, store, name, schema, stamp)
            if flat or not current:
                # Only the buckets whose files changed since the stored table was merged are read.
                merged[name] = annotation_buckets.merged_table(files, name, store.path(name))
                written[name] = write_behind(name, merged[name].rows, schema, inputs=stamp)
    if merged:
        annotation_buckets.record_merge(files, {name: (merged[name], written[name].result().fingerprint) for name in merged})
        if "date_mentions" in written and written["date_mentions"].result().changed:
            # Final now, with new rows: its checks run on a thread while entities are resolved.
            begin_checks_ahead(warehouse, "date_mentions")
    for name in tables:
        metadata = stored_table_metadata(
            store,
            name,
            documents_annotated=annotated,
            documents_skipped=skipped,
            buckets_updated=len(flat),
            buckets_read=merged[name].buckets_read if name in merged else 0,
            rewritten=name in written and written[name].result().changed,
        )
        yield dg.Output(None, output_name=name, metadata=metadata)
    for folder in batches.obsolete_bucket_folders(store.folder):
        shutil.rmtree(folder)
        context.log.info(f"removed {folder}: bucket files of an earlier layout, which no run reads")
    if annotated:
        context.log.info(f"NLP: {annotated} documents ({reused} kept in the same buckets), {tokens:,} tokens, {seconds:.1f}s of batch time")
    if skipped:
        context.log.info(f"{skipped} document(s) not annotated, not in English: see annotation_status (status 'skipped')")
    failed = sum(r.failed for r in flat)
    if failed:
        context.log.warning(f"{failed} document(s) could not be annotated: see the annotation_status table")


@dg.graph_multi_asset(
    outs={
        name: dg.AssetOut(
            description=description,
            metadata=definition_metadata(name),
            kinds={"spacy", "parquet"},
            dagster_type=dg.Nothing,
            owners=OWNERS,
            tags=tags_for(NLP),
        )
        for name, description in _ANNOTATION_ASSETS.items()
    },
    ins={"documents": dg.AssetIn(dagster_type=dg.Nothing)},
    group_name=NLP,
)
def annotate_documents(documents):
    """Parse new or changed documents with spaCy and extract mentions, figures and dates, in
    independent batches of document buckets that run in parallel; results for unchanged
    documents are reused."""
    results = plan_annotation_batches(documents).map(annotate_batch)
    mentions, figures_, dates, status = merge_annotation_batches(results.collect())
    return {"article_mentions": mentions, "article_figures": figures_, "date_mentions": dates, "annotation_status": status}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "entities",
            deps=["article_mentions"],
            group_name=NLP,
            metadata=definition_metadata("entities"),
            owners=OWNERS,
            tags=tags_for(NLP),
            description="One row per real-world entity across all documents, with its aliases, "
            "mention and document counts; for places their type, ISO country code, coordinates and "
            "country's entity, for nationality words the country they refer to.",
            kinds={"parquet"},
        ),
        dg.AssetSpec(
            "entity_mentions",
            deps=["article_mentions"],
            group_name=NLP,
            metadata=definition_metadata("entity_mentions"),
            owners=OWNERS,
            tags=tags_for(NLP),
            description="One row per entity mention: where it is in the body, its sentence, and its entity.",
            kinds={"parquet"},
        ),
    ],
    pool=WAREHOUSE_POOL,
)
def resolve_entities(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Merge mentions from every document into canonical entities and link each mention to its
    entity (the rules are in `pipelines.core.resolution`)."""
    store = warehouse.store
    # The rules and what they import, transitively: a change to any of them resolves again.
    # Read from the files: the rules (and spaCy, which they import) load only to resolve again.
    rules = source_of("pipelines.core.resolution")
    inputs = store.inputs_stamp(["article_mentions"], rules)
    changed = {"entities": False, "entity_mentions": False}
    names_worked_out = 0  # answers about names the rules worked out, not kept from an earlier run
    if all(is_current(context, store, name, schemas.PUBLIC_TABLES[name], inputs) for name in changed):
        context.log.info("mentions and rules unchanged: entities are up to date")
    else:
        from pipelines.core import resolution

        known, known_inputs = _known_names(context, store, rules)
        entity_table, mention_table = resolution.resolve_corpus(store.read("article_mentions", schemas.ENTITY_MENTIONS), known)
        with store.writing_behind() as write_behind:  # the mentions behind, the entities here meanwhile
            mentions_written = write_behind("entity_mentions", mention_table, schemas.PUBLIC_TABLES["entity_mentions"], inputs=inputs)
            changed["entities"] = store.write("entities", entity_table, schemas.PUBLIC_TABLES["entities"], inputs=inputs).changed
            write_behind(resolution.KNOWN_NAMES_FILE, known.table(), resolution.KNOWN_NAMES, inputs=known_inputs)
        changed["entity_mentions"] = mentions_written.result().changed
        names_worked_out = known.learned
        context.log.info(
            f"{entity_table.num_rows} entities from {mention_table.num_rows} mentions "
            f"({names_worked_out} answers about names worked out, the others kept from earlier runs)"
        )
        # Every public table but `figures` is final now: the publish's copy of the warehouse is begun meanwhile.
        from pipelines.assets.warehouse import publish_ahead

        publish_ahead(warehouse, [name for name in schemas.PUBLIC_TABLES if name != "figures"])
    for name, rewritten in changed.items():
        extra = {"names_worked_out": names_worked_out} if name == "entities" else {}
        yield dg.MaterializeResult(asset_key=name, metadata=stored_table_metadata(store, name, rewritten=rewritten, **extra))
    # The figures' inputs are final too: when the figures are not current with them, they are linked on a
    # thread while the mentions are checked (the `figures` step, which those checks block, takes them).
    # Begun last, as linking keeps the interpreter busy.
    figures_inputs = _figures_inputs(store)
    if not store.is_current("figures", schemas.FIGURES, figures_inputs):
        begin_ahead("figures", figures_inputs, lambda: _linked_figures(store))


def _known_names(context: dg.AssetExecutionContext, store: ParquetStore, rules: Path) -> tuple["KnownNames", str]:
    """The answers about names kept by the last resolution (`resolution.KnownNames`) when the code of
    the `rules` is the same, and the stamp to keep this run's with. A missing or damaged file only costs
    time: the answers are worked out again and the file written afresh (so `doctor` need not list it)."""
    from pipelines.core import resolution

    name, inputs = resolution.KNOWN_NAMES_FILE, store.inputs_stamp([], rules)
    if store.exists(name) and is_current(context, store, name, resolution.KNOWN_NAMES, inputs):
        return resolution.KnownNames(store.read(name, resolution.KNOWN_NAMES)), inputs
    return resolution.KnownNames(), inputs


def _figures_inputs(store: ParquetStore) -> str:
    """The stamp of what `figures` is made from: its input tables and the code that links them."""
    from pipelines.core import claims

    code = [source_of("pipelines.core.claims"), *sorted(claims.SQL_FOLDER.glob("*.sql"))]
    return store.inputs_stamp(["article_figures", "entities", "entity_mentions"], *code)


def _linked_figures(store: ParquetStore) -> pa.Table:
    """Each stored figure with its actor and source linked to their entities (`claims.link_figures`)."""
    from pipelines.core import claims

    return claims.link_figures(
        store.read("article_figures", schemas.FIGURES),
        store.read("entity_mentions", schemas.ENTITY_MENTIONS),
        store.read("entities", schemas.ENTITIES),
    )


@dg.asset(
    deps=["article_figures", "entities", "entity_mentions"],
    group_name=NLP,
    kinds={"parquet"},
    metadata=definition_metadata("figures"),
    owners=OWNERS,
    tags=tags_for(NLP),
    pool=WAREHOUSE_POOL,
)
def figures(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """One row per numeric claim: value or bounds, qualifier, what is counted (unit, category),
    whose (actor, a canonical entity name) and who says so (source)."""
    store = warehouse.store
    inputs = _figures_inputs(store)
    ahead = taken_ahead("figures", inputs)  # linked while the mentions were checked, from these very inputs
    changed = False
    if is_current(context, store, "figures", schemas.FIGURES, inputs):
        context.log.info("figures and entities unchanged: figures are up to date")
    else:
        linked = ahead.result() if ahead is not None else _linked_figures(store)
        changed = store.write("figures", linked, schemas.FIGURES, inputs=inputs).changed
        if ahead is not None:
            context.log.info("figures linked to their entities while the mentions were checked")
    attributed = store.read("figures", schemas.FIGURES, columns=["actor", "source", "source_entity_id"])
    with_actor = len(attributed) - attributed["actor"].null_count
    context.log.info(f"{len(attributed)} figures, {with_actor} with an actor")
    return dg.MaterializeResult(
        metadata=stored_table_metadata(
            store,
            "figures",
            figures_with_actor=with_actor,
            figures_with_source=len(attributed) - attributed["source"].null_count,
            figures_with_source_entity=len(attributed) - attributed["source_entity_id"].null_count,
            rewritten=changed,
        )
    )
