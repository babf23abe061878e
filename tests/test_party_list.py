"""The party list as covenants write it: clusters, short names, signing in person, wording.

Each test renders a covenant (an example file, or the minimal one with one change) and reads
the visible text of the page, so that what is asserted is what a reader sees.
"""

from __future__ import annotations

import re
from pathlib import Path

from convenantgen.fingerprint import parts
from convenantgen.limits import budgets, overruns
from convenantgen.numbering import number
from convenantgen.pipeline import Checked, check_file
from convenantgen.render import render_html
from convenantgen.validate import load_schema
from helpers import EXAMPLES, GOOI, MINIMAL, check_text, mutate

CLUSTERS = EXAMPLES / "valid" / "clusters.yaml"
NATIONAL = EXAMPLES / "valid" / "landelijk.yaml"


def shown(checked: Checked, medium: str = "screen") -> str:
    """The page's visible text, spaces collapsed."""
    assert checked.covenant is not None and checked.layout is not None, checked.findings
    html = render_html(checked.covenant, checked.layout, medium).html
    html = re.sub(r"<head>.*?</head>", "", html, flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_a_single_party_prints_its_short_name(tmp_path: Path) -> None:
    """korte_naam of a party outside a group used to be dropped, though format.md promised it."""
    text = mutate(
        MINIMAL,
        "    naam: UWV\n",
        "    naam: Uitvoeringsinstituut Werknemersverzekeringen\n    korte_naam: UWV\n",
    )
    page = shown(check_text(tmp_path, text))
    assert (
        "Uitvoeringsinstituut Werknemersverzekeringen (hierna: UWV), vertegenwoordigd door: de regiomanager."
        in page
    )


def test_a_cluster_is_one_entry_with_its_members_representatives() -> None:
    checked = check_file(CLUSTERS)
    assert [f for f in checked.findings] == []
    page = shown(checked)
    assert (
        "a. De gemeente Centrumstad (centrumgemeente), rechtsgeldig vertegenwoordigd door:"
        " Wethouder Werk en Inkomen;" in page
    )
    assert (
        "b. De gemeenten Dorpen, Heuvel en Rivierdorp (cluster DHR), rechtsgeldig vertegenwoordigd door:"
        " i. Wethouder Sociale Zaken, gemeente Dorpen; ii. Wethouder Sociaal Domein, gemeente Heuvel;"
        " b. Uitvoeringsinstituut" in page
    )
    # the person who represents Heuvel and Rivierdorp is listed once, and each member still signs
    assert page.count("Wethouder Sociaal Domein, gemeente Heuvel") == 1 + 2


def test_a_cluster_with_a_member_that_is_no_plain_municipality_names_each_member(tmp_path: Path) -> None:
    text = CLUSTERS.read_text(encoding="utf-8")
    text = mutate(
        text,
        "            naam: gemeente Heuvel\n",
        "            naam: gemeente Heuvel\n            korte_naam: Heuvel\n",
    )
    page = shown(check_text(tmp_path, text))
    assert (
        "b. Gemeente Dorpen, gemeente Heuvel (hierna: Heuvel) en gemeente Rivierdorp (cluster DHR)," in page
    )


def test_a_group_holding_only_a_cluster_of_one_still_reads_as_a_cluster(tmp_path: Path) -> None:
    text = CLUSTERS.read_text(encoding="utf-8")
    lone = (
        "  - id: regio\n    naam: regio\n    partijen:\n"
        "      - id: cluster-r\n        naam: cluster R\n        partijen:\n"
        "          - id: regio-r\n            naam: Regio R\n            vertegenwoordigers:\n"
        "              - {id: voorzitter-r, functie: de voorzitter}\n"
        "              - {id: secretaris-r, functie: de secretaris}\n"
    )
    text = mutate(text, "  - id: uwv\n", lone + "  - id: uwv\n")
    text = mutate(text, "    - partij: uwv\n", "    - partij: regio-r\n    - partij: uwv\n")
    page = shown(check_text(tmp_path, text))
    assert (
        "b. Namens de regio: a. Regio R (cluster R), rechtsgeldig vertegenwoordigd door:"
        " i. De voorzitter; ii. De secretaris; c. Uitvoeringsinstituut" in page
    )


def test_numbering_of_a_cluster() -> None:
    checked = check_file(CLUSTERS)
    assert checked.covenant is not None
    numbers = number(checked.covenant)
    cluster = ("partijen", 0, "partijen", 1)
    assert numbers.at(cluster).number == "b"
    assert numbers.at((*cluster, "partijen", 0, "vertegenwoordigers", 0)).number == "i"
    assert numbers.at((*cluster, "partijen", 1, "vertegenwoordigers", 0)).number == "ii"
    assert numbers.at((*cluster, "partijen", 2, "vertegenwoordigers", 0)).number == ""  # listed already
    assert numbers.at((*cluster, "partijen", 2)).anchor == "partij-cluster-dhr"


def test_a_minister_signs_in_person() -> None:
    page = shown(check_file(NATIONAL))
    assert "a. De Minister van Sociale Zaken en Werkgelegenheid, de heer A. Voorbeeld;" in page
    block = page[page.index("Ondertekening:") :]
    assert "namens De Minister" not in block and "namens de Minister" not in block
    # every block is headed by its party; the signer is named under the box, no "namens" line
    assert "Vereniging VNO-NCW" in block and "namens" not in block


def test_the_wording_of_the_party_list() -> None:
    page = shown(check_file(NATIONAL))
    assert "De ondergetekenden: a. De Minister" in page and "De Partijen:" not in page
    assert "b. Namens de werkgeversorganisaties (hierna te noemen: Werkgevers):" in page
    assert (
        "a. Vereniging VNO-NCW, rechtsgeldig vertegenwoordigd door: de voorzitter, hierna te noemen: VNO-NCW;"
        in page
    )
    assert (
        "hierna te noemen: MKB-Nederland; hierna gezamenlijk te noemen: Partijen, Komen het volgende overeen:"
        in page
    )
    assert "Komen overeen:" not in page


def test_the_default_wording_is_the_reference_covenant_s(tmp_path: Path) -> None:
    page = shown(check_text(tmp_path, MINIMAL))
    assert "De Partijen: a. Gemeente Voorbeeldstad, vertegenwoordigd door:" in page
    assert "UWV, vertegenwoordigd door: de regiomanager. Komen overeen:" in page
    assert "gezamenlijk" not in page and "rechtsgeldig" not in page


def test_a_covenant_without_region_shows_its_scope_or_nothing(tmp_path: Path) -> None:
    region = "regio:\n  naam: Voorbeeldregio\n  gemeenten:\n    - Voorbeeldstad\n"
    assert region in MINIMAL
    scope = check_text(tmp_path, mutate(MINIMAL, region, "reikwijdte: de sector Metaal\n"))
    assert scope.findings == ()
    assert "Convenant Inclusieve Arbeidsmarkt de sector Metaal Concept" in shown(scope)
    bare = check_text(tmp_path, mutate(MINIMAL, region, ""))
    assert bare.findings == ()
    assert bare.covenant is not None and bare.covenant.regio_naam == ""
    assert 'class="regio"' not in render_html(bare.covenant, bare.layout, "screen").html  # type: ignore[arg-type]


def test_the_region_s_municipalities_are_printed_by_reference() -> None:
    page = shown(check_file(GOOI))
    assert (
        "uit de gemeenten: Blaricum, Bussum, Eemnes, Hilversum, Huizen, Laren, Muiden, Naarden,"
        " Weesp en Wijdemeren." in page
    )


def test_parties_inside_clusters_count_towards_the_party_budget(tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load(CLUSTERS.read_text(encoding="utf-8"))
    limits = dict(budgets(load_schema()))
    assert {o.budget.limit for o in overruns(data, limits)} == set()
    cluster = data["partijen"][0]["partijen"][1]
    member = cluster["partijen"][0]
    cluster["partijen"] = [dict(member, id=f"p{i}") for i in range(61)]
    found = [o for o in overruns(data, limits) if o.budget is limits["parties"]]
    assert found and found[0].path[:5] == ("partijen", 0, "partijen", 1, "partijen")


def test_fingerprint_parts_name_each_party_of_a_cluster() -> None:
    import yaml

    checked = check_file(CLUSTERS)
    assert checked.covenant is not None and checked.layout is not None
    data = yaml.safe_load(CLUSTERS.read_text(encoding="utf-8"))
    data["looptijd"]["einde"] = str(data["looptijd"]["einde"])  # canonical JSON holds dates as text
    labels = set(parts(data, checked.layout.numbering))
    assert {
        "cluster cluster-dhr",
        "partij heuvel (gemeente Heuvel)",
        "partij rivierdorp (gemeente Rivierdorp)",
    } <= labels
