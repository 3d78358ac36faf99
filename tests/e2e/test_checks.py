"""Asset checks catch what they are there to catch: run over a copy of a built warehouse, then broken on purpose."""

import shutil

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from pipelines import checks
from pipelines.checks import CARRIED_OVER_KEY, OffsetsCheck, _broken_offsets
from pipelines.core import schemas
from pipelines.core.store import ParquetStore
from pipelines.resources import WarehouseResource


@pytest.fixture
def warehouse_copy(built, tmp_path) -> WarehouseResource:
    shutil.copytree(built.warehouse_dir, tmp_path / "warehouse")
    return WarehouseResource(seeds_dir=str(built.seeds_dir), warehouse_dir=str(tmp_path / "warehouse"), max_file_bytes=1_000_000)


@pytest.mark.parametrize("table", ["entity_mentions", "figures", "date_mentions"])
def test_offsets_check_passes_on_a_good_build_and_names_a_shifted_row(warehouse_copy, table):
    assert _broken_offsets(warehouse_copy, table).broken == []
    store: ParquetStore = warehouse_copy.store
    rows = store.read(table, schemas.PUBLIC_TABLES[table])
    shifted = pc.add(rows["start_char"], pa.array([1] + [0] * (rows.num_rows - 1), pa.int32()))
    store.write(table, rows.set_column(rows.schema.get_field_index("start_char"), "start_char", shifted), schemas.PUBLIC_TABLES[table])
    [broken] = _broken_offsets(warehouse_copy, table).broken
    assert broken.startswith(f"{rows['doc_id'][0]} {rows['field'][0]}[{rows['start_char'][0].as_py() + 1}:")


def test_offsets_are_read_again_only_for_documents_whose_rows_or_text_changed(warehouse_copy):
    store: ParquetStore = warehouse_copy.store
    rows = store.read("entity_mentions", schemas.ENTITY_MENTIONS)
    # The build's own check read every document; with nothing changed since, none is read.
    assert _broken_offsets(warehouse_copy, "entity_mentions") == OffsetsCheck([], 0)
    # Without the record of what passed, every document is read again.
    store.path("entity_mentions_offsets_checked").unlink()
    every_document = len(set(rows["doc_id"].to_pylist()))
    assert _broken_offsets(warehouse_copy, "entity_mentions") == OffsetsCheck([], every_document)

    # One document's body changes under its mentions: that document alone is read, and found broken.
    documents = store.read("documents", schemas.DOCUMENTS)
    first = rows["doc_id"][0].as_py()
    bodies = [f"!{body}" if doc_id == first else body for doc_id, body in zip(documents["doc_id"].to_pylist(), documents["body"].to_pylist())]
    store.write("documents", documents.set_column(documents.schema.get_field_index("body"), "body", pa.array(bodies)), schemas.DOCUMENTS)
    check = _broken_offsets(warehouse_copy, "entity_mentions")
    assert check.documents_checked == 1 and check.broken and all(row.startswith(f"{first} ") for row in check.broken)
    # A document that failed is not taken as passed: it is read, and fails, again.
    assert _broken_offsets(warehouse_copy, "entity_mentions") == check


def test_the_offsets_checks_hash_the_texts_once_per_version_of_the_documents(warehouse_copy, monkeypatch):
    store: ParquetStore = warehouse_copy.store
    for table in ("entity_mentions", "figures", "date_mentions"):
        store.path(f"{table}_offsets_checked").unlink()  # so that every check reads every document
    real_sql, hashed = checks._checks_sql, []
    monkeypatch.setattr(checks, "_checks_sql", lambda name: hashed.append(name) or real_sql(name))

    def check_all() -> None:
        for table in ("entity_mentions", "figures", "date_mentions"):
            assert _broken_offsets(warehouse_copy, table).broken == []

    check_all()  # the build's own checks made the digests of these documents: none is made again
    assert hashed.count("text_digests") == 0
    documents = store.read("documents", schemas.DOCUMENTS)
    titles = [f"{title} (updated)" if i == 0 else title for i, title in enumerate(documents["title"].to_pylist())]
    store.write("documents", documents.set_column(documents.schema.get_field_index("title"), "title", pa.array(titles)), schemas.DOCUMENTS)
    check_all()  # a new version of the documents: its digests are made once for the three checks
    assert hashed.count("text_digests") == 1
    digests = store.read(checks.TEXT_DIGESTS, checks.TEXT_DIGESTS_SCHEMA)
    assert digests.num_rows == documents.num_rows


def test_checks_over_unchanged_tables_give_their_last_result_and_changed_rows_are_checked_again(built_copy):
    built_copy.run()  # a new Dagster instance: every check evaluates
    again = {e.check_name: e for e in built_copy.run().get_asset_check_evaluations()}
    carried = {name for name, e in again.items() if CARRIED_OVER_KEY in e.metadata}
    assert carried == {"documents_have_unique_ids", "documents_have_bodies", "entity_mentions_offsets_match_bodies",
                       "mentions_point_at_entities", "documents_have_entities", "figures_offsets_match_bodies",
                       "figures_are_well_formed", "date_mentions_offsets_match_bodies", "date_granularity_in_vocabulary",
                       # The published file is unchanged, byte for byte: its publish checks are carried over too.
                       "warehouse_matches_contract", "warehouse_has_no_orphan_rows", "warehouse_ids_are_unique"}
    assert all(again[name].passed for name in carried)

    store = ParquetStore(built_copy.warehouse_dir)
    rows = store.read("figures", schemas.FIGURES)
    shifted = pc.add(rows["start_char"], pa.array([1] + [0] * (rows.num_rows - 1), pa.int32()))
    # Written with the stamp of what it derives from, so the figures step keeps it and only the check can tell.
    shifted_rows = rows.set_column(rows.schema.get_field_index("start_char"), "start_char", shifted)
    store.write("figures", shifted_rows, schemas.FIGURES, inputs=store.stored_inputs("figures"))
    changed = {e.check_name: e for e in built_copy.try_run().get_asset_check_evaluations()}
    assert not changed["figures_offsets_match_bodies"].passed
    assert CARRIED_OVER_KEY not in changed["figures_offsets_match_bodies"].metadata
    assert CARRIED_OVER_KEY in changed["date_granularity_in_vocabulary"].metadata
