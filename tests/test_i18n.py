"""Messages in Dutch (the default) and English: the catalogue is complete, compiled, and used.

The catalogue is checked against the code itself: every message Babel extracts (with the
mapping of babel.cfg) must have a Dutch translation that is neither empty nor fuzzy and names
the same placeholders, so a message added without a translation fails here. The fix is
always the same: ``bash scripts/messages.sh``, translate what it lists, run it again.
"""

from __future__ import annotations

import ast
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import Result

from convenantgen import i18n, workers
from convenantgen.checks import RULES
from convenantgen.findings import FILE_CODES
from helpers import REPO_ROOT, SEED

RunCli = Callable[..., Result]
PO = REPO_ROOT / "src/convenantgen/locale/nl/LC_MESSAGES/convenantgen.po"
MO = PO.with_suffix(".mo")
FIX = "run 'bash scripts/messages.sh', translate what it lists in the .po, and run it again"


def _extracted() -> dict[str | tuple[str, ...], list[str]]:
    """{message id: ['file:line', ...]} of every message in the code, as pybabel extracts it."""
    with (REPO_ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[str | tuple[str, ...], list[str]] = {}
    for folder in ("src", "templates", "schemas"):
        for name, line, message, _comments, _context in extract_from_dir(
            REPO_ROOT / folder, method_map, options_map
        ):
            found.setdefault(message, []).append(f"{folder}/{name}:{line}")
    return found


def _catalogue() -> Catalog:
    with PO.open("rb") as po:
        return read_po(po, locale="nl")


# '{name}', '{name!r}', '{limit:,}': a named placeholder; other braces are text ("this '{' is not closed")
_PLACEHOLDER = re.compile(r"(?<!\{)\{(\w*)(?:![rsa])?(?::[^{}]*)?\}")


def _placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def _forms(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def test_the_code_has_messages_to_translate() -> None:
    assert len(_extracted()) > 50  # guards the next test from passing on an empty extraction


def test_every_message_has_a_dutch_translation_with_the_same_placeholders() -> None:
    catalogue = _catalogue()
    problems = []
    for msgid, where in sorted(_extracted().items(), key=lambda item: str(item[0])):
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        entry = catalogue.get(key)
        if entry is None:
            problems.append(f"{where[0]}: not in the catalogue: {msgid!r}")
            continue
        translations = _forms(entry.string)
        if entry.fuzzy or not all(translations):
            problems.append(f"{where[0]}: {'fuzzy' if entry.fuzzy else 'untranslated'}: {msgid!r}")
            continue
        wanted = set().union(*(_placeholders(form) for form in _forms(msgid)))
        for dutch in translations:
            if _placeholders(dutch) != wanted:
                problems.append(
                    f"{where[0]}: placeholders {sorted(_placeholders(dutch))} != {sorted(wanted)}"
                )
    assert not problems, f"{FIX}:\n" + "\n".join(problems)


def test_the_catalogue_holds_only_messages_of_the_code() -> None:
    in_code = {m[0] if isinstance(m, tuple) else m for m in _extracted()}
    stale = [
        m.id for m in _catalogue() if m.id and (m.id[0] if isinstance(m.id, tuple) else m.id) not in in_code
    ]
    assert not stale, f"{FIX}; no longer in the code: {stale}"


def test_the_compiled_catalogue_is_the_po_file_compiled() -> None:
    compiled = io.BytesIO()
    write_mo(compiled, _catalogue(), use_fuzzy=False)
    assert MO.read_bytes() == compiled.getvalue(), FIX


def _calls(tree: ast.AST) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def _name(call: ast.Call) -> str:
    return call.func.id if isinstance(call.func, ast.Name) else ""


def test_translated_texts_are_plain_strings_with_named_placeholders() -> None:
    """_(f"...") or _("{}") cannot be translated: Babel sees no text, or the order is fixed."""
    problems = []
    for path in sorted((REPO_ROOT / "src").rglob("*.py")):
        for call in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            if _name(call) not in ("_", "N_", "ngettext"):
                continue
            where = f"{path.relative_to(REPO_ROOT)}:{call.lineno}"
            for arg in call.args[:2] if _name(call) == "ngettext" else call.args[:1]:
                formatted = isinstance(arg, ast.Call) and getattr(arg.func, "attr", "") == "format"
                if isinstance(arg, ast.JoinedStr | ast.BinOp) or formatted:
                    problems.append(f"{where}: give {_name(call)}() a literal string")
                elif (
                    isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and any(not field or field.isdigit() for field in _placeholders(arg.value))
                ):
                    problems.append(f"{where}: name every placeholder: {arg.value!r}")
    assert not problems, "\n".join(problems)


# where the message (and hint) of each goes: (index of the first, how many, keyword names)
_MESSAGE_ARGUMENTS = {"Hit": (1, 1, ("message", "hint")), "Finding": (5, 2, ("message", "hint"))}


def test_messages_of_findings_are_translated() -> None:
    """A Hit or Finding made with a bare English string (or an f-string) would stay English."""
    problems = []
    for path in sorted((REPO_ROOT / "src").rglob("*.py")):
        for call in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            if _name(call) not in _MESSAGE_ARGUMENTS:
                continue
            first, count, keywords = _MESSAGE_ARGUMENTS[_name(call)]
            args = call.args[first : first + count] + [k.value for k in call.keywords if k.arg in keywords]
            for arg in args:
                text = (
                    arg.func.value
                    if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute)
                    else arg
                )
                if isinstance(text, ast.JoinedStr) or (
                    isinstance(text, ast.Constant) and isinstance(text.value, str) and text.value
                ):
                    problems.append(f"{path.relative_to(REPO_ROOT)}:{arg.lineno}: wrap the message in _()")
    assert not problems, "\n".join(problems)


def test_rule_and_file_code_titles_are_in_the_catalogue() -> None:
    catalogue = _catalogue()
    texts = [r.title for r in RULES.values()] + [r.hint for r in RULES.values()]
    texts += [title for _severity, title in FILE_CODES.values()]
    missing = [t for t in texts if not (catalogue.get(t) and catalogue.get(t).string)]
    assert not missing, f"mark them with N_() and {FIX}: {missing}"


# --- choosing the language ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "nl"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "nl_NL.UTF-8"}, "nl"),
        ({"LANG": "C.UTF-8"}, "nl"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "nl_NL.UTF-8"}, "en"),
        ({"LC_MESSAGES": "nl_BE.UTF-8", "LANG": "en_US.UTF-8"}, "nl"),
        ({"LANGUAGE": "en:nl", "LC_ALL": "nl_NL.UTF-8"}, "en"),
        ({"LANGUAGE": "", "LANG": "en"}, "en"),
        ({"LANGUAGE": "fr", "LANG": "en_US"}, "nl"),
    ],
)
def test_language_from_the_locale(environ: dict[str, str], expected: str) -> None:
    assert i18n.language_from_environment(environ) == expected


