"""How the names of mentions compare: keys, initials, acronyms and label classes.

The mention rules (`mentions`, inside one document) and entity resolution
(`resolution`, across the corpus) compare names the same way, so the rules
live here once, without spaCy: resolving entities never loads the model's
library.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# A word of a name: letters first, then letters, digits, apostrophes or hyphens.
WORD = re.compile(r"[^\W\d_][\w'\u2019\-]*")
_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,6}")
_SKIPPED_IN_ACRONYMS = frozenset({"of", "the", "and", "for", "&", "on", "in", "de", "to"})


@lru_cache(maxsize=1 << 16)  # asked of the same names over and over, in every document
def name_key(name: str) -> str:
    """Comparison key: case, dots, hyphens, curly quotes and a leading "the" ignored."""
    key = unicodedata.normalize("NFKC", name).replace("\u2019", "'").casefold().replace(".", "")
    key = re.sub(r"[\s\-\u2010\u2011\u2013\u2014]+", " ", key).strip()
    return re.sub(r"^the ", "", key)


def is_acronym(name: str) -> bool:
    """"AU", "W.H.O.": two to six capitals, each with or without a dot."""
    return bool(_ACRONYM.fullmatch(name))


def initials(name: str) -> str:
    """"African Union" -> "AU"; "AU Peace Council" -> "AUPC"."""
    letters = []
    for word in WORD.findall(name.replace(".", "")):
        if word.lower() in _SKIPPED_IN_ACRONYMS:
            continue
        letters.append(word if word.isupper() else word[0].upper())
    return "".join(letters)


def coarse_class(label: str) -> str:
    """The class names are compared in: PLACE for GPE, LOC and FAC, else the label itself."""
    return "PLACE" if label in PLACE_LABELS else label
