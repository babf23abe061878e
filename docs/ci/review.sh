#!/usr/bin/env bash
# The review material of a change, for CI (docs/review.md, "GitHub Actions" and "GitLab CI"):
#   bash docs/ci/review.sh BASE COVENANTS OUT
# writes
#   OUT/diff.md              convenantgen diff --git BASE --format markdown, followed by each
#                            new version against the version it replaces (vorige_versie);
#   OUT/redline/NAME.html    the redline of each pair that pairs.py lists, and NAME.pdf;
#   OUT/wijziging/           the wijzigingsconvenant of each pair (convenantgen amend, HTML and PDF).
# An empty BASE means there is nothing to compare with (the first commit). A diff or redline
# that fails is a warning (the check step reports the covenant's problems); the script fails
# only when git or its own arguments do. Needs convenantgen and python3 with PyYAML on PATH.
set -euo pipefail
if [ "$#" -ne 3 ]; then
  echo "usage: review.sh BASE COVENANTS OUT" >&2
  exit 2
fi
base=$1 covenants=$2 out=$3
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out/redline" "$out/wijziging"
md="$out/diff.md"

warn() {
  if [ "${GITHUB_ACTIONS:-}" = true ]; then echo "::warning title=convenantgen diff::$1"; else echo "warning: $1"; fi
}

if [ -z "$base" ]; then
  echo "*No earlier revision to compare with: nothing to review.*" > "$md"
  exit 0
fi

convenantgen diff --git "$base" --format markdown "$covenants" > "$md" \
  || warn "the diff against $base did not complete; see the log"

python3 "$here/pairs.py" "$base" "$covenants" > "$out/pairs.tsv"
tab="$(printf '\t')"
while IFS="$tab" read -r old new name; do
  convenantgen diff "$old" "$new" -o "$out/redline/$name.html" --pdf "$out/redline/$name.pdf" \
    || warn "no redline for $new; see the log"
  convenantgen amend "$old" "$new" -o "$out/wijziging" --pdf \
    || warn "no wijzigingsconvenant for $new: the log names each change it cannot state"
  case "$old" in
    "$base":*) ;; # changed in place: already in the diff above
    *)
      printf '\n---\n\n`%s` is a new version of `%s`; against it:\n\n' "$new" "$old" >> "$md"
      convenantgen diff "$old" "$new" --format markdown > "$out/pair.md" \
        || warn "the diff of $new against $old did not complete; see the log"
      # without the comment marker its Markdown starts with: the one at the top is the comment's
      sed '1{/^<!-- convenantgen-diff -->$/d}' "$out/pair.md" >> "$md"
      rm -f "$out/pair.md"
      ;;
  esac
done < "$out/pairs.tsv"
