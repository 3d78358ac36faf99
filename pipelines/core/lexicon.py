"""Word knowledge the entity rules share: English words, and the small vocabularies of name parts.

English words come from data that ships with the model package: WordNet's word
list in its lemmatizer tables. The vocabularies below are closed classes of
words that build or surround names (titles, legal forms of companies, head
nouns of organisations, facilities and landforms, abbreviations of units in
financial tables, articles of other languages); they name no entity.
"""
from __future__ import annotations

import calendar
import zoneinfo
from functools import cache

from pipelines.core.model import DEFAULT_MODEL

# Words that introduce a person's name without being part of it.
TITLE_WORDS = frozenset(
    {
        "president", "vice", "prime", "minister", "secretary", "chancellor", "premier", "pope",
        "general", "gen", "colonel", "col", "lieutenant", "lt", "captain", "capt", "sergeant", "sgt",
        "admiral", "adm", "commander", "senator", "sen", "representative", "rep", "congressman",
        "congresswoman", "governor", "gov", "mayor", "judge", "justice", "ambassador", "envoy",
        "chairman", "chairwoman", "director", "spokesman", "spokeswoman", "spokesperson", "mr", "mrs",
        "ms", "dr", "prof", "professor", "sir", "dame", "rev", "reverend", "sheikh", "ayatollah",
        "cardinal", "archbishop", "chief", "deputy", "leader", "host", "anchor", "correspondent",
        "reporter", "editor", "imam", "rabbi", "attorney", "commissioner", "officer", "detective",
        "writer", "photographer", "columnist", "analyst",
    }
)

# Legal forms that end company names ("Acme Widgets Inc", "Borealis Holdings Plc").
LEGAL_SUFFIXES = frozenset(
    {
        "inc", "incorporated", "corp", "corporation", "co", "company", "cos", "plc", "ltd", "limited",
        "llc", "lp", "llp", "group", "holdings", "ag", "sa", "nv", "bv", "gmbh", "spa", "ab", "asa",
        "oyj", "kk", "pty", "se",
    }
)

# Abbreviations of units and columns in financial tables ("Shr 12 cts vs 10 cts", "Avg shrs").
TABLE_ABBREVIATIONS = frozenset(
    {
        "cts", "ct", "avg", "pct", "mln", "mlns", "bln", "blns", "shr", "shrs", "qtr", "qtrs", "dlr",
        "dlrs", "revs", "oper", "vs", "yr", "yrs", "mths", "mth", "wk", "wks", "eps", "ytd", "bpd",
    }
)

# Head nouns that make a name an organisation ("Tarnow Institute", "Council of Elders"); words
# that also end place names ("Left Bank", "a union of states", "Western Front") are left out.
ORGANISATION_HEADS = frozenset(
    {
        "institute", "institution", "university", "college", "academy", "school", "hospital", "clinic",
        "association", "council", "committee", "commission", "ministry", "department", "agency",
        "bureau", "office", "court", "party", "federation", "foundation",
        "organisation", "organization", "authority", "board", "service", "society", "army", "navy",
        "police", "club", "league", "centre", "center", "network", "corporation", "company",
        "fund", "trust", "coalition", "alliance", "movement", "brigade", "regiment",
        "newspaper", "times", "post", "journal", "herald", "tribune", "gazette", "press", "news",
    }
)

# Head nouns of buildings and built structures: the name of a site (place label FAC).
FACILITY_HEADS = frozenset(
    {
        "street", "avenue", "road", "square", "palace", "tower", "bridge", "airport", "station",
        "stadium", "arena", "dam", "building", "hall", "castle", "cathedral", "temple", "mosque",
        "prison", "jail", "base", "port", "harbour", "harbor", "plaza", "park", "highway", "tunnel",
        "centre", "center", "camp",
    }
)

# Head nouns of landforms and waters (place type "feature").
FEATURE_HEADS = frozenset(
    {
        "river", "lake", "sea", "ocean", "bay", "gulf", "strait", "straits", "mountain", "mountains",
        "mount", "hill", "hills", "valley", "island", "islands", "peninsula", "desert", "canal",
        "forest", "coast", "plain", "plains", "falls", "glacier", "reef", "delta", "basin", "range",
        "channel", "creek", "cape",
    }
)

# Definite articles of other languages that open titles of newspapers and firms ("Le Monde").
FOREIGN_ARTICLES = frozenset({"le", "la", "les", "l'", "il", "lo", "gli", "el", "los", "las", "der", "die", "das", "het"})

# Lowercase particles inside or at the start of names ("al Shabaab", "Vincent van Gogh", "Lopez de Vega").
NAME_PARTICLES = frozenset(
    {"al", "el", "de", "del", "della", "der", "van", "von", "da", "di", "du", "bin", "ibn", "ben", "le", "la", "dos", "das", "y"}
)

CALENDAR_WORDS = frozenset(
    word.lower()
    for word in (*calendar.month_name[1:], *calendar.month_abbr[1:], *calendar.day_name, *calendar.day_abbr)
)


@cache
def time_zone_abbreviations() -> frozenset[str]:
    """"GMT", "UTC", "EST", "CET": the all-capitals zone names of the time zone database."""
    return frozenset(name for name in zoneinfo.available_timezones() if name.isalpha() and name.isupper())


@cache
def _english_words() -> frozenset[str]:
    """WordNet's English word list from the lemmatizer tables of the default model package,
    read from disk: whichever model parsed the text, the word list is the same."""
    # Imported here: the rest of the lexicon is read without spaCy (entity resolution never parses).
    import spacy.util
    from spacy.lookups import Lookups

    package = spacy.util.get_package_path(DEFAULT_MODEL)
    index = Lookups().from_disk(next(package.glob("*/lemmatizer/lookups"))).get_table("lemma_index")
    return frozenset(word for words in index.values() for word in words)


def is_english_word(word: str) -> bool:
    """True when ``word`` (any case, plural or not) is in WordNet's word list."""
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
