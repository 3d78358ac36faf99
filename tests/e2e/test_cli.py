"""`news-warehouse build` as a user runs it: a line per stage and the summary; --quiet and --verbose."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
from paths import PROJECT_ROOT, SEEDS

from pipelines.checks import EVALUATED_AHEAD_KEY
from pipelines.core.batches import SHARED_FROM
from pipelines.core.workers import cores

STAGES = ["scan_sources", "documents", "annotate_documents", "resolve_entities", "figures", "warehouse_duckdb"]


def build(tmp_path: Path, *flags: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
        "SEEDS_DIR": str(tmp_path / "seeds"),
        "WAREHOUSE_DIR": str(tmp_path / "warehouse"),
    }
    command = [str(Path(sys.executable).with_name("news-warehouse")), "build", *flags]
    return subprocess.run(command, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)


def test_the_sample_articles_build_with_a_line_per_stage_then_quiet_and_verbose_reruns(tmp_path):
    """`make run` on the project's own seeds/: every stage shown, every file and document accounted for."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "dagster_home").mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", tmp_path / "dagster_home" / "dagster.yaml")

    first = build(tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    lines = first.stdout.splitlines()
    stages_part = first.stdout.split("Warehouse:")[0].splitlines()
    stage_lines = {stage: [line for line in stages_part if line.split()[:1] == [stage]] for stage in STAGES}
    assert all(len(found) == 1 for found in stage_lines.values()), stage_lines
    documents = len(list(SEEDS.glob("*.txt")))
    assert f"{documents} documents annotated" in stage_lines["annotate_documents"][0]
    assert any(line.split()[:1] == ["checks"] and "passed" in line for line in lines)
    assert "Warehouse:" in first.stdout and "make sql" in first.stdout
    assert "DEBUG" not in first.stdout + first.stderr and "STEP_WORKER" not in first.stdout + first.stderr
    assert len(lines) < 40  # fits on one screen
    with duckdb.connect(str(tmp_path / "warehouse" / "warehouse.duckdb"), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM source_files WHERE status <> 'loaded'").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM annotation_status WHERE status = 'annotated'").fetchone() == (
            documents,
        )
        for table in ("entities", "figures", "date_mentions"):
            assert connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table

    quiet = build(tmp_path, "--quiet")
    assert quiet.returncode == 0, quiet.stderr[-3000:]
    assert not any(line.split()[:1] in ([stage] for stage in STAGES) for line in quiet.stdout.split("Warehouse:")[0].splitlines())
    assert "Warehouse:" in quiet.stdout and quiet.stderr == ""

    verbose = build(tmp_path, "--verbose")
    assert verbose.returncode == 0, verbose.stderr[-3000:]
    assert "STEP_SUCCESS" in verbose.stdout + verbose.stderr  # Dagster's own event log
    # Nothing new since the last build: no process is started for its steps.
    assert "nothing new since the last build: its steps run in this process" in verbose.stdout + verbose.stderr

    # A small change (an edit, as the file's time says: out with the old listing entry, in with the new) stays in one process too.
    os.utime(next((tmp_path / "seeds").glob("*.txt")))
    touched = build(tmp_path, "--verbose")
    assert touched.returncode == 0, touched.stderr[-3000:]
    assert "2 file changes since the last build, few enough to run its steps in this process" in touched.stdout + touched.stderr
    assert "the parsing workers start" not in touched.stdout + touched.stderr  # too few to parse on every core

    # Enough new documents to parse on every core: the parsing workers start with the command, and parse them.
    for number in range(SHARED_FROM):
        note = f"Ferry timetable {number}\n\nThe ferry to Kestrel Island will sail {number + 2} times a day from 3 March 2025, the council said."
        (tmp_path / "seeds" / f"ferry_{number:02d}.txt").write_text(note, encoding="utf-8")
    many = build(tmp_path, "--verbose")
    assert many.returncode == 0, many.stderr[-3000:]
    assert f"{SHARED_FROM} file changes since the last build" in many.stdout + many.stderr
    assert "the parsing workers started with the command" in many.stdout + many.stderr
    # Sent to them as soon as the documents step parsed their files, and taken by the batch.
    assert f"{SHARED_FROM} new documents sent to the parsing workers ahead of their batch" in many.stdout + many.stderr
    assert f"parsing on {cores()} processes" in many.stdout + many.stderr
    # The steps that run one after another in this process took work begun ahead on threads: the
    # figures were linked while the mentions were checked, and the dates checked while entities were resolved.
    assert "figures linked to their entities while the mentions were checked" in many.stdout + many.stderr
    with dg.DagsterInstance.from_config(str(tmp_path / "dagster_home")) as instance:
        key = dg.AssetCheckKey(dg.AssetKey("date_mentions"), "date_granularity_in_vocabulary")
        [latest] = instance.event_log_storage.get_asset_check_execution_history(key, limit=1)
        assert latest.evaluation.passed and latest.evaluation.metadata[EVALUATED_AHEAD_KEY].value is True
    with duckdb.connect(str(tmp_path / "warehouse" / "warehouse.duckdb"), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM annotation_status WHERE status = 'annotated'").fetchone() == (
            documents + SHARED_FROM,
        )


def test_build_help_explains_the_output_options():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("news-warehouse")), "build", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "--quiet" in result.stdout and "--verbose" in result.stdout and "--full-refresh" in result.stdout
