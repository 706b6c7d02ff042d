#!/usr/bin/env bash
# Installs what outreach needs on this machine: the system libraries WeasyPrint
# uses (Pango; libharfbuzz-subset0, without which font subsetting falls back to
# a path about 10x slower and not byte-reproducible), then a virtual
# environment in .venv with outreach.
#
#   bash setup.sh          what `outreach build` needs, nothing more
#   bash setup.sh --test   that, and the test and lint tools (pytest, ruff, mypy, translate-toolkit),
#                          Dask distributed (the cluster tests start a LocalCluster on 127.0.0.1),
#                          Debian's gettext (msgfmt) and Debian's Chromium for the browser tests
#                          (Playwright drives it; its own browser download is not used)
set -euo pipefail
cd "$(dirname "$0")"

extras=""
packages_test=()
for arg in "$@"; do
  case "$arg" in
    --test) extras="[test,cluster]"; packages_test=(chromium gettext) ;;
    *) echo "setup: unknown option $arg (use --test for the test and lint tools)" >&2; exit 2 ;;
  esac
done

PYTHON=${PYTHON:-python3}
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 "${packages_test[@]}")

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "setup: outreach needs Python 3.11 or newer as '$PYTHON' (set PYTHON=/path/to/python3.11)" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
  packages+=("python3-venv")
fi

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
      sudo=""
    elif command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      echo "setup: these system packages are missing: ${missing[*]}" >&2
      echo "setup: as root, run: apt-get update && apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
    echo "setup: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "setup: not a Debian system; make sure Pango (>= 1.44) and HarfBuzz with its subset library are installed" >&2
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras}"
echo "setup: ready (.venv/bin/outreach${extras:+; tests: .venv/bin/python -m pytest})"
