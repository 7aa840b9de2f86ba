#!/usr/bin/env bash
# Installs the Debian packages nodertc builds and tests with. Idempotent: installs only what is missing.
# Usage: scripts/install-deps.sh [--test]   (--test adds Chromium, coturn, aiortc and iproute2)
set -euo pipefail

packages=(build-essential cmake pkg-config python3 libssl-dev libusrsctp-dev libsrtp2-dev)
if [ "${1:-}" = "--test" ]; then
  packages+=(chromium iproute2 coturn python3-aiortc)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "nodertc: missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
