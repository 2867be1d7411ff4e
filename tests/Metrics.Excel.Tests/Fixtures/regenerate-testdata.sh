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

# 3. The 600-school benchmark workbook as LibreOffice saves it (ReaderBenchmarkTests).
METRICS_BENCH_SOURCE="$out/county-600.xlsx" dotnet test "$repo/tests/Metrics.Excel.Tests" \
  --filter "FullyQualifiedName~WriteBenchmarkSource" >/dev/null
soffice --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$out/lo" "$out/county-600.xlsx" >/dev/null
mkdir -p "$data/bench"
cp "$out/lo/county-600.xlsx" "$data/bench/county-600-libreoffice.xlsx"
ls -l "$data/bench"
