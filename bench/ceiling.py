"""The ceiling: the pipeline's spaCy model, same components, run bare with `nlp.pipe` on all cores.

    python -m bench.ceiling CORPUS_FOLDER

Parses the same bodies the pipeline parses (header lines removed the same
way, before the clock starts) and prints one JSON line: seconds and tokens.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

from pipelines.core import nlp
from pipelines.core.headers import parse_article
from pipelines.core.nlp import PARSE_BATCH_SIZE


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="folder of article files")
    parser.add_argument("--processes", type=int, default=os.cpu_count(), help="nlp.pipe n_process (default: all cores)")
    args = parser.parse_args()
    bodies = [parse_article(path.read_text(encoding="utf-8")).body for path in sorted(args.corpus.glob("*.txt"))]
    pipeline = nlp.load_pipeline()
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in pipeline.pipe(bodies, n_process=args.processes, batch_size=PARSE_BATCH_SIZE))
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "tokens": tokens, "documents": len(bodies), "components": pipeline.pipe_names}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
