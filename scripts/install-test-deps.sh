#!/usr/bin/env bash
# Installs what the tests need beyond Python packages, only where it is missing:
# Debian's Chromium and Firefox (no browser downloads are possible here),
# hunspell with the Dutch dictionary, nginx, Java for the HTML checker,
# poppler-utils (pdftotext and pdftoppm, for the print tests), Hugo (a peer in
# make bench), and the npm test tools from package-lock.json (axe-core,
# vnu-jar, puppeteer-core).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
need() { # need COMMAND-OR-FILE DEBIAN-PACKAGE
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -e "$1" ]; then missing+=("$2"); fi
}
need chromium chromium
need firefox-esr firefox-esr
need hunspell hunspell
need /usr/share/hunspell/nl_NL.dic hunspell-nl
need nginx nginx
need java default-jre-headless
need node nodejs
need npm npm
need pdftotext poppler-utils
need hugo hugo  # a peer in make bench (bench/bench.py)

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm test tools"
  npm ci --no-fund --no-audit --ignore-scripts >/dev/null
fi
