"""Jobs, the daily schedule and the new-files sensor, evaluated as the daemon would."""

import dagster as dg

from pipelines.automation import new_files_sensor
from pipelines.definitions import defs
from pipelines.resources import WarehouseResource


def evaluate(sensor_folder, warehouse_dir, cursor=None, instance=None):
    resource = WarehouseResource(seeds_dir=str(sensor_folder), warehouse_dir=str(warehouse_dir), max_file_bytes=1000)
    context = dg.build_sensor_context(
        cursor=cursor, resources={"warehouse": resource}, instance=instance or dg.DagsterInstance.ephemeral()
    )
    return new_files_sensor(context), context.cursor


def test_sensor_requests_a_run_for_new_and_edited_files_and_skips_otherwise(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("First article.\n")
    first, cursor = evaluate(seeds, tmp_path)
    assert isinstance(first, dg.RunRequest)

    unchanged, same_cursor = evaluate(seeds, tmp_path, cursor)
    assert isinstance(unchanged, dg.SkipReason) and same_cursor == cursor

    (seeds / "b.txt").write_text("Second article.\n")
    added, cursor = evaluate(seeds, tmp_path, cursor)
    assert isinstance(added, dg.RunRequest) and added.run_key != first.run_key

    (seeds / "a.txt").write_text("First article, corrected.\n")
    edited, _ = evaluate(seeds, tmp_path, cursor)
    assert isinstance(edited, dg.RunRequest) and edited.run_key not in {first.run_key, added.run_key}


def test_the_first_tick_after_a_build_of_the_same_folder_launches_nothing(pipeline):
    pipeline.run()
    first, cursor = evaluate(pipeline.seeds_dir, pipeline.warehouse_dir, instance=pipeline.instance)
    assert isinstance(first, dg.SkipReason), first
    assert cursor  # remembered, so the next tick compares with it
    (pipeline.seeds_dir / "extra.txt").write_text("Ferry Strike\n\nDockers in Bari walked out on Monday.\n")
    changed, _ = evaluate(pipeline.seeds_dir, pipeline.warehouse_dir, cursor, instance=pipeline.instance)
    assert isinstance(changed, dg.RunRequest)


def test_sensor_explains_a_missing_folder(tmp_path):
    result, _ = evaluate(tmp_path / "nope", tmp_path)
    assert isinstance(result, dg.SkipReason) and "does not exist" in result.skip_message


def test_jobs_schedule_and_sensor_are_defined_and_on_by_default():
    for name in ("build_warehouse", "reextract", "rebuild_sql"):
        assert defs.resolve_job_def(name)
    schedule = defs.resolve_schedule_def("daily_rerun")
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    assert defs.resolve_sensor_def("new_files_sensor").default_status == dg.DefaultSensorStatus.RUNNING


def test_every_asset_that_writes_the_warehouse_shares_one_pool():
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key).assets_def.node_def
        ops = node.iterate_op_defs() if isinstance(node, dg.GraphDefinition) else [node]
        for op in ops:
            assert op.pool == "warehouse", (key, op.name)


def test_the_code_location_loads_as_dagster_dev_loads_it():
    dg.Definitions.validate_loadable(defs)
    assert defs.resolve_job_def("reextract").run_config_schema is not None