_NO_LOCALE = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}


def _check(cli_run: RunCli, *args: str, env: dict[str, str | None] | None = None) -> dict[str, object]:
    from click.testing import CliRunner

    from convenantgen.cli import cli

    result = CliRunner(env={"NO_COLOR": "1", **(env or {})}).invoke(cli, ["check", "--format", "json", *args])
    assert result.exit_code == 1, result.output
    document: dict[str, object] = json.loads(result.output)
    return document


def _findings(document: dict[str, object]) -> list[dict[str, object]]:
    found = document["findings"]
    assert isinstance(found, list)
    return found


def test_dutch_and_english_give_the_same_codes_and_places(cli_run: RunCli) -> None:
    english = _findings(_check(cli_run, "--lang", "en", str(SEED)))
    dutch = _findings(_check(cli_run, "--lang", "nl", str(SEED)))
    assert len(english) > 5
    place = ("path", "line", "column", "code", "severity", "element")
    assert [[f[k] for k in place] for f in english] == [[f[k] for k in place] for f in dutch]
    for en, nl in zip(english, dutch, strict=True):
        assert en["hint"] != nl["hint"], en  # every finding of the seed has a hint; it is translated


def test_check_speaks_dutch_by_default_and_english_with_lang_en(cli_run: RunCli) -> None:
    dutch = cli_run("check", str(SEED), "--lang", "nl").output
    english = cli_run("check", str(SEED), "--lang", "en").output
    assert ":194:62: CG101 fout: 2017: totaal 372 is niet 288 + 85 = 373" in dutch
    assert "    tip: verbeter het totaal of de delen, of zet 'berekend: true'" in dutch
    assert "1 bestand gecontroleerd: 5 fout(en), 2 waarschuwing(en)" in dutch
    assert ":194:62: CG101 error: 2017: total 372 is not 288 + 85 = 373" in english
    assert "1 file checked: 5 error(s), 2 warning(s)" in english
    no_locale = _check(cli_run, str(SEED), env=_NO_LOCALE)
    assert no_locale == _check(cli_run, "--lang", "nl", str(SEED))


