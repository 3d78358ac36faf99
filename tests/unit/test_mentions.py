"""Per-document entity mentions: one small example per correction rule (see `pipelines.core.mentions`), on the real model."""
from __future__ import annotations

import pytest

from pipelines.core.mentions import NUMERIC_LABELS, Mention, extract_mentions
from pipelines.core.names import PLACE_LABELS
from pipelines.core.places import place_by_id


@pytest.fixture(scope="module")
def mentions_in(nlp):
    def mentions_in(text: str) -> list[Mention]:
        return extract_mentions(nlp(text))

    return mentions_in


def with_model_spans(nlp, text: str, spans: list[tuple[str, str]]) -> list[Mention]:
    """Mentions of ``text`` when the model finds exactly ``spans`` (text, label), each at the next
    place the text holds it: a model mistake made to order."""
    doc, entities, start = nlp(text), [], {}
    for found, label in spans:
        at = text.index(found, start.get(found, 0))
        start[found] = at + len(found)
        entities.append(doc.char_span(at, at + len(found), label=label))
    doc.ents = entities
    return extract_mentions(doc)


def labelled(mentions: list[Mention]) -> list[tuple[str, str]]:
    return [(mention.text, mention.label) for mention in mentions]


def canonical_of(mentions: list[Mention], text: str) -> str:
    return next(mention.canonical for mention in mentions if mention.text == text)


def place_of(mentions: list[Mention], text: str) -> str | None:
    return next(mention.place_id for mention in mentions if mention.text == text)


# --- rules 1-2: pieces and edges ------------------------------------------------------------------


def test_offsets_and_sentences(mentions_in):
    body = "Lima condemned the move.\nLater, Chile and Peru met in Quito. Nothing else happened."
    mentions = mentions_in(body)
    assert [mention.text for mention in mentions] == ["Lima", "Chile", "Peru", "Quito"]
    for mention in mentions:
        assert body[mention.start_char : mention.end_char] == mention.text
    assert {mention.sentence for mention in mentions[1:]} == {"Later, Chile and Peru met in Quito."}
    assert mentions[0].sentence == "Lima condemned the move."


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Trade between Kenya/Uganda and the rest grew.", [("Kenya", "GPE"), ("Uganda", "GPE")]),
        ("Andean Community Responds\n\nThe Andean Community condemned the launch.", [("Andean Community", "ORG")] * 2),
    ],
    ids=["slash", "line-break"],
)
def test_spans_are_cut_at_slashes_and_line_breaks(mentions_in, body, expected):
    assert labelled(mentions_in(body)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Talks with Ilse Marten of the Andean Development Bank resumed.", ("Andean Development Bank", "ORG")),
        ("Ethiopia's Defence Ministry denied the report.", ("Ethiopia", "GPE")),
        ("**Ecuador's** role grew quickly.", ("Ecuador", "GPE")),
        ("Judges in The Hague ruled on Monday.", ("The Hague", "GPE")),
        ("The 1992 Maastricht Treaty changed the continent.", ("Maastricht Treaty", "ORG")),
        ("The 5th Circuit Court of Appeals in New Orleans ruled on Monday.", ("5th Circuit Court of Appeals", "ORG")),
        ('it was over,"?said Greta Lindqvist, a lawyer for the group.', ("Greta Lindqvist", "PERSON")),
    ],
    ids=["leading-the", "possessive", "markdown", "the-in-place-name", "leading-year", "ordinal", "damaged-quote"],
)
def test_span_edges(mentions_in, body, expected):
    assert expected in labelled(mentions_in(body))


def test_numeric_labels_are_left_to_other_tables(mentions_in):
    mentions = mentions_in("In November 2024, over 20 soldiers and 3% of the budget went to Quito for $5 million.")
    assert not {mention.label for mention in mentions} & NUMERIC_LABELS


# --- rule 3: not names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "A spokesman for the coast guard said the fire department was called.",
        "Shr 1.20 dlrs vs 95 cts\nNet 2,345,000 vs 1,987,000\nAvg shrs 4,000,000 vs 3,900,000",
        "Results: Qtr net 12 mln vs 9 mln; Oper pct 4.5",
        "Farewell, the headline said. Farewell was all it said.",
    ],
    ids=["lowercase", "table-rows", "unit-abbreviations", "sentence-initial-word"],
)
def test_not_names(mentions_in, body):
    assert mentions_in(body) == []


# --- rule 5: places the model missed ---------------------------------------------------------------


def test_missed_country_is_added(mentions_in):
    assert ("Paraguay", "GPE") in labelled(mentions_in("Bolivia's coup surprised Paraguay."))


def test_country_inside_a_longer_name_is_not_added(mentions_in):
    assert "Japan" not in [mention.text for mention in mentions_in("She flew Japan Airlines to Bank of Montreal events.")]


