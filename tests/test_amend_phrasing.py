"""The phrasing of a wijzigingsconvenant, one Aanwijzing at a time (pure functions, no covenant)."""

from __future__ import annotations

import pytest

from convenantgen.amend import phrasing as ph


def test_a_whole_part_comes_to_read_unquoted_after_its_label() -> None:
    """6.9: 'komt te luiden:', the place with its comma when it has parts."""
    assert ph.replaced("artikel 1, eerste lid") == "Artikel 1, eerste lid, komt te luiden:"
    assert ph.replaced("artikel 5") == "Artikel 5 komt te luiden:"
    assert ph.replaced("het eerste lid") == "Het eerste lid komt te luiden:"


def test_a_few_words_are_replaced_in_quotes() -> None:
    wording = ph.wording(
        "Het Regionaal Werkbedrijf komt vier keer per jaar bij elkaar.",
        "Het Regionaal Werkbedrijf komt iedere twee maanden bij elkaar.",
    )
    assert wording is not None
    assert wording.sentence("artikel 3, derde lid") == (
        "In artikel 3, derde lid, wordt ‘vier keer per jaar’ vervangen door ‘iedere twee maanden’."
    )


def test_a_quote_is_widened_until_it_names_one_place() -> None:
    """'de' occurs three times: the quote takes its neighbours until it can only mean one."""
    old = "De gemeente meldt de kandidaat bij de werkgever aan."
    new = "De gemeente meldt de kandidaat bij een werkgever aan."
    wording = ph.wording(old, new)
    assert wording is not None
    (clause,) = wording.clauses
    quoted = clause.split("‘")[1].split("’")[0]
    assert old.count(quoted) == 1 and quoted != "de"
    assert clause == "wordt ‘bij de’ vervangen door ‘bij een’"


def test_a_number_alone_is_quoted_with_its_word() -> None:
    """A renumbered reference reads 'artikel 5' → 'artikel 6', not '5' → '6'."""
    wording = ph.wording(
        "zoals bedoeld in artikel 5, eerste lid, van dit convenant",
        "zoals bedoeld in artikel 6, eerste lid, van dit convenant",
    )
    assert wording is not None and wording.clauses == ("wordt ‘artikel 5’ vervangen door ‘artikel 6’",)


def test_words_inserted_and_words_lapsing() -> None:
    inserted = ph.wording(
        "De minister beslist binnen acht weken.",
        "De minister of de staatssecretaris beslist binnen acht weken.",
    )
    assert inserted is not None
    assert inserted.clauses == ("wordt na ‘minister’ ingevoegd ‘of de staatssecretaris’",)
    lapsed = ph.wording(
        "De minister beslist tijdig en zorgvuldig over de aanvraag.",
        "De minister beslist zorgvuldig over de aanvraag.",
    )
    assert lapsed is not None and lapsed.clauses == ("vervalt ‘tijdig en’",)


def test_sentences_added_at_the_end_are_added_not_replaced() -> None:
    """6.11: text after the existing text is 'toegevoegd'; the sentences follow unquoted."""
    wording = ph.wording(
        "De nulmeting dateert van december 2012.",
        "De nulmeting dateert van december 2012. Op de peildatum waren er 1.752 banen. De opgave was 1.776.",
    )
    assert wording is not None and wording.sentences == 2
    assert (
        wording.sentence("artikel 1, tweede lid")
        == "Aan artikel 1, tweede lid, worden twee zinnen toegevoegd, luidende:"
    )
    assert wording.added == "Op de peildatum waren er 1.752 banen. De opgave was 1.776."


def test_only_the_mark_at_the_end() -> None:
    wording = ph.wording(
        "werknemersorganisaties en regiogemeenten.", "werknemersorganisaties en regiogemeenten;"
    )
    assert wording is not None
    assert (
        wording.sentence("overweging b")
        == "In overweging b wordt de punt aan het slot vervangen door een puntkomma."
    )


def test_a_text_mostly_rewritten_is_restated() -> None:
    assert (
        ph.wording(
            "De centrumgemeente Haarlem levert de voorzitter van het Regionaal Werkbedrijf.",
            "De wethouder Sociale Zaken van de gemeente Haarlem is voorzitter van het Regionaal Werkbedrijf.",
        )
        is None
    )
    assert ph.wording("Een twee drie vier vijf zes.", "Een twee drie vier vijf zes.") is None


