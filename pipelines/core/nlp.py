"""Loading the spaCy pipeline and running it over many texts with flat memory use.

The model is an installed package (no download at run time). Its name defaults to
``model.DEFAULT_MODEL`` and can be changed with the ``SPACY_MODEL`` environment variable,
e.g. ``SPACY_MODEL=en_core_web_md``.

Its tokenizer also splits punctuation glued to words by damaged quotes and dashes
(``over,"?said``, ``Lind,-ICG``, ``Source:-Reuters``): a comma, colon or semicolon
directly followed by a quote, question mark or dash, and such a run directly
followed by a letter, are tokens of their own. Left glued, the model reads
``over,"?said Greta`` as one word and misses the name after it.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from functools import cache, lru_cache
from typing import TypeVar

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex
from spacy.vocab import Vocab

from pipelines.core.model import configured_model_name

# Documents per nlp.pipe batch: spaCy's default of 256 news articles takes gigabytes,
# a batch of 8 a few hundred megabytes at the same speed.
PARSE_BATCH_SIZE = 8
# ... and characters per batch: the model's working memory grows with the tokens of a batch, so
# eight long texts at once cost some 70 MB more than eight ordinary articles (a longer text goes alone).
PARSE_BATCH_CHARS = 30_000

Key = TypeVar("Key")
_TEXT_KEY = "pipelines.text"  # where `text_of` keeps a doc's text, in its user_data

_QUOTES_AND_DASHES = "\"\u201c\u201d?\\-\u2013\u2014"
# Infixes for damaged punctuation (see the module docstring): ',' before '"?', and '"?' before a letter.
GLUED_PUNCTUATION_INFIXES = (
    rf"(?<=[^\W\d_])[,;:](?=[{_QUOTES_AND_DASHES}])",
    rf"(?<=[,;:])[{_QUOTES_AND_DASHES}]+(?=[^\W\d_])",
)


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
    pipeline = spacy.load(model_name, exclude=["senter"])
    infixes = [*pipeline.Defaults.infixes, *GLUED_PUNCTUATION_INFIXES]
    pipeline.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return pipeline


def text_of(doc: Doc) -> str:
    """``doc.text``, joined once per doc: spaCy joins every token's text again on each access,
    and several extractors read the whole text of the same parse."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


@lru_cache(maxsize=64)
def string_ids(vocab: Vocab, strings: Collection[str]) -> numpy.ndarray:
    """The ids `Doc.to_array` gives `strings` (as LOWER, SHAPE, TAG...), for `numpy.isin`; built once per
    vocabulary and collection (pass a tuple or frozenset)."""
    return numpy.array([vocab.strings.add(string) for string in strings], dtype=numpy.uint64)


def parse_documents(
    nlp: Language, items: Iterable[tuple[Key, str]], batch_size: int = PARSE_BATCH_SIZE
) -> Iterator[tuple[Key, Doc | Exception]]:
    """Parse ``(key, text)`` pairs lazily, yielding ``(key, doc)`` in input order, in small batches
    (at most `batch_size` texts and `PARSE_BATCH_CHARS` characters).

    A batch the model fails on is parsed again text by text, so one bad text yields
    ``(key, error)`` and costs neither its neighbours nor the rest of the stream.
    """
    for batch in _batches(items, batch_size):
        keys, texts = zip(*batch)
        try:
            docs: list[Doc | Exception] = list(nlp.pipe(texts, batch_size=batch_size))
        except Exception:  # noqa: BLE001 - retried one by one below, where the failing text is found
            docs = [_parse_alone(nlp, text) for text in texts]
        yield from zip(keys, docs)


def _batches(items: Iterable[tuple[Key, str]], batch_size: int) -> Iterator[list[tuple[Key, str]]]:
    batch: list[tuple[Key, str]] = []
    characters = 0
    for item in items:
        if batch and characters + len(item[1]) > PARSE_BATCH_CHARS:
            yield batch
            batch, characters = [], 0
        batch.append(item)
        characters += len(item[1])
        if len(batch) == batch_size:  # yielded at once: the next text may not have arrived yet
            yield batch
            batch, characters = [], 0
    if batch:
        yield batch


def _parse_alone(nlp: Language, text: str) -> Doc | Exception:
    try:
        return nlp(text)
    except Exception as error:  # noqa: BLE001 - returned to the caller, who records it for this text
        return error
