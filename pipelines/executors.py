"""Which executor runs the steps: chosen by configuration, never by editing the job.

`multiprocess` (default): steps in parallel processes on this machine, one per
core. Processes fork from a server that has already imported the pipeline, so
a step starts in a fraction of a second rather than re-importing Dagster,
spaCy and the gazetteers.

`celery`: steps as Celery tasks on any number of workers sharing the broker,
the Dagster instance (DAGSTER_HOME) and the warehouse folder; see the README.

`in_process`: every step in the run's own process, one after the other.
"""

import os

import dagster as dg

EXECUTOR_ENV_VAR = "NEWS_WAREHOUSE_EXECUTOR"
CELERY_BROKER_ENV_VAR = "NEWS_WAREHOUSE_CELERY_BROKER"
# Imported once in the fork server, so forked steps start with them loaded.
PRELOADED_MODULES = ["pipelines.definitions"]


def executor_from_environment() -> dg.ExecutorDefinition:
    """The executor named by NEWS_WAREHOUSE_EXECUTOR (`multiprocess`, `celery` or `in_process`)."""
    name = os.environ.get(EXECUTOR_ENV_VAR, "multiprocess")
    if name == "multiprocess":
        # One step per core: each spaCy batch keeps a core busy, and fewer processes keep memory flat.
        return dg.multiprocess_executor.configured(
            {
                "max_concurrent": os.cpu_count() or 1,
                "start_method": {"forkserver": {"preload_modules": PRELOADED_MODULES}},
            }
        )
    if name == "in_process":
        return dg.in_process_executor
    if name == "celery":
        # Imported only here: the Celery extra is needed on machines that use it, not elsewhere.
        from dagster_celery import celery_executor

        broker = os.environ.get(CELERY_BROKER_ENV_VAR, "redis://127.0.0.1:6379/0")
        return celery_executor.configured({"broker": broker, "backend": broker})
    raise ValueError(f"{EXECUTOR_ENV_VAR}={name!r}: expected multiprocess, celery or in_process")
