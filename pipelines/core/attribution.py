"""Whose a numeric claim is (actor) and who says so (source), from the parse.

Plain Python over a spaCy ``Doc``; `figures` calls `attribute` with each claim
and the token it hangs on (its counted noun, else its number).

Actor
-----
The entity the counted things belong to, as written:

* a nationality, country or organisation written onto the noun ("Belarusian
  troops", "U.S. troops", "Apple shares");
* an owner ("Russia's troops") or an origin ("troops from Belarus");
* the subject of the clause the claim is the object of, when it names a
  country, organisation, group or person ("Germany will deliver 18
  howitzers", "Acme earned 5 mln dlrs"), unless the verb reports speech
  ("Poland said 300 tanks ..." names a source, not an owner).

When the sentence names none, the actor is carried from the nearest earlier
claim in the same document that counts the same thing (same unit and
category), or from the nearest earlier mention of the same noun whose owner
is named, number or not ("Belarusian troops have crossed ... at least 4,000
troops"); not for percentages or money: a document's dollars or percentages
are usually shares, prices and totals of different things. ``actor_origin``
then says ``document`` instead of ``sentence``. No actor is ever guessed from
anywhere else.

Source
------
Whom the claim is attributed to:

* "according to X", "citing X";
* the subject of a reporting verb whose clause holds the claim ("X said /
  told / estimated / reported / claimed that ...", "..., X said");
* quoted speech: a claim in a quotation whose next sentence is a short
  "X said" clause.

A source is a named person, organisation, country or group, a phrase
headed by a noun for people or organisations ("officials", "the ministry"),
or a phrase naming a person or organisation ("images from Maxar"); never the counted thing itself, a number, or a data series ("figures
showed"). A pronoun (he, she, it) is replaced by the nearest preceding named
person (he, she) or organisation or country (it: an ORG or GPE entity, or a
proper noun heading a subject the model left unlabelled) in the last few
sentences, else left empty; "they", "we", "I" are left empty, since they
rarely point at one name.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING, Final

from spacy.attrs import LEMMA, POS
from spacy.symbols import NOUN
from spacy.tokens import Doc, Span, Token

from pipelines.core.wordnet_nouns import GROUP_NOUNS, PERSON_NOUNS

if TYPE_CHECKING:
    from pipelines.core.figures import Figure

__all__ = ["attribute"]

ACTOR_LABELS: Final = frozenset({"GPE", "NORP", "ORG", "PERSON"})
SOURCE_LABELS: Final = frozenset({"GPE", "NORP", "ORG", "PERSON"})
# The subject of these verbs owns, sends, earns or spends what its object counts.
OWNING_VERBS: Final = frozenset(
    {"deploy", "send", "dispatch", "station", "mobilize", "mobilise", "supply", "provide", "deliver", "transfer",
     "field", "commit", "lose", "have", "own", "hold", "employ", "hire", "cut", "earn", "post", "report", "pay",
     "spend", "raise", "invest", "borrow", "sell", "buy", "make", "record", "produce", "build", "order", "fire",
     "lay", "add", "offer", "owe", "receive", "win", "gain", "shed", "evacuate", "host", "admit", "accept"}
)
REPORTING_VERBS: Final = frozenset(
    {"say", "tell", "state", "report", "claim", "estimate", "indicate", "suggest", "disclose", "reveal", "confirm",
     "announce", "inform", "note", "add", "assert", "allege", "warn", "write", "show", "assess", "acknowledge",
     "admit", "believe", "cite", "put", "predict", "forecast", "calculate", "count", "tally", "quote", "insist"}
)
SUBJECT_DEPS: Final = frozenset({"nsubj", "nsubjpass", "csubj"})
# Clauses that share their subject with the clause they hang from.
SUBJECT_SHARING_DEPS: Final = frozenset({"xcomp", "advcl", "conj", "acl", "pcomp"})
NOUN_POS: Final = ("NOUN", "PROPN")
# Pronouns that may stand for one named source, with the entity labels they can point to.
PRONOUN_REFERENTS: Final[dict[str, frozenset[str]]] = {
    "he": frozenset({"PERSON"}), "she": frozenset({"PERSON"}), "it": frozenset({"ORG", "GPE"}),
}
PRONOUN_REACH: Final = 3  # sentences back to look for a pronoun's name
# Words that head a data series, not a speaker ("figures showed", "data released").
NOT_SOURCE_NOUNS: Final = frozenset({"data", "figure", "number", "statistic", "statistics", "series", "result"})
QUOTE_MARKS: Final = frozenset({'"', "”", "“", "'", "’"})
SHORT_CLAUSE: Final = 12  # tokens: "the ministry said in a statement."
CARRY_EXCLUDED_UNITS: Final = frozenset({"percent", "percentage point"})


def attribute(figures: list[Figure], anchors: list[Token]) -> list[Figure]:
    """Each figure with its actor (sentence, else document) and source set."""
    attributed: list[Figure] = []
    nouns: dict[int, list[int]] | None = None  # `_nouns_by_lemma`, read only when a figure needs it
    for figure, anchor in zip(figures, anchors):
        actor = _actor(anchor)
        origin = "sentence" if actor is not None else None
        if actor is None and figure.unit not in CARRY_EXCLUDED_UNITS and figure.category != "money":
            earlier = next(
                (
                    (previous.start_char, previous.actor)
                    for previous in reversed(attributed)
                    if previous.actor is not None and (previous.unit, previous.category) == (figure.unit, figure.category)
                ),
                None,
            )
            nouns = _nouns_by_lemma(anchor.doc) if nouns is None else nouns
            named = _earlier_owned_mention(anchor, nouns)
            nearest = max((found for found in (earlier, named) if found is not None), default=None)
            if nearest is not None:
                actor, origin = nearest[1], "document"
        attributed.append(replace(figure, actor=actor, actor_origin=origin, source=_source(anchor)))
    return attributed


# --- actor --------------------------------------------------------------------


def _nouns_by_lemma(doc: Doc) -> dict[int, list[int]]:
    """The indices of the doc's nouns by lemma id, ascending: read from arrays once, rather than
    a spaCy `Token` made for every earlier token of every claim."""
    found: dict[int, list[int]] = defaultdict(list)
    for index, (part_of_speech, lemma) in enumerate(doc.to_array([POS, LEMMA]).tolist()):
        if part_of_speech == NOUN:
            found[lemma].append(index)
    return found


def _earlier_owned_mention(anchor: Token, nouns_by_lemma: dict[int, list[int]]) -> tuple[int, str] | None:
    """The nearest earlier mention of the counted noun whose owner is named ("Belarusian troops
    ... at least 4,000 troops"), as (offset, actor); None when the claim has no noun."""
    if anchor.pos_ != "NOUN":
        return None
    same_noun = nouns_by_lemma.get(anchor.lemma, [])
    for index in reversed(same_noun[: bisect_left(same_noun, anchor.i)]):
        token = anchor.doc[index]
        actor = _actor(token)
        if actor is not None:
            return token.idx, actor
    return None


def _actor(anchor: Token) -> str | None:
    if anchor.pos_ in NOUN_POS:
        for child in anchor.children:
            if child.dep_ in ("amod", "compound", "nmod") and child.ent_type_ in ACTOR_LABELS:
                return _entity_text(child)
            if child.dep_ == "poss" and child.ent_type_ in ACTOR_LABELS:
                return _entity_text(child)
            if child.dep_ == "prep" and child.lower_ == "from":
                places = (place for place in child.children if place.dep_ == "pobj" and place.ent_type_ in ACTOR_LABELS)
                origin = next(places, None)
                if origin is not None:
                    return _entity_text(origin)
    node = anchor
    # "Acme earned 5 mln dlrs", "a profit of 5 mln dlrs": climb from the claim to its verb.
    for _ in range(3):
        if node.dep_ in ("dobj", "attr", "pobj", "npadvmod", "nummod", "quantmod", "compound", "appos", "prep"):
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                break
        else:
            break
    if node.pos_ in ("VERB", "AUX") and node.lemma_ in OWNING_VERBS and node.lemma_ not in REPORTING_VERBS - {"report"}:
        subject = _clause_subject(node)
        if subject is not None and subject.ent_type_ in ACTOR_LABELS and not _contains(subject, anchor):
            return _entity_text(subject)
    return None


# --- source ---------------------------------------------------------------------


def _source(anchor: Token) -> str | None:
    sentence = anchor.sent
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < sentence.end and token.nbor().lower_ == "to":
            objects = [child for child in token.nbor().children if child.dep_ == "pobj"]
            if objects and _is_speaker(objects[0], anchor):
                return _speaker_name(objects[0])
        if token.lemma_ == "cite" and token.pos_ == "VERB":
            objects = [child for child in token.children if child.dep_ == "dobj"]
            if objects and _is_speaker(objects[0], anchor):
                return _speaker_name(objects[0])
    node = anchor
    while node.head != node:
        came_from, node = node, node.head
        if node.lemma_ in REPORTING_VERBS and node.pos_ in ("VERB", "AUX") and came_from.dep_ not in SUBJECT_DEPS:
            subject = _clause_subject(node)
            if subject is not None and _is_speaker(subject, anchor):
                return _speaker_name(subject)
    # "Around 500 died, the ministry said" may hang the reporting verb off the claim.
    for child in sentence.root.children:
        if child.dep_ == "parataxis" and child.lemma_ in REPORTING_VERBS:
            subject = _clause_subject(child)
            if subject is not None and _is_speaker(subject, anchor):
                return _speaker_name(subject)
    return _quoted_speaker(sentence, anchor)


def _quoted_speaker(sentence: Span, anchor: Token) -> str | None:
    """'"We lost 300 tanks." The general said so.': a quotation, then a short "X said"."""
    if not any(token.text in QUOTE_MARKS for token in sentence) or sentence.end >= len(sentence.doc):
        return None
    following = sentence.doc[sentence.end].sent
    root = following.root
    if len(following) > SHORT_CLAUSE or root.lemma_ not in REPORTING_VERBS:
        return None
    subject = _clause_subject(root)
    return _speaker_name(subject) if subject is not None and _is_speaker(subject, anchor) else None


def _is_speaker(head: Token, anchor: Token) -> bool:
    """A named entity, a pronoun, or a noun for people or organisations; never the claim itself."""
    if _contains(head, anchor) or head.like_num:
        return False
    if head.ent_type_ in SOURCE_LABELS:
        return True
    if head.pos_ == "PRON":
        return head.lower_ in PRONOUN_REFERENTS
    lemma = head.lemma_.lower()
    if head.pos_ in NOUN_POS and lemma not in NOT_SOURCE_NOUNS and (lemma in PERSON_NOUNS or lemma in GROUP_NOUNS):
        return True
    # "satellite images from Maxar": a thing that names who made it
    return any(token.ent_type_ in ("PERSON", "ORG") for token in head.subtree)


def _speaker_name(head: Token) -> str | None:
    if head.pos_ == "PRON":
        return _referent(head)
    return _phrase(head)


def _referent(pronoun: Token) -> str | None:
    """The nearest preceding named person (he, she) or organisation (it) a pronoun can stand for."""
    labels = PRONOUN_REFERENTS.get(pronoun.lower_)
    if labels is None:
        return None
    doc = pronoun.doc
    earliest = pronoun.sent.start
    for _ in range(PRONOUN_REACH):
        if earliest == 0:
            break
        earliest = doc[earliest - 1].sent.start
    candidates = [ent for ent in doc.ents if ent.label_ in labels and earliest <= ent.start and ent.end <= pronoun.i]
    if pronoun.lower_ == "it":
        # An organisation the model did not label: a proper noun heading an earlier clause's subject.
        candidates += [
            doc[token.left_edge.i : token.i + 1]
            for token in doc[earliest : pronoun.i]
            if token.dep_ == "nsubj" and token.pos_ == "PROPN" and not token.ent_type_
        ]
        candidates.sort(key=lambda span: span.start)
    return _entity_text(candidates[-1][-1]) if candidates else None


def _clause_subject(verb: Token) -> Token | None:
    """Subject of ``verb``, borrowed from the governing clause for "to deploy", "informing"."""
    for _ in range(4):  # a few levels is enough; deeper chains are rarely the same subject
        subjects = [child for child in verb.children if child.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects[0]
        if verb.dep_ not in SUBJECT_SHARING_DEPS or verb.head == verb:
            return None
        verb = verb.head
        if verb.pos_ in NOUN_POS:  # "opportunity to deploy": climb past the noun
            verb = verb.head
    return None


def _contains(head: Token, token: Token) -> bool:
    return head.left_edge.i <= token.i <= head.right_edge.i


def _entity_text(token: Token) -> str:
    entity = next((ent for ent in token.doc.ents if ent.start <= token.i < ent.end), None)
    text = entity.text if entity is not None else token.text
    for possessive in ("'s", "’s"):
        text = text.removesuffix(possessive)
    return text.removeprefix("the ").removeprefix("The ").strip()


def _phrase(head: Token) -> str:
    """A named entity when ``head`` is one, else the phrase ``head`` governs."""
    if head.ent_type_ in SOURCE_LABELS:
        return _entity_text(head)
    tokens = list(head.subtree)
    return head.doc[tokens[0].i : tokens[-1].i + 1].text.strip(" ,")
