"""Named-entity mentions of one parsed document: the model's spans, corrected by general rules.

Labels kept: every OntoNotes label the model predicts (PERSON, ORG, GPE, LOC, FAC,
NORP, EVENT, PRODUCT, WORK_OF_ART, LAW, LANGUAGE) except the numeric ones
(DATE, TIME, CARDINAL, ORDINAL, QUANTITY, PERCENT, MONEY): dates and numeric
claims have their own tables. Corpus-wide entities are built from these
mentions by ``resolution``.

The small model's spans are corrected by general, conservative rules, in this order:

1. Pieces: a span never crosses a line break or a slash ("Kenya/Uganda" is two
   names); each piece is judged on its own.
2. Edges: markdown markers (``###``, ``**``), brackets, quotes, punctuation, a
   leading "the", a trailing possessive ("Ecuador's"), lowercase words at
   either edge ("said Okafor", "Le Temps reports"; name particles such as "al",
   "de", "van" stay) and, before a name that is no person's, leading month and
   weekday names and years ("1990 Lisbon Treaty") are trimmed. An ordinal just
   before an organisation belongs to it ("5th Circuit Court"), and so does the rest
   of a list its name ends in ("Committee on Fisheries, Forests and Parks").
3. Not names: a span without a capital letter ("the fire department"), a span
   made only of table and unit abbreviations (``cts``, ``Avg``, ``pct``, ``mln``,
   ``Qtr``), a time zone's abbreviation (``GMT``, ``CET``), a one-word span on a table-like line (short, at least two numbers,
   no final full stop) unless it is a known place, and one common English word
   at the start of a sentence that the document never writes capitalised
   elsewhere ("Videos posted online...").
4. "Ethiopia's Defence Ministry" where the part before the possessive is a known place
   becomes the place plus the rest.
5. Places the model missed: a country name standing alone (no capitalised
   neighbour that would make it part of a longer name); a known place named in a
   list with places the model found, in one of their countries ("Medford,
   Talent and Ashland"; an item of it the model called a person or an
   organisation becomes a place too); a city of ``CITY_POPULATION_FOR_RELABEL``+ people or a
   region right after "in", "at", "from" or "near" that the model missed or
   took for a date. A country written at the start
   of an organisation's name ("Japan Fisheries Agency") is also a mention of the
   country.
6. Labels from the gazetteer and the name's head word: a country, continent, region
   or "X Oblast"/"X region" of a known place always gets a place label (the model
   calls some of them an ORG or a PERSON); a city of 100,000+ people or any known town called a
   NORP, PRODUCT, EVENT, WORK_OF_ART, LAW or LANGUAGE becomes a place (a town
   the model takes for a ship or a product); cities keep an ORG label (sports clubs are
   named after towns). A nationality word the model calls GPE becomes NORP. A
   name ending in an organisation's head noun ("... Institute", "... Ministry")
   is an ORG, one ending in a building's ("... Tower", "... Street") a FAC, one
   ending in a landform's ("... River") a LOC; a name opening with a definite
   article of another language that is no known place ("La Gazzetta", "Die
   Zeit") is an ORG (a newspaper, a firm).
7. Person names: a name of unknown capitalised words that a title or role word
   opens or follows is a PERSON whatever the model says ("Gov. Ilse Okafor",
   "writers Ilse Okafor"); leading titles are dropped ("President Okafor" -> "Okafor");
   a name cut short is completed with the neighbouring capitalised proper noun
   that is no English word ("Nowakowski" -> "Grzegorz Nowakowski") or across a hyphen
   ("Kim Dae" + "-jung").
8. Headings: in a heading-like line (markdown ``#``, a short all-capitals line, or
   a short title-cased line without digits or sentence punctuation) a span made
   only of English words ("International Reactions", "Operational Insights") is a
   heading phrase, not a name, unless it also appears outside headings or names a
   place; title-cased English words after a place, a nationality or a name used
   outside headings are cut off ("Chilean Troops", "Andean Community Responds").
9. The document's own person names outrank the gazetteer: a non-place span equal
   to the first or last words of a person named in full becomes PERSON, and so
   does a name of unknown words ending with a surname the document uses alone
   ("Ilse Okafor" called a GPE where "Okafor" is a PERSON); a PERSON span that
   begins one longer organisation name of the document is an ORG ("Acme
   Widgets" beside "Acme Widgets Inc"); any other PERSON span
   that is a country or a city of 1,000,000+ people ("Lagos") becomes a place. A
   later "Sisulu" the model missed after "Lindiwe Sisulu" is added when it is a
   capitalised proper noun and no English word.
10. One label per name in a document: every mention of a name takes the place label
   when the gazetteer knows the name as a place in the document's context (a
   place whose country or region the document names, or a country), else the
   label most of its mentions have (ties: PERSON, ORG, place, others).

Each mention gets an in-document canonical name and, for places, the gazetteer
place it denotes (``place_id``), homonyms resolved in the document's context
(see ``places.resolve_places``; "state of X", "X state" and a list of regions
state the type). Countries in any form map to one name ("ROK" -> "South
Korea"), "X region"/"X Oblast" to X, a surname to the one full name it ends or
begins in the document (a full name with a middle initial counts as the same
person as the name without it: "Ann B. Okafor" = "Ann Okafor"), the first words
of an organisation to the one longer organisation name they begin ("Borealis" ->
"Borealis Freight Corp"), and an acronym to its long form: the name it follows
in brackets ("Board of Maritime Safety (BMS)") or else the one name of the
document with the same initials.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_QUOTE, IS_TITLE, LENGTH, SENT_START, TAG
from spacy.tokens import Doc, Span, Token

from pipelines.core.lexicon import (
    CALENDAR_WORDS,
    FACILITY_HEADS,
    FEATURE_HEADS,
    FOREIGN_ARTICLES,
    NAME_PARTICLES,
    ORGANISATION_HEADS,
    TABLE_ABBREVIATIONS,
    TITLE_WORDS,
    is_english_word,
    time_zone_abbreviations,
)
from pipelines.core.names import PLACE_LABELS, WORD, coarse_class, initials, is_acronym, name_key
from pipelines.core.nlp import text_of
from pipelines.core.places import (
    Place,
    canonical_place_or_group,
    country_code,
    is_nationality_word,
    lookup_place,
    place_candidates,
    place_of_division,
    resolve_places,
)

__all__ = ["Mention", "NUMERIC_LABELS", "extract_mentions"]

NUMERIC_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})
# Place labels the gazetteer can answer for (it lists no buildings).
_GAZETTEER_LABELS = frozenset({"GPE", "LOC"})
# Labels under which the model hides places it does not know (see rule 6).
_RELABELLED_TO_PLACE = frozenset({"PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "NORP"})
CITY_POPULATION_FOR_RELABEL = 100_000
# A PERSON span is overruled only by a country, a continent or a city this big ("Lagos").
CITY_POPULATION_FOR_PERSON_RELABEL = 1_000_000
# Prepositions after which a capitalised known place is a place the model may have missed (rule 5).
_LOCATIVE_WORDS = frozenset({"in", "at", "from", "near"})
# Preference among labels tied for a name's most frequent (rule 10).
_LABEL_PREFERENCE = ("PERSON", "ORG", "GPE", "LOC", "FAC")
_MARKDOWN_CHARS = frozenset("#*_`>~|")
_HYPHENS = frozenset({"-", "\u2010", "\u2011"})
_POSSESSIVES = frozenset({"'s", "\u2019s", "'", "\u2019"})
_SEPARATORS = frozenset({"/", "|"})
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_NUMBER = re.compile(r"\d[\d,.]*")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
MAX_HEADING_WORDS = 20
MAX_TABLE_LINE_CHARS = 80


@dataclass(frozen=True)
class Mention:
    text: str  # == the parsed text[start_char:end_char]
    label: str  # OntoNotes label
    start_char: int
    end_char: int
    sentence: str  # the sentence the mention is in (never beyond its line)
    canonical: str  # in-document resolved name
    place_id: str | None = None  # the gazetteer place it denotes in this document (see places.Place)


@dataclass
class _Candidate:
    """A span under correction: token offsets into the doc and a label."""

    start: int
    end: int
    label: str
    nested: bool = False  # a country inside an organisation's name (rule 5): overlaps another span

    def span(self, doc: Doc) -> Span:
        # Not doc[start:end]: slicing normalises the bounds in Python first, a tenth of this module's time.
        return Span(doc, self.start, self.end)


@dataclass(frozen=True)
class _TokenTable:
    """What the rules that scan every token read of each, taken from the doc once as lists:
    creating a spaCy `Token` per token per rule costs more than the rules themselves."""

    texts: list[str]
    starts: list[int]  # character offset of each token
    capitalised: list[bool]  # `_is_capitalised_word`
    sentence_starts: list[bool]  # `Token.is_sent_start`
    punctuation: list[bool]  # `Token.is_punct or Token.is_quote`

    @classmethod
    def of(cls, doc: Doc) -> _TokenTable:
        columns = doc.to_array([IDX, LENGTH, IS_ALPHA, SENT_START, IS_PUNCT, IS_QUOTE]).T.tolist()
        starts, lengths, alpha, sentence_starts, punct, quote = columns
        whole = text_of(doc)
        texts = [whole[start : start + length] for start, length in zip(starts, lengths)]
        return cls(
            texts=texts,
            starts=starts,
            capitalised=[bool(letters) and text[0].isupper() for letters, text in zip(alpha, texts)],
            sentence_starts=[value == 1 for value in sentence_starts],
            punctuation=[bool(p or q) for p, q in zip(punct, quote)],
        )


class _Lines:
    """Line boundaries of a text and which lines look like headings or table rows."""

    def __init__(self, text: str) -> None:
        self.text = text
        breaks = list(_LINE_BREAK.finditer(text))
        self.starts = [0] + [match.end() for match in breaks]
        self.ends = [match.start() for match in breaks] + [len(text)]
        self._headings: dict[int, bool] = {}

    def _index(self, char: int) -> int:
        return bisect_right(self.starts, char) - 1

    def bounds(self, char: int) -> tuple[int, int]:
        index = self._index(char)
        return self.starts[index], self.ends[index]

    def line_of(self, char: int) -> str:
        start, end = self.bounds(char)
        return self.text[start:end]

    def is_heading(self, char: int) -> bool:
        index = self._index(char)
        if index not in self._headings:
            self._headings[index] = _is_heading_line(self.line_of(char))
        return self._headings[index]

    def is_table_row(self, char: int) -> bool:
        return _is_table_line(self.line_of(char))


def _is_heading_line(line: str) -> bool:
    """Markdown headings, short all-capitals lines, and short title-cased lines without
    digits or sentence punctuation."""
    stripped = line.strip()
    if stripped.startswith("#"):
        return True
    content = stripped.strip("".join(_MARKDOWN_CHARS) + " ")
    words = WORD.findall(content)
    if not words or len(words) > MAX_HEADING_WORDS or any(char.isdigit() for char in content):
        return False
    if content.isupper():
        return True  # an all-capitals headline, whatever its final punctuation
    if content.rstrip("\"'\u201d\u2019)")[-1:] in {".", ",", ";", ":"}:
        return False
    return all(word[0].isupper() for word in words if len(word) >= 4)


def _is_table_line(line: str) -> bool:
    """A row of a table: a short line with at least two numbers, numbers being at least a
    third of its words, and no sentence ending it ("Shr 1.20 dlrs vs 95 cts")."""
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_TABLE_LINE_CHARS or stripped[-1] in ".!?":
        return False
    numbers, words = len(_NUMBER.findall(stripped)), len(WORD.findall(stripped))
    return numbers >= 2 and numbers * 2 >= words


def _is_place_or_group(text: str) -> bool:
    return any(finder(text) is not None for finder in (lookup_place, place_of_division, canonical_place_or_group))


# --- rules 1-4: pieces, edges, non-names, possessive split ------------------------------------


def _is_lowercase_word(token: Token) -> bool:
    return token.is_alpha and token.text[0].islower() and token.lower_ not in NAME_PARTICLES


def _is_date_word(token: Token) -> bool:
    """A month or weekday name, or a year."""
    return token.lower_.rstrip(".") in CALENDAR_WORDS or (token.is_digit and len(token.text) == 4)


def _is_edge_junk(token: Token, at_start: bool, label: str) -> bool:
    if token.is_space or token.is_punct or token.is_bracket or token.is_quote:
        return True
    if all(char in _MARKDOWN_CHARS for char in token.text):
        return True
    if at_start and label != "PERSON" and _is_date_word(token):
        return True
    if _is_lowercase_word(token):
        return True
    return token.lower_ == "the" if at_start else token.text in _POSSESSIVES


def _is_place_named_with_the(span: Span) -> bool:
    """"The Hague": the article belongs to the gazetteer's name."""
    place = lookup_place(span.text)
    return place is not None and place.name == span.text


