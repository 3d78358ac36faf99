"""The Arrow schemas keep every column of ../shared/CONTRACT.md, with the contract's types."""

import re
from pathlib import Path

import pytest

from pipelines.core import schemas

CONTRACT = Path(__file__).resolve().parents[2] / "shared" / "CONTRACT.md"


def contract_tables() -> dict[str, dict[str, str | None]]:
    """Columns per table as CONTRACT.md states them: name -> type (None where it gives none)."""
    tables: dict[str, dict[str, str | None]] = {}
    current = None
    for line in CONTRACT.read_text(encoding="utf-8").splitlines():
        if heading := re.match(r"## (\w+)", line):
            current = tables.setdefault(heading.group(1), {})
        elif current is not None and (row := re.match(r"\| ([\w, /]+) \| *([A-Z\[\]]*) *\|", line)):
            for name in re.split(r"[,/] *", row.group(1)):
                if name.strip() not in ("column",):
                    current[name.strip()] = row.group(2) or None
        elif current is not None and line.startswith("`") and "," in line:
            for name in re.findall(r"(\w+)(?: [A-Z]+)?(?: \(|,|`)", line.split("`")[1] + "`"):
                current.setdefault(name, None)
    return tables


@pytest.mark.skipif(not CONTRACT.exists(), reason="../shared/CONTRACT.md is not beside the project")
@pytest.mark.parametrize("table", sorted(schemas.CONTRACT_COLUMNS))
def test_contract_columns_are_kept_with_their_types(table):
    stated = contract_tables()[table]
    ours = schemas.contract_types(table)
    assert set(stated) <= set(ours), f"missing: {set(stated) - set(ours)}"
    for column, stated_type in stated.items():
        if stated_type:
            assert ours[column] == stated_type, column


def test_contract_columns_come_first_in_each_schema():
    for table, columns in schemas.CONTRACT_COLUMNS.items():
        assert tuple(schemas.PUBLIC_TABLES[table].names[: len(columns)]) == columns
