"""`convenantgen amend`: the wijzigingsconvenant of two versions, planned, rendered and signed.

The planner is tested on real covenants and mutated copies (the diff engine pairs them),
and its coverage check on hand-made changes: a change no instruction states must become a
located finding, never a silent omission.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from convenantgen.amend.plan import plan
from convenantgen.diff.engine import diff
from convenantgen.diff.model import ADDED, CHANGED, Change, Diff
from convenantgen.pipeline import Checked, check_file
from helpers import CONVENANTS, GOOI, ZK, check_text, line_of, mutate
from test_pdf import pdftotext

ZK_2015 = CONVENANTS / "zuid-kennemerland-ijmond-2015.yaml"
MOGELIJKHEDEN = (
    "            tekst: een beschrijving van de mogelijkheden van de personen zoals genoemd onder a;\n"
)
AANLEVERING = (
    "              afspraken die zijn opgenomen over de wijze van aanlevering en bemiddeling van die\n"
    "              "
)
WERKGEVERS = "een overzicht van de werkgevers die willen deelnemen"
LEFT = ("Gemeente Haarlemmerliede en Spaarnwoude", "Gemeente Uitgeest")
JOINED = ("Dunamare", "NOVA college")


def _texts(checked_old: Checked, checked_new: Checked) -> list[str]:
    amendment = plan(diff(checked_old, checked_new))
    assert amendment.findings == ()
    return [i.text for i in amendment.instructions]


def _copy(tmp_path: Path, source: Path, name: str, *edits: tuple[str, str]) -> Checked:
    text = source.read_text(encoding="utf-8")
    for old, new in edits:
        text = mutate(text, old, new)
    return check_text(tmp_path, text, name)


@pytest.fixture(scope="module")
def zk_pair() -> tuple[Checked, Checked]:
    return check_file(ZK_2015), check_file(ZK)


@pytest.fixture(scope="module")
def gooi() -> Checked:
    return check_file(GOOI)


# --- the Zuid-Kennemerland pair ------------------------------------------------------------


def test_the_2015_and_2019_versions_pass_check(zk_pair: tuple[Checked, Checked]) -> None:
    for checked in zk_pair:
        assert checked.findings == ()
    assert (
        zk_pair[1].covenant is not None
        and zk_pair[1].covenant.vorige_versie == "zuid-kennemerland-ijmond-2015"
    )


def test_the_zk_amendment_in_the_words_of_the_aanwijzingen(zk_pair: tuple[Checked, Checked]) -> None:
    amendment = plan(diff(*zk_pair))
    assert amendment.findings == () and amendment.unstated == ()
    assert [i.text for i in amendment.parties] == [f"{name} treedt uit als Partij." for name in LEFT] + [
        f"{name} treedt toe als Partij." for name in JOINED
    ]
    texts = [i.text for i in amendment.instructions]
    title = "Convenant Regionaal Werkbedrijf Zuid-Kennemerland en IJmond 2019"
    assert f"De titel van het convenant komt te luiden: {title}." in texts
    assert (
        "Onder vervanging van de punt aan het slot van overweging b door een puntkomma worden aan de "
        "considerans vijf overwegingen toegevoegd, luidende:"
    ) in texts
    assert "Aan artikel 1, tweede lid, worden twee zinnen toegevoegd, luidende:" in texts
    assert "Artikel 3 wordt als volgt gewijzigd:" in texts
    assert "In het derde lid wordt ‘vier keer per jaar’ vervangen door ‘iedere twee maanden’." in texts
    assert "Artikel 5 komt te luiden:" in texts  # the term: four leden changed of three
    assert amendment.entry == (
        "Deze wijziging treedt in werking op de dag van ondertekening door de laatste Partij en werkt "
        "terug tot en met 1 januari 2019."
    )
    assert amendment.title == "Wijziging van het Convenant Werkbedrijf Zuid-Kennemerland en IJmond"


def test_amend_writes_a_pdf_to_sign(
    cli_run: Callable[..., Result], zk_pair: tuple[Checked, Checked], tmp_path: Path
) -> None:
    """Must show: 'treedt uit' / 'treedt toe', the retroactive entry into force, signature fields."""
    from convenantgen.signatures import read_fields

    result = cli_run("amend", ZK_2015, ZK, "-o", tmp_path, "--pdf")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "zuid-kennemerland-ijmond-2019-wijziging.pdf"
    text = re.sub(r"\s+", " ", pdftotext(pdf))
    for name in LEFT:
        assert f"{name} treedt uit als Partij" in text
    for name in JOINED:
        assert f"{name} treedt toe als Partij" in text
    assert "werkt terug tot en met 1 januari 2019" in text
    assert "Ondertekening:" in text
    new = zk_pair[1].covenant
    assert new is not None
    assert sorted(f.name for f in read_fields(pdf)) == sorted(b.partij for b in new.blokken)
    assert not any(f.name in ("uitgeest", "haarlemmerliede-en-spaarnwoude") for f in read_fields(pdf))
    assert (tmp_path / "zuid-kennemerland-ijmond-2019-wijziging.html").is_file()


# --- the planner on mutated copies ---------------------------------------------------------


def test_an_article_inserted_is_one_insertion_with_renumbering(tmp_path: Path, gooi: Checked) -> None:
    new = _copy(
        tmp_path,
        GOOI,
        "gooi-nieuw.yaml",
        (
            "  # Artikel 2\n",
            "  - id: communicatie\n    titel: Communicatie\n"
            "    tekst: De Partijen dragen de afspraken gezamenlijk uit.\n\n",
        ),
    )
    texts = _texts(gooi, new)
    assert texts[0] == (
        "Onder vernummering van de artikelen 2 tot en met 8 tot 3 tot en met 9 wordt na artikel 1 een "
        "artikel ingevoegd, luidende:"
    )
    # the one reference to a renumbered article is brought in line, as the Aanwijzingen ask
    assert texts[1:] == ["In artikel 7, tweede lid, aanhef, wordt ‘artikel 5’ vervangen door ‘artikel 6’."]


def test_an_article_removed_lapses_with_renumbering(tmp_path: Path, gooi: Checked) -> None:
    text = GOOI.read_text(encoding="utf-8")
    start, end = text.index("  # Artikel 7\n"), text.index("  # Artikel 8\n")
    path = tmp_path / "gooi-zonder.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    texts = _texts(gooi, check_file(path))
    assert texts == ["Artikel 7 vervalt, onder vernummering van artikel 8 tot artikel 7."]


def test_a_new_last_lid_is_added(tmp_path: Path, zk_pair: tuple[Checked, Checked]) -> None:
    new = _copy(
        tmp_path,
        ZK,
        "zk-lid.yaml",
        (
            "          arbeidsmarktregio aan de hand van de rapportages van UWV.\n",
            "          arbeidsmarktregio aan de hand van de rapportages van UWV.\n"
            "      - id: jaarverslag\n"
            "        tekst: Het Regionaal Werkbedrijf brengt elk jaar verslag uit.\n",
        ),
    )
    assert _texts(zk_pair[1], new) == ["Aan artikel 4 wordt een lid toegevoegd, luidende:"]


def test_a_table_cell_is_replaced_with_its_total(tmp_path: Path, gooi: Checked) -> None:
    new = _copy(
        tmp_path,
        GOOI,
        "gooi-cel.yaml",
        (
            "{jaar: 2016, markt: 175, overheid: 55, totaal: 230}",
            "{jaar: 2016, markt: 180, overheid: 55, totaal: 235}",
        ),
    )
    assert _texts(gooi, new) == [
        "In de tabel in artikel 1, eerste lid, wordt in de rij 2016, kolom Markt, ‘175’ vervangen door ‘180’ "
        "en wordt in de rij 2016, kolom Totaal, ‘230’ vervangen door ‘235’."
    ]


def test_an_onderdeel_inserted_is_lettered_through(tmp_path: Path, gooi: Checked) -> None:
    new = _copy(
        tmp_path,
        GOOI,
        "gooi-onderdeel.yaml",
        (
            MOGELIJKHEDEN,
            MOGELIJKHEDEN + "          - id: werkgevers\n" + "            tekst: " + WERKGEVERS + ";\n",
        ),
    )
    assert _texts(gooi, new) == [
        "In artikel 2, derde lid, wordt, onder verlettering van de onderdelen c en d tot d en e, na "
        "onderdeel b een onderdeel ingevoegd, luidende:"
    ]


def test_a_new_last_onderdeel_after_a_changed_full_stop(tmp_path: Path, gooi: Checked) -> None:
    new = _copy(
        tmp_path,
        GOOI,
        "gooi-laatste.yaml",
        (AANLEVERING + "personen.\n", AANLEVERING + "personen;\n" + f"          - {WERKGEVERS}.\n"),
    )
    assert _texts(gooi, new) == [
        "Onder vervanging van de punt aan het slot van onderdeel d door een puntkomma wordt aan artikel 2, "
        "derde lid, een onderdeel toegevoegd, luidende:"
    ]


def test_party_list_changes(tmp_path: Path, zk_pair: tuple[Checked, Checked]) -> None:
    """A new function for one person changes two entries; a new name is replaced throughout."""
    new = _copy(
        tmp_path,
        ZK,
        "zk-partijen.yaml",
        (
            "functie: wethouder Werk van de centrumgemeente Haarlem",
            "functie: wethouder Werk en Inkomen van Haarlem",
        ),
        ("        naam: FNV\n", "        naam: FNV Regio\n"),
    )
    texts = _texts(zk_pair[1], new)
    assert texts == [
        "In de opsomming van de Partijen komt de vermelding van Gemeente Haarlem te luiden: Gemeente "
        "Haarlem, vertegenwoordigd door: wethouder Werk en Inkomen van Haarlem.",
        "In de opsomming van de Partijen komt de vermelding van Gemeente Zandvoort te luiden: Gemeente "
        "Zandvoort, vertegenwoordigd door: wethouder Werk en Inkomen van Haarlem.",
        "In het convenant wordt ‘FNV’ telkens vervangen door ‘FNV Regio’.",
        "In de opsomming van de Partijen komt de vermelding van FNV te luiden: FNV Regio, vertegenwoordigd "
        "door: …………………………………… (naam, functie).",
    ]


def test_an_article_title_and_a_footnote(tmp_path: Path, gooi: Checked) -> None:
    new = _copy(
        tmp_path,
        GOOI,
        "gooi-noot.yaml",
        ("    titel: Monitoring en evaluatie\n", "    titel: Monitoring\n"),
        (
            "  cumulatief: De in het schema opgenomen aantallen zijn cumulatief.",
            "  cumulatief: De aantallen zijn cumulatief.",
        ),
    )
    texts = _texts(gooi, new)
    assert "Het opschrift van artikel 5 komt te luiden: Monitoring." in texts
    assert new.layout is not None
    number = new.layout.numbering.note("cumulatief")
    assert [t for t in texts if t.startswith("Voetnoot")] == [f"Voetnoot {number} komt te luiden:"]


def test_an_article_moved(tmp_path: Path, gooi: Checked) -> None:
    text = GOOI.read_text(encoding="utf-8")
    seven, eight = text.index("  # Artikel 7\n"), text.index("  # Artikel 8\n")
    end = text.index("\nlooptijd:")
    moved = text[:seven] + text[eight:end] + "\n" + text[seven:eight].rstrip("\n") + "\n" + text[end:]
    path = tmp_path / "gooi-verplaatst.yaml"
    path.write_text(moved, encoding="utf-8")
    texts = _texts(gooi, check_file(path))
    assert texts[0] == (
        "Artikel 8 wordt, onder vernummering van artikel 7 tot artikel 8, vernummerd tot artikel 7 en "
        "geplaatst na artikel 6."
    )


# --- never a silent omission -----------------------------------------------------------------


def test_a_duty_changed_without_its_text_is_a_located_finding(
    tmp_path: Path, zk_pair: tuple[Checked, Checked]
) -> None:
    """The rhythm of the meetings changes in the data only: no text states it, so it is reported."""
    # The duty's rhythm (not printed: the text says "iedere twee maanden" either way, CG210).
    new = _copy(
        tmp_path,
        ZK,
        "zk-termijn.yaml",
        (
            "frequentie: jaarlijks\n            minimaal_per_jaar: 6",
            "frequentie: tweemaandelijks\n            minimaal_per_jaar: 6",
        ),
    )
    amendment = plan(diff(zk_pair[1], new))
    assert [(f.code, f.path, f.line) for f in amendment.findings] == [
        (
            "CG951",
            new.path,
            line_of(Path(new.path).read_text(encoding="utf-8"), "frequentie: tweemaandelijks"),
        )
    ]
    assert [c.subject for c in amendment.unstated] == ["termijn"]


def test_every_change_is_stated_or_reported(zk_pair: tuple[Checked, Checked]) -> None:
    """Hand-made changes: signatures are not amended; anything nothing states is CG951."""
    real = diff(*zk_pair)
    extra = (
        Change(
            CHANGED,
            "ondertekening",
            "fnv",
            "fnv",
            "fnv",
            None,
            "2019-02-01",
            (),
            ("ondertekening", "blokken", 10),
            ("ondertekening", "blokken", 10),
        ),
        Change(ADDED, "overig", None, None, "iets nieuws", None, "x", (), (), ("budgetten",)),
    )
    amendment = plan(Diff(real.old, real.new, real.changes + extra, real.renumbered))
    assert [c.subject for c in amendment.unstated] == ["overig"]
    assert [f.code for f in amendment.findings] == ["CG951"]


def test_amend_refuses_what_it_cannot_state_unless_forced(
    cli_run: Callable[..., Result], tmp_path: Path, zk_pair: tuple[Checked, Checked]
) -> None:
    # The duty's rhythm (not printed: the text says "iedere twee maanden" either way, CG210).
    new = _copy(
        tmp_path,
        ZK,
        "zk-termijn.yaml",
        (
            "frequentie: jaarlijks\n            minimaal_per_jaar: 6",
            "frequentie: tweemaandelijks\n            minimaal_per_jaar: 6",
        ),
    )
    out = tmp_path / "uit"
    refused = cli_run("amend", ZK, new.path, "-o", out)
    assert refused.exit_code == 1 and "CG951" in refused.output
    assert not out.exists() or not list(out.iterdir())
    forced = cli_run("amend", ZK, new.path, "-o", out, "--force")
    assert forced.exit_code == 0, forced.output
    html = (out / "zuid-kennemerland-ijmond-2019-wijziging.html").read_text(encoding="utf-8")
    assert "Niet verwoorde wijzigingen" in html
    assert "Vergadering van het Regionaal Werkbedrijf (gewijzigd)" in html


def test_nothing_to_amend_and_a_pair_that_does_not_belong_together(
    cli_run: Callable[..., Result], tmp_path: Path
) -> None:
    same = cli_run("amend", ZK, ZK, "-o", tmp_path)
    assert same.exit_code == 1 and "CG953" in same.output and not list(tmp_path.iterdir())
    other = cli_run("amend", GOOI, ZK, "-o", tmp_path, "--force")
    assert "CG952" in other.output and "names 'zuid-kennemerland-ijmond-2015'" in other.output


def test_amend_reads_a_side_from_git(
    tmp_path: Path, cli_subprocess: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    repo = tmp_path / "repo"
    (repo / "convenants").mkdir(parents=True)
    target = repo / "convenants" / "zk.yaml"
    target.write_text(
        ZK_2015.read_text(encoding="utf-8").replace("../schemas/", "../../schemas/"), encoding="utf-8"
    )
    env = ["-c", "user.name=T", "-c", "user.email=t@example.org"]
    for args in (["init", "-q"], ["add", "."], [*env, "commit", "-qm", "2015"]):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
    target.write_text(ZK.read_text(encoding="utf-8"), encoding="utf-8")
    done = cli_subprocess(
        "amend", "HEAD:convenants/zk.yaml", "convenants/zk.yaml", "-o", tmp_path / "uit", cwd=repo
    )
    assert done.returncode == 0, done.stdout + done.stderr
    html = (tmp_path / "uit" / "zuid-kennemerland-ijmond-2019-wijziging.html").read_text(encoding="utf-8")
    assert "Gemeente Uitgeest treedt uit als Partij." in html


def test_the_document_is_deterministic_and_quotes_without_anchors(zk_pair: tuple[Checked, Checked]) -> None:
    """The same pair gives the same bytes; quoted parts carry no ids or links of the consolidated text."""
    from convenantgen.amend.render import render_amendment

    old, new = zk_pair
    amendment = plan(diff(old, new))
    first = dict(render_amendment(amendment, old, new, ("html", "pdf")))
    second = dict(render_amendment(plan(diff(old, new)), old, new, ("html", "pdf")))
    assert first == second
    html = first["zuid-kennemerland-ijmond-2019-wijziging.html"].decode("utf-8")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "an id is used twice"
    assert 'href="#artikel-' not in html  # references in quoted parts are words, not links
    assert "Artikel 5. Inwerkingtreding en looptijd" in html  # the quoted article, heading and all
    assert html.count('class="modelmerk"') == 1  # its own considerans (no quoted part is model text)


def test_a_title_from_the_command_line_is_text(cli_run: Callable[..., Result], tmp_path: Path) -> None:
    """--titel is printed as typed: it cannot add markup to the page or the PDF's running head."""
    result = cli_run(
        "amend", ZK_2015, ZK, "-o", tmp_path, "--titel", '<script>x</script> "Wijziging" {{ 7*7 }}'
    )
    assert result.exit_code == 0, result.output
    html = (tmp_path / "zuid-kennemerland-ijmond-2019-wijziging.html").read_text(encoding="utf-8")
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    heading = re.search(r'<h1 id="titel">(.*?)</h1>', html)
    assert (
        heading is not None
        and heading.group(1) == "&lt;script&gt;x&lt;/script&gt; &#34;Wijziging&#34; {{ 7*7 }}"
    )
