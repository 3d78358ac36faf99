"""The side-by-side measurement of the annotation step against the bare model, on a built warehouse."""

import re
import subprocess
import sys

from paths import PROJECT_ROOT


def test_both_sides_parse_the_same_tokens_and_a_median_is_given(built):
    result = subprocess.run(
        [sys.executable, "-m", "bench.side_by_side", str(built.warehouse_dir), "--documents", "3", "--rounds", "2"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rounds = re.findall(r"round (\d): 3 documents, ([\d,]+) tokens; .* annotate runs at (\d\.\d\d)", result.stdout)
    assert [number for number, _, _ in rounds] == ["1", "2"]
    assert all(int(tokens.replace(",", "")) > 0 for _, tokens, _ in rounds)
    assert re.search(r"^median over 2 rounds: \d\.\d\d$", result.stdout, re.MULTILINE)
