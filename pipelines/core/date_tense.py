"""Which way in time a date expression points, read from the clause it sits in.

A weekday or a month written without its year ("on Friday", "in October")
names a day or month on either side of the publication date; the verb decides
which. This module reads the dependency parse and the verbs' morphology (never
the sentence's raw text) and answers ``FORWARD`` (the next such day), ``BACKWARD``
(the latest such day) or ``None`` (the clause does not say):

* future: an auxiliary ``will`` / ``shall`` / ``'ll`` or another modal with no
  ``have`` after it (``would``, ``may``, ``must``, ``should``, ``can``...);
  an intention or schedule word in the present or as a bare participle
  (``is expected to``, ``plans to``, ``is going to``, ``scheduled for``,
  ``set to``, ``is due in court``); ``is to`` + infinitive;
* past: a verb in the past tense (``Tense=Past`` on a finite verb or on its
  finite auxiliary: ``met``, ``was held``, ``were meeting``), a perfect
  (``has met``, ``had met``), or a bare past participle modifying a noun
  (``a bridge built in May``);
* a date that modifies a noun rather than the verb ("fixed a hearing for
  April 30", "the April 30 hearing") takes a future verb's direction ("will
  meet at the summit in July") but not a past one's (scheduling is reported
  in the past tense), and none from the verb of a subject ("the February
  rebound may ease concerns"); a noun with ``due`` looks forward ("the
  summit due in July");
* a present or untensed clause takes the time of the clause it depends on
  when it is an infinitive, a conjunct or an adverbial clause ("will close
  when the coin *is released* on Tuesday"), but not across reported speech
  ("said the ban *takes* effect on Monday" says nothing about Monday);
* when the clause leaves it open, ``by``, ``until``, ``till`` and
  ``through`` look forward ("the offer is valid until Friday", "on show
  through May 4"); a past clause still wins
  ("by Monday prices had doubled").
"""

from __future__ import annotations

import enum
from typing import Final

from spacy.tokens import Token

__all__ = ["Direction", "direction_of"]


class Direction(enum.Enum):
    FORWARD = "forward"
    BACKWARD = "backward"


FUTURE_MODALS: Final = frozenset(
    {"will", "'ll", "wo", "shall", "would", "may", "might", "must", "should", "can", "ca"}
)
PERFECT_AUXILIARIES: Final = frozenset({"have", "has", "had", "'ve", "having"})
# Lemmas that put what follows them in the future: "is expected to", "scheduled for".
INTENTION_LEMMAS: Final = frozenset(
    {"expect", "plan", "schedule", "slate", "intend", "aim", "prepare", "due", "set", "go", "vow",
     "promise", "pledge", "threaten", "hope"}
)
FORWARD_PREPOSITIONS: Final = frozenset({"by", "until", "till", "til", "through", "thru"})
# Clauses whose time comes from the clause they hang on.
_DEPENDENT_CLAUSES: Final = frozenset({"xcomp", "advcl", "conj"})
_VERBAL: Final = frozenset({"VERB", "AUX"})
_NOMINAL: Final = frozenset({"NOUN", "PROPN", "PRON"})
_SUBJECTS: Final = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})


def direction_of(token: Token) -> Direction | None:
    """The direction the clause around ``token`` (the head word of a date) gives it."""
    path = _path_to_verb(token)
    for word in path:
        if word.pos_ == "ADJ" and word.lemma_ in INTENTION_LEMMAS:  # "the summit due in July"
            return None if _is_past(word) else Direction.FORWARD
    verb = path[-1] if path and path[-1].pos_ in _VERBAL else None
    direction = _clause_direction(verb) if verb is not None else None
    nouns = [word for word in path[:-1] if word.pos_ in _NOMINAL]
    if any(noun.dep_ in _SUBJECTS for noun in nouns) or (nouns and direction is Direction.BACKWARD):
        # The date dates a noun's event, which a past verb does not place ("fixed a hearing for
        # April 30") and no verb places from the subject ("the February rebound may ease
        # concerns"); a future verb places its object: "will meet at the summit in July".
        direction = None
    if direction is None and token.head.lower_ in FORWARD_PREPOSITIONS and token.head.dep_ == "prep":
        return Direction.FORWARD
    return direction


def _path_to_verb(token: Token) -> list[Token]:
    """The words above ``token`` in the parse, up to the first verb (through prepositions and nouns)."""
    path, current = [], token
    while current.head.i != current.i:  # spaCy makes a new Token object on each access: compare indices
        current = current.head
        path.append(current)
        if current.pos_ in _VERBAL:
            break
    return path


def _clause_direction(verb: Token) -> Direction | None:
    """The tense of ``verb``'s clause, or of the clause it depends on when it has none of its own."""
    while True:
        tense = _tense(verb)
        if tense is not None:
            return tense
        if verb.dep_ not in _DEPENDENT_CLAUSES or verb.head.i == verb.i:
            return None
        parent = verb.head
        if verb.dep_ == "xcomp" and (parent.lemma_ in INTENTION_LEMMAS or parent.lemma_ == "be"):
            # "is expected to sign on Friday", "is to be phased out by May": forward unless told
            # in the past ("was expected to sign on Friday" may be either side of publication).
            return None if _is_past(parent) else Direction.FORWARD
        path = [parent] if parent.pos_ in _VERBAL else _path_to_verb(parent)
        if not path or path[-1].pos_ not in _VERBAL:
            return None
        verb = path[-1]


def _tense(verb: Token) -> Direction | None:
    auxiliaries = [child for child in verb.children if child.dep_ in ("aux", "auxpass")]
    words = {auxiliary.lower_ for auxiliary in auxiliaries}
    if words & PERFECT_AUXILIARIES:
        return Direction.BACKWARD
    if words & FUTURE_MODALS:
        return Direction.FORWARD
    if _is_intention(verb):
        return None if _is_past(verb) else Direction.FORWARD
    if _is_past(verb):
        return Direction.BACKWARD
    if verb.tag_ == "VBN" and not auxiliaries and verb.dep_ in ("acl", "advcl", "relcl"):
        return Direction.BACKWARD  # "a bridge built in May"
    return None


def _is_intention(verb: Token) -> bool:
    if verb.lemma_ == "be":  # "is due in court on Monday"
        return any(child.dep_ == "acomp" and child.lemma_ in INTENTION_LEMMAS for child in verb.children)
    if verb.lemma_ == "go":
        return verb.tag_ == "VBG"  # "is going to", not "went"
    if verb.lemma_ == "set":
        return verb.tag_ == "VBN"  # "talks set for Friday", not "set fire"
    return verb.lemma_ in INTENTION_LEMMAS


def _is_past(token: Token) -> bool:
    """A finite past form on the word itself or on one of its auxiliaries (or on its copula)."""
    finite = [token, *(child for child in token.children if child.dep_ in ("aux", "auxpass"))]
    if token.pos_ == "ADJ" and token.head.i != token.i:
        finite.append(token.head)  # "was due to": the copula carries the tense
    return any(
        "Past" in word.morph.get("Tense") and "Fin" in word.morph.get("VerbForm") for word in finite
    )
