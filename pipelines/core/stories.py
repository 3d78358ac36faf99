"""Syndicated copies: documents whose bodies are near-identical tell one story.

The same wire story runs in many outlets with small edits: another headline,
a changed byline, a trimmed last paragraph, a line of local context. Two
documents are copies when the Jaccard similarity of their bodies' word
5-shingles (runs of five words, lower-cased, punctuation ignored) is at least
`THRESHOLD`. Headlines and bylines are not in the body, so they never count;
dropping the last of five equal paragraphs keeps 0.8 of the shingles, while
two different articles on the same event share almost none (below 0.1).

The similarity is estimated with MinHash signatures (`NUM_PERM` permutations,
datasketch) and candidates are found with locality-sensitive hashing, so the
cost grows with the number of documents, not with its square: two signatures
are candidates when they agree on every value of one band, with the bands
datasketch's `MinHashLSH` picks for `THRESHOLD` (`bands`), and each candidate
pair is confirmed on its estimated similarity (the share of equal values).
The candidates of each band are found at once, by sorting all signatures on
it, rather than by querying an index one document at a time. Copies are joined
transitively (a copy of a copy is the same story). A story's id is the
smallest `doc_id` among its documents, so it is the same on every run while
they are; a document told once is its own story. Exact copies never get this
far: the same text is one document, and its other files are `duplicate`.

A signature is its `NUM_PERM` hash values, stored as they are, so a later run
groups all documents again without hashing any body it has seen before.
datasketch's `affine32` scheme keeps each value in 32 bits (`numpy.uint32`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

import numpy as np

SHINGLE_WORDS = 5
THRESHOLD = 0.7
NUM_PERM = 128
# Fixed, so signatures (and therefore stories) are the same on every run and machine.
SEED = 1
# Named, not left to datasketch's default: stored hash values mean something only under the scheme that made them.
SCHEME = "affine32"
_PAIRS_AT_ONCE = 20_000  # candidate pairs compared in one numpy step (about 25 MB)
_WORD = re.compile(r"\w+")


def shingles(body: str) -> set[bytes]:
    """The body's word 5-shingles (a shorter body is one shingle of all its words)."""
    words = _WORD.findall(body.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(body: str) -> np.ndarray | None:
    """The body's MinHash signature as `NUM_PERM` unsigned 32-bit hash values; None for a body without words."""
    found = shingles(body)
    if not found:
        return None
    # Imported here: datasketch loads scipy (over a second), which a run with nothing new to hash never needs.
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_permutations())
    minhash.update_batch(list(found))
    return minhash.hashvalues.astype(np.uint32, casting="safe")


@cache
def _permutations() -> np.ndarray:
    """The scheme's hash permutations for `SEED`, drawn once: drawing them for every body is a fifth of its hashing."""
    from datasketch import MinHash  # as in `signature`

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


@cache
def bands() -> list[tuple[int, int]]:
    """The (start, end) of each LSH band: datasketch's choice for `THRESHOLD`, weighing false positives and negatives alike."""
    from datasketch import MinHashLSH  # as in `signature`

    return MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM).hashranges


def story_ids(signatures: Mapping[str, np.ndarray | None]) -> dict[str, str]:
    """{doc_id: story_id} for {doc_id: its body's `signature`}."""
    doc_ids = sorted(signatures)
    parent = list(range(len(doc_ids)))  # by position in doc_id order: the smaller position, the smaller id

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    def join(first: int, second: int) -> None:
        first, second = sorted((root(first), root(second)))
        parent[second] = first  # the smaller id stays the root: it names the story

    signed = [index for index, doc_id in enumerate(doc_ids) if signatures[doc_id] is not None]
    if not signed:
        return dict(zip(doc_ids, doc_ids))
    # Bodies with the same signature are copies of each other: grouped once, so many of them cost no pairs.
    distinct, which = np.unique(np.stack([signatures[doc_ids[index]] for index in signed]), axis=0, return_inverse=True)
    first_with: dict[int, int] = {}  # row of `distinct` -> the first document with that signature
    for index, row in zip(signed, which.ravel().tolist()):
        join(first_with.setdefault(row, index), index)
    for first, second in _copies(distinct).tolist():
        join(first_with[first], first_with[second])
    return {doc_id: doc_ids[root(index)] for index, doc_id in enumerate(doc_ids)}


def _copies(values: np.ndarray) -> np.ndarray:
    """Pairs `[i, j]` (i < j) of rows of `values` that are candidates in some band and estimated similar enough."""
    candidates = np.unique(np.concatenate([_same_band(values[:, start:end]) for start, end in bands()]), axis=0)
    similar = [
        np.count_nonzero(values[chunk[:, 0]] == values[chunk[:, 1]], axis=1) / NUM_PERM >= THRESHOLD
        for chunk in np.array_split(candidates, max(1, len(candidates) // _PAIRS_AT_ONCE))
    ]
    return candidates[np.concatenate(similar)]


def _same_band(band: np.ndarray) -> np.ndarray:
    """Every pair `[i, j]` (i < j) of rows equal on `band`: all pairs within each run of equal rows, once sorted."""
    order = np.lexsort(band.T[::-1])
    ordered = band[order]
    starts = np.flatnonzero(np.r_[True, np.any(ordered[1:] != ordered[:-1], axis=1)])
    ends = np.repeat(np.r_[starts[1:], len(order)], np.diff(np.r_[starts, len(order)]))
    later = ends - np.arange(len(order)) - 1  # rows after each one in its run
    first = np.repeat(np.arange(len(order)), later)
    second = first + 1 + np.arange(len(first)) - np.repeat(np.cumsum(later) - later, later)
    return np.sort(np.column_stack([order[first], order[second]]), axis=1)
