#!/bin/sh
# Installs the Debian packages slacredit needs to build and test, when any is missing.
# Safe to run repeatedly: it does nothing when everything is present.
set -eu

PKGS="gcc make pkg-config libcsv-dev libpcre2-dev libjansson-dev libinih-dev \
libcurl4-openssl-dev libssl-dev libcunit1-dev libsqlite3-dev sqlite3 tzdata \
python3 openssl valgrind python3-jsonschema clang libclang-rt-14-dev chromium fonts-dejavu-core \
prometheus prometheus-blackbox-exporter"

# `make bench` alone also needs node and npm (DuckDB's node package is its
# anchor): scripts/install-deps.sh --bench.
if [ "${1:-}" = "--bench" ]; then
    PKGS="$PKGS nodejs npm"
fi

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done

[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
