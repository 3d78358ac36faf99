"""One `documents` row per distinct text, with the metadata its source names or its header gives,
its dateline and its language.

A document from an export row or a web page comes with its fields named
(`structured.py`): they are taken as given, and its text is all body. A plain
text's metadata is read from its header lines (`headers.py`), a message's from
its header block (`messages.py`).

The language is the detector's (`language.py`), read from the title and the
author's own words; when it cannot tell, the language the source declares
(an export's column, `<html lang>`), with no confidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from pipelines.core.datelines import find_dateline
from pipelines.core.headers import ParsedArticle, parse_article, tidy_text
from pipelines.core.language import Detected, detect_language
from pipelines.core.sources import LOADED, MISSING, REJECTED
from pipelines.core.structured import DocumentText, parse_published

# A declared "fr", or the language part of "fr-CA" / "pt_BR".
_ISO_639_1 = re.compile(r"[a-z]{2}")
# The columns that name the file holding a document: they change when the file moves, the rest does not.
HOLDER_COLUMNS = ("source_name", "source_path", "content_sha256", "source_status")


def holders(files: Iterable[Mapping]) -> dict[str, dict]:
    """{doc_id: its `HOLDER_COLUMNS`} from `source_files` rows: the document is named after the file that holds it.

    The holder is the `loaded` file, or for a document whose files are all
    gone or rejected since, the first such one, so the document outlives its file.
    """
    found: dict[str, Mapping] = {}
    for row in sorted(files, key=lambda r: (r["status"] != LOADED, r["source_path"])):
        if row["doc_id"] and row["status"] in (LOADED, MISSING, REJECTED):
            found.setdefault(row["doc_id"], row)
    return {
        doc_id: {
            "source_name": row["source_path"].rsplit("/", 1)[-1],
            "source_path": row["source_path"],
            "content_sha256": row["content_sha256"],
            "source_status": row["status"],
        }
        for doc_id, row in found.items()
    }


def parse_document(text: DocumentText) -> dict:
    """The columns a document's text alone gives: all but its id, its holder's (`holders`) and its story."""
    article, header_error = _from_fields(text.text, text.fields) if text.fields else _parse(text.text)
    dateline = find_dateline(article.body)
    language = _language(article, text.fields)
    return {
        "title": article.title,
        "subtitle": article.subtitle,
        "author": article.author,
        "section": article.section,
        "published_at": article.published_at,
        "published_date": article.published_date,
        "body": article.body,
        "word_count": article.word_count,
        "header_error": header_error,
        "published_zone": article.published_zone,
        "published_at_utc": article.published_at_utc,
        "newsgroups": list(article.newsgroups) or None,
        "organization": article.organization,
        "message_id": article.message_id,
        "in_reply_to": article.in_reply_to,
        "skip_kinds": [span.kind for span in article.skipped] or None,
        "skip_starts": [span.start for span in article.skipped] or None,
        "skip_ends": [span.end for span in article.skipped] or None,
        "dateline": dateline.place if dateline else None,
        "language": language.language,
        "language_confidence": language.confidence,
        "url": text.fields.get("url"),
        "outlet": text.fields.get("outlet"),
    }


def _from_fields(text: str, fields: Mapping[str, str]) -> tuple[ParsedArticle, None]:
    """The article as its source names it: no header to read, the whole text is the body."""
    article = ParsedArticle(
        title=fields.get("title"),
        subtitle=None,
        author=fields.get("author"),
        section=fields.get("section"),
        published_at=parse_published(fields.get("published")),
        body=tidy_text(text),
    )
    return article, None


def _parse(text: str) -> tuple[ParsedArticle, str | None]:
    """The parsed article, or when the header parser fails on this text, the whole text as body and why."""
    try:
        return parse_article(text), None
    except Exception as exc:  # one odd article must not stop the others
        bare = ParsedArticle(title=None, subtitle=None, author=None, section=None, published_at=None, body=tidy_text(text))
        return bare, f"header not read ({exc!r}): the whole text is the body"


def _language(article: ParsedArticle, fields: Mapping[str, str]) -> Detected:
    detected = detect_language(_read_text(article))
    declared = re.split(r"[-_]", (fields.get("language") or "").strip().lower())[0]
    if detected.language is None and _ISO_639_1.fullmatch(declared):
        return Detected(declared, None)
    return detected


def _read_text(article: ParsedArticle) -> str:
    """The title and the body without quoted replies and signatures: the author's own words."""
    body, kept, last = article.body, [], 0
    for span in article.skipped:
        kept.append(body[last : span.start])
        last = span.end
    kept.append(body[last:])
    return "\n".join([article.title or "", *kept])
