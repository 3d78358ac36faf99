"""Syndicated copies: near-identical bodies share a story, different articles on one event do not.

Signatures, bands and grouping are checked against datasketch, the reference they reproduce."""

import json
import random
import subprocess
import sys

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHash, MinHashLSH

from pipelines.core import stories
from pipelines.core.stories import NUM_PERM, SEED, THRESHOLD, shingles, signature

WIRE = [
    "Rescue crews in the mountain province of Teravia worked through the night on Tuesday to reach "
    "villages cut off by landslides after three days of torrential rain, regional officials said.",
    "At least 14 people were confirmed dead and more than 200 homes were damaged, according to the "
    "provincial emergency office, which warned that the toll could rise as roads were cleared.",
    "Helicopters dropped food and drinking water to the hamlet of Ostrava Vale, where about 600 residents "
    "have been without power since Sunday evening and the only bridge was swept away.",
    "The national weather service kept its highest alert in place for the northern valleys and said a "
    "further 80 millimetres of rain could fall before the storm system moves east on Thursday.",
    "Governor Ilse Marren said the army had sent two engineering battalions to rebuild temporary crossings, "
    "and asked people living along the river to move to schools that have been opened as shelters.",
]
STORY = "\n\n".join(WIRE)
# The same event written up independently: same names and numbers, other sentences.


def story_ids(bodies) -> dict[str, str]:
    """`stories.story_ids` over `(doc_id, body)` pairs."""
    return stories.story_ids({doc_id: signature(body) for doc_id, body in bodies})


SAME_EVENT = (
    "Teravia's governor, Ilse Marren, has called in army engineers as the death toll from the landslides rose "
    "to 14. Our reporter in Ostrava Vale found families sheltering in the school gym, with no electricity and "
    "the river still rising. Forecasters expect another 80 millimetres before Thursday, and the emergency office "
    "says more than 200 homes are damaged. Residents told us the bridge collapsed within minutes on Sunday."
)


@pytest.mark.parametrize(
    "copy",
    [
        pytest.param(STORY, id="identical-body-different-headline"),
        pytest.param("\n\n".join(WIRE[:-1]), id="last-paragraph-trimmed"),
        pytest.param(STORY.replace("regional officials said", "officials told the Harbour Gazette"), id="edited-attribution"),
        pytest.param(STORY + "\n\nThe Valley Courier will update this story as news arrives.", id="local-line-added"),
        pytest.param(STORY.replace("\n\n", "\n").replace("Tuesday", "Tuesday,"), id="reflowed-and-punctuated"),
    ],
)
def test_a_syndicated_copy_gets_the_story_of_the_original(copy):
    stories = story_ids([("b-original", STORY), ("a-copy", copy)])
    assert stories["b-original"] == stories["a-copy"] == "a-copy"  # the smallest doc_id names the story


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(SAME_EVENT, id="same-event-other-words"),
        pytest.param("\n\n".join(WIRE[:2]), id="only-the-first-two-paragraphs"),
        pytest.param("", id="empty-body"),
    ],
)
def test_a_different_article_is_its_own_story(other):
    stories = story_ids([("a", STORY), ("b", other)])
    assert stories == {"a": "a", "b": "b"}


def test_copies_of_copies_join_one_story_named_by_the_smallest_id():
    trimmed = "\n\n".join(WIRE[:-1])
    edited = trimmed.replace("Helicopters dropped", "Air force helicopters dropped")
    stories = story_ids([("c", STORY), ("b", trimmed), ("d", edited), ("e", SAME_EVENT)])
    assert stories == {"b": "b", "c": "b", "d": "b", "e": "e"}


def test_stories_do_not_depend_on_input_order():
    pairs = [("x1", STORY), ("x2", "\n\n".join(WIRE[:-1])), ("x3", SAME_EVENT)]
    assert story_ids(pairs) == story_ids(reversed(pairs))


def test_the_threshold_sits_between_a_trimmed_copy_and_another_article():
    whole, trimmed, other = shingles(STORY), shingles("\n\n".join(WIRE[:-1])), shingles(SAME_EVENT)
    assert len(whole & trimmed) / len(whole | trimmed) >= THRESHOLD + 0.05
    assert len(whole & other) / len(whole | other) < 0.1


def test_a_signature_is_datasketchs_minhash_in_32_bit_values():
    values = signature(STORY)
    assert values.dtype == np.uint32 and values.shape == (NUM_PERM,)
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)  # the library's default scheme, as before it was named
    minhash.update_batch(list(shingles(STORY)))
    assert np.array_equal(values, minhash.hashvalues)


