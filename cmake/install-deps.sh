#!/usr/bin/env bash
# Installs everything Herald needs on Debian 12: build tools and libraries, and with --test the real
# test peers (PostgreSQL 15, an SMTP server). Idempotent; uses sudo when not root.
set -euo pipefail
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
build_pkgs=(cmake ninja-build g++ pkg-config
  libboost-dev libboost-filesystem-dev libboost-system-dev libboost-iostreams-dev zlib1g-dev
  libspdlog-dev libfmt-dev libsoci-dev libsqlite3-dev sqlite3 libpq-dev libcurl4-openssl-dev libssl-dev
  libhowardhinnant-date-dev tzdata libcsv-dev libcli11-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev)
test_pkgs=(postgresql-15 python3-aiosmtpd openssl ca-certificates)
pkgs=("${build_pkgs[@]}")
[ "${1:-}" = "--test" ] && pkgs+=("${test_pkgs[@]}")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