def _trimmed(doc: Doc, start: int, end: int, label: str) -> tuple[int, int]:
    while (
        start < end
        and _is_edge_junk(doc[start], at_start=True, label=label)
        and not _is_place_named_with_the(doc[start:end])
    ):
        start += 1
    while end > start and _is_edge_junk(doc[end - 1], at_start=False, label=label):
        end -= 1
    if label == "ORG" and start > 0 and _ORDINAL.fullmatch(doc[start - 1].text) and doc[start - 1].whitespace_:
        start -= 1  # "9th" + "Circuit Court of Appeals"
    return start, end


def _is_piece_break(token: Token) -> bool:
    return (token.is_space and bool(_LINE_BREAK.search(token.text))) or token.text in _SEPARATORS


def _pieces(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Token ranges of a span split at every line break and slash."""
    pieces, piece_start = [], start
    for index in range(start, end):
        if _is_piece_break(doc[index]):
            pieces.append((piece_start, index))
            piece_start = index + 1
    pieces.append((piece_start, end))
    return pieces


def _is_function_word(token: Token) -> bool:
    """"In", "the", "An"; not "US", whose lower case happens to be a stop word."""
    return token.is_stop and not token.is_upper


def _is_table_abbreviation(token: Token) -> bool:
    return token.lower_.rstrip(".") in TABLE_ABBREVIATIONS


def _is_not_a_name(doc: Doc, span: Span, lines: _Lines) -> bool:
    """Rule 3: spans that cannot be names whatever the model says."""
    if not any(char.isupper() for char in span.text):
        return True
    words = [token for token in span if token.is_alpha]
    if words and all(_is_table_abbreviation(token) for token in words):
        return True
    if span.text in time_zone_abbreviations():
        return True
    if len(span) == 1 and lines.is_table_row(span.start_char) and lookup_place(span.text) is None:
        return True
    return all(_is_function_word(token) for token in span)


def _opens_sentence(doc: Doc, token: Token) -> bool:
    """First word of its sentence, punctuation and quotes aside."""
    return all(doc[index].is_punct or doc[index].is_quote for index in range(token.sent.start, token.i))


def _capitalised_inside_sentences(tokens: _TokenTable) -> frozenset[str]:
    """Words the document writes with a capital somewhere other than at a sentence's start
    (`_opens_sentence`, in one pass: a word opens its sentence when only punctuation precedes it)."""
    found = set()
    opening = True
    for text, sentence_start, punctuation in zip(tokens.texts, tokens.sentence_starts, tokens.punctuation):
        opening = opening or sentence_start
        if text[:1].isupper() and not opening:
            found.add(text)
        opening = opening and punctuation
    return frozenset(found)


def _is_sentence_initial_word(doc: Doc, span: Span, capitalised_inside: frozenset[str]) -> bool:
    """One common English word opening a sentence ("Videos posted online showed..."), written
    nowhere else in the document with a capital after a sentence's first word."""
    token = span[0]
    if len(span) != 1 or not token.is_title or not is_english_word(token.text) or lookup_place(token.text):
        return False
    return token.text not in capitalised_inside and _opens_sentence(doc, token)


def _cleaned_candidates(doc: Doc, entity: Span, lines: _Lines, capitalised_inside: frozenset[str]) -> list[_Candidate]:
    candidates = []
    for piece_start, piece_end in _pieces(doc, entity.start, entity.end):
        start, end = _trimmed(doc, piece_start, piece_end, entity.label_)
        if start >= end:
            continue
        span = Span(doc, start, end)
        if _is_not_a_name(doc, span, lines) or _is_sentence_initial_word(doc, span, capitalised_inside):
            continue
        candidates.extend(_split_at_place_possessive(doc, _Candidate(start, end, entity.label_)))
    return candidates


def _split_at_place_possessive(doc: Doc, candidate: _Candidate) -> list[_Candidate]:
    """"Ethiopia's Defence Ministry" -> "Ethiopia" + "Defence Ministry" (rule 4)."""
    for index in range(candidate.start + 1, candidate.end - 1):
        if doc[index].text not in _POSSESSIVES:
            continue
        owner = doc[candidate.start : index].text
        if candidate.label in PLACE_LABELS:
            owner_label = candidate.label if lookup_place(owner) else None
        else:
            owner_label = _place_label(owner, candidate.label)
        if owner_label:
            parts = [_Candidate(candidate.start, index, owner_label)]
            start, end = _trimmed(doc, index + 1, candidate.end, candidate.label)
            if start < end:
                parts.append(_Candidate(start, end, candidate.label))
            return parts
    return [candidate]


def _with_enumerations(doc: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
    """"Committee on Fisheries, Forests and Parks": an organisation's name ending in a list after
    "on", "of" or "for" runs to the list's last capitalised word; spans inside it are dropped."""
    extended = []
    for candidate in candidates:
        span = candidate.span(doc)
        if candidate.label != "ORG" or not {"on", "of", "for"} & {token.lower_ for token in span[1:]}:
            continue
        end = candidate.end
        while True:
            gap = 2 if end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ == "and" else 1
            if end + gap >= len(doc) or doc[end].lower_ not in {",", "and"} or not _is_capitalised_word(doc[end + gap]):
                break
            end += gap + 1
        if end > candidate.end:
            extended.append((candidate, end))
    for candidate, end in extended:
        candidate.end = end
    inside = {index for candidate, end in extended for index in range(candidate.start, end)}
    return [
        candidate
        for candidate in candidates
        if any(candidate is longer for longer, _ in extended) or not inside.intersection(range(candidate.start, candidate.end))
    ]


# --- rule 5: places the model missed ------------------------------------------------------------


def _is_capitalised_word(token: Token) -> bool:
    return token.is_alpha and token.text[0].isupper()


def _stands_alone(doc: Doc, start: int, end: int) -> bool:
    """No capitalised neighbour (but "The" or a sentence start), nor "of"/"&" before:
    not part of a longer name."""
    if start > 0:
        before = doc[start - 1]
        if before.lower_ in {"of", "&"}:
            return False
        if _is_capitalised_word(before) and not (before.is_sent_start or _is_function_word(before)):
            return False
    return end >= len(doc) or not _is_capitalised_word(doc[end])


def _missed_countries(doc: Doc, taken: set[int], lines: _Lines, tokens: _TokenTable) -> list[_Candidate]:
    found = []
    longest_form = 7  # tokens in "Democratic People's Republic of Korea"
    # A span's text runs from its first token's start to its last token's end.
    whole, texts, starts = lines.text, tokens.texts, tokens.starts
    index = 0
    while index < len(doc):
        match = None
        if index not in taken and texts[index][:1].isupper() and texts[index].lower() != "the":
            # Ranges holding a taken token or a line break are out, and so is every longer one.
            limit = index + 1
            while limit < min(len(doc), index + longest_form) and limit not in taken:
                limit += 1
            for end in range(limit, index, -1):
                text = whole[starts[index] : starts[end - 1] + len(texts[end - 1])]
                if _LINE_BREAK.search(text):
                    continue
                if country_code(text) and _stands_alone(doc, index, end):
                    match = end
                    break
        # All-capitals lines say nothing about case: "US" may be the pronoun, "NEW JERSEY" not Jersey.
        if match and not lines.line_of(doc[index].idx).isupper():
            found.append(_Candidate(index, match, "GPE"))
            index = match
        else:
            index += 1
    return found


def _capitalised_runs(tokens: _TokenTable) -> list[tuple[int, int]]:
    """Maximal runs of capitalised words ("Eagle Point"), as token ranges."""
    capitalised, runs, index = tokens.capitalised, [], 0
    while index < len(capitalised):
        if capitalised[index] and not tokens.sentence_starts[index]:
            end = index + 1
            while end < len(capitalised) and capitalised[end]:
                end += 1
            runs.append((index, end))
            index = end
        else:
            index += 1
    return runs


def _is_list_gap(doc: Doc, start: int, end: int) -> bool:
    """What separates two items of a list: ",", "and", "or", ", and" (tokens `start` to `end`)."""
    words = []
    for index in range(start, end):  # the gap may be paragraphs long: two words decide
        token = doc[index]
        if not token.is_space:
            words.append(token.lower_)
            if len(words) > 2:
                return False
    return words in ([","], ["and"], ["or"], [",", "and"], [",", "or"])


def _missed_list_places(doc: Doc, runs: list[tuple[int, int]], candidates: list[_Candidate], taken: set[int]) -> list[_Candidate]:
    """Known places in a list with places the model found, in one of their countries; an item of
    such a list the model called a person or an organisation becomes a place too."""
    place_at = {candidate.start: candidate for candidate in candidates if candidate.label == "GPE"}
    named_at = {candidate.start: candidate for candidate in candidates}
    items: list[list[tuple[int, int]]] = [[]]
    for run in runs:
        current = items[-1]
        if current and not _is_list_gap(doc, current[-1][1], run[0]):
            items.append([])
        items[-1].append(run)
    found = []
    for members in items:
        known = [run for run in members if run[0] in place_at]
        countries = {place.country_code for run in known for place in place_candidates(doc[run[0] : run[1]].text)[:1]}
        for start, end in members:
            if not known or not any(
                place.country_code in countries for place in place_candidates(doc[start:end].text)
            ):
                continue
            if not taken.intersection(range(start, end)):
                found.append(_Candidate(start, end, "GPE"))
            elif start in named_at and named_at[start].end == end and named_at[start].label in {"PERSON", "ORG"}:
                named_at[start].label = "GPE"  # "Grants Pass" called a PERSON among towns
    return found


def _numbers_and_dates(doc: Doc) -> set[int]:
    """Tokens of numeric entities that hold a digit: a word-only "date" may be a town the model misread."""
    return {
        index
        for entity in doc.ents
        if entity.label_ in NUMERIC_LABELS and any(char.isdigit() for char in entity.text)
        for index in range(entity.start, entity.end)
    }


def _missed_located_places(doc: Doc, runs: list[tuple[int, int]], taken: set[int]) -> list[_Candidate]:
    """A big city or a region right after "in", "at", "from" or "near"."""
    found = []
    for start, end in runs:
        if start == 0 or doc[start - 1].lower_ not in _LOCATIVE_WORDS or taken.intersection(range(start, end)):
            continue
        place = lookup_place(doc[start:end].text)
        if place and (place.place_type == "region" or (place.population or 0) >= CITY_POPULATION_FOR_RELABEL):
            found.append(_Candidate(start, end, "GPE"))
    return found


def _nested_countries(doc: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
    """"Japan" in "Japan Fisheries Agency": a country opening an organisation's name."""
    found = []
    for candidate in candidates:
        if candidate.label != "ORG" or candidate.end - candidate.start < 2:
            continue
        rest = {token.lower_ for token in doc[candidate.start + 1 : candidate.end]}
        for end in range(candidate.end - 1, candidate.start, -1):
            if country_code(doc[candidate.start : end].text) and rest & ORGANISATION_HEADS:
                found.append(_Candidate(candidate.start, end, "GPE", nested=True))
                break
    return found


# --- rule 6: labels from the gazetteer and head words --------------------------------------------


def _place_label(text: str, label: str) -> str | None:
    """The place label the gazetteer gives a span the model labelled ``label``, when the
    gazetteer is surer than the model (rule 6); None otherwise."""
    if label in PLACE_LABELS:
        return None
    division_of = place_of_division(text)
    place = lookup_place(division_of or text)
    if place is None:
        return None
    population = place.population or 0
    if division_of or place.place_type in ("country", "area", "region"):
        sure = True  # "Lviv Oblast" is a place whatever the model says
    elif label == "PERSON":
        sure = population >= CITY_POPULATION_FOR_PERSON_RELABEL
    elif label == "NORP":
        sure = not is_nationality_word(text)
    else:
        sure = label in _RELABELLED_TO_PLACE and population >= CITY_POPULATION_FOR_RELABEL
    if not sure:
        return None
    return "LOC" if place.place_type == "area" else "GPE"


def _head_label(span: Span, label: str) -> str | None:
    """The label a name's last word or leading foreign article gives it, if any (never against
    the gazetteer: a known place keeps its place label)."""
    head = span[-1].lower_
    if head in ORGANISATION_HEADS and label != "ORG" and len(span) > 1:
        if label not in PLACE_LABELS or not place_candidates(span.text):
            return "ORG"
    if label not in PLACE_LABELS and len(span) > 1 and head not in ORGANISATION_HEADS:
        if head in FACILITY_HEADS:
            return "FAC"
        if head in FEATURE_HEADS:
            return "LOC"
    first = span[0].lower_.replace("\u2019", "'")
    is_foreign_article = first in FOREIGN_ARTICLES or (first[:2] == "l'" and len(first) > 2)
    if is_foreign_article and span[0].text[0].isupper() and label != "ORG" and not place_candidates(span.text):
        return "ORG"
    return None


def _is_title_word(token: Token) -> bool:
    """"President", "Gov.", "writers": a title or role word, singular or plural."""
    word = token.lower_.rstrip(".")
    return word in TITLE_WORDS or (word.endswith("s") and word[:-1] in TITLE_WORDS)


def _is_titled_name(doc: Doc, span: Span) -> bool:
    """"Host Ilse Okafor", "Gov.] Ilse Okafor", "writers Ilse Okafor": a title word opening the span
    or just before it (brackets and dots aside), then capitalised words that are neither English
    words nor places."""
    if _is_title_word(span[0]):
        name = span[1:]
    else:
        before = span.start - 1
        while before >= 0 and (doc[before].is_punct or doc[before].is_bracket) and doc[before].text not in ",;:":
            before -= 1
        name = span if before >= 0 and _is_title_word(doc[before]) else span[:0]
    return (
        len(name) > 0
        and all(_is_capitalised_word(token) and not is_english_word(token.text) for token in name)
        and not _is_place_or_group(name.text)
    )


def _corrected_label(doc: Doc, span: Span, label: str) -> str:
    """Rules 6 and 7 for every label but PERSON's gazetteer check, which waits for the document's names (rule 9)."""
    text = span.text
    if label == "GPE" and is_nationality_word(text):
        return "NORP"
    if label != "PERSON" and _is_titled_name(doc, span):
        return "PERSON"
    head_label = _head_label(span, label)
    if head_label:
        return head_label
    if label == "PERSON":
        return label
    return _place_label(text, label) or label


# --- rule 7: person names -------------------------------------------------------------------


def _without_titles(doc: Doc, candidate: _Candidate) -> None:
    """Drop a leading run such as "Polish Interior Minister" up to its last title word."""
    last_title = None
    for index in range(candidate.start, candidate.end - 1):
        token = doc[index]
        word = token.lower_.rstrip(".")
        if word in TITLE_WORDS:
            last_title = index
        elif not (_is_capitalised_word(token) and (is_english_word(word) or _is_place_or_group(token.text))):
            break
    if last_title is not None:
        candidate.start = last_title + 1


def _is_name_word(token: Token) -> bool:
    """A capitalised proper noun that is neither an English word, a title nor a place: "Grzegorz", "Sisulu"."""
    return (
        token.tag_ == "NNP"
        and token.is_alpha
        and token.is_title
        and token.lower_ not in TITLE_WORDS
        and not is_english_word(token.text)
        and not _is_place_or_group(token.text)
    )


def _is_hyphen_join(doc: Doc, hyphen: int) -> bool:
    return doc[hyphen].text in _HYPHENS and not doc[hyphen - 1].whitespace_ and not doc[hyphen].whitespace_


def _complete_person_name(doc: Doc, candidate: _Candidate, taken: set[int]) -> None:
    """"Nowakowski" -> "Grzegorz Nowakowski"; "Kim Dae" -> "Kim Dae-jung"."""
    while True:
        start, end = candidate.start, candidate.end
        if start >= 1 and doc[start - 1].whitespace_ == " " and start - 1 not in taken and _is_name_word(doc[start - 1]):
            candidate.start -= 1
        elif start >= 2 and _is_hyphen_join(doc, start - 1) and doc[start - 2].is_title and start - 2 not in taken:
            candidate.start -= 2
        elif end + 1 < len(doc) and _is_hyphen_join(doc, end) and doc[end + 1].is_title and end + 1 not in taken:
            candidate.end += 2
        else:
            return
        taken.update(range(candidate.start, candidate.end))


def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(name_key(name).split())


def _without_initials(name: str) -> tuple[str, ...]:
    """"Ann B. Okafor" -> ("ann", "okafor"): middle initials left out."""
    tokens = _name_tokens(name)
    return tokens[:1] + tuple(token for token in tokens[1:-1] if len(token) > 1) + tokens[-1:]


def _is_short_form_of(tokens: tuple[str, ...], full_tokens: tuple[str, ...]) -> bool:
    """"Orban" of "Viktor Orban", "Kim" of "Kim Dae Jung": the first or last words
    (`tokens` of the name, `full_tokens` of the full name `_without_initials`)."""
    size = len(tokens)
    return len(full_tokens) > size and tokens in (full_tokens[:size], full_tokens[-size:])


def _only_match(names: Iterable[str], key: Callable[[str], object] = lambda name: name_key(name)) -> str | None:
    """The single name (up to variants under ``key``) among ``names``, else None; of variants,
    the most frequent, then the shortest."""
    names = list(names)
    keys = {key(name) for name in names}
    if len(keys) != 1:
        return None
    counts = Counter(names)
    return min(counts, key=lambda name: (-counts[name], len(name), name))


def _missed_short_names(doc: Doc, taken: set[int], full_name_of: Callable[[str], str | None]) -> list[_Candidate]:
    """Later mentions the model missed ("Sisulu" after "Lindiwe Sisulu"): a lone capitalised proper
    noun, no English word, that is the first or last word of one full name in the document."""
    proper_nouns = doc.to_array([TAG, IS_ALPHA, IS_TITLE]).tolist()  # `_is_name_word`'s first tests, from arrays
    proper = doc.vocab.strings.add("NNP")
    return [
        _Candidate(index, index + 1, "PERSON")
        for index, (tag, alpha, title) in enumerate(proper_nouns)
        if tag == proper and alpha and title and index not in taken
        and _is_name_word(doc[index]) and full_name_of(doc[index].text)
    ]


# --- rule 8: headings -----------------------------------------------------------------------


def _appears_outside_headings(text: str, lines: _Lines) -> bool:
    occurrences = re.finditer(rf"(?<!\w){re.escape(text)}(?!\w)", lines.text)
    return any(not lines.is_heading(match.start()) for match in occurrences)


def _is_heading_phrase(doc: Doc, candidate: _Candidate, lines: _Lines) -> bool:
    """"International Reactions" in a heading: English words only, no place, nowhere else in the text."""
    span = candidate.span(doc)
    if candidate.label == "PERSON" or not lines.is_heading(span.start_char):
        return False
    if not all(_is_function_word(token) or token.is_punct or is_english_word(token.text) for token in span):
        return False
    has_place = any(
        _is_place_or_group(span[first:last].text)
        for first in range(len(span))
        for last in range(first + 1, min(len(span), first + 4) + 1)
    )
    return not has_place and not _appears_outside_headings(span.text, lines)


def _cut_heading_tail(doc: Doc, candidate: _Candidate, lines: _Lines) -> None:
    """"Chilean Troops" -> "Chilean", "Andean Community Responds" -> "Andean Community"
    in a heading: title-cased English words after a place, a nationality or a name the
    text uses outside headings are not part of the name."""
    span = candidate.span(doc)
    if candidate.label == "PERSON" or not lines.is_heading(span.start_char):
        return
    if _is_place_or_group(span.text) or _appears_outside_headings(span.text, lines):
        return
    for end in range(candidate.end - 1, candidate.start, -1):
        if not is_english_word(doc[end].text):
            return
        head = doc[candidate.start : end].text
        if _is_place_or_group(head) or _appears_outside_headings(head, lines):
            candidate.end = end
            return


# --- canonical names --------------------------------------------------------------------------


def spells_acronym(acronym: str, name: str) -> bool:
    """"AU" for "African Union"; "W.H.O." for "World Health Organization"."""
    return is_acronym(acronym) and not is_acronym(name) and initials(name) == acronym.replace(".", "")


def _is_defined_acronym(acronym: str, name: str) -> bool:
    """Looser than ``spells_acronym`` for an acronym given in brackets after its long form: its
    letters are initials of the long form's words, in order ("Ruritanian League of Engineers (RLE)")."""
    if not is_acronym(acronym) or is_acronym(name):
        return False
    letters = iter(word[0].upper() for word in WORD.findall(name))
    return all(letter in letters for letter in acronym.replace(".", ""))


# --- extraction -------------------------------------------------------------------------------


def _clipped_sentence(span: Span, lines: _Lines) -> str:
    line_start, line_end = lines.bounds(span.start_char)
    sentence = span.sent
    return lines.text[max(sentence.start_char, line_start) : min(sentence.end_char, line_end)].strip()


def _corrected_candidates(doc: Doc, lines: _Lines) -> tuple[list[_Candidate], set[int]]:
    """Rules 1-8; also returns the tokens any span holds or held."""
    tokens = _TokenTable.of(doc)
    capitalised_inside = _capitalised_inside_sentences(tokens)
    candidates = [
        candidate
        for entity in doc.ents
        if entity.label_ not in NUMERIC_LABELS
        for candidate in _cleaned_candidates(doc, entity, lines, capitalised_inside)
    ]
    taken = {index for entity in doc.ents for index in range(entity.start, entity.end)}
    candidates += _missed_countries(doc, taken, lines, tokens)
    taken |= {index for candidate in candidates for index in range(candidate.start, candidate.end)}
    runs = _capitalised_runs(tokens)
    candidates += _missed_list_places(doc, runs, candidates, taken)
    taken |= {index for candidate in candidates for index in range(candidate.start, candidate.end)}
    held = {index for candidate in candidates for index in range(candidate.start, candidate.end)}
    candidates += _missed_located_places(doc, runs, held | _numbers_and_dates(doc))
    taken |= {index for candidate in candidates for index in range(candidate.start, candidate.end)}
    candidates = _with_enumerations(doc, candidates)
    for candidate in candidates:
        candidate.label = _corrected_label(doc, candidate.span(doc), candidate.label)
        if candidate.label == "PERSON":
            _without_titles(doc, candidate)
            _complete_person_name(doc, candidate, taken)
        _cut_heading_tail(doc, candidate, lines)
    candidates = [candidate for candidate in candidates if not _is_heading_phrase(doc, candidate, lines)]
    return candidates + _nested_countries(doc, candidates), taken


def _person_canonicals(person_names: list[str]) -> dict[str, str]:
    """A full name with middle initials -> the same name without them, when the document has it."""
    by_key = defaultdict(list)
    for name in person_names:
        if len(_name_tokens(name)) > 1:
            by_key[_without_initials(name)].append(name)
    return {name: _only_match(names, _without_initials) or name for names in by_key.values() for name in names}


def _unified_labels(doc: Doc, candidates: list[_Candidate]) -> None:
    """Rule 10: one label per name in a document."""
    by_text: dict[str, list[_Candidate]] = defaultdict(list)
    for candidate in candidates:
        if not candidate.nested and candidate.label not in {"NORP"}:
            by_text[candidate.span(doc).text].append(candidate)
    context = [candidate.span(doc).text for candidate in candidates if candidate.label in PLACE_LABELS]
    for text, group in by_text.items():
        labels = Counter(candidate.label for candidate in group)
        if len(labels) == 1:
            continue
        place_label = next((label for label in ("GPE", "LOC", "FAC") if label in labels), None)
        if place_label and _fits_context(text, context):
            label = place_label
        else:
            label = min(labels, key=lambda found: (-labels[found], _preference(found)))
        for candidate in group:
            candidate.label = label


def _preference(label: str) -> int:
    return _LABEL_PREFERENCE.index(label) if label in _LABEL_PREFERENCE else len(_LABEL_PREFERENCE)


def _fits_context(text: str, context: list[str]) -> bool:
    """Whether the gazetteer's choice for ``text`` among the document's places is a country or
    lies in a country or region another place of the document lies in."""
    others = [name for name in context if name != text]
    chosen = resolve_places([text, *others])
    place, rest = chosen[0], [found for found in chosen[1:] if found]
    if place is None:
        return False
    if place.place_type in ("country", "area"):
        return True
    return any(
        (other.region_code and other.region_code == place.region_code) or other.country_code == place.country_code
        for other in rest
    )


def _wanted_place_type(doc: Doc, span: Span) -> str | None:
    """A type the text states: "the state of X", "the states of X and Y", "X state", "X region"."""
    if place_of_division(span.text):
        return "region"
    if span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lemma_.lower() in {"state", "province"}:
        return "region"
    return None


def _resolved_places(doc: Doc, candidates: list[_Candidate]) -> dict[int, Place | None]:
    """The gazetteer place of each GPE and LOC candidate (by identity), homonyms resolved in the
    document's context; a type stated for one item of a list holds for the others, and one
    stated for a name holds for its other mentions."""
    places = [candidate for candidate in candidates if candidate.label in _GAZETTEER_LABELS]
    names = [place_of_division(candidate.span(doc).text) or candidate.span(doc).text for candidate in places]
    wanted = [_wanted_place_type(doc, candidate.span(doc)) for candidate in places]
    index_of_root = {candidate.span(doc).root.i: number for number, candidate in enumerate(places)}
    for number, candidate in enumerate(places):
        root = candidate.span(doc).root
        stated = {wanted[index_of_root[token.i]] for token in root.conjuncts if token.i in index_of_root} - {None}
        if wanted[number] is None and len(stated) == 1:
            wanted[number] = stated.pop()
    stated_for_name: dict[str, set[str]] = defaultdict(set)
    for name, stated in zip(names, wanted):
        if stated:
            stated_for_name[name].add(stated)
    # One sense per document: a type stated for one mention of a name holds for all of them.
    wanted = [stated or next(iter(stated_for_name[name]), None) if len(stated_for_name[name]) <= 1 else stated
              for name, stated in zip(names, wanted)]
    chosen = resolve_places(names, wanted)
    return {id(candidate): place for candidate, place in zip(places, chosen)}


def _person_names(doc: Doc, candidates: list[_Candidate]) -> tuple[dict[str, str], Callable[[str], str | None]]:
    """The document's person names (each with its canonical form), and the one full name a short
    form belongs to (else None)."""
    person_canonical = _person_canonicals(
        [candidate.span(doc).text for candidate in candidates if candidate.label == "PERSON"]
    )
    full_names = [(full, _without_initials(full)) for full in person_canonical.values()]

    @cache  # asked for every candidate and every name-like word; the document's names are fixed here
    def full_name_of(name: str) -> str | None:
        tokens = _name_tokens(name)
        return _only_match([full for full, full_tokens in full_names if _is_short_form_of(tokens, full_tokens)], _without_initials)

    return person_canonical, full_name_of


def extract_mentions(doc: Doc) -> list[Mention]:
    """Entity mentions of a parsed document after the correction rules of this module, in text order."""
    lines = _Lines(text_of(doc))
    candidates, taken = _corrected_candidates(doc, lines)
    _, full_name_of = _person_names(doc, candidates)
    lone_surnames = {
        candidate.span(doc).text
        for candidate in candidates
        if candidate.label == "PERSON" and len(candidate.span(doc)) == 1
    }
    organisations = [candidate.span(doc).text for candidate in candidates if candidate.label == "ORG"]
    for candidate in candidates:  # rule 9: the document's own names outrank the gazetteer
        span = candidate.span(doc)
        if candidate.nested:
            continue
        if candidate.label not in PLACE_LABELS | {"PERSON"} and full_name_of(span.text):
            candidate.label = "PERSON"
        elif candidate.label == "PERSON" and not full_name_of(span.text) and _organisation_begun(span.text, organisations):
            candidate.label = "ORG"
        elif candidate.label != "PERSON" and _ends_with_surname(span, lone_surnames):
            candidate.label = "PERSON"
        elif candidate.label == "PERSON" and not full_name_of(span.text):
            candidate.label = _place_label(span.text, "PERSON") or "PERSON"
    person_canonical, full_name_of = _person_names(doc, candidates)
    candidates = sorted(candidates + _missed_short_names(doc, taken, full_name_of), key=lambda c: (c.start, c.end))
    defined = _defined_acronyms(doc, candidates, taken)
    candidates.sort(key=lambda c: (c.start, c.end))
    _unified_labels(doc, candidates)
    place_of = _resolved_places(doc, candidates)

    names_by_class: dict[str, list[str]] = defaultdict(list)
    for candidate in candidates:
        names_by_class[coarse_class(candidate.label)].append(candidate.span(doc).text)
    mentions = []
    for candidate in candidates:
        span = candidate.span(doc)
        place = place_of.get(id(candidate))
        if candidate.label == "PERSON":
            canonical = full_name_of(span.text) or person_canonical.get(span.text, span.text)
        elif candidate.label in PLACE_LABELS:
            canonical = place_canonical(span.text, place)
        elif candidate.label == "ORG":
            canonical = defined.get(span.text) or _organisation_canonical(span.text, names_by_class["ORG"])
        else:
            canonical = defined.get(span.text, span.text)
        mentions.append(
            Mention(
                text=span.text,
                label=candidate.label,
                start_char=span.start_char,
                end_char=span.end_char,
                sentence=_clipped_sentence(span, lines),
                canonical=canonical,
                place_id=place.place_id if place else None,
            )
        )
    return mentions


def _ends_with_surname(span: Span, lone_surnames: set[str]) -> bool:
    """"Ilse Okafor" (any label) where "Okafor" is a PERSON alone: two or three capitalised
    words that are neither English words nor places."""
    words = [token for token in span if not token.is_punct]
    return (
        1 < len(words) <= 3
        and words[-1].text in lone_surnames
        and all(_is_capitalised_word(token) and not is_english_word(token.text) for token in words)
        and not _is_place_or_group(span.text)
    )


def place_canonical(text: str, place: Place | None) -> str:
    """Countries, cities and continents by their gazetteer name ("ROK" -> "South Korea",
    "Bombay" -> "Mumbai"); regions (whose gazetteer names are often in their own language) and
    unknown places as written, without a leading "the" or a division word ("Lviv region")."""
    if place is not None and place.place_type != "region":
        return place.name
    return re.sub(r"^the\s+", "", place_of_division(text) or text, flags=re.IGNORECASE)


def _organisation_begun(text: str, organisations: list[str]) -> str | None:
    """The one longer organisation name that ``text`` begins ("Borealis" of "Borealis Freight Corp")."""
    tokens = _name_tokens(text)
    longer = [
        name
        for name in organisations
        if len(_name_tokens(name)) > len(tokens) and _name_tokens(name)[: len(tokens)] == tokens
    ]
    return _only_match(longer)


def _organisation_canonical(text: str, organisations: list[str]) -> str:
    """An acronym's one long form with its initials, or the one longer name the text begins."""
    acronym_of = _only_match(name for name in organisations if spells_acronym(text, name))
    return acronym_of or _organisation_begun(text, organisations) or text


def _defined_acronyms(doc: Doc, candidates: list[_Candidate], taken: set[int]) -> dict[str, str]:
    """"Board of Maritime Safety (BMS)": the acronym in brackets right after its long form; the
    acronym becomes a mention of the long form's label if the model missed it."""
    starts = {candidate.start: candidate for candidate in candidates}
    defined = {}
    for first in list(candidates):
        opening, closing = first.end, first.end + 2
        if closing >= len(doc) or doc[opening].text != "(" or doc[closing].text != ")":
            continue
        long_form, acronym = first.span(doc).text, doc[opening + 1].text
        if first.nested or not _is_defined_acronym(acronym, long_form):
            continue
        defined[acronym] = long_form
        second = starts.get(opening + 1)
        if second is None and opening + 1 not in taken:
            second = _Candidate(opening + 1, opening + 2, first.label)
            candidates.append(second)
        if second is not None:
            second.label = first.label
    return defined
