#!/usr/bin/env bash
# The UI tests drive Debian's Chromium through playwright-core (never a downloaded browser).
# Installs it when missing and we are allowed to (root with apt-get); otherwise says what to do.
set -euo pipefail
CHROMIUM="${VSPLESK_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the UI tests…" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  exit 0
fi
echo "The UI tests need Chromium at $CHROMIUM: sudo apt-get install chromium (or set VSPLESK_CHROMIUM)." >&2
exit 1