def test_the_locale_chooses_english(cli_run: RunCli) -> None:
    from_locale = _check(cli_run, str(SEED), env={**_NO_LOCALE, "LANG": "en_US.UTF-8"})
    assert from_locale == _check(cli_run, "--lang", "en", str(SEED))
    assert from_locale != _check(cli_run, "--lang", "nl", str(SEED))


def test_lang_before_the_command_works_too(cli_run: RunCli) -> None:
    result = cli_run("--lang", "nl", "check", str(SEED))
    assert result.output == cli_run("check", "--lang", "nl", str(SEED)).output


def test_every_command_takes_lang(cli_run: RunCli) -> None:
    from convenantgen.cli import cli

    missing = [name for name in cli.commands if "--lang" not in cli_run(name, "--help").output]
    assert not missing
    assert cli_run("check", "--lang", "fr", str(SEED)).exit_code == 2


def test_usage_errors_are_translated(cli_run: RunCli, tmp_path: Path) -> None:
    english = cli_run("check", "--lang", "en", str(tmp_path))
    dutch = cli_run("check", "--lang", "nl", str(tmp_path))
    assert english.exit_code == dutch.exit_code == 2
    assert "no covenant files" in english.output
    assert "no covenant files" not in dutch.output


def test_the_scaffold_comments_follow_the_language(cli_run: RunCli, tmp_path: Path) -> None:
    for lang in ("nl", "en"):
        target = tmp_path / f"{lang}.yaml"
        assert cli_run("new", "nieuw-2027", "--lang", lang, "-o", target).exit_code == 0
        text = target.read_text(encoding="utf-8")
        assert '_("' not in text
        assert max(len(line) for line in text.splitlines() if line.startswith("# ")) <= 90
        assert ("A new covenant" in text) == (lang == "en"), text[:400]
        assert cli_run("check", "--strict", target).exit_code == 0


def _language_in_worker() -> str:
    return i18n.language()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_language_reaches_the_build_workers(language: str) -> None:
    i18n.set_language(language)
    with workers.pool(2) as pool:
        assert list(pool.map(str, [0])) == ["0"]
        assert pool.submit(_language_in_worker).result() == language


def test_the_ten_secretary_mistakes_in_dutch(cli_run: RunCli, tmp_path: Path) -> None:
    """Issue 12: each of the ten common mistakes gives a Dutch message and hint at its place."""
    from test_secretary_mistakes import ten_mistakes

    path = tmp_path / "convenant.yaml"
    path.write_text(ten_mistakes(), encoding="utf-8")
    english = _findings(_check(cli_run, "--lang", "en", str(path)))
    dutch = _findings(_check(cli_run, "--lang", "nl", str(path)))
    place = ("line", "column", "code")
    assert [[f[k] for k in place] for f in english] == [[f[k] for k in place] for f in dutch]
    assert len({f["code"] for f in dutch}) >= 5, dutch
    for en, nl in zip(english, dutch, strict=True):
        assert nl["message"] != en["message"] and nl["hint"] != en["hint"], (en, nl)
    said = "\n".join(f"{f['message']} | {f['hint']}" for f in dutch)
    for words in ("31 december 2028", "schrijf 2028-12-31", "spring in met spaties", "aanhalingstekens"):
        assert words in said, said
