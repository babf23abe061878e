#!/usr/bin/env bash
# Re-extract every message from the code, update the Dutch catalogue and compile it.
#   bash scripts/messages.sh          then translate what it lists, and run it again
# See docs/i18n.md. Deterministic: no line numbers, sorted messages, the header's dates kept.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
LOCALE=src/convenantgen/locale
PO="$LOCALE/nl/LC_MESSAGES/convenantgen.po"
pot="$(mktemp)"
trap 'rm -f "$pot"' EXIT

"$PYBABEL" -q extract -F babel.cfg --no-location --sort-output --project=convenantgen -o "$pot" src templates schemas
"$PYBABEL" -q update -i "$pot" -d "$LOCALE" -D convenantgen -l nl --ignore-obsolete --ignore-pot-creation-date
"$PYBABEL" -q compile -d "$LOCALE" -D convenantgen -l nl --statistics

# what still needs a translator: empty or fuzzy (a changed English text) entries
.venv/bin/python - "$PO" <<'PY'
import sys
from babel.messages.pofile import read_po

with open(sys.argv[1], "rb") as f:
    catalog = read_po(f)
todo = [m for m in catalog if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else (m.string,)))]
for m in todo:
    print(("fuzzy: " if m.fuzzy else "untranslated: ") + repr(m.id))
print(f"{len(todo)} message(s) to translate in {sys.argv[1]}" if todo else "every message is translated")
PY