def test_places_in_a_list_with_places(mentions_in):
    mentions = mentions_in(
        "Officials said the towns of Medford, Ashland, Talent, Eagle Point and Jacksonville were under orders in Oregon."
    )
    found = {text: label for text, label in labelled(mentions)}
    assert found["Talent"] == "GPE"  # missed by the model
    assert found["Eagle Point"] == "GPE"  # an ORG to the model
    assert {place_by_id(mention.place_id).region_code for mention in mentions} == {"US.OR"}


def test_big_city_after_a_locative_preposition(mentions_in):
    mentions = mentions_in("The attorney works at Winnipeg. The hospital hired her.")  # model: DATE
    assert ("Winnipeg", "GPE") in labelled(mentions)


def test_country_opening_an_organisation_is_also_a_mention(mentions_in):
    mentions = mentions_in("The Japan Fisheries Agency said catches fell.")
    assert labelled(mentions) == [("Japan", "GPE"), ("Japan Fisheries Agency", "ORG")]
    assert place_of(mentions, "Japan") == "country:JP"


# --- rule 6: labels from the gazetteer and head words ----------------------------------------------


@pytest.mark.parametrize(
    ("body", "place", "canonical"),
    [
        ("Bolivia's coup surprised Paraguay.", "Paraguay", "Paraguay"),  # model: ORG
        ("Troops moved into the Zaporizhzhia region, officials said.", "Zaporizhzhia", "Zaporizhzhia"),  # model: PERSON
        ("Thousands marched in Bombay on Sunday.", "Bombay", "Mumbai"),  # an exonym: the gazetteer's name
    ],
)
def test_gazetteer_places_get_a_place_label(mentions_in, body, place, canonical):
    mentions = mentions_in(body)
    assert (place, "GPE") in labelled(mentions)
    assert canonical_of(mentions, place) == canonical


def test_common_words_that_name_small_towns_stay_unplaced(mentions_in):
    # "Mission", "Of" and "Manage" are towns in the gazetteer.
    mentions = mentions_in("Officials said Mission staff would travel to Of and Manage next week.")
    assert not [mention for mention in mentions if mention.label in PLACE_LABELS]


def test_nationality_word_is_norp_not_a_place(mentions_in):
    mentions = mentions_in("Recent intelligence reports from Colombian military sources suggest troops were sent.")
    assert ("Colombian", "NORP") in labelled(mentions)


@pytest.mark.parametrize(
    ("body", "model_span", "expected"),
    [
        ("said Ilse Marten of the Baltic Press Institute.", ("Baltic Press Institute", "PERSON"), "ORG"),
        ("Visitors climbed Catherine Tower on Sunday.", ("Catherine Tower", "PERSON"), "FAC"),
        ("Boats sailed down the Ostrava River at dawn.", ("Ostrava River", "ORG"), "LOC"),
        ("Copies of Le Temps sold out.", ("Le Temps", "GPE"), "ORG"),
        ("Marta Ruiz studied in the Left Bank district.", ("Left Bank", "GPE"), "GPE"),  # no organisation's head
    ],
    ids=["organisation-head", "facility-head", "feature-head", "foreign-article", "not-an-organisation"],
)
def test_labels_from_head_words(nlp, body, model_span, expected):
    mentions = with_model_spans(nlp, body, [model_span])
    assert (model_span[0], expected) in labelled(mentions)


# --- rule 7: person names ------------------------------------------------------------------------


def test_titles_are_not_part_of_names(mentions_in):
    mentions = mentions_in("Mrs Thatcher and Mr Blair were both prime ministers.")
    assert [mention.text for mention in mentions if mention.label == "PERSON"] == ["Thatcher", "Blair"]


def test_title_led_name_is_a_person(mentions_in):
    assert ("Grzegorz Nowakowski", "PERSON") in labelled(
        mentions_in("Interior Minister Grzegorz Nowakowski confirmed reports of clashes.")
    )


# --- rule 8: headings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "### Regional Economic Outlook\nThe minister's statement underlines the problem.",
        "Global Reactions\n\nIn response, Chile condemned the deployment.",
    ],
    ids=["markdown-heading", "title-case-line"],
)
def test_headings_are_not_entities(mentions_in, body):
    heading_words = {"Regional", "Economic", "Outlook", "Global", "Reactions"}
    assert not any(heading_words & set(mention.text.split()) for mention in mentions_in(body))


def test_heading_keeps_a_name_used_in_the_text(mentions_in):
    body = "Andean Community Responds\n\nThe Andean Community condemned the launch."
    assert [mention.text for mention in mentions_in(body)].count("Andean Community") == 2


# --- rule 9: the document's person names -----------------------------------------------------------


def test_surname_links_to_the_full_name(mentions_in):
    mentions = mentions_in("Prime Minister Viktor Orban met Mr Orban's allies in Budapest.")
    assert [mention.canonical for mention in mentions if mention.label == "PERSON"] == ["Viktor Orban"] * 2


def test_surname_mislabelled_by_the_model_becomes_person(mentions_in):
    mentions = mentions_in("Foreign Minister Wang Yi met Mr Blinken. Wang said talks went well.")  # model: "Wang" ORG
    assert ("Wang", "PERSON") in labelled(mentions)
    assert canonical_of(mentions, "Wang") == "Wang Yi"


