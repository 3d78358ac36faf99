"""Which executor runs the steps, chosen by configuration, and the warehouse lock every run holds.

`multiprocess` (default): steps in parallel processes on this machine, one per
core. Processes fork from a server that has already imported the pipeline, so
a step starts in a fraction of a second rather than re-importing Dagster,
spaCy and the gazetteers.

`celery`: steps as Celery tasks on any number of workers sharing the broker,
the Dagster instance (DAGSTER_HOME) and the warehouse folder; see the README.

`in_process`: every step in the run's own process, one after the other.

Whichever it is, it is wrapped so that the run holds the warehouse's write
lock (`pipelines.core.locking`) from before its first step to after its last.
And a multiprocess run with little to do runs its steps in its own process:
when the pipeline's code, the model and the run's settings are those of the
last build that succeeded here, and at most `build_state.SMALL_RUN_FILES` input files
changed since (by path, size and modification time), its steps find most
tables current and the new documents fit in one annotation batch, so
starting a process per step would cost more than it saves. The steps still
run and check every file they read, so anything damaged is repaired as in
any build.
The executor's orchestration runs in the run's own process for every way a
run starts (`news-warehouse build`, a click in the UI, the sensor, the
schedule: the run worker), so this one place serialises them all.
"""

import hashlib
import json
import os
import socket
import time
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import dagster as dg
from dagster._core.executor.in_process import InProcessExecutor
from dagster._core.executor.multiprocess import MultiprocessExecutor
from dagster._core.system_config.objects import ResolvedRunConfig

from pipelines.core import build_state, collector, model
from pipelines.core.atomic import remove_temporaries
from pipelines.core.code_version import code_digest
from pipelines.core.locking import process_start_marker, warehouse_lock
from pipelines.core.store import handing_on_tables
from pipelines.progress import ANNOTATION_STAGE

CELERY_BROKER_ENV_VAR = "NEWS_WAREHOUSE_CELERY_BROKER"
# Imported once in the fork server, so forked steps start with them loaded. Every step opens the
# Dagster instance, whose SQLite storage imports SQLAlchemy and Alembic on first use: about 0.4 s
# per step when left to the step.
PRELOADED_MODULES = ["pipelines.definitions", "dagster._core.storage.sqlite_storage"]
# Run tag naming the process that orchestrates the run (host:pid:start), for run monitoring.
RUN_PROCESS_TAG = "news_warehouse/run_process"
# Run tag: "false" makes a run fail at once instead of waiting while another build holds the lock.
WAIT_FOR_LOCK_TAG = "news_warehouse/wait_for_lock"
# How often a waiting run looks whether it was cancelled from the UI.
CANCEL_POLL_SECONDS = 5


def executor_from_environment() -> dg.ExecutorDefinition:
    """The executor named by NEWS_WAREHOUSE_EXECUTOR (`multiprocess`, `celery` or `in_process`), holding the lock."""
    name = build_state.executor_name()
    if name == "multiprocess":
        # One step per core: each spaCy batch keeps a core busy, and fewer processes keep memory flat.
        executor = dg.multiprocess_executor.configured(
            {
                "max_concurrent": os.cpu_count() or 1,
                "start_method": {"forkserver": {"preload_modules": PRELOADED_MODULES}},
            }
        )
    elif name == "in_process":
        executor = dg.in_process_executor
    elif name == "celery":
        # Imported only here: the Celery extra is needed on machines that use it, not elsewhere.
        from dagster_celery import celery_executor

        broker = os.environ.get(CELERY_BROKER_ENV_VAR, "redis://127.0.0.1:6379/0")
        executor = celery_executor.configured({"broker": broker, "backend": broker})
    else:
        raise ValueError(f"{build_state.EXECUTOR_ENV_VAR}={name!r}: expected multiprocess, celery or in_process")
    return holding_the_warehouse_lock(executor)


def holding_the_warehouse_lock(executor: dg.ExecutorDefinition) -> dg.ExecutorDefinition:
    """`executor`, with every run holding the lock on its WAREHOUSE_DIR for the whole of its execution."""
    return dg.ExecutorDefinition(
        name=executor.name,
        config_schema=executor.config_schema,
        requirements=executor.get_requirements,
        executor_creation_fn=lambda init_context: WarehouseLockingExecutor(executor.executor_creation_fn(init_context)),
        description=executor.description,
    )


