"""How the DuckLake catalog is attached: to publish, to read, at a snapshot; what settings are refused."""

import pytest

from pipelines.core.lake import LakeCatalog

CATALOG = "postgres:dbname=news host=db.internal user=news"


@pytest.mark.parametrize(
    ("read_only", "snapshot", "expected"),
    [
        (False, None, f"ATTACH 'ducklake:{CATALOG}' AS lake (DATA_PATH '/data/lake', DATA_INLINING_ROW_LIMIT 0)"),
        (True, None, f"ATTACH 'ducklake:{CATALOG}' AS lake (READ_ONLY)"),
        (True, 7, f"ATTACH 'ducklake:{CATALOG}' AS lake (READ_ONLY, SNAPSHOT_VERSION 7)"),
    ],
)
def test_the_catalog_is_attached_to_publish_or_to_read_at_a_snapshot(read_only, snapshot, expected):
    assert LakeCatalog(CATALOG, "/data/lake").attach_statement(read_only, snapshot) == expected


def test_quotes_in_settings_stay_inside_the_sql_string():
    catalog = LakeCatalog("postgres:dbname=news password='x y'", "/data/o'brien")
    assert catalog.attach_statement() == (
        "ATTACH 'ducklake:postgres:dbname=news password=''x y''' AS lake (DATA_PATH '/data/o''brien', DATA_INLINING_ROW_LIMIT 0)"
    )


@pytest.mark.parametrize(("data_path", "remote"), [("/data/lake", False), ("s3://bucket/news/", True), ("gs://b/n", True)])
def test_object_storage_is_told_by_its_url(data_path, remote):
    assert LakeCatalog(CATALOG, data_path).object_storage is remote


@pytest.mark.parametrize("setting", ["sqlite:/tmp/catalog.db", "dbname=news host=db", "ducklake:postgres:dbname=news"])
def test_a_catalog_that_is_not_postgres_is_refused(setting):
    with pytest.raises(ValueError, match="postgres:"):
        LakeCatalog(setting, "/data/lake")
