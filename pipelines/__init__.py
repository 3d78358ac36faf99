"""News-intelligence warehouse: Dagster code location (see ``pipelines.definitions``)."""
