"""Saved web pages: the article's text without the page around it, metadata from the page itself."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import FORMATS

from pipelines.core.decoding import NotText
from pipelines.core.html_pages import NO_MAIN_TEXT, extract_page, is_html_page

PAGE = (FORMATS / "valley_courier_port_strike.html").read_bytes()


def test_the_main_text_is_kept_and_the_boilerplate_left_out():
    page = extract_page(PAGE)
    assert page.text.startswith("Dock workers at the northern terminal of Port Hallam")
    assert page.text.endswith("would have to be destroyed.")
    assert page.text.count("\n\n") == 4  # five paragraphs
    for boilerplate in ("cookies", "Related stories", "Ferry fares", "Subscribe", "Sign up", "All rights reserved", "By Rhys"):
        assert boilerplate not in page.text


def test_metadata_comes_from_the_page():
    assert extract_page(PAGE).fields == {
        "title": "Hallam dockers back at work after pay deal",
        "author": "Rhys Calloway",
        "published": "2024-03-14T00:00:00",
        "section": "Business",
        "url": "https://valleycourier.example/business/2024/03/14/hallam-dockers-back-at-work",
        "outlet": "Valley Courier",
        "language": "en",
    }


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        pytest.param((FORMATS / "valley_courier_gallery.html").read_bytes(), NO_MAIN_TEXT, id="gallery-no-main-text"),
        pytest.param(b"<html><head><title>Empty</title></head><body></body></html>", NO_MAIN_TEXT, id="empty-body"),
        pytest.param(b"", "empty file", id="empty-file"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file", id="an-image-named-html"),
        pytest.param(b"just a few words, no markup", "not an HTML page", id="no-markup"),
    ],
)
def test_a_page_without_an_article_is_refused_with_the_reason(raw, reason):
    with pytest.raises(NotText, match=reason.replace("(", r"\(").replace(")", r"\)")):
        extract_page(raw)


@pytest.mark.parametrize(
    ("raw", "language", "title"),
    [
        pytest.param(
            '<html lang="fr-FR"><head><meta charset="windows-1252"><title>Grève au port</title></head><body><article>'
            "<p>Les dockers du port de Hallam ont repris le travail jeudi après neuf jours de grève, selon le syndicat.</p>"
            "<p>Plus de quarante porte-conteneurs attendaient au large, a précisé la chambre de commerce régionale.</p>"
            "</article></body></html>".encode("cp1252"),
            "fr",
            "Grève au port",
            id="cp1252-french",
        ),
        pytest.param(
            '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" lang="ru"><head>'
            "<title>Порт возобновил работу</title></head><body><article><p>Докеры северного терминала порта Халлам вернулись "
            "к работе в четверг после девятидневной забастовки, сообщил профсоюз.</p><p>Более сорока контейнеровозов "
            "ожидали на рейде, по данным региональной торговой палаты.</p></article></body></html>".encode(),
            "ru",
            "Порт возобновил работу",
            id="xhtml-russian",
        ),
    ],
)
def test_pages_in_other_encodings_and_languages(raw, language, title):
    page = extract_page(raw)
    assert page.fields["language"] == language and page.fields["title"] == title
    assert len(page.text.split("\n\n")) == 2


@pytest.mark.parametrize(("name", "is_page"), [("a.html", True), ("b.HTM", True), ("c.xhtml", False), ("d.txt", False)])
def test_pages_are_told_by_their_suffix(name, is_page):
    assert is_html_page(name) is is_page


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=1500) | st.text(max_size=1500).map(lambda t: f"<html><body><p>{t}</p></body></html>".encode()))
def test_the_page_parser_returns_a_document_or_refuses_with_a_reason(raw):
    try:
        page = extract_page(raw)
    except NotText as refused:
        assert str(refused)
    else:
        assert page.text.strip()
