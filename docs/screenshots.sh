#!/usr/bin/env bash
# Regenerate the screenshots of docs/site.md (docs/img/site-*.png, voortgang-*.png), of
# docs/review.md (docs/img/review-*.png, renvooi-*.png, wijziging-*.png) and the PDF pages of
# docs/pdf.md and the README (docs/img/pdf-*.png, gooi-en-vechtstreek-pagina-3.png) from
# convenants/, in headless Debian Chromium and pdftoppm:
#   docs/screenshots.sh            # all of them
#   docs/screenshots.sh pdf        # only the PDF pages (needs only the venv and pdftoppm)
#   docs/screenshots.sh review     # only those of docs/review.md (site: only those of site.md)
# Needs the venv (.venv), the npm packages of tests/a11y (npm ci --prefix tests/a11y),
# /usr/bin/chromium and pdftoppm (poppler-utils). The site is built for 1 March 2019.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cg=.venv/bin/convenantgen
img=$PWD/docs/img

what=${1:-all}
case "$what" in all | site | review | pdf) ;; *) echo "usage: docs/screenshots.sh [all|site|review|pdf]" >&2; exit 2 ;; esac

# shot NAME.png FILE WIDTH HEIGHT [#fragment]: the top HEIGHT px of the page (from the fragment)
shot() { node tests/a11y/screenshot.js "$img/$1" "$2" "$3" "$4" "${5:-}"; }

if [ "$what" = all ] || [ "$what" = pdf ]; then
# Every page of the two covenants as 'build' writes them (docs/pdf.md, Layout), and page 3 of
# Gooi en Vechtstreek for the README.
"$cg" build convenants/gooi-en-vechtstreek-2015.yaml convenants/zuid-kennemerland-ijmond-2019.yaml \
  -o "$tmp/pdf" >/dev/null 2>&1
rm -f "$img"/pdf-*.png
for id in gooi-en-vechtstreek-2015 zuid-kennemerland-ijmond-2019; do
  pdftoppm -r 60 -png "$tmp/pdf/$id.pdf" "$img/pdf-$id-pagina"
done
pdftoppm -f 3 -l 3 -r 60 -png -singlefile "$tmp/pdf/gooi-en-vechtstreek-2015.pdf" "$img/gooi-en-vechtstreek-pagina-3"
# Zuid-Kennemerland en IJmond 2019 with what its original does not have: initials boxes and a
# closing formula (title page and first signature page).
mkdir -p "$tmp/extra"
sed 's/^ondertekening:$/ondertekening:\n  paraaf: true\n  slotformule:\n    plaats: Haarlem/' \
  convenants/zuid-kennemerland-ijmond-2019.yaml > "$tmp/extra/zuid-kennemerland-ijmond-2019.yaml"
"$cg" build "$tmp/extra/zuid-kennemerland-ijmond-2019.yaml" -o "$tmp/extra/out" >/dev/null 2>&1
extra=$tmp/extra/out/zuid-kennemerland-ijmond-2019.pdf
signing=$(pdftotext "$extra" - | awk -v RS='\f' '/Ondertekening:/ {print NR; exit}')
for page in 1 "$signing"; do
  pdftoppm -f "$page" -l "$page" -r 60 -png -singlefile "$extra" "$img/pdf-paraaf-slotformule-pagina-$page"
done
fi

if [ "$what" = all ] || [ "$what" = site ]; then
"$cg" site convenants/ -o "$tmp/site" --today 2019-03-01 >/dev/null
"$cg" report convenants/zuid-kennemerland-ijmond-2019.yaml -o "$tmp/report" >/dev/null
site=$tmp/site
gooi=$site/gooi-en-vechtstreek-2015/index.html
zk=$site/zuid-kennemerland-ijmond-2019/index.html
shot site-index-1280.png "$site/index.html" 1280 760
shot site-index-390.png "$site/index.html" 390 1250
shot site-convenant-1280.png "$gooi" 1280 1500
shot site-convenant-390.png "$gooi" 390 1500
shot site-ondertekening-1280.png "$gooi" 1280 520 '#kop-ondertekening'
shot site-voortgang-1280.png "$zk" 1280 1000 '#kop-voortgang'
shot site-rapport-390.png "$site/zuid-kennemerland-ijmond-2019/voortgang.html" 390 1200

