"""The three covenants built from real public covenants read as their originals.

Each covenant in convenants/ that was built from a public source (see docs/sources.md) is
rendered, and its party list, preamble and term article are held against the facts of the
source, written down here in the source's own wording (docs/sources/*.md). The expected
strings come from the sources, never from our output: where the format words a formula
differently from the source, the test says so and accepts exactly the two spellings.
"""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest

from convenantgen.pipeline import Checked, check_file
from convenantgen.render import render_html
from helpers import CONVENANTS, check_text, mutate

RIJNMOND = CONVENANTS / "rijnmond-werkbedrijf.yaml"
LANDELIJK = CONVENANTS / "landelijk-beraad-2025.yaml"
PAPIER = CONVENANTS / "papier-karton-arboplus-2004.yaml"


def _screen(checked: Checked) -> str:
    assert checked.covenant is not None and checked.layout is not None, checked.findings
    return render_html(checked.covenant, checked.layout, "screen").html


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    out = {}
    for path in (RIJNMOND, LANDELIJK, PAPIER):
        checked = check_file(path)
        assert checked.findings == (), checked.findings
        out[path.stem] = _screen(checked)
    return out


def _text(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _tidy(text: str) -> str:
    """Drop the spaces that tags leave before punctuation: 'Rijnmond ;' -> 'Rijnmond;'."""
    return re.sub(r"\s+([,;:.)])", r"\1", re.sub(r"\(\s+", "(", text))


def section(page: str, css_class: str) -> str:
    found = re.search(rf'<section class="{css_class}[^"]*".*?</section>', page, flags=re.DOTALL)
    assert found, f"no section {css_class}"
    return found.group(0)


def party_list(page: str) -> str:
    return _tidy(_text(section(page, "partijen")))


def article(page: str, title: str) -> str:
    """The text of the article whose heading carries this title."""
    for found in re.finditer(r'<section class="artikel[^"]*".*?</section>', page, flags=re.DOTALL):
        text = _tidy(_text(found.group(0)))
        if re.match(rf"Artikel \d+\. {re.escape(title)}\b", text):
            return text
    raise AssertionError(f"no article '{title}'")


def entries(page: str) -> list[str]:
    """The <li> entries of the party list, nested ones too, as text without their label ("a.")."""
    items = re.findall(r"<li\b.*?(?=<li\b|</ol>)", section(page, "partijen"), flags=re.DOTALL)
    return [re.sub(r"^[a-z]+\. ", "", _tidy(_text(item))) for item in items]


# --- Regionaal Werkbedrijf Rijnmond: municipalities that sign in clusters ------------------------

# The source's party list (docs/sources/rijnmond-werkbedrijf.md): each cluster's members as its
# name line gives them, and its office-holders known by function only.
RIJNMOND_CLUSTERS = {
    "De gemeenten Barendrecht, Albrandswaard en Ridderkerk (cluster BAR)": [
        "Wethouder Sociale Zaken, gemeente Barendrecht",
        "Wethouder Sociaal Domein, gemeente Albrandswaard",
        "Wethouder Werk en Inkomen, gemeente Ridderkerk",
    ],
    "De gemeenten Capelle aan den IJssel, Krimpen aan den IJssel en Zuidplas (cluster IJsselgemeenten)": [
        # the first representative is redacted in the source
        "Wethouder Werk en inkomen, gemeente Krimpen aan den IJssel",
        "Wethouder Werk en inkomen, gemeente Zuidplas",
    ],
    "De gemeenten Nissewaard, Hellevoetsluis, Brielle, Westvoorne en Goeree-Overflakkee "
    "(cluster Voorne Putten – Goeree Overflakkee)": [
        "Wethouder Werk en Inkomen, gemeente Nissewaard",
        "Wethouder Sociaal Domein, gemeente Goeree-Overflakkee",
        "Wethouder Sociaal Domein, gemeente Westvoorne",
        "Wethouder Werk en Inkomen, gemeente Brielle",
        "Wethouder Sociaal Domein, gemeente Hellevoetsluis",
    ],
    "De gemeenten Maassluis, Vlaardingen en Schiedam (cluster MVS)": [
        "Wethouder Werk en Inkomen, gemeente Schiedam",
        "Wethouder Participatiewet en armoedebeleid, gemeente Vlaardingen",
        "Wethouder Werk en Inkomen, gemeente Maassluis",
    ],
}

RIJNMOND_MUNICIPALITIES = [
    "Rotterdam", "Barendrecht", "Albrandswaard", "Ridderkerk", "Capelle aan den IJssel",
    "Krimpen aan den IJssel", "Zuidplas", "Nissewaard", "Hellevoetsluis", "Brielle", "Westvoorne",
    "Goeree-Overflakkee", "Maassluis", "Vlaardingen", "Schiedam", "Hoeksche Waard",
]  # fmt: skip


def test_rijnmond_clusters_list_their_members_and_office_holders(rendered: dict[str, str]) -> None:
    items = entries(rendered["rijnmond-werkbedrijf"])
    for name, functions in RIJNMOND_CLUSTERS.items():
        at = next(
            (i for i, item in enumerate(items) if item.startswith(name + ", vertegenwoordigd door")), None
        )
        assert at is not None, f"no cluster entry '{name}, vertegenwoordigd door'"
        # The cluster's representatives are the entries nested right under it, by function only.
        nested = items[at + 1 : at + 1 + len(RIJNMOND_CLUSTERS[name]) + 1]
        listed = " ".join(nested)
        for function in functions:
            assert function in listed, f"{function!r} is not listed under {name!r}"


def test_rijnmond_single_municipalities_and_centrumgemeente(rendered: dict[str, str]) -> None:
    text = party_list(rendered["rijnmond-werkbedrijf"])
    # Source: "De gemeente Rotterdam (Centrumgemeente), vertegenwoordigd door: - Wethouder Werk
    # en Inkomen"; the format writes "(centrumgemeente)" in lower case.
    assert re.search(
        r"De gemeente Rotterdam \((?:C|c)entrumgemeente\), "
        r"vertegenwoordigd door:? Wethouder Werk en Inkomen[;.]",
        text,
    ), text
    assert re.search(
        r"De gemeente Hoeksche Waard, vertegenwoordigd door:? "
        r"Wethouder Participatiewet en sociale zekerheid, gemeente Hoeksche Waard[;.]",
        text,
    ), text


def test_rijnmond_uwv_social_partners_and_collective_name(rendered: dict[str, str]) -> None:
    text = party_list(rendered["rijnmond-werkbedrijf"])
    # Source: "Uitvoeringsinstituut Werknemersverzekeringen (hierna UWV), vertegenwoordigd door
    # Rayonmanager Rijnmond"; the format puts a colon after 'hierna'.
    assert re.search(
        r"Uitvoeringsinstituut Werknemersverzekeringen \(hierna:? UWV\), "
        r"vertegenwoordigd door:? Rayonmanager Rijnmond",
        text,
    ), text
    for name, function in (
        ("VNO NCW", "Bestuurslid"),
        ("MKB Nederland", "Voorzitter MKB Rotterdam Rijnmond"),
        ("ABU", "Voorzitter/bestuurder"),
        ("CNV", "Voorzitter/bestuurder"),
        ("FNV", "Voorzitter/bestuurder"),
    ):
        line = rf"\b{re.escape(name)}, vertegenwoordigd door:? {re.escape(function)}[;.,]"
        assert re.search(line, text), name
    # Source: "Gezamenlijk hier te noemen “P[artijen]”"; the format: "hierna gezamenlijk te
    # noemen: Partijen".
    assert re.search(r"(?:Gezamenlijk hier|hierna gezamenlijk) te noemen:? .?Partijen", text), text
    # Known by function only: the source names no person.
    assert not re.search(r"\b(?:de heer|mevrouw)\b", text)


def test_rijnmond_every_municipality_once_in_the_source_order(rendered: dict[str, str]) -> None:
    text = party_list(rendered["rijnmond-werkbedrijf"])
    # The members as the entries name them (the functions repeat the names; take the name lines).
    name_lines = " ".join(
        item.split(", vertegenwoordigd door")[0]
        for item in entries(rendered["rijnmond-werkbedrijf"])
        if item.startswith("De gemeente")
    )
    positions = [name_lines.find(town) for town in RIJNMOND_MUNICIPALITIES]
    assert -1 not in positions, [t for t, p in zip(RIJNMOND_MUNICIPALITIES, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert text.count("gemeente Ridderkerk") == 1


def test_rijnmond_term_is_marked_as_model_text(rendered: dict[str, str]) -> None:
    # The stored source ends with the party list: whatever the term says is ours.
    page = rendered["rijnmond-werkbedrijf"]
    term = re.search(r'<section class="artikel([^"]*)"[^>]*>\s*<h2[^>]*>Artikel \d+\. Inwerkingtreding', page)
    assert term and "modeltekst" in term.group(1)


def test_rijnmond_region_is_tied_to_the_municipality_parties(tmp_path: Path) -> None:
    # The municipalities sign (every one is a party): a region without one of them, or with a
    # municipality that is no party, no longer matches the source's party list.
    source = RIJNMOND.read_text(encoding="utf-8")
    missing = check_text(tmp_path, mutate(source, "    - Zuidplas\n", ""), "zonder-zuidplas.yaml")
    assert "CG420" in {f.code for f in missing.findings}
    extra = mutate(source, "    - Zuidplas\n", "    - Zuidplas\n    - Lansingerland\n")
    assert "CG421" in {f.code for f in check_text(tmp_path, extra, "met-lansingerland.yaml").findings}


# --- Landelijk Beraad: a national covenant with a prose Inleiding and a fixed start -------------

# Source 1's list of parties in the Inleiding, in order (full names from source 2 where the
# covenant defines the short one).
LANDELIJK_PARTIES = [
    "Het Ministerie van Sociale Zaken en Werkgelegenheid",
    "Het Ministerie van Onderwijs, Cultuur en Wetenschap",
    "Het Ministerie van Economische Zaken",
    "VNG", "G4", "G40", "Divosa", "UWV",
    "Samenwerkingsorganisatie Beroepsonderwijs Bedrijfsleven (hierna: SBB)",
    "VNO-NCW", "MKB-Nederland", "FNV", "CNV", "VCP", "MBO Raad",
    "De Nederlandse Raad voor Training en Opleiding (hierna: NRTO)",
]  # fmt: skip


def test_landelijk_inleiding_is_prose_before_the_parties(rendered: dict[str, str]) -> None:
    page = rendered["landelijk-beraad-2025"]
    preamble = section(page, "considerans")
    assert page.index(preamble) < page.index('<section class="partijen"')
    assert re.search(r"<h2[^>]*>Inleiding</h2>", preamble)
    assert "modeltekst" in preamble.split(">", 1)[0]  # our words, marked as such
    assert "<p>" in preamble and "Overwegende" not in preamble and "<ol" not in preamble


def test_landelijk_parties_in_the_source_order(rendered: dict[str, str]) -> None:
    text = party_list(rendered["landelijk-beraad-2025"])
    positions = [text.find(name + ",") for name in LANDELIJK_PARTIES]
    assert -1 not in positions, [n for n, p in zip(LANDELIJK_PARTIES, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    for group in ("gemeenten", "werkgeversorganisaties", "werknemersorganisaties"):
        assert f"Namens de {group}:" in text


def test_landelijk_fixed_start_after_signing(rendered: dict[str, str]) -> None:
    checked = check_file(LANDELIJK)
    assert checked.covenant is not None
    # Source 2: signed on 22 september 2025, "Het Landelijk Beraad start op 1 januari 2026".
    assert checked.covenant.looptijd.regel == "datum"
    assert str(checked.covenant.looptijd.datum) == "2026-01-01"
    assert checked.covenant.entry_into_force is not None
    assert str(checked.covenant.entry_into_force) > "2025-09-22"
    term = article(rendered["landelijk-beraad-2025"], "Inwerkingtreding en looptijd")
    assert "treedt in werking op 1 januari 2026" in term
    assert not re.search(r"ondertekening|ondertekend", term)
    # The annex of termijnen dates the start and points at the article that states it.
    number = re.match(r"Artikel (\d+)\.", term)
    assert number
    annex = _text(section(rendered["landelijk-beraad-2025"], "bijlage termijnen"))
    assert f"Inwerkingtreding 1 januari 2026 artikel {number.group(1)}, eerste lid" in annex, annex


def test_landelijk_signing_date_is_before_the_fixed_start(tmp_path: Path) -> None:
    # The blocks carry no date (see the file's header); with the source's signing date the
    # fixed start is after the signing and fine, with a signature after 1 januari 2026 it is not.
    source = LANDELIJK.read_text(encoding="utf-8")
    block = "    - partij: szw\n"
    signed = check_text(tmp_path, mutate(source, block, block + "      datum: 2025-09-22\n"), "ok.yaml")
    assert "CG603" not in {f.code for f in signed.findings}
    late = check_text(tmp_path, mutate(source, block, block + "      datum: 2026-02-01\n"), "laat.yaml")
    assert "CG603" in {f.code for f in late.findings}


def test_landelijk_meets_at_least_four_times_a_year(rendered: dict[str, str]) -> None:
    page = rendered["landelijk-beraad-2025"]
    # Source 2: "Het Landelijk Beraad komt minstens viermaal per jaar bijeen."
    assert "Het Landelijk Beraad komt minstens viermaal per jaar bijeen." in article(page, "Werkwijze")
    annex = _text(section(page, "bijlage termijnen"))
    assert re.search(r"Vergadering van het Landelijk Beraad .*ten minste viermaal per jaar", annex), annex


# --- Papier- en kartonindustrie: a sector and its unions -----------------------------------------

# The source's party list (docs/sources/papier-karton-arboplus.md): each organisation, then
# 'rechtsgeldig vertegenwoordigd door' and its representative as the source gives him.
PAPIER_ORGANISATIONS = [
    (
        "Koninklijke Vereniging van Nederlandse Papier- en Kartonfabrieken (VNP)",
        "de heer W.J. Emmen, voorzitter",
    ),
    (
        "Vereniging van Nederlandse Fabrikanten van Kartonnages en Flexibele Verpakkingen (Kartoflex)",
        "de heer H.G.J. Schoorl, voorzitter",
    ),
    ("Kappa Packaging Nederland (verder te noemen Kappa)", "de heer E.A.O. Muurmans"),
    ("FNV Bondgenoten", "de heer W.J. Brand, bestuurder bedrijfsgroep industrie"),
    ("FNV KIEM", "de heer W.J. Brand, bestuurder bedrijfsgroep industrie"),
    ("CNV BedrijvenBond", "de heer F.E. ten Broeke, vakgroepbestuurder"),
    ("De Unie", "de heer H. Reijnen, bestuurder"),
]


def test_papier_state_secretary_is_the_party(rendered: dict[str, str]) -> None:
    text = party_list(rendered["papier-karton-arboplus-2004"])
    assert text.startswith("Ondergetekenden,")
    # Source: "De Staatssecretaris van Sociale Zaken en Werkgelegenheid, handelend als
    # bestuursorgaan, de heer H.A.L. van Hoof, hierna te noemen: Overheid,"
    first = entries(rendered["papier-karton-arboplus-2004"])[0]
    assert first == (
        "De Staatssecretaris van Sociale Zaken en Werkgelegenheid, handelend als bestuursorgaan, "
        "de heer H.A.L. van Hoof, hierna te noemen: Overheid;"
    ), first
    assert "vertegenwoordigd" not in first


def test_papier_organisations_legally_represented(rendered: dict[str, str]) -> None:
    text = party_list(rendered["papier-karton-arboplus-2004"])
    for name, person in PAPIER_ORGANISATIONS:
        assert re.search(
            rf"{re.escape(name)}, rechtsgeldig vertegenwoordigd door:? {re.escape(person)}[;.,]", text
        ), name
    # One person for two parties: W.J. Brand for FNV Bondgenoten and FNV KIEM, nobody else.
    assert text.count("W.J. Brand") == 2
    # Source: "De verenigingen voor werkgevers (verder te noemen brancheorganisaties):"; the
    # format: "(hierna te noemen: brancheorganisaties)".
    defined = r"verenigingen voor werkgevers \((?:verder|hierna) te noemen:? brancheorganisaties\):"
    assert re.search(defined, text), text
    # Source: "hierna te noemen: partijen," (the format adds 'gezamenlijk').
    assert re.search(r"hierna (?:gezamenlijk )?te noemen: partijen,", text), text


def test_papier_signature_blocks(rendered: dict[str, str]) -> None:
    blocks = section(rendered["papier-karton-arboplus-2004"], "ondertekening")
    signing = _tidy(_text(blocks))
    # The state secretary signs as the party itself; W.J. Brand signs twice, once for each union.
    assert "namens De Staatssecretaris" not in signing and "namens de Staatssecretaris" not in signing
    assert signing.count("W.J. Brand") == 2
    # each block is headed by its party: Brand's two blocks are FNV Bondgenoten's and FNV KIEM's
    assert re.search(r"FNV Bondgenoten De heer W\.J\. Brand", signing), signing
    assert re.search(r"FNV KIEM De heer W\.J\. Brand", signing), signing


def test_papier_dashed_preamble_after_the_parties(rendered: dict[str, str]) -> None:
    page = rendered["papier-karton-arboplus-2004"]
    preamble = section(page, "considerans")
    assert page.index('<section class="partijen"') < page.index(preamble)
    assert "Overwegende dat," in _text(preamble)
    # Every recital is marked with a dash, none with a letter.
    labels = re.findall(r'<li[^>]*><span class="label"[^>]*>([^<]*)</span>', preamble)
    assert labels == ["-", "-"], labels
    assert re.search(r'<(?:ol|ul) class="[^"]*streepjes', preamble)
    assert "1 november 2001" in _text(preamble)


def test_papier_term_is_two_and_a_half_years(rendered: dict[str, str]) -> None:
    checked = check_file(PAPIER)
    assert checked.covenant is not None
    duration = checked.covenant.looptijd.duur
    assert duration is not None and (duration.jaren, duration.maanden) == (2, 6)
    # Source 2: "Het convenant heeft een looptijd van tweeënhalf jaar".
    term = article(rendered["papier-karton-arboplus-2004"], "Looptijd")
    assert "een looptijd van tweeënhalf jaar" in term
    # Source 2's targets.
    goals = article(rendered["papier-karton-arboplus-2004"], "Doelstelling")
    assert "15 procent" in goals and "20 procent" in goals
