"""Plain-Python text and storage logic, free of Dagster imports so it can be tested alone."""
