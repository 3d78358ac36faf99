"""What `news-warehouse build` prints while a run goes: a line per stage, one progress bar over
annotation, warnings and errors.

It follows the run's events in the Dagster instance (the records the UI shows), so it reads the
same whichever executor runs the steps, on this machine or on Celery workers.

Annotation batches report progress as log lines made by `progress_message`; `_PROGRESS` reads
them back. They also appear as such in the UI's run log.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

import dagster as dg
from dagster._core.events import DagsterEventType
from tqdm import tqdm

POLL_SECONDS = 0.25
ANNOTATION_STAGE = "annotate_documents"
_PROGRESS = re.compile(r"^progress (?P<batch>\S+): (?P<done>\d+)/(?P<total>\d+) documents$")


def progress_message(batch: str, done: int, total: int) -> str:
    """The log line an annotation batch writes as it goes (read back by `RunPrinter`)."""
    return f"progress {batch}: {done}/{total} documents"


def stage_of(step_key: str) -> str:
    """The stage a step belongs to: the graph asset for `annotate_documents.annotate_batch[batch_01]`."""
    return step_key.split(".", 1)[0]


@dataclass
class _Stage:
    started: float
    materialized: list[tuple[str, int | None, bool]] = field(default_factory=list)  # asset, rows, rewritten
    documents_annotated: int | None = None
    documents_skipped: int | None = None

    def summary(self, name: str, seconds: float) -> str:
        tables = ", ".join(
            f"{'' if asset == name else asset + ' '}{'' if rows is None else f'{rows:,} rows'}".strip()
            for asset, rows, _ in self.materialized
        )
        changed = any(rewritten for _, _, rewritten in self.materialized)
        parts = [tables, "updated" if changed else "unchanged"]
        if self.documents_annotated:
            rate = self.documents_annotated / max(seconds, 1e-9)
            parts.insert(0, f"{self.documents_annotated:,} documents annotated ({rate:,.1f}/s)")
        if self.documents_skipped:
            parts.insert(1, f"{self.documents_skipped:,} skipped (not English, see annotation_status)")
        return " · ".join(part for part in parts if part)


@dataclass
class RunPrinter:
    """Prints a run's stages as they finish; `quiet` keeps only warnings and errors."""

    instance: dg.DagsterInstance
    quiet: bool = False
    out: TextIO = sys.stdout
    err: TextIO = sys.stderr
    _stages: dict[str, _Stage] = field(default_factory=dict)
    _done: dict[str, int] = field(default_factory=dict)
    _total: int = 0
    _bar: tqdm | None = None
    _checks: dict[str, int] = field(default_factory=lambda: {"passed": 0, "warned": 0, "failed": 0})

    def follow(self, run_tag: tuple[str, str], finished: threading.Event) -> None:
        """Print the events of the run tagged `run_tag` until `finished` is set and they are all read."""
        run_id, cursor = None, None
        while True:
            last_round = finished.is_set()
            if run_id is None:
                runs = self.instance.get_runs(filters=dg.RunsFilter(tags=dict([run_tag])), limit=1)
                run_id = runs[0].run_id if runs else None
            if run_id is not None:
                while True:
                    connection = self.instance.get_records_for_run(run_id, cursor=cursor)
                    self._show(record.event_log_entry for record in connection.records)
                    cursor = connection.cursor
                    if not connection.has_more:
                        break
            if last_round:
                break
            finished.wait(POLL_SECONDS)
        self._close_bar()
        if not self.quiet and sum(self._checks.values()):
            counts = ", ".join(f"{n} {what}" for what, n in self._checks.items() if n)
            self._line("checks", counts)

    def _show(self, entries: Iterable) -> None:
        for entry in entries:
            event = entry.dagster_event
            if event is None:
                self._user_log(entry)
                continue
            step = entry.step_key
            kind = event.event_type
            if kind == DagsterEventType.STEP_START:
                self._stages.setdefault(stage_of(step), _Stage(entry.timestamp))
            elif kind == DagsterEventType.ASSET_MATERIALIZATION:
                self._materialized(step, event)
            elif kind == DagsterEventType.ASSET_CHECK_EVALUATION:
                self._checked(event)
            elif kind == DagsterEventType.STEP_OUTPUT and step.endswith("plan_annotation_batches"):
                self._planned(event)
            elif kind == DagsterEventType.STEP_SUCCESS:
                self._step_done(step, entry.timestamp)
            elif kind in (DagsterEventType.STEP_FAILURE, DagsterEventType.RUN_FAILURE):
                error = getattr(event.event_specific_data, "error", None)
                self._problem("error", f"{step or 'run'}: {error.message.strip() if error else event.message}")

    def _user_log(self, entry) -> None:
        match = _PROGRESS.match(entry.user_message)
        if match:
            self._done[match["batch"]] = int(match["done"])
            if self._bar is not None:
                self._bar.update(sum(self._done.values()) - self._bar.n)
        elif entry.level >= 30:  # logging.WARNING
            # Run-level warnings (a build waiting for the warehouse lock) have no step.
            where = f"{entry.step_key}: " if entry.step_key else ""
            self._problem("warning", f"{where}{entry.user_message}")

    def _planned(self, event) -> None:
        documents = event.event_specific_data.metadata.get("documents")
        if documents is None:
            return
        self._total += documents.value
        if self._total and not self.quiet:
            if self._bar is None:
                # disable=None: no bar when the output is not a terminal (CI logs); the stage line follows.
                self._bar = tqdm(
                    total=self._total, desc="  annotating", unit="doc", file=self.err, dynamic_ncols=True, disable=None
                )
            self._bar.total = self._total
            self._bar.refresh()

    def _materialized(self, step: str, event) -> None:
        metadata = {key: value.value for key, value in event.event_specific_data.materialization.metadata.items()}
        stage = self._stages[stage_of(step)]
        rewritten = metadata.get("rewritten", metadata.get("rebuilt", metadata.get("rendered", True)))
        stage.materialized.append((event.asset_key.to_user_string(), metadata.get("dagster/row_count"), bool(rewritten)))
        stage.documents_annotated = metadata.get("documents_annotated", stage.documents_annotated)
        stage.documents_skipped = metadata.get("documents_skipped", stage.documents_skipped)

    def _checked(self, event) -> None:
        evaluation = event.event_specific_data
        if evaluation.passed:
            self._checks["passed"] += 1
            return
        severity = "warned" if evaluation.severity == dg.AssetCheckSeverity.WARN else "failed"
        self._checks[severity] += 1
        where = f"{evaluation.asset_key.to_user_string()}.{evaluation.check_name}"
        self._problem("warning" if severity == "warned" else "error", f"check {where} did not pass")

    def _step_done(self, step: str, timestamp: float) -> None:
        stage = self._stages.get(stage_of(step))
        # A stage's line is printed once it materialised something: checks and the batches of
        # annotation report through the check summary and the progress bar.
        if stage is None or not stage.materialized:
            return
        if stage_of(step) == ANNOTATION_STAGE:
            self._close_bar()
        self._line(stage_of(step), stage.summary(stage_of(step), timestamp - stage.started), timestamp - stage.started)
        stage.materialized.clear()

    def _close_bar(self) -> None:
        if self._bar is not None:
            self._bar.update(self._total - self._bar.n)
            self._bar.close()
            self._bar = None

    def _line(self, stage: str, text: str, seconds: float | None = None) -> None:
        if self.quiet:
            return
        timing = f"{seconds:6.1f}s  " if seconds is not None else " " * 9
        tqdm.write(f"  {stage:<20}{timing}{text}", file=self.out)

    def _problem(self, kind: str, text: str) -> None:
        tqdm.write(f"{kind}: {text}", file=self.err)


def follow_in_background(printer: RunPrinter, run_tag: tuple[str, str]) -> tuple[threading.Thread, threading.Event]:
    """Start `printer` on its own thread; set the event once the run has returned, then join the thread."""
    finished = threading.Event()
    thread = threading.Thread(target=printer.follow, args=(run_tag, finished), name="run-printer", daemon=True)
    thread.start()
    return thread, finished
