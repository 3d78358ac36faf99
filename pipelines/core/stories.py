"""Syndicated copies: documents whose bodies are near-identical tell one story.

The same wire story runs in many outlets with small edits: another headline,
a changed byline, a trimmed last paragraph, a line of local context. Two
documents are copies when the Jaccard similarity of their bodies' word
5-shingles (runs of five words, lower-cased, punctuation ignored) is at least
`THRESHOLD`. Headlines and bylines are not in the body, so they never count;
dropping the last of five equal paragraphs keeps 0.8 of the shingles, while
two different articles on the same event share almost none (below 0.1).

The similarity is estimated with MinHash signatures (`NUM_PERM` permutations)
and candidates are found with locality-sensitive hashing, so the cost grows
with the number of documents, not with its square: two signatures are
candidates when they agree on every value of one band (`BANDS`), and each
candidate pair is confirmed on its estimated similarity (the share of equal
values). The candidates of each band are found at once, by sorting all
signatures on it, rather than by querying an index one document at a time.
Copies are joined transitively (a copy of a copy is the same story). A story's
id is the smallest `doc_id` among its documents, so it is the same on every run
while they are; a document told once is its own story. Exact copies never get
this far: the same text is one document, and its other files are `duplicate`.

Documents only ever join stories while none leaves: a run that only adds
documents starts from the stories it knew and compares only the pairs with a
new document in them, which gives the very grouping of comparing them all.

The signatures and the bands are datasketch's, value for value: its `MinHash`
with the `affine32` scheme (each shingle's SHA-1 cut to 32 bits, mixed with the
MurmurHash3 finalizer, then `a * h + b` in 32-bit arithmetic for each seeded
pair `a`, `b`; the minimum of each), and the bands its `MinHashLSH` picks for
`THRESHOLD`. The tests check both against datasketch. They are computed here
with numpy because importing datasketch loads scipy (half a second), which
every run with a new document paid for these few lines.

A signature is its `NUM_PERM` hash values, stored as they are, so a later run
groups all documents again without hashing any body it has seen before.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from functools import cache

import numpy as np

SHINGLE_WORDS = 5
THRESHOLD = 0.7
NUM_PERM = 128
# Fixed, so signatures (and therefore stories) are the same on every run and machine.
SEED = 1
# datasketch's name for how the values are made: stored hash values mean something only under the scheme that made them.
SCHEME = "affine32"
# The LSH bands, as datasketch's `MinHashLSH` picks them for `THRESHOLD` and `NUM_PERM` (weighing false
# positives and negatives alike): 14 bands of 9 values; the last 2 values are in none.
BANDS = [(start, start + 9) for start in range(0, 14 * 9, 9)]
# MurmurHash3's 32-bit finalizer: shift, multiplier, shift, multiplier, shift.
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
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
    hashes = np.fromiter((int.from_bytes(hashlib.sha1(shingle).digest()[:4], "little") for shingle in found), np.uint32, len(found))
    multipliers, offsets = _permutations()
    # uint32 arithmetic wraps around: that is the scheme's modulo 2**32.
    return (_mixed(hashes)[:, np.newaxis] * multipliers + offsets).min(axis=0)


def _mixed(hashes: np.ndarray) -> np.ndarray:
    first_shift, first_multiplier, second_shift, second_multiplier, last_shift = _FMIX32
    hashes = (hashes ^ (hashes >> first_shift)) * first_multiplier
    hashes = (hashes ^ (hashes >> second_shift)) * second_multiplier
    return hashes ^ (hashes >> last_shift)


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The `NUM_PERM` pairs (a, b) drawn for `SEED`, in the scheme's order: odd multipliers, so each map is a bijection."""
    draw = np.random.RandomState(SEED)
    multipliers = draw.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    return multipliers, draw.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)


def story_ids(signatures: Mapping[str, np.ndarray | None], known: Mapping[str, str] | None = None) -> dict[str, str]:
    """{doc_id: story_id} for {doc_id: its body's `signature`}.

    `known` is {doc_id: story_id} as an earlier call gave it for some of these documents, with the same
    signatures, when none of that call's documents is missing here: only the pairs with a document not in
    `known` are compared. Raises ValueError when a known story is named after a document not known.
    """
    known = known or {}
    doc_ids = sorted(signatures)
    position = {doc_id: index for index, doc_id in enumerate(doc_ids)}
    if any(known.get(story_id) != story_id for story_id in set(known.values())):
        raise ValueError("the known stories are not those of a complete earlier grouping")
    # By position in doc_id order: the smaller position, the smaller id. A known document starts in its story.
    parent = [position[known[doc_id]] if doc_id in known else index for index, doc_id in enumerate(doc_ids)]

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
    # Told apart by their bytes, not by np.unique over rows (which sorts them: ten times slower).
    stacked = np.stack([signatures[doc_ids[index]] for index in signed])
    row_of: dict[bytes, int] = {}  # a distinct signature -> its row of `distinct`, in order of first appearance
    which = np.fromiter((row_of.setdefault(values.tobytes(), len(row_of)) for values in stacked), np.intp, len(stacked))
    distinct = stacked[np.unique(which, return_index=True)[1]]
    first_with: dict[int, int] = {}  # row of `distinct` -> the first document with that signature
    for index, row in zip(signed, which.tolist()):
        join(first_with.setdefault(row, index), index)
    new = np.zeros(len(distinct), dtype=bool)  # rows with a document not known
    new[which[[doc_ids[index] not in known for index in signed]]] = True
    for first, second in _copies(distinct, new).tolist():
        join(first_with[first], first_with[second])
    return {doc_id: doc_ids[root(index)] for index, doc_id in enumerate(doc_ids)}


def _copies(values: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Pairs `[i, j]` (i < j) of rows of `values`, one of them `new`, that are candidates in some band and
    estimated similar enough."""
    candidates = np.unique(np.concatenate([_same_band(values[:, start:end], new) for start, end in BANDS]), axis=0)
    similar = [
        np.count_nonzero(values[chunk[:, 0]] == values[chunk[:, 1]], axis=1) / NUM_PERM >= THRESHOLD
        for chunk in np.array_split(candidates, max(1, len(candidates) // _PAIRS_AT_ONCE))
    ]
    return candidates[np.concatenate(similar)]


def _same_band(band: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Every pair `[i, j]` (i < j) of rows equal on `band`, one of them `new`, once: sorted with the new rows
    last among equal ones, each new row pairs with the rows before it in its run."""
    order = np.lexsort((new, *band.T[::-1]))
    ordered = band[order]
    starts_run = np.r_[True, np.any(ordered[1:] != ordered[:-1], axis=1)]
    run_start = np.maximum.accumulate(np.where(starts_run, np.arange(len(order)), 0))
    later = np.flatnonzero(new[order])
    earlier = later - run_start[later]  # rows before each new one in its run
    second = np.repeat(later, earlier)
    first = np.repeat(run_start[later], earlier) + np.arange(len(second)) - np.repeat(np.cumsum(earlier) - earlier, earlier)
    return np.sort(np.column_stack([order[first], order[second]]), axis=1)
