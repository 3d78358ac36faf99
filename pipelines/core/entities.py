"""Named-entity mentions from parsed documents, and the corpus-wide entities they name.

Labels kept: every OntoNotes label the model predicts (PERSON, ORG, GPE, LOC, FAC,
NORP, EVENT, PRODUCT, WORK_OF_ART, LAW, LANGUAGE) except the numeric ones
(DATE, TIME, CARDINAL, ORDINAL, QUANTITY, PERCENT, MONEY): dates and numeric
claims have their own tables.

The small model's spans are corrected by general, conservative rules, in this order:

1. A span never crosses a line break; each line's piece is judged on its own and
   a piece without a capital letter or digit is dropped.
2. Edges are trimmed of markdown markers (``###``, ``**``), brackets, quotes,
   punctuation, a leading "the" and a trailing possessive ("North Korea's").
3. "Ukraine's Advantage" where the part before the possessive is a known place
   becomes the place plus the rest.
4. A country name the model missed is added when it stands alone (no capitalised
   neighbour that would make it part of a longer name).
5. Gazetteer labels: a country, a continent or "X Oblast"/"X region" of a known
   place always gets a place label (the model calls ``DPRK`` an ORG); a city of 100,000+ people or a US state does when the
   model called it a PRODUCT, EVENT, WORK_OF_ART, LAW, LANGUAGE or NORP (``Kursk``
   is a PRODUCT to it: the submarine). Cities keep an ORG label (sports clubs are
   named after towns). A nationality word the model calls GPE ("Ukrainian")
   becomes NORP.
6. Person names: leading titles are dropped ("President Zelensky" -> "Zelensky");
   a name cut short is completed with the neighbouring capitalised proper noun
   that is no English word ("Umerov" -> "Rustem Umerov") or across a hyphen
   ("Yoon Suk" + "-Yeol").
7. Headings: in a heading-like line (markdown ``#``, a short all-capitals line, or
   a short title-cased line without digits or sentence punctuation) a span made
   only of English words ("International Reactions", "Operational Insights") is a
   heading phrase, not a name, unless it also appears outside headings or names a
   place; title-cased English words after a place, a nationality or a name used
   outside headings are cut off ("North Korean Troops", "European Union Responds").
8. The document's own person names outrank the gazetteer: a non-place span equal
   to the first or last words of a person named in full becomes PERSON; any other
   PERSON span that is a country or a city of 1,000,000+ people ("Kyiv") becomes a
   place. A later "Yeo" the model missed after "Andrew Yeo" is added when it is a
   capitalised proper noun and no English word.

Each mention gets an in-document canonical name: countries in any form map to one
name ("U.S." -> "United States"), "X region"/"X Oblast" to X, a surname to the
full name, an acronym to the long form with the same initials.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import spacy.util
from spacy.lookups import Lookups
from spacy.tokens import Doc, Span, Token

from pipelines.core.nlp import DEFAULT_MODEL
from pipelines.core.places import (
    canonical_place_or_group,
    country_code,
    country_name,
    is_nationality_word,
    lookup_place,
    place_of_division,
)

__all__ = [
    "Entity",
    "Form",
    "Mention",
    "NUMERIC_LABELS",
    "canonical_place_or_group",
    "extract_mentions",
    "resolve_entities",
    "resolve_forms",
]

NUMERIC_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels under which the model hides places it does not know (see rule 5).
_RELABELLED_TO_PLACE = frozenset({"PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "NORP"})
CITY_POPULATION_FOR_RELABEL = 100_000
# A PERSON span is overruled only by a country, a continent or a city this big ("Kyiv").
CITY_POPULATION_FOR_PERSON_RELABEL = 1_000_000

# Words that introduce a person's name without being part of it.
TITLE_WORDS = frozenset(
    {
        "president", "vice", "prime", "minister", "secretary", "chancellor", "premier", "pope",
        "general", "gen", "colonel", "col", "lieutenant", "lt", "captain", "capt", "sergeant", "sgt",
        "admiral", "adm", "commander", "senator", "sen", "representative", "rep", "congressman",
        "congresswoman", "governor", "gov", "mayor", "judge", "justice", "ambassador", "envoy",
        "chairman", "chairwoman", "director", "spokesman", "spokeswoman", "spokesperson", "mr", "mrs",
        "ms", "dr", "prof", "professor", "sir", "dame", "rev", "reverend", "sheikh", "ayatollah",
        "cardinal", "archbishop", "chief", "deputy", "leader",
    }
)
_MARKDOWN_CHARS = frozenset("#*_`>~|")
_HYPHENS = frozenset({"-", "\u2010", "\u2011"})
_POSSESSIVES = frozenset({"'s", "\u2019s", "'", "\u2019"})
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_WORD = re.compile(r"[^\W\d_][\w'\u2019\-]*")
_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,6}")
_SKIPPED_IN_ACRONYMS = frozenset({"of", "the", "and", "for", "&", "on", "in", "de"})
MAX_HEADING_WORDS = 20

Group = tuple[str, str]  # (class, name key) of mentions naming one entity


@dataclass(frozen=True)
class Mention:
    text: str  # == body[start_char:end_char]
    label: str  # OntoNotes label
    start_char: int
    end_char: int
    sentence: str  # the sentence the mention is in (never beyond its line)
    canonical: str  # in-document resolved name


@dataclass(frozen=True)
class Entity:
    entity_id: str
    name: str
    label: str
    aliases: tuple[str, ...]
    mention_count: int
    doc_count: int
    country_code: str | None
    latitude: float | None
    longitude: float | None


@dataclass
class _Candidate:
    """A span under correction: token offsets into the doc and a label."""

    start: int
    end: int
    label: str

    def span(self, doc: Doc) -> Span:
        return doc[self.start : self.end]


class _Lines:
    """Line boundaries of a text and which lines look like headings."""

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


def _is_heading_line(line: str) -> bool:
    """Markdown headings, short all-capitals lines, and short title-cased lines without
    digits or sentence punctuation."""
    stripped = line.strip()
    if stripped.startswith("#"):
        return True
    content = stripped.strip("".join(_MARKDOWN_CHARS) + " ")
    words = _WORD.findall(content)
    if not words or len(words) > MAX_HEADING_WORDS or any(char.isdigit() for char in content):
        return False
    if content.isupper():
        return True  # an all-capitals headline, whatever its final punctuation
    if content.rstrip("\"'\u201d\u2019)")[-1:] in {".", ",", ";", ":"}:
        return False
    return all(word[0].isupper() for word in words if len(word) >= 4)


@cache
def _english_words() -> frozenset[str]:
    """WordNet's English word list from the lemmatizer tables of the default model package,
    read from disk: whichever model parsed the text, the word list is the same."""
    package = spacy.util.get_package_path(DEFAULT_MODEL)
    index = Lookups().from_disk(next(package.glob("*/lemmatizer/lookups"))).get_table("lemma_index")
    return frozenset(word for words in index.values() for word in words)


def _is_english_word(word: str) -> bool:
    lower = word.lower().replace("\u2019", "'")
    words = _english_words()
    singulars = [lower]
    if lower.endswith("ies"):
        singulars.append(lower[:-3] + "y")
    if lower.endswith("es"):
        singulars.append(lower[:-2])
    if lower.endswith("s"):
        singulars.append(lower[:-1])
    return any(form in words for form in singulars)


def _is_place_or_group(text: str) -> bool:
    return any(finder(text) is not None for finder in (lookup_place, place_of_division, canonical_place_or_group))


# --- rules 1-3: pieces, trimming, possessive split -----------------------------------------


def _is_edge_junk(token: Token, at_start: bool) -> bool:
    if token.is_space or token.is_punct or token.is_bracket or token.is_quote:
        return True
    if all(char in _MARKDOWN_CHARS for char in token.text):
        return True
    return token.lower_ == "the" if at_start else token.text in _POSSESSIVES


def _is_place_named_with_the(span: Span) -> bool:
    """"The Hague": the article belongs to the gazetteer's name."""
    place = lookup_place(span.text)
    return place is not None and place.name == span.text


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and _is_edge_junk(doc[start], at_start=True) and not _is_place_named_with_the(doc[start:end]):
        start += 1
    while end > start and _is_edge_junk(doc[end - 1], at_start=False):
        end -= 1
    return start, end


