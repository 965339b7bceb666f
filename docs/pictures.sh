#!/usr/bin/env bash
# Redraws the pictures in docs/ from the bundled example's Q3/2026 report: the Word file's
# first page and its landscape products page (LibreOffice, poppler), the Excel workbook's
# first printed page, and the HTML page on a phone (headless Chromium).
# Run from the repository root: bash docs/pictures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ocop() { cargo run --quiet -- --root examples/viet-khe --today 2026-11-29 "$@"; }
ocop report --quarter 2026-Q3 -o "$work/q3.docx"
ocop report --quarter 2026-Q3 -o "$work/q3.xlsx"
ocop report --quarter 2026-Q3 -o "$work/q3.html"
for f in q3.docx q3.xlsx; do
  soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf --outdir "$work" "$work/$f" >/dev/null
  mv "$work/q3.pdf" "$work/${f%.*}-${f#*.}.pdf"
done
page() { pdftoppm -png -singlefile -f "$2" -l "$2" -scale-to-x "$3" -scale-to-y -1 "$work/$1" "docs/$4"; }
page q3-docx.pdf 1 579 report-docx-page1
page q3-docx.pdf 3 819 report-docx-landscape
page q3-xlsx.pdf 1 819 report-xlsx-page1
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/chromium" \
  --window-size=412,1600 --screenshot="docs/report-html-phone.png" "file://$work/q3.html" 2>/dev/null
