"""Command line for the warehouse: build it with Dagster, then say what is in it.

    news-warehouse build [--full-refresh] [--quiet | --verbose]
                                            materialise every asset (the main job)
    news-warehouse summary                  row counts, rejected files, an example query
    news-warehouse dev [--port N]           the Dagster UI and daemon, and the report beside them

`build` prints one line per stage, a progress bar while documents are
annotated, any warning or error, then the summary; `--quiet` keeps only
warnings, errors and the summary; `--verbose` prints Dagster's full event log
instead. Runs are recorded in DAGSTER_HOME (default: the project's
`.dagster_home/`), so they show in the Dagster UI's run history next to runs
launched there.
"""

import argparse
import os
import sys
import uuid
from pathlib import Path

from pipelines.core import settings

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
    commands.add_parser("summary", help="print row counts, rejected files and an example query")
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

    if args.command == "build":
        if not run_build(full_refresh=args.full_refresh, quiet=args.quiet, verbose=args.verbose):
            print("build failed: see the errors above, or the run in the Dagster UI (make dev)", file=sys.stderr)
            return 1
    return print_summary(settings.warehouse_dir())


def run_build(*, full_refresh: bool, quiet: bool = False, verbose: bool = False) -> bool:
    """Run the `build_warehouse` job, recorded in the persistent Dagster instance.

    It runs with the job's own executor (batches of documents in parallel
    processes), exactly as a run launched from the UI would. Unless `verbose`,
    Dagster's own console log stays silent and `RunPrinter` tells the story.
    """
    os.environ.setdefault("DAGSTER_HOME", str(settings.PROJECT_ROOT / ".dagster_home"))
    Path(os.environ["DAGSTER_HOME"]).mkdir(parents=True, exist_ok=True)
    # Imported late so DAGSTER_HOME is set before the code location loads.
    import dagster as dg

    from pipelines.assets.nlp import annotation_run_config
    from pipelines.definitions import build_warehouse
    from pipelines.progress import RunPrinter, follow_in_background

    if not quiet:
        print(f"Building {settings.warehouse_dir()} from {settings.seeds_dir()}")
    run_tag = ("news_warehouse/cli_build", uuid.uuid4().hex)
    with dg.DagsterInstance.get() as instance:
        printer = None if verbose else follow_in_background(RunPrinter(instance, quiet=quiet), run_tag)
        try:
            result = dg.execute_job(
                dg.reconstructable(build_warehouse),
                instance=instance,
                run_config={
                    "loggers": {"console": {"config": {"log_level": "DEBUG" if verbose else "CRITICAL"}}},
                    **annotation_run_config(reannotate_all=full_refresh),
                },
                tags=dict([run_tag]),
                raise_on_error=False,
            )
        finally:
            if printer is not None:
                thread, finished = printer
                finished.set()
                thread.join()
        return result.success


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
        statuses = connection.execute(
            "SELECT status, count(*) FROM source_files GROUP BY status ORDER BY status"
        ).fetchall()
        print("  files: " + ", ".join(f"{n} {status}" for status, n in statuses))
        for path, reason in connection.execute(
            "SELECT source_path, reason FROM source_files WHERE status = 'rejected' ORDER BY source_path LIMIT 10"
        ).fetchall():
            print(f"    rejected {path}: {reason}")
    print("\nQuery it:  make sql   (a read-only DuckDB shell with full-text search loaded), then e.g.")
    print(f"  {EXAMPLE_QUERY}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
