#!/usr/bin/env bash
# Regenerates the committed test data under tests/TestData:
#   bad/                 one-defect workbooks (BadWorkbookCorpus), written by the generator test;
#   libreoffice/         county-source.xlsx (written by the generator test) converted by LibreOffice
#                        into county-libreoffice.xlsx, plus an old .xls (county-old.xls).
# Needs LibreOffice (apt-get install -y libreoffice-calc). Run from anywhere.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
data="$repo/tests/TestData"
mkdir -p "$data/bad" "$data/libreoffice"

# 1. C#-generated files (the corpus and the LibreOffice source). The first run fails where committed files differ.
METRICS_WRITE_TESTDATA="$data" dotnet test "$repo/tests/Metrics.Excel.Tests" \
  --filter "FullyQualifiedName~Generate_ToTempDirectory_MatchesCommittedFilesInContent" || true

# 2. LibreOffice conversions, in a private profile so a running office is not disturbed.
profile="$(mktemp -d)"
out="$(mktemp -d)"
trap 'rm -rf "$profile" "$out"' EXIT
soffice() { command soffice "-env:UserInstallation=file://$profile" --headless "$@"; }

src="$data/libreoffice/county-source.xlsx"
soffice --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$out" "$src" >/dev/null
cp "$out/county-source.xlsx" "$data/libreoffice/county-libreoffice.xlsx"

soffice --convert-to 'xls:MS Excel 97' --outdir "$out" "$src" >/dev/null
cp "$out/county-source.xls" "$data/libreoffice/county-old.xls"

# An encrypted .xlsx is not made here: LibreOffice 7.4 ignores the EncryptFile/DocumentPassword filter
# options (and the UNO Password property) for xlsx, and Debian's msoffcrypto-tool 5.0 cannot encrypt.
# BadWorkbookCorpus writes one instead with a small compound-file writer (Builders/CompoundFileWriter.cs).

ls -l "$data/libreoffice"
