"""Speed benchmark: the real asset graph over a synthetic corpus, every scenario measured side by side in one run.

    make bench                      # 60 documents
    python tests/benchmark.py --documents 200

Machines here are shared and noisy, so the result to quote is the ratios
between scenarios of the same run, not the absolute seconds.
"""

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import dagster as dg

from pipelines.definitions import all_assets, all_checks
from pipelines.resources import WarehouseResource

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def make_corpus(folder: Path, documents: int) -> int:
    """`documents` distinct articles: the seeds, each copy made unique by a closing line."""
    folder.mkdir(parents=True)
    seeds = sorted(SEEDS.glob("*.txt"))
    words = 0
    for index in range(documents):
        text = seeds[index % len(seeds)].read_text(encoding="utf-8") + f"\nEditor's note: copy {index}.\n"
        (folder / f"article_{index:05d}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


def build(seeds: Path, warehouse: Path, instance: dg.DagsterInstance, reannotate_all: bool = False) -> float:
    started = time.perf_counter()
    result = dg.materialize(
        [*all_assets, *all_checks],
        resources={"warehouse": WarehouseResource(seeds_dir=str(seeds), warehouse_dir=str(warehouse), max_file_bytes=5_000_000)},
        instance=instance,
        run_config={
            "loggers": {"console": {"config": {"log_level": "ERROR"}}},
            "ops": {"annotate_documents": {"config": {"reannotate_all": reannotate_all}}},
        },
    )
    if not result.success:
        sys.exit("build failed")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=60, help="size of the synthetic corpus (default 60)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        seeds, warehouse = root / "seeds", root / "warehouse"
        words = make_corpus(seeds, args.documents)
        instance = dg.DagsterInstance.ephemeral()
        timings = {"cold build": build(seeds, warehouse, instance)}
        timings["no-change rerun"] = build(seeds, warehouse, instance)
        edited = seeds / "article_00000.txt"
        edited.write_text(edited.read_text(encoding="utf-8") + "A correction.\n", encoding="utf-8")
        timings["one file edited"] = build(seeds, warehouse, instance)
        timings["re-annotate all"] = build(seeds, warehouse, instance, reannotate_all=True)
        shutil.rmtree(warehouse)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cold = timings["cold build"]
    print(f"{args.documents} documents, {words:,} words; peak memory {peak_mb:,.0f} MB")
    print(f"{'scenario':<18} {'seconds':>8} {'x cold':>7} {'words/s':>9}")
    for name, seconds in timings.items():
        print(f"{name:<18} {seconds:8.2f} {seconds / cold:7.2f} {words / seconds:9,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
