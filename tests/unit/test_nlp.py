"""Loading the spaCy pipeline, choosing it with SPACY_MODEL, and parsing in small batches."""
from __future__ import annotations

import pytest
from spacy.attrs import LOWER

from pipelines.core.nlp import PARSE_BATCH_CHARS, load_pipeline, parse_documents, string_ids, text_of
from pipelines.core.model import DEFAULT_MODEL, MODEL_ENV_VAR, configured_model_name


def test_pipeline_keeps_the_components_figures_and_entities_need(nlp):
    assert {"tagger", "attribute_ruler", "lemmatizer", "parser", "ner"} <= set(nlp.pipe_names)


def test_pipeline_is_loaded_once_per_name(nlp):
    assert load_pipeline(DEFAULT_MODEL) is nlp


def test_default_model_without_environment_setting(monkeypatch, nlp):
    monkeypatch.delenv(MODEL_ENV_VAR, raising=False)
    assert configured_model_name() == DEFAULT_MODEL
    assert load_pipeline() is nlp


def test_environment_variable_chooses_the_model(monkeypatch, nlp):
    monkeypatch.setenv(MODEL_ENV_VAR, "no_such_model_installed")
    assert configured_model_name() == "no_such_model_installed"
    with pytest.raises(OSError, match="no_such_model_installed"):
        load_pipeline()
    assert load_pipeline(DEFAULT_MODEL) is nlp  # an explicit name wins over the setting


def test_parse_documents_keeps_keys_and_order(nlp):
    items = [("a", "Lisbon is in Portugal."), ("b", ""), ("c", "Osaka is in Japan.")]
    parsed = list(parse_documents(nlp, items))
    assert [key for key, _ in parsed] == ["a", "b", "c"]
    assert [doc.text for _, doc in parsed] == [text for _, text in items]
    assert [token.lemma_ for token in parsed[0][1]][:2] == ["Lisbon", "be"]  # lemmatizer ran


def test_parse_documents_reads_input_one_batch_at_a_time(nlp):
    pulled = []

    def items():
        for number in range(20):
            pulled.append(number)
            yield number, f"Article {number} mentions Paris."

    documents = parse_documents(nlp, items(), batch_size=3)
    first_key, _ = next(documents)
    assert first_key == 0
    assert len(pulled) <= 3  # only the first batch was read to yield the first document
    assert [key for key, _ in documents] == list(range(1, 20))


def test_long_texts_are_parsed_in_smaller_batches(nlp, monkeypatch):
    batches, real_pipe = [], type(nlp).pipe

    def pipe(self, texts, **kwargs):
        batches.append([len(text) for text in texts])
        return real_pipe(self, texts, **kwargs)

    monkeypatch.setattr(type(nlp), "pipe", pipe)
    long_text = "The ferry left the harbour at dawn. " * (PARSE_BATCH_CHARS // 72 + 1)  # over half the limit
    items = [(0, long_text), (1, long_text), (2, "A short note."), (3, long_text * 3), (4, "Another short note.")]
    parsed = list(parse_documents(nlp, items, batch_size=8))
    assert [key for key, _ in parsed] == [0, 1, 2, 3, 4]
    assert [len(batch) for batch in batches] == [1, 2, 1, 1]  # a text over the limit goes alone
    assert all(sum(batch) <= PARSE_BATCH_CHARS or len(batch) == 1 for batch in batches)


def test_a_text_the_model_fails_on_yields_its_error_and_the_stream_goes_on(nlp, monkeypatch):
    real_pipe, real_call = type(nlp).pipe, type(nlp).__call__

    def pipe(self, texts, **kwargs):
        texts = list(texts)
        if any("Kaboom" in text for text in texts):
            raise RuntimeError("batch failed")
        return real_pipe(self, texts, **kwargs)

    def call(self, text, **kwargs):
        if "Kaboom" in text:
            raise RuntimeError("this text fails")
        return real_call(self, text, **kwargs)

    monkeypatch.setattr(type(nlp), "pipe", pipe)
    monkeypatch.setattr(type(nlp), "__call__", call)
    items = [(number, f"Article {number} mentions Paris.") for number in range(7)]
    items[4] = (4, "Kaboom")
    parsed = dict(parse_documents(nlp, items, batch_size=3))
    assert list(parsed) == list(range(7))
    assert isinstance(parsed[4], RuntimeError) and str(parsed[4]) == "this text fails"
    assert [parsed[n].text for n in (0, 1, 2, 3, 5, 6)] == [items[n][1] for n in (0, 1, 2, 3, 5, 6)]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ('the case,"?said Holly Okafor', ["the", "case", ",", '"?', "said", "Holly", "Okafor"]),
        ("Tomas Lind,-ICG director", ["Tomas", "Lind", ",", "-", "ICG", "director"]),
        ("Source:-Reuters", ["Source", ":", "-", "Reuters"]),
        ("3,000 at 2:30 pm", ["3,000", "at", "2:30", "pm"]),  # numbers and clock times stay whole
    ],
    ids=["comma-quote", "comma-dash", "colon-dash", "numbers"],
)
def test_punctuation_glued_by_damaged_quotes_and_dashes_is_split(nlp, text, tokens):
    assert [token.text for token in nlp.tokenizer(text)] == tokens


def test_text_of_a_doc_is_its_text_joined_once(nlp):
    doc = nlp("The ferry  left at dawn.\nIt came back late.")
    assert text_of(doc) == doc.text
    assert text_of(doc) is text_of(doc)


def test_string_ids_are_the_ids_doc_arrays_hold(nlp):
    doc = nlp("Ferries and barges")
    assert string_ids(doc.vocab, ("ferries", "barges")).tolist() == doc.to_array([LOWER]).tolist()[::2]