@pytest.mark.parametrize(
    ("kind", "first", "last", "shift", "expected"),
    [
        (ph.ARTIKEL, 3, 6, 1, "onder vernummering van de artikelen 3 tot en met 6 tot 4 tot en met 7"),
        (ph.ARTIKEL, 3, 3, 1, "onder vernummering van artikel 3 tot artikel 4"),
        (ph.LID, 2, 2, 1, "onder vernummering van het tweede lid tot derde lid"),
        (ph.LID, 2, 3, -1, "onder vernummering van het tweede en derde lid tot eerste en tweede lid"),
        (ph.ONDERDEEL, 3, 6, 1, "onder verlettering van de onderdelen c tot en met f tot d tot en met g"),
        (ph.OVERWEGING, 4, 5, -2, "onder verlettering van de overwegingen d en e tot b en c"),
    ],
)
def test_renumbering_as_in_aanwijzing_6_18(
    kind: ph.Kind, first: int, last: int, shift: int, expected: str
) -> None:
    assert ph.renumbering(kind, first, last, shift) == expected


def test_insertion_in_the_middle_renumbers_the_rest() -> None:
    renumber = ph.renumbering(ph.ARTIKEL, 3, 6, 1)
    assert ph.inserted(ph.ARTIKEL, 1, "artikel 2", "artikel 3", None, renumber) == (
        "Onder vernummering van de artikelen 3 tot en met 6 tot 4 tot en met 7 wordt na artikel 2 "
        "een artikel ingevoegd, luidende:"
    )
    lid = ph.inserted(
        ph.LID, 1, "het eerste lid", "het tweede lid", "artikel 3", ph.renumbering(ph.LID, 2, 2, 1)
    )
    assert lid == (
        "In artikel 3 wordt, onder vernummering van het tweede lid tot derde lid, na het eerste lid "
        "een lid ingevoegd, luidende:"
    )


def test_a_new_last_part_is_added() -> None:
    """6.11: 'toevoegen' after the last lid; within an article's own group: 'Er wordt ...'."""
    assert (
        ph.inserted(ph.LID, 1, "het derde lid", None, "artikel 3", None)
        == "Aan artikel 3 wordt een lid toegevoegd, luidende:"
    )
    assert (
        ph.inserted(ph.LID, 2, "het derde lid", None, "", None)
        == "Er worden twee leden toegevoegd, luidende:"
    )
    assert (
        ph.inserted(ph.ARTIKEL, 1, "artikel 8", None, None, None)
        == "Na artikel 8 wordt een artikel toegevoegd, luidende:"
    )


def test_lapsing_parts_with_and_without_renumbering() -> None:
    assert ph.lapses("artikel 4") == "Artikel 4 vervalt."
    assert ph.lapses("artikel 3, tweede lid", 1, ph.renumbering(ph.LID, 3, 3, -1)) == (
        "Artikel 3, tweede lid, vervalt, onder vernummering van het derde lid tot tweede lid."
    )
    assert ph.lapses("de artikelen 4 en 5", 2, ph.renumbering(ph.ARTIKEL, 6, 7, -2)) == (
        "De artikelen 4 en 5 vervallen, onder vernummering van de artikelen 6 en 7 tot 4 en 5."
    )


def test_a_moved_part_is_renumbered_and_placed() -> None:
    text = ph.moved(ph.ARTIKEL, 5, 3, "artikel 2", "artikel 3", ph.renumbering(ph.ARTIKEL, 3, 4, 1))
    assert text == (
        "Artikel 5 wordt, onder vernummering van de artikelen 3 en 4 tot 4 en 5, vernummerd tot artikel 3 "
        "en geplaatst na artikel 2."
    )
    onderdeel = ph.moved(
        ph.ONDERDEEL, 3, 1, None, "onderdeel a", ph.renumbering(ph.ONDERDEEL, 1, 2, 1), "artikel 2"
    )
    assert onderdeel.startswith(
        "In artikel 2 wordt onderdeel c, onder verlettering van de onderdelen a en b tot b en c,"
    )
    assert onderdeel.endswith("verletterd tot onderdeel a en geplaatst voor onderdeel a.")


def test_an_onderdeel_added_after_a_changed_mark() -> None:
    assert ph.added_after_punctuation(ph.ONDERDEEL, 1, "onderdeel b", ".", ";", "artikel 3, eerste lid") == (
        "Onder vervanging van de punt aan het slot van onderdeel b door een puntkomma wordt aan "
        "artikel 3, eerste lid, een onderdeel toegevoegd, luidende:"
    )
