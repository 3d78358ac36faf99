"""The annotation step against the bare model, side by side: both at once, on the same documents.

    python -m bench.side_by_side WAREHOUSE_DIR [--documents 300] [--rounds 4]

`make bench` compares a cold build with the bare model run minutes before and
after it, and on a shared machine those minutes can differ in speed by a
fifth. This measures the part of the gap that is the pipeline's own work per
word: two processes start together, one core each, on the same documents of a
built warehouse (its `documents` table), one running `annotate` (the model and
every extractor, as a batch step does) and one running the bare `nlp.pipe`
over the same model input. Both see the same machine at the same time, so the
ratio of their speeds is free of its swings over minutes. Cores differ too (a
neighbour may load one), so each process is pinned to a core and the roles
swap cores every round; the verdict is the median over the rounds. It leaves
out what a build does besides annotating (reading files, resolving entities,
publishing).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BARE, PIPELINE = "bare nlp.pipe", "annotate"
READY = "ready"


def sample(warehouse: Path, count: int) -> list:
    """The first `count` documents the pipeline would parse, in doc_id (hash, so arbitrary) order."""
    from pipelines.core import annotation_keys, language, model, schemas
    from pipelines.core.store import ParquetStore

    table = ParquetStore(warehouse).read("documents", schemas.DOCUMENTS, columns=annotation_keys.DOCUMENT_COLUMNS)
    documents = annotation_keys.documents_to_annotate(table.sort_by("doc_id"), model.configured_model_name())
    return [document for document in documents if language.skip_reason(document.language) is None][:count]


def measure(role: str, documents: list) -> dict[str, float]:
    """Wall and CPU seconds of one role over `documents`, and the tokens it parsed."""
    from pipelines.core import model, nlp
    from pipelines.core.annotate import annotate
    from pipelines.core.nlp_input import nlp_input

    name = model.configured_model_name()
    pipeline = nlp.load_pipeline(name)
    if role == BARE:  # the model's input, prepared before the clock: `annotate` prepares its own inside it
        texts = [piece for d in documents for _, piece in nlp_input(d.title, d.subtitle, d.body, d.skipped).chunks()]
    print(READY, flush=True)
    sys.stdin.readline()  # the go, sent to both roles at once
    wall, cpu = time.perf_counter(), time.process_time()
    if role == BARE:
        tokens = sum(len(doc) for doc in pipeline.pipe(texts, batch_size=nlp.PARSE_BATCH_SIZE))
    else:
        tokens = sum(annotations.words for annotations in annotate(documents, name))
    return {"seconds": time.perf_counter() - wall, "cpu_seconds": time.process_time() - cpu, "tokens": tokens}


def one_round(warehouse: Path, count: int, number: int) -> dict[str, dict[str, float]]:
    """Both roles in their own process, started together once both have loaded the model; with two
    cores or more, each on a core of its own, swapped from one round to the next."""
    command = [sys.executable, "-m", "bench.side_by_side", str(warehouse), "--documents", str(count)]
    cores = sorted(os.sched_getaffinity(0))[:2]
    processes = {}
    for place, role in enumerate((BARE, PIPELINE)):
        pinned = ["--core", str(cores[(place + number) % 2])] if len(cores) == 2 else []
        processes[role] = subprocess.Popen(
            [*command, "--role", role, *pinned], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
    try:
        for role, process in processes.items():
            if process.stdout.readline().strip() != READY:
                sys.exit(f"{role}: exited before it was ready ({process.wait()})")
        for process in processes.values():
            process.stdin.write("go\n")
            process.stdin.flush()
        results = {}
        for role, process in processes.items():
            stdout, _ = process.communicate()
            if process.returncode != 0:
                sys.exit(f"{role}: failed ({process.returncode})")
            results[role] = json.loads(stdout.strip().splitlines()[-1])
        return results
    finally:
        for process in processes.values():  # the other side, when one failed: not left waiting for its go
            if process.poll() is None:
                process.kill()
                process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("warehouse", type=Path, help="a built warehouse folder (WAREHOUSE_DIR)")
    parser.add_argument("--documents", type=int, default=300, help="documents each role parses (default 300)")
    parser.add_argument(
        "--rounds", type=int, default=4, help="rounds, the roles swapping cores; the verdict takes their median (default 4)"
    )
    parser.add_argument("--role", choices=[BARE, PIPELINE], help=argparse.SUPPRESS)  # one side, run by a round
    parser.add_argument("--core", type=int, help=argparse.SUPPRESS)  # the core that side runs on
    args = parser.parse_args()
    documents = sample(args.warehouse, args.documents)
    if args.role:
        if args.core is not None:
            os.sched_setaffinity(0, {args.core})
        print(json.dumps(measure(args.role, documents)))
        return 0
    if not documents:
        sys.exit(f"{args.warehouse}: no documents to annotate")
    ratios = []
    for number in range(1, args.rounds + 1):
        results = one_round(args.warehouse, args.documents, number)
        bare, annotated = results[BARE], results[PIPELINE]
        if bare["tokens"] != annotated["tokens"]:  # a document annotate failed on: not the same work
            sys.exit(f"round {number}: bare parsed {bare['tokens']:,} tokens, annotate {annotated['tokens']:,}")
        ratios.append(bare["seconds"] / annotated["seconds"])
        print(
            f"round {number}: {len(documents)} documents, {bare['tokens']:,} tokens; bare {bare['seconds']:.1f} s, "
            f"annotate {annotated['seconds']:.1f} s (CPU {bare['cpu_seconds']:.1f} and {annotated['cpu_seconds']:.1f} s): "
            f"annotate runs at {ratios[-1]:.2f} of the bare model's speed",
            flush=True,
        )
    print(f"median over {len(ratios)} rounds: {statistics.median(ratios):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
