"""Newswire datelines at the start of a body: ``SALVADOR, Feb 26 -``, ``BRUSSELS 1996-08-22``,
``WASHINGTON (Reuters) -``.

Plain Python, unit-tested and fuzzed on its own. A dateline is read only on the
first line of the body, and only in these shapes:

* a place in capitals (one to ``MAX_PLACE_WORDS`` words, optionally followed by
  a region in any case, ``SAN JOSE, Costa Rica``), then optionally a date
  (``Feb 26``, ``March 3, 2017``, ``1996-08-22``) and an agency in brackets
  (``(Reuters)``), then a dash (``-``, ``--``, ``–``, ``—``) before the text;
* a place in capitals and an ISO date alone on their line (``BRUSSELS 1996-08-22``);
* a place in capitals, a date and an agency between slashes (``MOSCOW, March 3. /TASS/.``);
* a place in title case only with an agency in brackets followed by a dash or
  glued to the text (``Washington (AP) —``, ``Washington (CNN)The``), since a
  capitalised word followed by a dash or a bracket is as often a sentence.

Wire slugs in capitals (``UPDATE``, ``EXCLUSIVE``, ``BRIEF`` …) are not places.
The dateline stays in the body; its place is returned with its offsets. The
header parser never takes a dateline line as a title or a publication date
(its date has no year, or is the wire's filing date, and may contradict the header).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

__all__ = ["Dateline", "find_dateline", "MAX_PLACE_WORDS"]

MAX_PLACE_WORDS: Final = 4
MAX_LINE_SCAN: Final = 200

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DAY_MONTH = rf"(?:{_MONTH} \d{{1,2}}|\d{{1,2}} {_MONTH})"
_DATE = rf"(?:{_MONTH} \d{{1,2}}(?:, \d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})"
# "(Reuters)", "(AP)", "(Dow Jones)": capitalised words, no dots or hyphens.
_AGENCY = r"\((?P<agency>[A-Z][A-Za-z&]*(?: [A-Z][A-Za-z&]*){0,2})\)"
_DASH = r"(?:--?|–|—)"
# A word of letters, dots, hyphens and apostrophes; its case is checked in `find_dateline`.
_WORD = r"[^\W\d_][^\W\d_.'’\-]*(?:[.'’\-][^\W\d_]*)*\.?"
_REGION = r"(?:, (?P<region>[^\W\d_][\w.'’\-]*(?: [^\W\d_][\w.'’\-]*){0,2}))?"

_PLACE = rf"(?P<place>{_WORD}(?: {_WORD}){{0,{MAX_PLACE_WORDS - 1}}})"

# (shape, whether its place must be in capitals); else each word of the place starts with a capital.
_SHAPES: Final = (
    (re.compile(rf"{_PLACE}{_REGION}(?:,? (?P<date>{_DATE}))?(?: ?{_AGENCY})? ?{_DASH}\s*(?=\S)"), True),
    (re.compile(rf"{_PLACE} (?P<date>\d{{4}}-\d{{2}}-\d{{2}})\s*$"), True),
    (re.compile(rf"{_PLACE}, (?P<date>{_DAY_MONTH})\. /(?P<agency>[A-Z]{{2,8}})/\.\s*(?=\S)"), True),
    # A dash after the agency, or the text glued to it ("(CNN)The"): "Mr Smith (Democrat) said" is a sentence.
    (re.compile(rf"{_PLACE}{_REGION}(?:,? (?P<date>{_DATE}))? ?{_AGENCY}(?: ?{_DASH}\s*|(?=[^\W\d_]))"), False),
)
# Capitalised lead-ins of wire copy that are not places.
_SLUGS: Final = frozenset(
    {"UPDATE", "EXCLUSIVE", "BRIEF", "BREAKING", "URGENT", "FLASH", "CORRECTED", "REFILE", "ANALYSIS",
     "FACTBOX", "WRAPUP", "NOTE", "NEWS", "COLUMN", "INSIGHT", "REVIEW", "OPINION", "EDITORIAL", "AP", "AFP"}
)


@dataclass(frozen=True)
class Dateline:
    place: str  # as written: "SALVADOR", "SAN JOSE"
    start: int  # offsets of the place in the body
    end: int
    date: str | None  # as written, never used as the publication date
    agency: str | None


def find_dateline(body: str) -> Dateline | None:
    """The dateline opening `body`, or None."""
    first_line = body[:MAX_LINE_SCAN].split("\n", 1)[0]
    for shape, in_capitals in _SHAPES:
        match = shape.match(first_line)
        if match is None:
            continue
        place = match["place"]
        words = place.split()
        cased = place.isupper() if in_capitals else all(word[0].isupper() for word in words)
        if not cased or any(word.strip(".").upper() in _SLUGS for word in words) or sum(char.isalpha() for char in place) < 2:
            continue
        return Dateline(place, match.start("place"), match.end("place"), match["date"], match.groupdict().get("agency"))
    return None