class WarehouseLockingExecutor(dg.Executor):
    """Runs the wrapped executor while holding the warehouse lock; clears leftovers of killed runs first."""

    def __init__(self, inner: dg.Executor):
        self.inner = inner

    def __getattr__(self, name: str):
        # An executor's own loop reads its settings from the run's executor, which is this wrapper
        # (Celery's calls `app_args()`): anything not defined here is the wrapped executor's.
        return getattr(self.inner, name)

    @property
    def retries(self):
        return self.inner.retries

    @property
    def step_dependency_config(self):
        return self.inner.step_dependency_config

    def execute(self, plan_context, execution_plan):
        instance, run_id = plan_context.instance, plan_context.run_id
        pid = os.getpid()
        instance.add_run_tags(run_id, {RUN_PROCESS_TAG: f"{socket.gethostname()}:{pid}:{process_start_marker(pid) or ''}"})
        config = _warehouse_config(plan_context)
        warehouse_dir = config["warehouse_dir"]
        waited = False

        def on_wait(holder: str) -> None:
            nonlocal waited
            waited = True
            plan_context.log.warning(
                f"waiting for {holder} to finish writing {warehouse_dir}: one build at a time "
                "(`news-warehouse build --no-wait` exits instead)"
            )

        last_look = time.monotonic()

        def cancelled() -> bool:
            nonlocal last_look
            if time.monotonic() - last_look < CANCEL_POLL_SECONDS:
                return False
            last_look = time.monotonic()
            run = instance.get_run_by_id(run_id)
            return run is None or run.status == dg.DagsterRunStatus.CANCELING

        wait = plan_context.dagster_run.tags.get(WAIT_FOR_LOCK_TAG) != "false"
        with warehouse_lock(warehouse_dir, wait=wait, run_id=run_id, on_wait=on_wait, should_stop=cancelled):
            if waited:
                plan_context.log.info(f"{warehouse_dir} is free: this build goes on")
            for leftover in remove_temporaries(warehouse_dir):
                plan_context.log.info(f"removed {leftover}, left behind by an interrupted run")
            state, seeds = _build_state(plan_context, config), config["seeds_dir"]
            files = build_state.input_files(seeds)
            inner = self.inner
            changed = build_state.files_changed_since_last_build(warehouse_dir, files, state)
            if isinstance(inner, MultiprocessExecutor) and build_state.runs_in_one_process(changed):
                plan_context.log.info(
                    "nothing new since the last build: its steps run in this process"
                    if changed == 0
                    else f"{changed} file changes since the last build, few enough to run its steps in this process"
                )
                inner = InProcessExecutor(retries=inner.retries, step_dependency_config=inner.step_dependency_config)
            succeeded = True
            with _parsers_ahead(plan_context, inner, changed, execution_plan), _collector_paced(inner), _tables_handed_on(inner):
                for event in inner.execute(plan_context, execution_plan):
                    succeeded = succeeded and not (event.is_step_failure or event.is_step_skipped)
                    yield event
            if succeeded:
                build_state.record_build_state(warehouse_dir, state, files)


def _parsers_ahead(plan_context, executor: dg.Executor, changed: int | None, execution_plan) -> AbstractContextManager[None]:
    """For a run in this process with enough changed files to parse on every core: the parsing
    workers, started now (`annotation_buckets.parsers_started_ahead`) unless the command line
    started them already. Its first steps (scan, parse headers, plan) keep one core busy, so the
    workers load the model meanwhile instead of after them. Workers the command line started for
    any other run are stopped."""
    from pipelines.core import annotation_buckets

    parses = any(key.startswith(f"{ANNOTATION_STAGE}.") for key in execution_plan.step_keys_to_execute)
    if not (isinstance(executor, InProcessExecutor) and build_state.parses_on_every_core(changed) and parses):
        annotation_buckets.stop_parsers_started_early()
        return nullcontext()
    if annotation_buckets.parsers_started_early():
        plan_context.log.info("the parsing workers started with the command: they load the model while the first steps run")
    else:
        plan_context.log.info("the parsing workers start now, to load the model while the first steps run")
    return annotation_buckets.parsers_started_ahead(model.configured_model_name())


def _collector_paced(executor: dg.Executor) -> AbstractContextManager[None]:
    """For a run whose steps share this process: the cycle collector paced for building tables
    (`collector.paced_for_tables`); at its default pace it takes a tenth of a small run."""
    return collector.paced_for_tables() if isinstance(executor, InProcessExecutor) else nullcontext()


def _tables_handed_on(executor: dg.Executor) -> AbstractContextManager[None]:
    """For a run whose steps share this process: each step reads the tables the step before it wrote
    without decoding them again (`store.handing_on_tables`)."""
    return handing_on_tables() if isinstance(executor, InProcessExecutor) else nullcontext()


def _warehouse_config(plan_context) -> dict:
    """The `warehouse` resource as this run configured it (launchpad overrides included)."""
    run_config = ResolvedRunConfig.build(plan_context.job.get_definition(), plan_context.run_config)
    return run_config.resources["warehouse"].config


def _build_state(plan_context, warehouse_config: dict) -> str:
    """What a build's result depends on besides the input files, cheaply: the code, the model, the run's settings."""
    parts = {
        "code": code_digest(Path(__file__).with_name("definitions.py")),
        "model": model.configured_model_name(),
        "resource": warehouse_config,
        "ops": plan_context.run_config.get("ops", {}),
        "job": plan_context.job.get_definition().name,
        "selection": sorted(map(str, plan_context.dagster_run.asset_selection or ())),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