def test_full_name_ending_with_a_lone_surname_is_a_person(mentions_in):
    # model: "Lindiwe Sisulu" ORG; "Lindiwe N. Sisulu" with a middle initial is the same person.
    mentions = mentions_in("Lindiwe Sisulu spoke in Pretoria. Sisulu said the plan was fair. Lindiwe N. Sisulu signed it.")
    assert [(mention.label, mention.canonical) for mention in mentions if mention.text != "Pretoria"] == [
        ("PERSON", "Lindiwe Sisulu")
    ] * 3


def test_person_named_like_a_place_stays_a_person(mentions_in):
    mentions = mentions_in("Michael Jordan scored 30 points. Jordan later retired to Florida.")
    assert ("Jordan", "PERSON") in labelled(mentions)


def test_organisation_short_form(mentions_in):
    mentions = mentions_in("Acme Widgets Inc said sales rose. Acme Widgets said costs fell.")  # model: PERSON
    assert labelled(mentions) == [("Acme Widgets Inc", "ORG"), ("Acme Widgets", "ORG")]
    assert canonical_of(mentions, "Acme Widgets") == "Acme Widgets Inc"


# --- rule 10 and canonical names -------------------------------------------------------------------


def test_one_label_per_name_in_a_document(mentions_in):
    # model: GPE, then PERSON twice
    mentions = mentions_in("Police in Eugene, Oregon, made arrests. Eugene said the budget was tight. The Eugene council voted.")
    assert {mention.label for mention in mentions if mention.text == "Eugene"} == {"GPE"}
    assert place_by_id(place_of(mentions, "Eugene")).region_code == "US.OR"


def test_one_label_per_name_follows_the_majority_without_a_place(nlp):
    mentions = with_model_spans(
        nlp,
        "Investors liked Korvane. Shares of Korvane rose. Analysts praised Korvane again.",
        [("Korvane", "ORG"), ("Korvane", "PERSON"), ("Korvane", "ORG")],
    )
    assert labelled(mentions) == [("Korvane", "ORG")] * 3


@pytest.mark.parametrize(
    "body",
    [
        "The Board of Maritime Safety (BMS) said on Friday that the BMS would review the case.",
        "The Ruritanian League of Engineers (RLE) elected a president.",
    ],
    ids=["initials", "initials-of-some-words"],
)
def test_acronym_defined_in_brackets(mentions_in, body):
    mentions = mentions_in(body)
    long_form = mentions[0].text
    assert all(mention.canonical == long_form and mention.label == "ORG" for mention in mentions)
    assert len(mentions) >= 2


@pytest.mark.parametrize(
    ("body", "text", "place_id"),
    [
        ("The state of Georgia sued. Georgia argued that the law was void.", "Georgia", "region:US.GA"),
        ("The provinces of Córdoba and Mendoza sued. Officials in Córdoba said no.", "Córdoba", "region:AR.05"),
        ("Fishermen in Portland, Maine, said the storm was severe.", "Portland", "city:4975802"),
        ("Tourists crowded the bridges of Portland last summer.", "Portland", "city:5746545"),
        ("Flooding hit Florence, Alabama, on Monday. Residents of Florence waited.", "Florence", "city:4062577"),
    ],
    ids=["stated-type", "stated-for-a-list-and-every-mention", "region-named", "prominence", "region-named-once"],
)
def test_homonyms_resolved_in_the_document(mentions_in, body, text, place_id):
    mentions = mentions_in(body)
    assert {mention.place_id for mention in mentions if mention.text == text} == {place_id}


def test_the_token_table_scans_agree_with_the_token_rules_they_stand_for(nlp):
    """`_capitalised_inside_sentences` and `_capitalised_runs` read lists taken from the doc once;
    they must find what `_opens_sentence` and `_is_capitalised_word` say of each token."""
    from pipelines.core import mentions

    doc = nlp(
        '"Rain fell on Port Elsmere." Then Ottoline Vasquez-Reyes spoke\n\nNEW HEADING HERE\n'
        "for the Harbour Board; O'Malley & Sons of Upper Tarn said (again) that Tarn Valley Rail "
        "and iPhone sales... \u201cNobody\u201d agreed. 3 Rivers Co. closed."
    )
    tokens = mentions._TokenTable.of(doc)
    assert tokens.texts == [token.text for token in doc]
    assert tokens.capitalised == [mentions._is_capitalised_word(token) for token in doc]
    assert mentions._capitalised_inside_sentences(tokens) == {
        token.text for token in doc if token.text[:1].isupper() and not mentions._opens_sentence(doc, token)
    }
    runs, index = [], 0
    while index < len(doc):
        if mentions._is_capitalised_word(doc[index]) and not doc[index].is_sent_start:
            end = index + 1
            while end < len(doc) and mentions._is_capitalised_word(doc[end]):
                end += 1
            runs.append((index, end))
            index = end
        else:
            index += 1
    assert mentions._capitalised_runs(tokens) == runs
    assert runs  # the text has capitalised runs to find
