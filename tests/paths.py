"""Where the project's own files are, for tests in any folder."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SEEDS = PROJECT_ROOT / "seeds"
# Articles written for the end-to-end tests: the header shapes of real exports, a story of our own.
E2E_ARTICLES = PROJECT_ROOT / "tests" / "e2e" / "articles"
# Input files of every format but Parquet (written by `write_parquet_archive`): plain text, messages with full headers
# (one replying to, and quoting, the other), a wire story with a dateline, French and Russian articles, CSV and
# JSON Lines exports, saved pages, three syndicated copies of one story.
FORMATS = PROJECT_ROOT / "tests" / "formats"
