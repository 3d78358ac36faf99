"""The report page's payload compression."""

import gzip
import random
import zlib

import pytest

from pipelines.core import workers
from pipelines.core.report.page import gzip_on_every_core


@pytest.mark.parametrize("size", [0, 1, 2, 3, 1_000, 250_001])
@pytest.mark.parametrize("cores", [1, 2, 3])
def test_pieces_deflated_at_once_read_back_as_one_gzip_member(size, cores, monkeypatch):
    monkeypatch.setattr(workers, "cores", lambda: cores)
    chooser = random.Random(size)
    data = "".join(chooser.choice(["claim ", "source ", "Ålesund ", "{\"doc\":", "12,000 "]) for _ in range(size)).encode()[:size]
    packed = gzip_on_every_core(data, 3)
    assert gzip.decompress(packed) == data
    # One member, checked strictly: a reader that stops after the first member gets all the data too.
    reader = zlib.decompressobj(zlib.MAX_WBITS | 16)
    assert reader.decompress(packed) == data and reader.eof and reader.unused_data == b""
    assert gzip_on_every_core(data, 3) == packed  # the same data, the same bytes
