"""One `documents` row per distinct text, with the metadata its source names or its header gives.

A document from an export row or a web page comes with its fields named
(`structured.py`): they are taken as given, and its text is all body. A plain
text's metadata is read from its header lines (`headers.py`).
"""

from __future__ import annotations

from collections.abc import Mapping

from pipelines.core.headers import ParsedArticle, parse_article, tidy_text
from pipelines.core.sources import LOADED, MISSING, REJECTED, SourceFile
from pipelines.core.structured import DocumentText, parse_published


def build_documents(files: list[SourceFile], texts: dict[str, DocumentText]) -> list[dict]:
    """Parse each document's header; name it after the file that holds it.

    The holder is the `loaded` file, or for a document whose files are all
    gone or rejected since, the first such one, so the document outlives its file.
    """
    holders: dict[str, SourceFile] = {}
    for row in sorted(files, key=lambda r: (r.status != LOADED, r.source_path)):
        if row.doc_id and row.status in (LOADED, MISSING, REJECTED):
            holders.setdefault(row.doc_id, row)
    rows = []
    for doc_id in sorted(holders):
        if doc_id not in texts:
            continue
        holder = holders[doc_id]
        text = texts[doc_id]
        article, header_error = _from_fields(text.text, text.fields) if text.fields else _parse(text.text)
        rows.append(
            {
                "doc_id": doc_id,
                "source_name": holder.source_path.rsplit("/", 1)[-1],
                "source_path": holder.source_path,
                "content_sha256": holder.content_sha256,
                "title": article.title,
                "subtitle": article.subtitle,
                "author": article.author,
                "section": article.section,
                "published_at": article.published_at,
                "published_date": article.published_date,
                "body": article.body,
                "word_count": article.word_count,
                "source_status": holder.status,
                "header_error": header_error,
                "url": text.fields.get("url"),
                "outlet": text.fields.get("outlet"),
            }
        )
    return rows


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
