"""Decoding untrusted bytes: every kind of bad input gets a clear reason, good text of any common encoding decodes."""

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.core.decoding import DecodedText, NotText, decode_bytes

WESTERN = "Café owners in Zürich said “prices” rose – naïvely – to €4.50 per crème brûlée."


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        pytest.param(b"", "empty file", id="empty"),
        pytest.param(b" \n\t\r\n  ", "empty file (whitespace only)", id="whitespace-only"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file (contains NUL bytes)", id="png"),
        pytest.param(b"\x7fELF\x02\x01\x01\x00" + bytes(64), "binary file (contains NUL bytes)", id="elf"),
        pytest.param(bytes(range(1, 32)) * 40, "binary file", id="control-characters"),
    ],
)
def test_bad_input_is_rejected_with_a_reason(raw, reason):
    with pytest.raises(NotText) as error:
        decode_bytes(raw)
    assert str(error.value).startswith(reason)


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        pytest.param(WESTERN.encode("utf-8"), "utf-8", id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + WESTERN.encode("utf-8"), "utf-8-sig", id="utf-8-bom"),
        pytest.param(WESTERN.encode("utf-16"), "utf-16", id="utf-16-bom"),
        pytest.param(WESTERN.encode("cp1252"), "cp1252", id="cp1252"),
        pytest.param(WESTERN.replace("€", "EUR").replace("“", '"').replace("”", '"').replace("–", "-").encode("latin-1"), "cp1252", id="latin-1"),
    ],
)
def test_text_in_common_encodings_decodes_exactly(raw, encoding):
    decoded = decode_bytes(raw)
    assert decoded.encoding == encoding
    assert decoded.text == raw.decode(encoding).lstrip("\ufeff")


def test_line_ends_bom_and_unicode_form_are_normalised():
    raw = codecs.BOM_UTF8 + "Title\r\nCafe\u0301 line\rlast\r\n".encode("utf-8")
    assert decode_bytes(raw).text == "Title\nCafé line\nlast\n"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048))
def test_any_bytes_either_decode_or_give_a_reason(raw):
    try:
        result = decode_bytes(raw)
    except NotText as error:
        assert str(error)
    else:
        assert isinstance(result, DecodedText) and result.text.strip()
