"""The language a document is written in, as an ISO 639-1 code, and whether it can be annotated.

py3langid (a maintained fork of langid.py) ships its model, 97 languages, in its
wheel (4.6 MB; nothing is downloaded at run time), loads in half a second and
classifies an article in well under a millisecond. Its probabilities are
normalised, so a text it cannot tell is recognisable by a low confidence.

Rules (never a language the text does not show):

* the text read is the title and the body without quoted replies and signatures,
  cased as written, and lower-cased too when mostly capitals (wire copy in
  capitals reads as noise to a character n-gram model);
* fewer than ``MIN_LETTERS`` letters, a confidence under ``MIN_CONFIDENCE``, or
  the model's "no linguistic content" class: no language (NULL);
* only English is annotated (the NER model is English); a document in another
  language keeps its metadata and gets an `annotation_status` row `skipped`
  with the reason (`ANNOTATED_LANGUAGE`). A document with no language found is
  annotated as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Final

from py3langid.langid import MODEL_FILE, LanguageIdentifier

__all__ = ["Detected", "detect_language", "skip_reason", "ANNOTATED_LANGUAGE", "MIN_LETTERS", "MIN_CONFIDENCE"]

ANNOTATED_LANGUAGE: Final = "en"
MIN_LETTERS: Final = 20
MIN_CONFIDENCE: Final = 0.5
# The first 4,000 characters (some 600 words) decide as well as the whole article and cost a
# fifth of it: the model reads every character in Python.
MAX_CHARS: Final = 4_000
_NO_LANGUAGE: Final = frozenset({"zxx", "und"})


@dataclass(frozen=True)
class Detected:
    language: str | None
    confidence: float | None


def detect_language(text: str) -> Detected:
    """The language of `text`, or no language when it is too short or unclear."""
    sample = text[:MAX_CHARS]
    letters = [char for char in sample if char.isalpha()]
    if len(letters) < MIN_LETTERS:
        return Detected(None, None)
    if sum(char.isupper() for char in letters) > len(letters) / 2:
        sample = sample.lower()
    language, confidence = _identifier().classify(sample)
    if language in _NO_LANGUAGE or confidence < MIN_CONFIDENCE:
        return Detected(None, round(confidence, 4))
    return Detected(language, round(confidence, 4))


def skip_reason(language: str | None) -> str | None:
    """Why a document in `language` is not annotated, or None when it is."""
    if language is None or language == ANNOTATED_LANGUAGE:
        return None
    return f"language {language}: only English is annotated"


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
