"""Tests for pipelines.core.language: detection on invented texts, thresholds, the skip rule."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from pipelines.core import language
from pipelines.core.cache import CACHE_ENV
from pipelines.core.language import MIN_CONFIDENCE, detect_language, skip_reason

TEXTS = [
    ("The harbour authority said on Tuesday that ferry traffic would resume after the storm.", "en"),
    ("L'autorité portuaire a annoncé mardi que le trafic des ferries reprendrait après la tempête.", "fr"),
    ("Портовое управление сообщило во вторник, что паромное сообщение возобновится после шторма.", "ru"),
    ("Die Hafenbehörde teilte am Dienstag mit, dass der Fährverkehr nach dem Sturm wieder aufgenommen wird.", "de"),
    ("LA AUTORIDAD PORTUARIA ANUNCIÓ EL MARTES QUE EL TRÁFICO DE TRANSBORDADORES SE REANUDARÁ TRAS LA TORMENTA.", "es"),
]


@pytest.mark.parametrize(("text", "language"), TEXTS)
def test_detects_language(text: str, language: str) -> None:
    detected = detect_language(text)
    assert detected.language == language
    assert detected.confidence is not None and detected.confidence >= MIN_CONFIDENCE


@pytest.mark.parametrize("text", ["", "Thanks!", "12 345 678", "Tallinn, Riga", "----", "ok ok ok"])
def test_too_short_or_unclear_gives_no_language(text: str) -> None:
    assert detect_language(text).language is None


@pytest.mark.parametrize(
    ("language", "reason"),
    [("en", None), (None, None), ("fr", "language fr: only English is annotated"), ("ru", "language ru: only English is annotated")],
)
def test_skip_reason(language: str | None, reason: str | None) -> None:
    assert skip_reason(language) == reason


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_never_raises(text: str) -> None:
    detected = detect_language(text)
    assert detected.language is None or (len(detected.language) in (2, 3) and detected.confidence >= MIN_CONFIDENCE)


def test_the_model_read_from_its_cached_copy_ranks_languages_exactly_as_the_shipped_file(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    shipped = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    made, read = language._model(), language._model()  # the first call makes the copy, the second reads it
    assert list(tmp_path.glob("langid-model-*")) == [language._model_copy_path()]
    for model in (made, read):
        ptc, pc, classes, nextmove, row, output = model
        identifier = LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)
        for text, _ in TEXTS:
            assert identifier.rank(text) == shipped.rank(text)


def test_a_damaged_copy_of_the_model_is_made_again_and_copies_of_other_versions_go(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    (tmp_path / "langid-model-0000000000000000.npz").write_bytes(b"made by another version")
    language._model()
    assert list(tmp_path.glob("langid-model-*")) == [language._model_copy_path()]
    copy = language._model_copy_path()
    whole = copy.read_bytes()
    copy.write_bytes(whole[:1000])
    assert language._model()[2] == LanguageIdentifier.from_model_file(MODEL_FILE).nb_classes
    assert copy.read_bytes() == whole