def _line_pieces(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Token ranges of a span split at every token holding a line break."""
    pieces, piece_start = [], start
    for index in range(start, end):
        if doc[index].is_space and _LINE_BREAK.search(doc[index].text):
            pieces.append((piece_start, index))
            piece_start = index + 1
    pieces.append((piece_start, end))
    return pieces


def _is_function_word(token: Token) -> bool:
    """"In", "the", "An"; not "US", whose lower case happens to be a stop word."""
    return token.is_stop and not token.is_upper


def _cleaned_candidates(doc: Doc, entity: Span) -> list[_Candidate]:
    pieces = _line_pieces(doc, entity.start, entity.end)
    candidates = []
    for piece_start, piece_end in pieces:
        start, end = _trimmed(doc, piece_start, piece_end)
        if start >= end:
            continue
        span = doc[start:end]
        if all(_is_function_word(token) for token in span):
            continue
        # A piece cut off by a line break must still look like a name on its own.
        if len(pieces) > 1 and not any(char.isupper() or char.isdigit() for char in span.text):
            continue
        candidates.extend(_split_at_place_possessive(doc, _Candidate(start, end, entity.label_)))
    return candidates


def _split_at_place_possessive(doc: Doc, candidate: _Candidate) -> list[_Candidate]:
    """"Russia's Defense Ministry" -> "Russia" + "Defense Ministry" (rule 3)."""
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
            start, end = _trimmed(doc, index + 1, candidate.end)
            if start < end:
                parts.append(_Candidate(start, end, candidate.label))
            return parts
    return [candidate]


# --- rule 4: countries the model missed ----------------------------------------------------


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


def _missed_countries(doc: Doc, taken: set[int], lines: _Lines) -> list[_Candidate]:
    found = []
    longest_form = 7  # tokens in "Democratic People's Republic of Korea"
    index = 0
    while index < len(doc):
        match = None
        if index not in taken and doc[index].text[:1].isupper() and doc[index].lower_ != "the":
            for end in range(min(len(doc), index + longest_form), index, -1):
                span = doc[index:end]
                if taken.intersection(range(index, end)) or _LINE_BREAK.search(span.text):
                    continue
                if country_code(span.text) and _stands_alone(doc, index, end):
                    match = end
                    break
        # All-capitals lines say nothing about case: "US" may be the pronoun, "NEW JERSEY" not Jersey.
        if match and not lines.line_of(doc[index].idx).isupper():
            found.append(_Candidate(index, match, "GPE"))
            index = match
        else:
            index += 1
    return found


# --- rule 5: gazetteer labels ---------------------------------------------------------------


def _place_label(text: str, label: str) -> str | None:
    """The place label the gazetteer gives a span the model labelled ``label``, when the
    gazetteer is surer than the model (rule 5); None otherwise."""
    if label in PLACE_LABELS:
        return None
    division_of = place_of_division(text)
    place = lookup_place(division_of or text)
    if place is None:
        return None
    population = place.population or 0
    if division_of or place.kind in ("country", "continent"):
        sure = True  # "Kursk Oblast" is a place whatever the model says
    elif label == "PERSON":
        sure = population >= CITY_POPULATION_FOR_PERSON_RELABEL
    else:
        sure = label in _RELABELLED_TO_PLACE and (
            place.kind == "us_state" or population >= CITY_POPULATION_FOR_RELABEL
        )
    if not sure:
        return None
    return "LOC" if place.kind == "continent" else "GPE"


def _corrected_label(text: str, label: str) -> str:
    """Rule 5 for every label but PERSON, which waits for the document's names (rule 8)."""
    if label == "GPE" and is_nationality_word(text):
        return "NORP"
    if label == "PERSON":
        return label
    return _place_label(text, label) or label


# --- rule 6: person names -------------------------------------------------------------------


def _without_titles(doc: Doc, candidate: _Candidate) -> None:
    """Drop a leading run such as "Ukrainian Defense Minister" up to its last title word."""
    last_title = None
    for index in range(candidate.start, candidate.end - 1):
        token = doc[index]
        word = token.lower_.rstrip(".")
        if word in TITLE_WORDS:
            last_title = index
        elif not (_is_capitalised_word(token) and (_is_english_word(word) or _is_place_or_group(token.text))):
            break
    if last_title is not None:
        candidate.start = last_title + 1


def _is_name_word(token: Token) -> bool:
    """A capitalised proper noun that is neither an English word, a title nor a place: "Rustem", "Yeo"."""
    return (
        token.tag_ == "NNP"
        and token.is_alpha
        and token.is_title
        and token.lower_ not in TITLE_WORDS
        and not _is_english_word(token.text)
        and not _is_place_or_group(token.text)
    )


def _is_hyphen_join(doc: Doc, hyphen: int) -> bool:
    return doc[hyphen].text in _HYPHENS and not doc[hyphen - 1].whitespace_ and not doc[hyphen].whitespace_


def _complete_person_name(doc: Doc, candidate: _Candidate, taken: set[int]) -> None:
    """"Umerov" -> "Rustem Umerov"; "Yoon Suk" -> "Yoon Suk-Yeol"."""
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
    return tuple(_name_key(name).split())


def _is_short_form_of(name: str, full_name: str) -> bool:
    """"Zelensky" of "Volodymyr Zelensky", "Yoon" of "Yoon Suk Yeol": the first or last words."""
    tokens, full_tokens = _name_tokens(name), _name_tokens(full_name)
    size = len(tokens)
    return len(full_tokens) > size and tokens in (full_tokens[:size], full_tokens[-size:])


def _only_match(names: Iterable[str]) -> str | None:
    """The single name (up to spelling variants) among ``names``, else None."""
    by_key = {_name_key(name): name for name in names}
    return next(iter(by_key.values())) if len(by_key) == 1 else None


def _missed_short_names(doc: Doc, taken: set[int], full_name_of: Callable[[str], str | None]) -> list[_Candidate]:
    """Later mentions the model missed ("Yeo" after "Andrew Yeo"): a lone capitalised proper
    noun, no English word, that is the first or last word of one full name in the document."""
    return [
        _Candidate(token.i, token.i + 1, "PERSON")
        for token in doc
        if token.i not in taken and _is_name_word(token) and full_name_of(token.text)
    ]


# --- rule 7: headings -----------------------------------------------------------------------


def _appears_outside_headings(text: str, lines: _Lines) -> bool:
    occurrences = re.finditer(rf"(?<!\w){re.escape(text)}(?!\w)", lines.text)
    return any(not lines.is_heading(match.start()) for match in occurrences)


def _is_heading_phrase(doc: Doc, candidate: _Candidate, lines: _Lines) -> bool:
    """"International Reactions" in a heading: English words only, no place, nowhere else in the text."""
    span = candidate.span(doc)
    if candidate.label == "PERSON" or not lines.is_heading(span.start_char):
        return False
    if not all(_is_function_word(token) or token.is_punct or _is_english_word(token.text) for token in span):
        return False
    has_place = any(
        _is_place_or_group(span[first:last].text)
        for first in range(len(span))
        for last in range(first + 1, min(len(span), first + 4) + 1)
    )
    return not has_place and not _appears_outside_headings(span.text, lines)


def _cut_heading_tail(doc: Doc, candidate: _Candidate, lines: _Lines) -> None:
    """"North Korean Troops" -> "North Korean", "European Union Responds" -> "European Union"
    in a heading: title-cased English words after a place, a nationality or a name the
    text uses outside headings are not part of the name."""
    span = candidate.span(doc)
    if candidate.label == "PERSON" or not lines.is_heading(span.start_char):
        return
    if _is_place_or_group(span.text) or _appears_outside_headings(span.text, lines):
        return
    for end in range(candidate.end - 1, candidate.start, -1):
        if not _is_english_word(doc[end].text):
            return
        head = doc[candidate.start : end].text
        if _is_place_or_group(head) or _appears_outside_headings(head, lines):
            candidate.end = end
            return


# --- canonical names --------------------------------------------------------------------------


def _name_key(name: str) -> str:
    """Comparison key: case, dots, hyphens, curly quotes and a leading "the" ignored."""
    key = unicodedata.normalize("NFKC", name).replace("\u2019", "'").casefold().replace(".", "")
    key = re.sub(r"[\s\-\u2010\u2011\u2013\u2014]+", " ", key).strip()
    return re.sub(r"^the ", "", key)


def _is_acronym(name: str) -> bool:
    return bool(_ACRONYM.fullmatch(name))


def _initials(name: str) -> str:
    """"European Union" -> "EU"; "UN Security Council" -> "UNSC"."""
    letters = []
    for word in _WORD.findall(name.replace(".", "")):
        if word.lower() in _SKIPPED_IN_ACRONYMS:
            continue
        letters.append(word if word.isupper() else word[0].upper())
    return "".join(letters)


def _spells_acronym(acronym: str, name: str) -> bool:
    """"EU" for "European Union"; "U.N." for "United Nations"."""
    return _is_acronym(acronym) and not _is_acronym(name) and _initials(name) == acronym.replace(".", "")


def _place_canonical(text: str) -> str:
    place = place_of_division(text) or text
    return country_name(place) or place


def _coarse_class(label: str) -> str:
    return "PLACE" if label in PLACE_LABELS else label


# --- extraction -------------------------------------------------------------------------------


def _clipped_sentence(span: Span, lines: _Lines) -> str:
    line_start, line_end = lines.bounds(span.start_char)
    sentence = span.sent
    return lines.text[max(sentence.start_char, line_start) : min(sentence.end_char, line_end)].strip()


def _corrected_candidates(doc: Doc, lines: _Lines) -> tuple[list[_Candidate], set[int]]:
    """Rules 1-7; also returns the tokens any span holds or held."""
    candidates = [
        candidate
        for entity in doc.ents
        if entity.label_ not in NUMERIC_LABELS
        for candidate in _cleaned_candidates(doc, entity)
    ]
    taken = {index for entity in doc.ents for index in range(entity.start, entity.end)}
    candidates += _missed_countries(doc, taken, lines)
    taken = {index for candidate in candidates for index in range(candidate.start, candidate.end)}
    for candidate in candidates:
        candidate.label = _corrected_label(candidate.span(doc).text, candidate.label)
        if candidate.label == "PERSON":
            _without_titles(doc, candidate)
            _complete_person_name(doc, candidate, taken)
        _cut_heading_tail(doc, candidate, lines)
    return [candidate for candidate in candidates if not _is_heading_phrase(doc, candidate, lines)], taken


def _canonical_name(text: str, label: str, full_name_of: Callable[[str], str | None], names: list[str]) -> str:
    if label == "PERSON":
        return full_name_of(text) or text
    if label in PLACE_LABELS:
        return _place_canonical(text)
    return _only_match(name for name in names if _spells_acronym(text, name)) or text


def extract_mentions(doc: Doc) -> list[Mention]:
    """Entity mentions of a parsed document after the correction rules of this module, in text order."""
    lines = _Lines(doc.text)
    candidates, taken = _corrected_candidates(doc, lines)
    person_names = [candidate.span(doc).text for candidate in candidates if candidate.label == "PERSON"]

    @cache  # asked for every candidate and every name-like word; the document's names are fixed here
    def full_name_of(name: str) -> str | None:
        return _only_match(full for full in person_names if _is_short_form_of(name, full))

    for candidate in candidates:  # rule 8: the document's own names outrank the gazetteer
        text = candidate.span(doc).text
        if candidate.label not in PLACE_LABELS | {"PERSON"} and full_name_of(text):
            candidate.label = "PERSON"
        elif candidate.label == "PERSON" and not full_name_of(text):
            candidate.label = _place_label(text, "PERSON") or "PERSON"
    candidates = sorted(candidates + _missed_short_names(doc, taken, full_name_of), key=lambda c: c.start)

    names_by_label: dict[str, list[str]] = defaultdict(list)
    for candidate in candidates:
        names_by_label[candidate.label].append(candidate.span(doc).text)
    mentions = []
    for candidate in candidates:
        span = candidate.span(doc)
        mentions.append(
            Mention(
                text=span.text,
                label=candidate.label,
                start_char=span.start_char,
                end_char=span.end_char,
                sentence=_clipped_sentence(span, lines),
                canonical=_canonical_name(span.text, candidate.label, full_name_of, names_by_label[candidate.label]),
            )
        )
    return mentions


# --- corpus-wide entities -----------------------------------------------------------------------


def _merge_targets(names: dict[Group, str], docs_of: dict[Group, set[str]]) -> dict[Group, Group]:
    """Where each group belongs: a lone surname joins a full name that begins or ends with
    it, an acronym a long form with its initials, in the same class. When several fit,
    the one whose documents share the most other entities with the short form's wins
    (context decides "EU" between "European Union" and "Ewha University"); a tie merges
    nothing."""
    full_names_by_edge_word: dict[str, list[Group]] = defaultdict(list)
    long_forms_by_initials: dict[tuple[str, str], list[Group]] = defaultdict(list)
    for group, name in names.items():
        entity_class = group[0]
        if entity_class == "PERSON" and len(_name_tokens(name)) > 1:
            for word in {_name_tokens(name)[0], _name_tokens(name)[-1]}:
                full_names_by_edge_word[word].append(group)
        elif entity_class != "PERSON" and not _is_acronym(name):
            long_forms_by_initials[(entity_class, _initials(name))].append(group)

    groups_in_doc: dict[str, set[Group]] = defaultdict(set)
    for group, doc_ids in docs_of.items():
        for doc_id in doc_ids:
            groups_in_doc[doc_id].add(group)

    def context(group: Group) -> set[Group]:
        return set().union(*(groups_in_doc[doc_id] for doc_id in docs_of[group])) - {group}

    targets = {}
    for group, name in names.items():
        entity_class = group[0]
        fits: list[Group] = []
        if entity_class == "PERSON" and len(_name_tokens(name)) == 1:
            fits = full_names_by_edge_word.get(_name_tokens(name)[0], [])
        elif entity_class != "PERSON" and _is_acronym(name):
            fits = long_forms_by_initials.get((entity_class, name.replace(".", "")), [])
        if len(fits) > 1:
            shared = sorted(((len(context(group) & context(fit)), fit) for fit in fits), reverse=True)
            fits = [shared[0][1]] if shared[0][0] > shared[1][0] else []
        targets[group] = fits[0] if fits else group
    return targets


def _most_common(counts: Counter[str]) -> str:
    return min(counts, key=lambda value: (-counts[value], value))


@dataclass(frozen=True)
class Form:
    """Mentions of one document that read alike: same label, text and canonical name."""

    doc_id: str
    label: str
    text: str
    canonical: str


def resolve_entities(mentions: Sequence[tuple[str, Mention]]) -> tuple[list[Entity], list[str]]:
    """Group ``(doc_id, mention)`` pairs of a whole corpus into entities.

    Returns the entities (most mentioned first) and the entity_id of each input
    mention, in input order. See ``resolve_forms``.
    """
    forms = [Form(doc_id, m.label, m.text, m.canonical) for doc_id, m in mentions]
    entities, id_of_form = resolve_forms(Counter(forms))
    return entities, [id_of_form[form] for form in forms]


def resolve_forms(forms: Mapping[Form, int]) -> tuple[list[Entity], dict[Form, str]]:
    """Group a corpus's mention forms (each with its number of mentions) into entities.

    Works on distinct forms rather than single mentions, so its cost follows the
    variety of names, not the size of the corpus. Forms group by class (PERSON,
    ORG, PLACE = GPE/LOC/FAC, or the label itself) and normalised canonical name
    (case, hyphens, dots and "the" ignored: "Yoon Suk-Yeol" = "Yoon Suk Yeol");
    then lone surnames and acronyms join their full forms (see ``_merge_targets``).
    Ids hash the class and the key, so they depend on neither input order nor run.
    """
    group_of = {form: (_coarse_class(form.label), _name_key(form.canonical)) for form in forms}
    canonicals: dict[Group, Counter[str]] = defaultdict(Counter)
    docs_of: dict[Group, set[str]] = defaultdict(set)
    for form, group in group_of.items():
        canonicals[group][form.canonical] += forms[form]
        docs_of[group].add(form.doc_id)
    names = {group: _most_common(counts) for group, counts in canonicals.items()}
    target_of = _merge_targets(names, docs_of)

    members: dict[Group, list[Form]] = defaultdict(list)
    for form, group in group_of.items():
        members[target_of[group]].append(form)

    entities = []
    id_of_target = {}
    for target, member_forms in members.items():
        entity_class, key = target
        name = names[target]
        id_of_target[target] = hashlib.sha1(f"{entity_class}:{key}".encode()).hexdigest()[:16]
        surfaces = {text for form in member_forms for text in (form.text, form.canonical)}
        labels: Counter[str] = Counter()
        for form in member_forms:
            labels[form.label] += forms[form]
        place = lookup_place(name) if entity_class == "PLACE" else None
        entities.append(
            Entity(
                entity_id=id_of_target[target],
                name=name,
                label=_most_common(labels),
                aliases=tuple(sorted(surfaces - {name})),
                mention_count=sum(forms[form] for form in member_forms),
                doc_count=len({form.doc_id for form in member_forms}),
                country_code=place.country_code if place else None,
                latitude=place.latitude if place else None,
                longitude=place.longitude if place else None,
            )
        )
    entities.sort(key=lambda entity: (-entity.mention_count, entity.name, entity.entity_id))
    return entities, {form: id_of_target[target_of[group]] for form, group in group_of.items()}