# The voortgangsrapportage as 'convenantgen report' writes it (docs/site.md, Voortgang).
report=$tmp/report/zuid-kennemerland-ijmond-2019-voortgang
shot voortgang-zuid-kennemerland-1280.png "$report.html" 1280 1700
shot voortgang-zuid-kennemerland-390.png "$report.html" 390 1500
pdftoppm -f 2 -l 2 -r 60 -png -singlefile "$report.pdf" "$img/voortgang-zuid-kennemerland-pdf-pagina-2"
fi

if [ "$what" = all ] || [ "$what" = review ]; then
# The redline of docs/review.md: the two versions of the Gooi covenant that bench/bench.py compares.
.venv/bin/python -c "import sys, pathlib; sys.path.insert(0, 'bench'); import bench; bench.gooi_versions(pathlib.Path('$tmp/diff'))"
(cd "$tmp/diff" && "$OLDPWD/$cg" diff gooi-oud.yaml gooi-nieuw.yaml -o renvooi.html --pdf renvooi.pdf 2>/dev/null)
shot renvooi-1280.png "$tmp/diff/renvooi.html" 1280 1000
shot renvooi-artikelen-1280.png "$tmp/diff/renvooi.html" 1280 1600 '#kop-artikel-1'
shot renvooi-390.png "$tmp/diff/renvooi.html" 390 1500
pdftoppm -f 3 -l 3 -r 60 -png -singlefile "$tmp/diff/renvooi.pdf" "$img/renvooi-pdf-pagina-3"
# The wijzigingsconvenant of the Zuid-Kennemerland pair (docs/review.md, Wijzigingsconvenant).
"$cg" amend convenants/zuid-kennemerland-ijmond-2015.yaml convenants/zuid-kennemerland-ijmond-2019.yaml \
  -o "$tmp/amend" --pdf >/dev/null 2>&1
for page in 2 3; do
  pdftoppm -f $page -l $page -r 60 -png -singlefile "$tmp/amend/zuid-kennemerland-ijmond-2019-wijziging.pdf" \
    "$img/wijziging-zuid-kennemerland-pagina-$page"
done

# docs/review.md: the pull-request comment (the Markdown of 'diff', rendered as GitHub would by
# docs/ci/preview.py) and the redline, for the Zuid-Kennemerland en IJmond versions of 2015 and 2019.
zk2015=convenants/zuid-kennemerland-ijmond-2015.yaml
zk2019=convenants/zuid-kennemerland-ijmond-2019.yaml
"$cg" diff "$zk2015" "$zk2019" --format markdown > "$tmp/diff.md"
run=https://github.com/regio/convenanten/actions/runs/1
.venv/bin/python docs/ci/comment.py print "$tmp/diff.md" --link "Redline and wijzigingsconvenant (HTML, PDF)=$run/artifacts/2" \
  --link "Job summary and the built PDFs=$run" > "$tmp/comment.md"
.venv/bin/python docs/ci/preview.py "$tmp/comment.md" "$tmp/comment.html"
.venv/bin/python docs/ci/preview.py "$tmp/comment.md" "$tmp/comment-open.html" --open
shot review-comment.png "$tmp/comment.html" 1280 full
shot review-comment-details.png "$tmp/comment-open.html" 1280 1500 '#details'
"$cg" diff "$zk2015" "$zk2019" -o "$tmp/redline.html" 2>/dev/null
shot review-redline.png "$tmp/redline.html" 1280 1400 '#titel'
fi
echo "wrote the screenshots ($what) to docs/img"
