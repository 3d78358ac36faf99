"""NLP: spaCy over document bodies, then entities resolved across the corpus and figures tied to them."""

import time

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from pipelines.assets.reporting import table_metadata
from pipelines.core import annotate, nlp, schemas
from pipelines.resources import WAREHOUSE_POOL, WarehouseResource

NLP = "nlp"
PROGRESS_EVERY = 25  # documents between progress lines in the run log

ANNOTATION_STATE = pa.schema(
    [pa.field("doc_id", pa.string(), nullable=False), pa.field("annotation_key", pa.string(), nullable=False)]
)


class AnnotationConfig(dg.Config):
    reannotate_all: bool = Field(
        default=False,
        description="Annotate every document again instead of reusing results for unchanged ones.",
    )


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "article_mentions",
            deps=["documents"],
            group_name=NLP,
            description="Entity mentions per document as the NER model and the correction rules found them, "
            "before they are merged into corpus entities.",
            kinds={"spacy", "parquet"},
        ),
        dg.AssetSpec(
            "article_figures",
            deps=["documents"],
            group_name=NLP,
            description="Numeric claims per document, with the actor as written.",
            kinds={"spacy", "parquet"},
        ),
        dg.AssetSpec(
            "date_mentions",
            deps=["documents"],
            group_name=NLP,
            description="Every date expression in a body, resolved against the publication date "
            "(or the nearest fuller date in the article), with the granularity written.",
            kinds={"spacy", "parquet"},
        ),
    ],
    pool=WAREHOUSE_POOL,
)
def annotate_documents(context: dg.AssetExecutionContext, config: AnnotationConfig, warehouse: WarehouseResource):
    """Parse new or changed documents with spaCy (small batches, flat memory) and extract
    mentions, figures and dates; results for unchanged documents are reused."""
    store = warehouse.store
    model_name = nlp.configured_model_name()
    version = annotate.extractor_version()
    docs = store.read("documents", schemas.DOCUMENTS).select(["doc_id", "body", "published_date"]).to_pylist()
    keys = {d["doc_id"]: annotate.annotation_key(d["body"], d["published_date"], model_name, version) for d in docs}
    state = store.read("annotation_state", ANNOTATION_STATE)
    done = {} if config.reannotate_all else dict(zip(state["doc_id"].to_pylist(), state["annotation_key"].to_pylist()))
    reuse = {doc_id for doc_id, key in keys.items() if done.get(doc_id) == key}
    todo = [
        annotate.DocumentToAnnotate(d["doc_id"], d["body"], d["published_date"]) for d in docs if d["doc_id"] not in reuse
    ]
    context.log.info(f"{len(todo)} documents to annotate with {model_name}, {len(reuse)} unchanged")

    def kept(name: str, schema: pa.Schema) -> list[dict]:
        table = store.read(name, schema)
        return table.filter(pc.is_in(table["doc_id"], pa.array(sorted(reuse), pa.string()))).to_pylist()

    mentions = kept("article_mentions", schemas.ENTITY_MENTIONS)
    figures = kept("article_figures", schemas.FIGURES)
    dates = kept("date_mentions", schemas.DATE_MENTIONS)
    started, words = time.monotonic(), 0
    # Guarded so a run with nothing new never loads the model.
    results = annotate.annotate(todo, model_name) if todo else []
    for count, result in enumerate(results, start=1):
        mentions += [annotate.mention_row(result.doc_id, m) for m in result.mentions]
        figures += [annotate.figure_row(result.doc_id, f) for f in result.figures]
        dates += [annotate.date_row(result.doc_id, d, sentence) for d, sentence in result.dates]
        words += result.words
        if count % PROGRESS_EVERY == 0 or count == len(todo):
            rate = words / max(time.monotonic() - started, 1e-9)
            context.log.info(f"annotated {count}/{len(todo)} documents ({rate:,.0f} tokens/s)")
    elapsed = time.monotonic() - started

    def write(name: str, rows: list[dict], schema: pa.Schema, preview: list[str]) -> dg.MaterializeResult:
        order = ["doc_id", "start_char", "end_char"]
        table = pa.Table.from_pylist(rows, schema=schema).sort_by([(c, "ascending") for c in order])
        written = store.write(name, table, schema)
        return dg.MaterializeResult(
            asset_key=name,
            metadata=table_metadata(
                table,
                preview,
                documents_annotated=len(todo),
                documents_reused=len(reuse),
                rewritten=written.changed,
                path=dg.MetadataValue.path(str(written.path)),
            ),
        )

    yield write("article_mentions", mentions, schemas.ENTITY_MENTIONS, ["doc_id", "text", "label", "canonical"])
    yield write("article_figures", figures, schemas.FIGURES, ["text", "qualifier", "value_low", "value_high", "category"])
    yield write("date_mentions", dates, schemas.DATE_MENTIONS, ["doc_id", "text", "value", "granularity"])
    # Written last: a run killed before this point annotates the same documents again next time.
    state = pa.table({"doc_id": list(keys), "annotation_key": list(keys.values())}, schema=ANNOTATION_STATE)
    store.write("annotation_state", state.sort_by("doc_id"), ANNOTATION_STATE)
    if todo:
        context.log.info(f"NLP took {elapsed:.1f}s for {words:,} tokens")


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "entities",
            deps=["article_mentions"],
            group_name=NLP,
            description="One row per real-world entity across all documents, with its aliases, "
            "mention and document counts, and for places an ISO country code and coordinates.",
            kinds={"parquet"},
        ),
        dg.AssetSpec(
            "entity_mentions",
            deps=["article_mentions"],
            group_name=NLP,
            description="One row per entity mention: where it is in the body, its sentence, and its entity.",
            kinds={"parquet"},
        ),
    ],
    pool=WAREHOUSE_POOL,
)
def resolve_entities(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Merge mentions from every document into canonical entities (country forms, surnames,
    titles and spelling variants collapse) and link each mention to its entity."""
    store = warehouse.store
    mentions = store.read("article_mentions", schemas.ENTITY_MENTIONS).to_pylist()
    found, entity_ids = annotate.resolve_corpus(mentions)
    for row, entity_id in zip(mentions, entity_ids):
        row["entity_id"] = entity_id
    entity_table = pa.Table.from_pylist([vars(e) | {"aliases": list(e.aliases)} for e in found], schema=schemas.ENTITIES)
    entity_table = entity_table.sort_by([("mention_count", "descending"), ("entity_id", "ascending")])
    mention_table = pa.Table.from_pylist(mentions, schema=schemas.ENTITY_MENTIONS)
    for name, table, preview in (
        ("entities", entity_table, ["name", "label", "mention_count", "doc_count", "country_code"]),
        ("entity_mentions", mention_table, ["doc_id", "text", "label", "entity_id"]),
    ):
        written = store.write(name, table, schemas.PUBLIC_TABLES[name])
        yield dg.MaterializeResult(
            asset_key=name,
            metadata=table_metadata(table, preview, rewritten=written.changed, path=dg.MetadataValue.path(str(written.path))),
        )
    context.log.info(f"{entity_table.num_rows} entities from {mention_table.num_rows} mentions")


@dg.asset(
    deps=["article_figures", "entities", "entity_mentions"],
    group_name=NLP,
    kinds={"parquet"},
    pool=WAREHOUSE_POOL,
)
def figures(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """One row per numeric claim: value or bounds, qualifier, what is counted (unit, category),
    whose (actor, a canonical entity name) and who says so (source)."""
    store = warehouse.store
    rows = store.read("article_figures", schemas.FIGURES).to_pylist()
    names = {row["entity_id"]: row["name"] for row in store.read("entities", schemas.ENTITIES).to_pylist()}
    names_in_document = {
        (m["doc_id"], m["text"]): names[m["entity_id"]]
        for m in store.read("entity_mentions", schemas.ENTITY_MENTIONS).to_pylist()
        if m["entity_id"] in names
    }
    for row in rows:
        row["actor"] = annotate.actor_name(row["actor_text"], row["doc_id"], names_in_document)
    table = pa.Table.from_pylist(rows, schema=schemas.FIGURES)
    written = store.write("figures", table, schemas.FIGURES)
    with_actor = sum(1 for row in rows if row["actor"])
    context.log.info(f"{table.num_rows} figures, {with_actor} with an actor")
    return dg.MaterializeResult(
        metadata=table_metadata(
            table,
            ["text", "qualifier", "value_low", "value_high", "category", "actor", "source"],
            figures_with_actor=with_actor,
            figures_with_source=sum(1 for row in rows if row["source"]),
            rewritten=written.changed,
            path=dg.MetadataValue.path(str(written.path)),
        )
    )
