"""What the model reads: fields joined, hard wraps undone at the same length, long texts in chunks."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.core.nlp_input import FIELD_SEPARATOR, nlp_input, unwrap_lines

WRAPPED = (
    "Harbour Freight Lines Ltd said on Tuesday it had agreed to\n"
    "buy the container terminal operator Quayside Holdings for an\n"
    "undisclosed sum, subject to approval by the competition\n"
    "regulator in Lisbon.\n"
    "The company said the purchase would add four berths.\n"
    "\n"
    "Analysts in Porto said the price was likely to be close to\n"
    "what rival bidders had offered last year."
)


def test_wrapped_paragraphs_are_joined_and_paragraph_breaks_kept():
    unwrapped = unwrap_lines(WRAPPED)
    assert len(unwrapped) == len(WRAPPED)
    assert "agreed to buy the container terminal operator Quayside Holdings for an undisclosed sum" in unwrapped
    assert "\n\nAnalysts in Porto said" in unwrapped
    # A break right after a full stop, before a capital, stays: the parser sees a sentence end either way.
    assert "regulator in Lisbon.\nThe company" in unwrapped


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "The trust said its results for the year were as follows, in thousands:\n"
            "Revenue 4,210 vs 3,987\nNet 512 vs 488\nShares 91 vs 90\nDividend 12 vs 11\n",
            id="table-rows-stay-apart",
        ),
        pytest.param(
            "### Key points of the plan announced by the regional council\n"
            "- the ferry service between the two islands resumes in spring\n"
            "- two new harbour cranes are bought from a supplier in Gdansk\n"
            "- the council reviews its port fees again before the winter\n",
            id="markdown-heading-and-list",
        ),
        pytest.param(
            "A single long paragraph line that runs well past any width a wrapping tool would use, "
            "because this text was never hard-wrapped at all and keeps each paragraph on one line.\n"
            "Another paragraph on its own line, again longer than one hundred characters from start to end.\n"
            "And a third.\n",
            id="unwrapped-text-untouched",
        ),
    ],
)
def test_text_that_is_not_wrapped_prose_keeps_its_line_breaks(text):
    assert unwrap_lines(text) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\n-#1)"), max_size=400))
def test_unwrapping_never_changes_length_or_anything_but_line_breaks(text):
    unwrapped = unwrap_lines(text)
    assert len(unwrapped) == len(text)
    assert all(a == b or (a == "\n" and b == " ") for a, b in zip(text, unwrapped))


def test_fields_are_joined_and_rows_map_back_to_their_field():
    text = nlp_input("Port strike ends", None, "Dockers in Genoa returned to work.")
    assert text.original == "Port strike ends" + FIELD_SEPARATOR + "Dockers in Genoa returned to work."
    assert [field.name for field in text.fields] == ["title", "body"]
    genoa = text.original.index("Genoa")
    located = text.locate(genoa, genoa + len("Genoa"))
    assert (located.field, located.start, located.end) == ("body", 11, 16)
    assert text.locate(0, 4).field == "title"
    assert text.locate(5, genoa) is None  # a span across two fields belongs to neither


def test_a_document_without_title_or_body_still_has_a_body_field():
    assert [field.name for field in nlp_input(None, None, "").fields] == ["body"]


def test_long_text_is_cut_at_paragraph_then_sentence_then_space():
    body = "\n\n".join(["One short sentence here. Another one follows it."] * 50)
    pieces = list(nlp_input(None, None, body).chunks(limit=300))
    assert "".join(piece for _, piece in pieces) == body
    assert all(len(piece) <= 300 for _, piece in pieces)
    assert all(piece.endswith("\n\n") for _, piece in pieces[:-1])
    assert [offset for offset, _ in pieces] == [sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]
    no_paragraphs = " ".join(["Word after word without a single full stop"] * 40)
    pieces = list(nlp_input(None, None, no_paragraphs).chunks(limit=200))
    assert "".join(piece for _, piece in pieces) == no_paragraphs
    assert all(piece.endswith(" ") for _, piece in pieces[:-1])


def test_skipped_body_spans_are_blanked_keeping_offsets() -> None:
    body = "> The board approved 14 berths.\n\nI count 12."
    text = nlp_input("Berths", None, body, skipped=[(0, 31)])
    body_start = text.field_bounds("body").start
    assert len(text.parsed) == len(text.original)
    assert text.parsed[body_start : body_start + 31].strip() == ""
    assert text.parsed[body_start + 31 :] == "\n\nI count 12."
    assert text.original[body_start:] == body
