"""Write pipelines/core/wordnet_nouns.py: which English nouns name a person, a group
of people or organisation, or a piece of equipment, by their most frequent WordNet sense.

    apt-get install wordnet-base    # Princeton WordNet 3.0, /usr/share/wordnet
    python tools/make_wordnet_nouns.py /usr/share/wordnet > pipelines/core/wordnet_nouns.py

Only the first (most frequent) sense of a noun decides, so "count" (a number) is no
person although one rare sense is a nobleman. Instances (named people, places) and
multi-word lemmas are left out: the figures code looks at single lemmas of common nouns.
"""

from __future__ import annotations

import sys
import textwrap
from functools import cache
from pathlib import Path

# Synsets whose hyponyms form each class (WordNet 3.0 offsets).
PERSON = {"00007846"}  # person.n.01
EQUIPMENT = {
    "03100490",  # conveyance.n.03 (vehicles, aircraft, ships, public transport)
    "04565375",  # weapon.n.01
    "04566257",  # weaponry.n.01 (launchers, artillery, munitions)
    "02703275",  # ammunition.n.01 (shells, rounds)
}
GROUP_LEXICOGRAPHER_FILE = 14  # noun.group: organisations, institutions, groups of people
HEADER = '''"""Nouns by the class of their most frequent WordNet sense. Generated: do not edit.

Made by ``tools/make_wordnet_nouns.py`` from Princeton WordNet 3.0 (Debian's
``wordnet-base``). WordNet 3.0 Copyright 2006 by Princeton University. All rights
reserved. Used under the WordNet 3.0 license, which permits use, copying,
modification and distribution with this notice; WordNet is provided "as is",
without warranty.

* ``PERSON_NOUNS``: the first sense is a kind of person (``refugee``, ``voter``).
* ``GROUP_NOUNS``: the first sense is a group or an organisation (``ministry``, ``police``).
* ``EQUIPMENT_NOUNS``: the first sense is a vehicle, craft, weapon or ammunition.
"""

'''


def main(folder: Path) -> None:
    synsets: dict[str, tuple[int, list[str], bool]] = {}
    for line in (folder / "data.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        fields = line.split()
        word_count = int(fields[3], 16)
        at = 4 + 2 * word_count
        pointers, hypernyms, instance = int(fields[at]), [], False
        for index in range(pointers):
            symbol, offset = fields[at + 1 + 4 * index], fields[at + 2 + 4 * index]
            if symbol == "@":
                hypernyms.append(offset)
            elif symbol == "@i":
                instance = True
        synsets[fields[0]] = (int(fields[1]), hypernyms, instance)

    @cache
    def ancestors(offset: str) -> frozenset[str]:
        found = {offset}
        for hypernym in synsets[offset][1]:
            found |= ancestors(hypernym)
        return frozenset(found)

    classes: dict[str, set[str]] = {"PERSON_NOUNS": set(), "GROUP_NOUNS": set(), "EQUIPMENT_NOUNS": set()}
    for line in (folder / "index.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        fields = line.split()
        lemma, pointer_count = fields[0], int(fields[3])
        first_sense = fields[4 + pointer_count + 2]
        lexicographer_file, _, instance = synsets[first_sense]
        if "_" in lemma or instance or not lemma.isascii():
            continue
        if ancestors(first_sense) & PERSON:
            classes["PERSON_NOUNS"].add(lemma)
        elif ancestors(first_sense) & EQUIPMENT:
            classes["EQUIPMENT_NOUNS"].add(lemma)
        elif lexicographer_file == GROUP_LEXICOGRAPHER_FILE:
            classes["GROUP_NOUNS"].add(lemma)

    out = [HEADER]
    for name, words in classes.items():
        wrapped = textwrap.fill(" ".join(sorted(words)), width=100, break_long_words=False, break_on_hyphens=False)
        out.append(f'{name}: frozenset[str] = frozenset(\n    """\n{wrapped}\n""".split()\n)\n')
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet"))
