"""Dagster assets, one module per stage; thin wiring over `pipelines.core`."""
