"""One `documents` row per distinct text, with the metadata its header gives, its dateline and its language."""

from __future__ import annotations

from pipelines.core.datelines import find_dateline
from pipelines.core.decoding import DecodedText
from pipelines.core.headers import ParsedArticle, parse_article, tidy_text
from pipelines.core.language import detect_language
from pipelines.core.sources import LOADED, MISSING, REJECTED, SourceFile


def build_documents(files: list[SourceFile], texts: dict[str, DecodedText]) -> list[dict]:
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
        article, header_error = _parse(texts[doc_id].text)
        dateline = find_dateline(article.body)
        language = detect_language(_read_text(article))
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
            }
        )
    return rows


def _parse(text: str) -> tuple[ParsedArticle, str | None]:
    """The parsed article, or when the header parser fails on this text, the whole text as body and why."""
    try:
        return parse_article(text), None
    except Exception as exc:  # one odd article must not stop the others
        bare = ParsedArticle(title=None, subtitle=None, author=None, section=None, published_at=None, body=tidy_text(text))
        return bare, f"header not read ({exc!r}): the whole text is the body"


def _read_text(article: ParsedArticle) -> str:
    """The title and the body without quoted replies and signatures: the author's own words."""
    body, kept, last = article.body, [], 0
    for span in article.skipped:
        kept.append(body[last : span.start])
        last = span.end
    kept.append(body[last:])
    return "\n".join([article.title or "", *kept])
