"""Asset checks catch what they are there to catch: run over a copy of a built warehouse, then broken on purpose."""

import shutil

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from pipelines.checks import _broken_offsets
from pipelines.core import schemas
from pipelines.core.store import ParquetStore
from pipelines.resources import WarehouseResource


@pytest.fixture
def warehouse_copy(built, tmp_path) -> WarehouseResource:
    shutil.copytree(built.warehouse_dir, tmp_path / "warehouse")
    return WarehouseResource(seeds_dir=str(built.seeds_dir), warehouse_dir=str(tmp_path / "warehouse"), max_file_bytes=1_000_000)


@pytest.mark.parametrize("table", ["entity_mentions", "figures", "date_mentions"])
def test_offsets_check_passes_on_a_good_build_and_names_a_shifted_row(warehouse_copy, table):
    assert _broken_offsets(warehouse_copy, table) == []
    store: ParquetStore = warehouse_copy.store
    rows = store.read(table, schemas.PUBLIC_TABLES[table])
    shifted = pc.add(rows["start_char"], pa.array([1] + [0] * (rows.num_rows - 1), pa.int32()))
    store.write(table, rows.set_column(rows.schema.get_field_index("start_char"), "start_char", shifted), schemas.PUBLIC_TABLES[table])
    [broken] = _broken_offsets(warehouse_copy, table)
    assert broken.startswith(f"{rows['doc_id'][0]} {rows['field'][0]}[{rows['start_char'][0].as_py() + 1}:")
