#!/usr/bin/env bash
# Regenerates data/gazetteer/countries.tsv and places.tsv.
# Needs: python3 (3.11+), npm, and Debian's word lists (installed below when
# missing, which needs root). Nothing is installed outside /tmp except the
# Debian word-list packages.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1
here="$(cd "$(dirname "$0")" && pwd)"
venv="${VENV:-/tmp/venv-data}"
export CLDR_NPM="${CLDR_NPM:-/tmp/cldr-npm}"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q -r "$here/requirements.txt"

if [ ! -f "$CLDR_NPM/node_modules/cldr-localenames-full/package.json" ]; then
  mkdir -p "$CLDR_NPM"
  npm install --no-audit --no-fund --prefix "$CLDR_NPM" cldr-localenames-full@48.2.0
fi

missing=""
for f in american-english british-english french ngerman spanish; do
  [ -f "/usr/share/dict/$f" ] || missing=1
done
if [ -n "$missing" ]; then
  apt-get install -y -q wamerican wbritish wfrench wngerman wspanish
fi

cd "$here"
"$venv/bin/python" gen_countries.py
"$venv/bin/python" gen_places.py