def test_signatures_of_bodies_of_any_length_are_datasketchs():
    draw = random.Random(11)
    words = ["".join(draw.choices("abcdefghklmnoprstu", k=draw.randint(1, 9))) for _ in range(3000)]
    for length in (1, 4, 5, 6, 40, 2500):
        body = " ".join(draw.choices(words, k=length))
        minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=stories.SCHEME)
        minhash.update_batch(list(shingles(body)))
        assert np.array_equal(signature(body), minhash.hashvalues)


def test_the_bands_are_those_datasketchs_lsh_picks_for_the_threshold():
    assert stories.BANDS == MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM).hashranges


def test_hashing_a_body_loads_neither_datasketch_nor_scipy():
    script = (
        "import json, sys; from pipelines.core import stories; stories.story_ids({'a': stories.signature('one two three four five six')}); "
        "print(json.dumps([name for name in ('datasketch', 'scipy') if name in sys.modules]))"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert json.loads(loaded.strip().splitlines()[-1]) == []


def datasketch_story_ids(bodies) -> dict[str, str]:
    """The reference: each document, in doc_id order, queried against a MinHashLSH index of those before it."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    indexed, parent = {}, {}

    def root(doc_id):
        while parent[doc_id] != doc_id:
            doc_id = parent[doc_id]
        return doc_id

    for doc_id, body in sorted(bodies):
        parent[doc_id] = doc_id
        if (values := signature(body)) is None:
            continue
        found = LeanMinHash(seed=SEED, hashvalues=values, scheme=stories.SCHEME)
        for other in lsh.query(found):
            if found.jaccard(indexed[other]) >= THRESHOLD:
                first, second = sorted((root(doc_id), root(other)))
                parent[second] = first
        lsh.insert(doc_id, found)
        indexed[doc_id] = found
    return {doc_id: root(doc_id) for doc_id in parent}


def near_copies(seed: int) -> list[tuple[str, str]]:
    """Bodies from overlapping runs of invented paragraphs, a few words changed: copies from exact to just
    below the threshold, three bodies without words."""
    draw = random.Random(seed)
    words = [f"{draw.choice('bcdfgklmnprstvz')}{draw.choice('aeiou')}{draw.choice('lmnrst')}{i}" for i in range(400)]
    paragraphs = [draw.choices(words, k=25) for _ in range(30)]
    bodies = [(f"e{number}", "") for number in range(3)]  # no words, no signature
    for _ in range(300):
        start = draw.randrange(0, 27)
        kept = [word for paragraph in paragraphs[start : start + draw.randint(3, 6)] for word in paragraph]
        for _ in range(draw.choice([0, 0, 2, 5, 10, 20])):
            kept[draw.randrange(len(kept))] = draw.choice(words)
        bodies.append((f"d{draw.getrandbits(40):010x}", " ".join(kept)))
    return bodies


def test_the_grouping_is_exactly_datasketchs_lsh_over_a_corpus_of_many_near_copies():
    bodies = near_copies(7)
    expected = datasketch_story_ids(bodies)
    assert story_ids(bodies) == expected
    sizes = sorted(list(expected.values()).count(story) for story in set(expected.values()))
    assert sizes[0] == 1 and sizes[-1] >= 20 and len(sizes) >= 100  # singletons and large stories both present


def test_the_same_body_many_times_is_one_story():
    stories_of = story_ids([(f"copy-{number:03d}", STORY) for number in range(500)] + [("other", SAME_EVENT)])
    assert set(stories_of.values()) == {"copy-000", "other"}


@pytest.mark.parametrize("known_share", [0.0, 0.5, 0.9, 1.0])
def test_grouping_from_the_known_stories_of_the_earlier_documents_gives_the_full_grouping(known_share):
    bodies = near_copies(11)
    earlier = random.Random(3).sample(bodies, int(len(bodies) * known_share))
    known = story_ids(earlier)
    signatures = {doc_id: signature(body) for doc_id, body in bodies}
    assert stories.story_ids(signatures, known) == story_ids(bodies)


def test_a_new_document_with_a_smaller_id_renames_the_story_it_joins():
    known = story_ids([("m-original", STORY), ("n-copy", STORY + " Updated.")])
    signatures = {doc_id: signature(body) for doc_id, body in [("m-original", STORY), ("n-copy", STORY + " Updated."), ("a-new", STORY)]}
    assert set(stories.story_ids(signatures, known).values()) == {"a-new"}


def test_known_stories_named_after_a_document_gone_are_refused():
    known = story_ids([("a-gone", STORY), ("b-copy", STORY)])
    with pytest.raises(ValueError, match="complete earlier grouping"):
        stories.story_ids({"b-copy": signature(STORY)}, {"b-copy": known["b-copy"]})
