"""Saved web pages (`.html`, `.htm`): the article's main text and the page's own metadata.

trafilatura finds the main text and leaves out menus, related links, cookie
banners, comments and footers; it runs with `favor_precision`, so a page with
no article on it (a gallery, an index, navigation only) yields nothing and is
rejected rather than loaded as a document of boilerplate. Title, author,
section, site name and canonical URL come from the page's metadata (`<title>`,
`<meta>`, Open Graph, JSON-LD) as trafilatura reads it; the publication time
from htmldate over the page's markup only (`extensive_search=False`: a date
merely mentioned in the text is not taken for the publication date); the
language from `<html lang>`. The bytes are decoded by the project's decoder
like any text file. Nothing is fetched: both libraries are given the page,
never a URL.

The document's text is the main text, its paragraphs separated by blank
lines, without the headline when the text repeats it as its first line (the
title is its own column).
"""

from __future__ import annotations

import re

from pipelines.core.decoding import NotText, decode_bytes
from pipelines.core.structured import DocumentText, clean_fields, normalise_text

HTML_SUFFIXES = (".html", ".htm")
NO_MAIN_TEXT = "no main text found in the HTML page (only navigation, links or other boilerplate)"
_LANGUAGE_TAG = re.compile(r"([A-Za-z]{2})(?:[-_].*)?")


def is_html_page(path: str) -> bool:
    return path.lower().endswith(HTML_SUFFIXES)


def extract_page(raw: bytes) -> DocumentText:
    """The page's main text and metadata; raises NotText (the reason) when the bytes hold no article."""
    # Imported here: every scan imports this module, and most folders hold no web page (0.1 s saved).
    import htmldate
    import trafilatura

    decoded = decode_bytes(raw)
    tree = trafilatura.load_html(decoded.text)
    if tree is None:
        raise NotText("not an HTML page: no document could be parsed from it")
    published = htmldate.find_date(
        tree, original_date=True, extensive_search=False, outputformat="%Y-%m-%dT%H:%M:%S"
    )
    page = trafilatura.bare_extraction(decoded.text, with_metadata=True, favor_precision=True, include_comments=False)
    if page is None or not (page.text or "").strip():
        raise NotText(NO_MAIN_TEXT)
    paragraphs = [line.strip() for line in normalise_text(page.text).split("\n") if line.strip()]
    if page.title and len(paragraphs) > 1 and paragraphs[0] == page.title.strip():
        paragraphs = paragraphs[1:]
    language = _LANGUAGE_TAG.fullmatch((tree.get("lang") or "").strip())
    fields = {
        "title": page.title,
        "author": page.author,
        "published": published,
        "section": page.categories[0] if page.categories else None,
        "url": page.url,
        "outlet": page.sitename,
        "language": language.group(1).lower() if language else None,
    }
    return DocumentText("\n\n".join(paragraphs), decoded.encoding, decoded.confidence, clean_fields(fields))
