"""Command line for the warehouse: build it with Dagster, then say what is in it.

    news-warehouse build [--full-refresh] [--no-wait] [--quiet | --verbose]
                                            materialise every asset (the main job)
    news-warehouse summary                  row counts, rejected files, an example query
    news-warehouse dev [--port N]           the Dagster UI and daemon, and the report beside them
    news-warehouse doctor                   check every derived file, report what a build would repair

One build writes a warehouse at a time: a second one waits for the first
(`build --no-wait` exits at once instead, with status 75).

`build` prints one line per stage, a progress bar while documents are
annotated, any warning or error, then the summary; `--quiet` keeps only
warnings, errors and the summary; `--verbose` prints Dagster's full event log
instead. Runs are recorded in DAGSTER_HOME (default: the project's
`.dagster_home/`), so they show in the Dagster UI's run history next to runs
launched there.
"""

import argparse
import atexit
import gc
import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipelines.core import collector, settings

EXIT_BUSY = 75  # EX_TEMPFAIL: another build holds the warehouse; try again later
# Columns the summary's queries (sql/summary/) read beyond each table's first version.
SUMMARY_COLUMNS = (("source_files", "row_number"), ("documents", "language"), ("annotation_status", "reason"))
EXAMPLE_QUERY = "SELECT published_date, title, author FROM documents ORDER BY published_date NULLS LAST;"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="news-warehouse",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Environment: SEEDS_DIR (input folder, default seeds/), WAREHOUSE_DIR (output, default "
        "warehouse/), MAX_FILE_BYTES (size limit per file), SPACY_MODEL (NER model package), DAGSTER_HOME.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="materialise every asset over SEEDS_DIR into WAREHOUSE_DIR")
    build.add_argument(
        "--full-refresh",
        action="store_true",
        help="annotate every document again instead of reusing results for unchanged ones",
    )
    output = build.add_mutually_exclusive_group()
    output.add_argument("--quiet", action="store_true", help="print only warnings, errors and the summary")
    output.add_argument("--verbose", action="store_true", help="print Dagster's full event log instead of the stage lines")
    build.add_argument(
        "--no-wait",
        action="store_true",
        help=f"if another build is writing WAREHOUSE_DIR, exit at once (status {EXIT_BUSY}) instead of waiting for it",
    )
    commands.add_parser("summary", help="print row counts, rejected files and an example query")
    doctor_help = (
        "check every derived file (Parquet tables, bucket files, warehouse.duckdb, leftovers of killed runs) "
        "the way a build checks them on read, and report what the next build would repair or remove; "
        "changes nothing. Exit status 0 when everything checks out, 1 when something needs repair."
    )
    commands.add_parser("doctor", help=doctor_help, description=doctor_help)
    dev = commands.add_parser("dev", help="run the Dagster UI and daemon, and serve the report (what `make dev` runs)")
    dev.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    dev.add_argument("--port", type=int, default=3000, help="port of the Dagster UI (default: %(default)s)")
    dev.add_argument(
        "--report-port", type=int, default=settings.DEFAULT_REPORT_PORT, help="port of the report (default: %(default)s)"
    )
    args = parser.parse_args(argv)

    if args.command == "dev":
        from pipelines.dev import run_dev

        return run_dev(args.host, args.port, args.report_port)

    if args.command == "doctor":
        return run_doctor(settings.warehouse_dir())
    if args.command == "build":
        from pipelines.core.locking import describe_holder, is_locked

        warehouse_dir = settings.warehouse_dir()
        if args.no_wait and is_locked(warehouse_dir):
            holder = describe_holder(warehouse_dir)
            print(f"{warehouse_dir} is being written by {holder}; not waiting (--no-wait)", file=sys.stderr)
            return EXIT_BUSY
        # The interpreter's last collection at exit walks every object a build leaves behind (a second,
        # after adding a hundred files to ten thousand) only to free memory the exit frees anyway:
        # objects are frozen out of it first. Files, locks and the Dagster instance are closed by then.
        atexit.register(gc.freeze)
        with _parsers_started_if_expected(warehouse_dir, full_refresh=args.full_refresh):
            built = run_build(full_refresh=args.full_refresh, quiet=args.quiet, verbose=args.verbose, wait=not args.no_wait)
        if not built:
            print("build failed: see the errors above, or the run in the Dagster UI (make dev)", file=sys.stderr)
            return 1
    return print_summary(settings.warehouse_dir())


@contextmanager
def _parsers_started_if_expected(warehouse_dir: Path, *, full_refresh: bool) -> Iterator[None]:
    """The parsing workers, started now, before Dagster is imported, when the run is expected to start
    them ahead (see `pipelines.executors`: its steps in this process, enough new files to parse them
    on every core): they load the model on the core that Dagster's start leaves idle. Expected from
    the input files alone; the run also compares its code and settings with the last build's, and
    stops the workers if it does not take them. Stopped on leaving, if nothing took them."""
    from pipelines.core import build_state
    from pipelines.core.locking import is_locked

    if full_refresh or build_state.executor_name() not in ("multiprocess", "in_process") or is_locked(warehouse_dir):
        yield
        return
    from pipelines.core import annotation_buckets, model

    changed = build_state.files_changed_since_last_build(warehouse_dir, build_state.list_before_the_run(settings.seeds_dir()))
    if build_state.parses_on_every_core(changed):
        annotation_buckets.start_parsers_early(model.configured_model_name())
    try:
        yield
    finally:
        annotation_buckets.stop_parsers_started_early()
        build_state.forget_the_listing_before_the_run()


def run_build(*, full_refresh: bool, quiet: bool = False, verbose: bool = False, wait: bool = True) -> bool:
    """Run the `build_warehouse` job, recorded in the persistent Dagster instance.

    It runs with the job's own executor (batches of documents in parallel
    processes), exactly as a run launched from the UI would, and holds the
    warehouse lock as they do (waiting for it unless `wait` is false). Unless `verbose`,
    Dagster's own console log stays silent and `RunPrinter` tells the story.
    """
    os.environ.setdefault("DAGSTER_HOME", str(settings.PROJECT_ROOT / ".dagster_home"))
    Path(os.environ["DAGSTER_HOME"]).mkdir(parents=True, exist_ok=True)
    with collector.paced_for_tables():  # from the start: importing Dagster builds objects by the hundred thousand too
        return _run_build(full_refresh=full_refresh, quiet=quiet, verbose=verbose, wait=wait)


def _run_build(*, full_refresh: bool, quiet: bool, verbose: bool, wait: bool) -> bool:
    # Imported late so DAGSTER_HOME is set before the code location loads.
    import dagster as dg

    from pipelines.assets.nlp import annotation_run_config
    from pipelines.definitions import build_warehouse
    from pipelines.executors import WAIT_FOR_LOCK_TAG
    from pipelines.instance_storage import build_instance
    from pipelines.progress import RunPrinter, follow_in_background

    if not quiet:
        print(f"Building {settings.warehouse_dir()} from {settings.seeds_dir()}")
    run_tag = ("news_warehouse/cli_build", uuid.uuid4().hex)
    with build_instance() as instance:
        printer = None if verbose else follow_in_background(RunPrinter(instance, quiet=quiet), run_tag)
        try:
            result = dg.execute_job(
                dg.reconstructable(build_warehouse),
                instance=instance,
                run_config={
                    "loggers": {"console": {"config": {"log_level": "DEBUG" if verbose else "CRITICAL"}}},
                    **annotation_run_config(reannotate_all=full_refresh),
                },
                tags={run_tag[0]: run_tag[1], WAIT_FOR_LOCK_TAG: str(wait).lower()},
                raise_on_error=False,
            )
        finally:
            if printer is not None:
                thread, finished = printer
                finished.set()
                thread.join()
        return result.success


def run_doctor(warehouse_dir: Path) -> int:
    """Print what the next build would repair under `warehouse_dir`; 0 when nothing, 1 otherwise."""
    from pipelines.core.doctor import diagnose, running_build

    if not warehouse_dir.is_dir():
        print(f"no warehouse at {warehouse_dir} yet: `make run` builds one")
        return 0
    if (builder := running_build(warehouse_dir)) is not None:
        print(f"a build is writing {warehouse_dir} now: {builder}")
    findings = diagnose(warehouse_dir)
    if not findings:
        print(f"{warehouse_dir}: every derived file checks out; nothing to repair")
        return 0
    print(f"{warehouse_dir}: {len(findings)} things the next build repairs (`make run`):")
    for finding in findings:
        print(f"  {finding}")
    return 1


def print_summary(warehouse_dir: Path) -> int:
    import duckdb

    database = warehouse_dir / "warehouse.duckdb"
    if not database.exists():
        print(f"no warehouse yet at {database}: run `make run`", file=sys.stderr)
        return 1
    with duckdb.connect(str(database), read_only=True) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema = 'main' ORDER BY table_name"
        ).fetchall()]
        print(f"\nWarehouse: {database}")
        for table in tables:
            count = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            print(f"  {table:<18} {count:>8} rows")
        missing = _missing_columns(connection)
        if missing:
            print(
                f"  built by an older version (no column {', '.join(missing)}): "
                "run `make run` to bring it up to date",
                file=sys.stderr,
            )
            return 1
        kinds: dict[str, list[str]] = {}
        for kind, status, n in _summary_rows(connection, "file_statuses"):
            kinds.setdefault(kind, []).append(f"{n} {status}")
        for kind, statuses in kinds.items():
            print(f"  {kind}: " + ", ".join(statuses))
        for path, reason in _summary_rows(connection, "rejected"):
            print(f"    rejected {path}: {reason}")
        languages = _summary_rows(connection, "languages")
        print("  languages: " + ", ".join(f"{n} {language}" for language, n in languages))
        for reason, n in _summary_rows(connection, "not_annotated"):
            print(f"    {n} not annotated: {reason}")
    print("\nQuery it:  make sql   (a read-only DuckDB shell with full-text search loaded), then e.g.")
    print(f"  {EXAMPLE_QUERY}\n")
    return 0


def _summary_rows(connection, query: str) -> list[tuple]:
    return connection.execute((settings.SQL_DIR / "summary" / f"{query}.sql").read_text(encoding="utf-8")).fetchall()


def _missing_columns(connection) -> list[str]:
    """Columns this version's summary reads that the warehouse lacks (one built by an older version)."""
    present = set(connection.execute(
        "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'main'"
    ).fetchall())
    needed = {f"{table}.{column}" for table, column in SUMMARY_COLUMNS}
    return sorted(needed - {row[0] for row in present})


if __name__ == "__main__":
    sys.exit(main())
