"""The semantic diff: parts paired by id and named by each version's numbering (docs/review.md)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from markdown_it import MarkdownIt

from convenantgen.diff.engine import diff
from convenantgen.diff.files import compare
from convenantgen.diff.model import ADDED, CHANGED, MOVED, REMOVED, Diff
from convenantgen.diff.render_markdown import LIMIT, render
from convenantgen.pipeline import check_file
from helpers import GOOI, MINIMAL, ZK, mutate

RunCli = Callable[..., Result]
RunSub = Callable[..., subprocess.CompletedProcess[str]]
GOOI_TEXT = GOOI.read_text(encoding="utf-8")

CNV = """      - id: cnv
        naam: CNV
        lidwoord: het
        vertegenwoordigers:
          - id: galligan
            aanhef: mevrouw
            naam: R. Galligan
            functie: Regiovertegenwoordiger
"""
ROW_2018 = "{jaar: 2018, markt: 388, overheid: 106, totaal: 494}"
ARTIKEL_2 = "  # Artikel 2\n  - id: uitvoering"
NEW_ARTICLE = "  - id: nieuw\n    titel: Nieuw artikel\n    tekst: De Partijen doen iets nieuws.\n\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def gooi_diff(tmp_path: Path, new_text: str) -> Diff:
    old = check_file(write(tmp_path, "oud.yaml", GOOI_TEXT))
    new = check_file(write(tmp_path, "nieuw.yaml", new_text))
    assert not [f for f in new.findings if f.severity.value == "error"], new.findings
    return diff(old, new)


def without_cnv(text: str) -> str:
    text = mutate(text, CNV, "")
    return mutate(text, "    - partij: cnv\n", "")


# --- the cases the issue names ---------------------------------------------------------------


def test_removing_a_party_and_changing_a_cell_names_both_and_nothing_else(tmp_path: Path) -> None:
    new = mutate(without_cnv(GOOI_TEXT), ROW_2018, "{jaar: 2018, markt: 400, overheid: 106, totaal: 506}")
    found = gooi_diff(tmp_path, new)
    assert [(c.kind, c.subject, c.key) for c in found.changes] == [
        (REMOVED, "partij", "cnv"),
        (CHANGED, "cel", "banentabel.2018.markt"),
    ]
    party, cell = found.changes
    assert party.old_label == "CNV (werknemersorganisaties)"
    assert "R. Galligan" in (party.old or "")
    assert (cell.old, cell.new) == ("388", "400")
    assert cell.new_label == "artikel 1, eerste lid, tabel, 2018, Markt"
    assert cell.note == "totaal 2018: 494 → 506"  # the declared total moved with the cell: its effect
    assert found.renumbered == ()


def test_inserting_an_article_is_one_insertion_and_one_renumbering(tmp_path: Path) -> None:
    found = gooi_diff(tmp_path, mutate(GOOI_TEXT, ARTIKEL_2, NEW_ARTICLE + ARTIKEL_2))
    assert [(c.kind, c.subject, c.key, c.new_label) for c in found.changes] == [
        (ADDED, "artikel", "nieuw", "artikel 2")
    ]
    assert found.renumbered == tuple((f"artikel {n}", f"artikel {n + 1}") for n in range(2, 9))
    assert "De Partijen doen iets nieuws." in (found.changes[0].new or "")


def test_comments_key_order_and_quoting_are_no_change_in_substance(tmp_path: Path) -> None:
    text = mutate(
        GOOI_TEXT,
        "titel: Convenant Inclusieve Arbeidsmarkt\n",
        "titel: 'Convenant Inclusieve Arbeidsmarkt'  # x\n",
    )
    text = mutate(
        text, "formaat: 1\nid: gooi-en-vechtstreek-2015\n", "id: gooi-en-vechtstreek-2015\nformaat: 1\n"
    )
    text = mutate(
        text,
        "{jaar: 2015, markt: 114, overheid: 36, totaal: 150}",
        "{totaal: 150, markt: 114, jaar: 2015, overheid: 36}",
    )
    wrapped = (
        "          De Partijen realiseren de banenafspraak[^banenafspraak]\n          in de Regio Gooi en\n"
    )
    text = mutate(
        text,
        "          De Partijen realiseren de banenafspraak[^banenafspraak] in de Regio Gooi en\n",
        wrapped,
    )
    found = gooi_diff(tmp_path, "# een nieuwe opmerking\n" + text)
    assert found.same and found.changes == () and found.renumbered == ()


# --- pairing by id, numbering of both sides ---------------------------------------------------


def test_a_reworded_lid_is_named_by_both_numberings(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, ARTIKEL_2, NEW_ARTICLE + ARTIKEL_2)
    text = mutate(
        text, "De Werkkamer heeft de rol van aanjagen,", "De Werkkamer heeft de rol van stimuleren,"
    )
    found = gooi_diff(tmp_path, text)
    reworded = [c for c in found.changes if c.kind == CHANGED]
    assert len(reworded) == 1
    change = reworded[0]
    assert change.label == "artikel 3, eerste lid (was: artikel 2, eerste lid)"
    assert ("-", "aanjagen") in change.words and ("+", "stimuleren") in change.words
    # the reference in that lid ([[uitvoering.marktbewerkingsplan]]) is unchanged: no word op for it
    assert all("derde lid" not in text for op, text in change.words if op != "=")


def test_a_party_added_at_the_top_is_one_addition_not_every_party_renamed(tmp_path: Path) -> None:
    newcomer = (
        "\npartijen:\n  - id: nieuwkomer\n    naam: Stichting Nieuwkomer\n    vertegenwoordigers:\n"
        "      - id: voorzitter-nieuwkomer\n        functie: voorzitter\n"
    )
    text = mutate(GOOI_TEXT, "\npartijen:\n", newcomer)
    text = mutate(text, "  blokken:\n", "  blokken:\n    - partij: nieuwkomer\n")
    found = gooi_diff(tmp_path, text)
    assert [(c.kind, c.subject, c.key) for c in found.changes] == [(ADDED, "partij", "nieuwkomer")]


def test_an_onderdeel_without_id_is_paired_by_its_words(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "              - stellen capaciteit en expertise beschikbaar;\n", "")
    text = mutate(
        text,
        "- dragen bij aan het stimuleren van jobcarving;",
        "- dragen bij aan het bevorderen van jobcarving;",
    )
    found = gooi_diff(tmp_path, text)
    assert [(c.kind, c.subject) for c in found.changes] == [(REMOVED, "onderdeel"), (CHANGED, "onderdeel")]
    removed, reworded = found.changes
    assert removed.old == "stellen capaciteit en expertise beschikbaar;"
    assert removed.old_label == "artikel 2, vierde lid, onderdeel a (De Partijen)"
    assert ("-", "stimuleren") in reworded.words and ("+", "bevorderen") in reworded.words


def test_swapped_articles_are_a_move(tmp_path: Path) -> None:
    seven = GOOI_TEXT[GOOI_TEXT.index("  # Artikel 7\n") : GOOI_TEXT.index("  # Artikel 8\n")]
    text = mutate(GOOI_TEXT, seven, "")
    text = mutate(text, "  # Artikel 6\n", seven + "  # Artikel 6\n")
    found = gooi_diff(tmp_path, text)
    assert [(c.kind, c.key, c.old_label, c.new_label) for c in found.changes] == [
        (MOVED, "afspraken", "artikel 7", "artikel 6")
    ]


def test_term_signature_and_budget_are_reported_in_the_documents_terms(tmp_path: Path) -> None:
    text = mutate(GOOI_TEXT, "einde: 2025-12-31", "einde: 2026-12-31")
    text = mutate(
        text, "    - partij: fnv\n", "    - partij: fnv\n      plaats: Hilversum\n      datum: 2015-06-01\n"
    )
    text = mutate(text, "bedrag: 1000000", "bedrag: 1200000")
    found = gooi_diff(tmp_path, text)
    shown = {(c.subject, c.field): (c.old, c.new) for c in found.changes}
    assert shown == {
        ("looptijd", "einde"): ("31 december 2025", "31 december 2026"),
        ("ondertekening", "getekend"): (None, "Hilversum, 1 juni 2015"),
        ("budget", "bedrag"): ("€ 1.000.000", "€ 1.200.000"),
    }


# --- the command ------------------------------------------------------------------------------


def test_cli_plain_output_and_exit_code(cli_run: RunCli, tmp_path: Path) -> None:
    old = write(tmp_path, "oud.yaml", GOOI_TEXT)
    new = write(tmp_path, "nieuw.yaml", mutate(GOOI_TEXT, "rol van aanjagen,", "rol van stimuleren,"))
    shown = cli_run("diff", old, new)
    assert shown.exit_code == 0
    assert "[-aanjagen-] {+stimuleren+}" in shown.output  # not a terminal: git's plain word-diff marks
    assert "\x1b[" not in shown.output
    assert cli_run("diff", old, new, "--exit-code").exit_code == 1
    same = cli_run("diff", old, old, "--exit-code")
    assert same.exit_code == 0 and "no change in substance" in same.output


def test_cli_a_side_that_does_not_pass_check_gives_its_findings(cli_run: RunCli, tmp_path: Path) -> None:
    old = write(tmp_path, "oud.yaml", GOOI_TEXT)
    bad = write(tmp_path, "kapot.yaml", mutate(GOOI_TEXT, "    - partij: cnv\n", ""))
    shown = cli_run("diff", old, bad)
    assert shown.exit_code == 1
    assert f"{bad}:" in shown.output and "CG403" in shown.output and "does not pass check" in shown.output


def test_cli_json_has_the_documented_shape(cli_run: RunCli, tmp_path: Path) -> None:
    old = write(tmp_path, "oud.yaml", GOOI_TEXT)
    new = write(tmp_path, "nieuw.yaml", without_cnv(GOOI_TEXT))
    document = json.loads(cli_run("diff", old, new, "--format", "json").output)
    assert document["format"] == "convenantgen-diff/1"
    assert set(document) == {"format", "files", "changed", "errors"}
    (entry,) = document["files"]
    assert set(entry) == {
        "status",
        "old",
        "new",
        "same",
        "summary",
        "counts",
        "renumbered",
        "changes",
        "findings",
    }
    (change,) = entry["changes"]
    assert set(change) == {
        "kind", "subject", "field", "key", "label", "old_label", "new_label", "old", "new", "words",
        "note", "title", "old_path", "new_path", "summary",
    }  # fmt: skip
    assert (change["kind"], change["key"], change["old_path"]) == (
        "removed",
        "cnv",
        ["partijen", 1, "partijen", 1],
    )
    assert entry["counts"] == {"added": 0, "removed": 1, "changed": 0, "moved": 0}


def test_usage_errors(cli_run: RunCli) -> None:
    assert cli_run("diff", GOOI).exit_code == 2
    assert cli_run("diff", "--git", "HEAD", "--pdf", "x.pdf").exit_code == 2


# --- git -------------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> None:
    who = ["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"]
    subprocess.run(["git", *who, *args], cwd=repo, check=True, capture_output=True, timeout=60)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "regio"
    (folder / "convenants").mkdir(parents=True)
    git(folder, "init", "-q")
    write(folder / "convenants", "gooi.yaml", GOOI_TEXT)
    write(folder / "convenants", "zk.yaml", ZK.read_text(encoding="utf-8"))
    write(folder / "convenants", "gooi.voortgang.yaml", "not a covenant: progress files are left out\n")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "start")
    return folder


def test_git_base_reports_a_changed_an_added_and_a_deleted_covenant(
    cli_subprocess: RunSub, repo: Path
) -> None:
    write(repo / "convenants", "gooi.yaml", mutate(GOOI_TEXT, "rol van aanjagen,", "rol van stimuleren,"))
    (repo / "convenants" / "zk.yaml").unlink()
    write(repo / "convenants", "minimaal.yaml", MINIMAL)  # untracked: still added in the working tree
    done = cli_subprocess("diff", "--git", "HEAD", "--format", "json", cwd=repo)
    assert done.returncode == 0, done.stdout + done.stderr
    files = {(f["status"], (f["new"] or f["old"])["source"]) for f in json.loads(done.stdout)["files"]}
    assert files == {
        ("changed", "convenants/gooi.yaml"),
        ("added", "convenants/minimaal.yaml"),
        ("removed", "HEAD:convenants/zk.yaml"),
    }
    text = cli_subprocess("diff", "--git", "HEAD", "--exit-code", cwd=repo)
    assert text.returncode == 1
    assert "convenants/gooi.yaml: 1 change in substance" in text.stdout
    assert "covenant added: Convenant Inclusieve Arbeidsmarkt (minimaal-2027)" in text.stdout
    assert "covenant removed: Convenant Regionaal Werkbedrijf Zuid-Kennemerland en IJmond 2019" in text.stdout


def test_rev_path_reads_the_old_side_from_git(cli_subprocess: RunSub, repo: Path) -> None:
    write(repo / "convenants", "gooi.yaml", without_cnv(GOOI_TEXT))
    done = cli_subprocess("diff", "HEAD:convenants/gooi.yaml", "convenants/gooi.yaml", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "removed partij CNV (werknemersorganisaties)" in done.stdout
    missing = cli_subprocess("diff", "HEAD:convenants/weg.yaml", "convenants/gooi.yaml", cwd=repo)
    assert missing.returncode == 1
    assert "HEAD:convenants/weg.yaml:1:1: CG001" in missing.stdout


def test_git_outside_a_repository_is_a_message_not_a_traceback(
    cli_subprocess: RunSub, tmp_path: Path
) -> None:
    done = cli_subprocess("diff", "--git", "HEAD", cwd=tmp_path)
    assert done.returncode == 1
    assert "git:" in done.stderr and "Traceback" not in done.stderr


# --- Markdown --------------------------------------------------------------------------------


def test_markdown_summary_first_details_folded_and_escaped(tmp_path: Path) -> None:
    # A tag in a name is refused by check (CG307); an entity and Markdown are text to escape.
    text = mutate(without_cnv(GOOI_TEXT), "naam: FNV\n", "naam: FNV &lt;script&gt; *vet*\n")
    text = mutate(text, "rol van aanjagen,", "rol van stimuleren,")
    old, new = write(tmp_path, "oud.yaml", GOOI_TEXT), write(tmp_path, "nieuw.yaml", text)
    markdown = render([compare(str(old), str(new))])
    page = MarkdownIt("commonmark").render(markdown)  # GitHub-flavoured enough for the structure
    assert markdown.index("**Removed** partij CNV") < markdown.index("<details>")
    assert "<script" not in page and "&amp;lt;script&amp;gt;" in page and "<em>" not in page
    assert "<del>aanjagen</del>" in page and "<ins>stimuleren</ins>" in page
    assert page.count("<details>") == 1 and page.count("</details>") == 1


def _huge(count: int, word: str) -> str:
    # As large as the schema's limits allow (60 articles, 150,000 characters of text in
    # all), with every word different between the versions: far past a comment's size.
    body = " ".join(f"{word}{i}" for i in range(250))
    articles = "".join(
        f"  - id: artikel-{i}\n    titel: Artikel nummer {i}\n    tekst: {body}.\n" for i in range(count)
    )
    return mutate(
        MINIMAL,
        "artikelen:\n  - id: doelstelling\n    titel: Doelstelling\n"
        "    tekst: De Partijen werken samen aan een inclusieve arbeidsmarkt.\n",
        "artikelen:\n" + articles,
    )


def test_markdown_of_a_huge_diff_stays_under_the_comment_limit(tmp_path: Path) -> None:
    old = write(tmp_path, "oud.yaml", _huge(60, "eerst"))
    new = write(tmp_path, "nieuw.yaml", _huge(60, "daarna"))
    result = compare(str(old), str(new))
    assert result.diff is not None and len(result.diff.changes) == 60, result
    markdown = render([result])
    assert len(markdown) < LIMIT
    assert "**Cut here:**" in markdown and "more change(s) are not shown" in markdown
    tokens = MarkdownIt("commonmark").parse(markdown)
    html = "".join(t.content for t in tokens if t.type in ("html_block", "html_inline"))
    assert html.count("<details>") == html.count("</details>") == 1


def test_diff_as_text_json_or_markdown_imports_no_renderer(
    python_subprocess: Callable[[str], subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    old = write(tmp_path, "oud.yaml", GOOI_TEXT)
    new = write(tmp_path, "nieuw.yaml", without_cnv(GOOI_TEXT))
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "import convenantgen.cli\n"
        "for fmt in ('text', 'json', 'markdown'):\n"
        f"    args = ['diff', {str(old)!r}, {str(new)!r}, '--format', fmt]\n"
        "    result = CliRunner().invoke(convenantgen.cli.cli, args)\n"
        "    assert result.exit_code == 0, result.output\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'jinja2', 'pyhanko')))\n"
    )
    done = python_subprocess(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_difference_nothing_itemises_is_still_not_called_no_change(tmp_path: Path) -> None:
    # The table's own id is not compared part by part: the safety net must still say that
    # artikel 1 changed, rather than "no change in substance".
    found = gooi_diff(tmp_path, mutate(GOOI_TEXT, "id: banentabel", "id: doelentabel"))
    assert not found.same
    named = [(c.subject, c.new_label) for c in found.changes]
    assert named == [("overig", "artikel 1 (Doelstelling): changed")]


def test_colour_on_a_terminal_strikes_and_underlines(tmp_path: Path) -> None:
    from convenantgen.diff.render_terminal import render as terminal

    old = write(tmp_path, "oud.yaml", GOOI_TEXT)
    new = write(tmp_path, "nieuw.yaml", mutate(GOOI_TEXT, "rol van aanjagen,", "rol van stimuleren,"))
    shown = terminal([compare(str(old), str(new))], colour=True)
    assert "\x1b[9m" in shown and "\x1b[4m" in shown  # strikethrough and underline, not colour alone
    assert "[-" not in shown
