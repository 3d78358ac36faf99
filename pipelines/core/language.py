"""The language a document is written in, as an ISO 639-1 code, and whether it can be annotated.

py3langid (a maintained fork of langid.py) ships its model, 97 languages, in its
wheel (4.6 MB; nothing is downloaded at run time), loads in a tenth of a second
once an uncompressed copy is in the cache folder, and classifies an article in
well under a millisecond. Its probabilities are
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

import hashlib
import json
import math
import mmap
import sys
import zlib
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from py3langid.modelio import load_model

from pipelines.core.atomic import atomic_path
from pipelines.core.cache import cache_folder, read_or_make, remove_other_versions
from pipelines.core.code_version import code_digest

__all__ = ["Detected", "detect_language", "skip_reason", "ANNOTATED_LANGUAGE", "MIN_LETTERS", "MIN_CONFIDENCE"]

ANNOTATED_LANGUAGE: Final = "en"
MIN_LETTERS: Final = 20
MIN_CONFIDENCE: Final = 0.5
# The first 4,000 characters (some 600 words) decide as well as the whole article and cost a
# fifth of it: the model reads every character in Python.
MAX_CHARS: Final = 4_000
_NO_LANGUAGE: Final = frozenset({"zxx", "und"})
_COPY_PREFIX: Final = "langid-model-"  # the model's uncompressed copy in the cache folder (see `_model`)
_COPY_MAGIC: Final = b"news-warehouse langid arrays 1\n"  # a copy's first bytes (`_copy_bytes`)
_ALIGNMENT: Final = 64


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
    ptc, pc, classes, nextmove, row, output = _model()
    return LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)


def _model() -> tuple:
    """py3langid's model, as its `load_model` reads it from the shipped file.

    Decompressing that file takes about 0.35 s in every process that detects languages, so an
    uncompressed copy (about 65 MB) is kept in the cache folder (`cache.cache_folder`) and mapped
    into memory, not read: a process touches only the pages its texts need, and the processes share
    them. A copy that is missing, damaged (its checksum) or cannot be read is made again.
    """
    copy = _model_copy_path()
    return read_or_make(copy.parent, lambda: _read_copy(copy), lambda: _made_copy(copy))


def _made_copy(copy: Path) -> tuple:
    """The model read from the shipped file, and its uncompressed copy written to `copy`."""
    ptc, pc, classes, nextmove, row, output = model = load_model(MODEL_DIR / MODEL_FILE)
    arrays = {"ptc": np.asarray(ptc), "pc": np.asarray(pc), "classes": np.array(classes),
              "nextmove": _as_numpy(nextmove), "row": _as_numpy(row), "output": np.array(output)}
    try:
        with atomic_path(copy) as temp:
            temp.write_bytes(_copy_bytes(arrays))
        remove_other_versions(copy, f"{_COPY_PREFIX}*")
    except OSError:
        pass  # a cache that cannot be written: the model is decompressed again next time, nothing worse
    return model


def _copy_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """`_COPY_MAGIC`, the header's length, the header (each array's type, shape and place; the data's
    size and CRC-32) and the arrays' bytes, each starting on a multiple of `_ALIGNMENT`."""
    layout, size = {}, 0
    for name, values in arrays.items():
        layout[name] = [values.dtype.str, list(values.shape), size]
        size = _aligned(size + values.nbytes)
    data = bytearray(size)
    for name, values in arrays.items():
        offset = layout[name][2]
        data[offset : offset + values.nbytes] = np.ascontiguousarray(values).tobytes()
    header = json.dumps({"arrays": layout, "bytes": size, "crc32": zlib.crc32(data)}).encode()
    start = _aligned(len(_COPY_MAGIC) + 8 + len(header))
    return (_COPY_MAGIC + len(header).to_bytes(8, "little") + header).ljust(start, b"\0") + data


def _read_copy(copy: Path) -> tuple | None:
    """The model from its uncompressed copy, mapped; None when there is none or it cannot be trusted (made again)."""
    try:
        with open(copy, "rb") as file:
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        header_end = len(_COPY_MAGIC) + 8
        if mapped[: len(_COPY_MAGIC)] != _COPY_MAGIC:
            return None
        length = int.from_bytes(mapped[len(_COPY_MAGIC) : header_end], "little")
        header = json.loads(mapped[header_end : header_end + length])
        data = memoryview(mapped)[_aligned(header_end + length) :]
        if len(data) != header["bytes"] or zlib.crc32(data) != header["crc32"]:
            return None
        arrays = {
            name: np.frombuffer(data, dtype=np.dtype(kind), count=math.prod(shape), offset=offset).reshape(shape)
            for name, (kind, shape, offset) in header["arrays"].items()
        }
        # The walk of py3langid's classifier indexes `nextmove` (as fast through a memoryview as in a
        # stdlib array) and iterates over `row` and `output` (Python ints).
        return (arrays["ptc"], arrays["pc"], arrays["classes"].tolist(), memoryview(arrays["nextmove"]),
                arrays["row"].tolist(), arrays["output"].tolist())
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _aligned(offset: int) -> int:
    return -(-offset // _ALIGNMENT) * _ALIGNMENT


def _model_copy_path() -> Path:
    shipped = MODEL_DIR / MODEL_FILE
    identity = f"{shipped}:{shipped.stat().st_size}:{shipped.stat().st_mtime_ns}:{code_digest(sys.modules[__name__])}"
    return cache_folder() / f"{_COPY_PREFIX}{hashlib.sha256(identity.encode()).hexdigest()[:16]}.bin"


def _as_numpy(values: array) -> np.ndarray:
    return np.frombuffer(values, dtype=np.dtype(values.typecode))
