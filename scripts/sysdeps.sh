#!/usr/bin/env bash
# System packages the tests and reports need: Debian chromium for browser tests,
# WeasyPrint's libraries for PDF, poppler-utils for reading PDFs back, and npm axe-core.
# Installs what is missing when run as root; otherwise says what is missing and goes on
# (the tests that need it then skip and say why).
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
for lib in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 libglib2.0-0 fonts-dejavu-core fonts-liberation; do
  dpkg -s "$lib" >/dev/null 2>&1 || need+=("$lib")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "Missing system packages (install them as root for the full test suite): ${need[*]}"
  fi
fi
if [ -f package-lock.json ] && [ ! -d node_modules/axe-core ] && command -v npm >/dev/null 2>&1; then
  npm ci --silent --no-audit --no-fund || echo "npm ci failed: accessibility tests will skip"
fi
exit 0
