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
cost grows with the number of documents, not with its square; each candidate
pair is confirmed on its estimated similarity. Copies are joined transitively
(a copy of a copy is the same story). A story's id is the smallest `doc_id`
among its documents, so it is the same on every run while they are; a
document told once is its own story. Exact copies never get this far: the
same text is one document, and its other files are `duplicate`.

A signature is kept as its `NUM_PERM` hash values (`hash_values`, rebuilt by
`from_hash_values`), so a later run groups all documents again without hashing
any body it has seen before. datasketch's `affine32` scheme keeps each value
in 32 bits (`numpy.uint32`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

SHINGLE_WORDS = 5
THRESHOLD = 0.7
NUM_PERM = 128
# Fixed, so signatures (and therefore stories) are the same on every run and machine.
SEED = 1
# Named, not left to datasketch's default: stored hash values mean something only under the scheme that made them.
SCHEME = "affine32"
_WORD = re.compile(r"\w+")


def shingles(body: str) -> set[bytes]:
    """The body's word 5-shingles (a shorter body is one shingle of all its words)."""
    words = _WORD.findall(body.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(body: str) -> LeanMinHash | None:
    """The body's MinHash signature; None for a body without words."""
    found = shingles(body)
    if not found:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch(list(found))
    return LeanMinHash(minhash)


def hash_values(found: LeanMinHash) -> np.ndarray:
    """The signature's values as they are stored: `NUM_PERM` unsigned 32-bit integers."""
    return found.hashvalues.astype(np.uint32, casting="safe")


def from_hash_values(values: np.ndarray) -> LeanMinHash:
    """The signature whose `hash_values` these are."""
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


def story_ids(signatures: Iterable[tuple[str, LeanMinHash | None]]) -> dict[str, str]:
    """{doc_id: story_id} for `(doc_id, signature)` pairs (see `signature`; None for a body without words)."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    indexed: dict[str, LeanMinHash] = {}
    parent: dict[str, str] = {}

    def root(doc_id: str) -> str:
        while parent[doc_id] != doc_id:
            parent[doc_id] = parent[parent[doc_id]]
            doc_id = parent[doc_id]
        return doc_id

    for doc_id, found in sorted(signatures, key=lambda pair: pair[0]):
        parent[doc_id] = doc_id
        if found is None:
            continue
        for other in lsh.query(found):
            if found.jaccard(indexed[other]) >= THRESHOLD:
                first, second = sorted((root(doc_id), root(other)))
                parent[second] = first  # the smaller id stays the root: it names the story
        lsh.insert(doc_id, found)
        indexed[doc_id] = found
    return {doc_id: root(doc_id) for doc_id in parent}

