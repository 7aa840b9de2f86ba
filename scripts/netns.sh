#!/usr/bin/env bash
# The private network the test suite runs in (root only). Namespace nodertc-test holds lo (up) and
# both ends of a veth pair: nrt0 198.18.0.1/24 and nrt1 198.18.0.2/24. There is no default route
# and no link to the machine's own namespace, so nothing sent inside can leave the machine.
# (The ends are not named veth*: werift skips interfaces with that prefix.)
#   netns.sh up            create it (idempotent)
#   netns.sh down          delete it and its links (idempotent)
#   netns.sh exec CMD...   run CMD inside it (sets it up first)
set -euo pipefail

NS=nodertc-test
END_A=nrt0
END_B=nrt1
ADDR_A=198.18.0.1/24
ADDR_B=198.18.0.2/24

inside() { ip netns exec "$NS" "$@"; }

exists() { [ -e "/run/netns/$NS" ]; }

up() {
  exists || ip netns add "$NS"
  inside ip link set lo up
  if ! inside ip link show "$END_A" >/dev/null 2>&1; then
    ip link add "$END_A" netns "$NS" type veth peer name "$END_B" netns "$NS"
  fi
  # IPv4 only on the pair: no link-local IPv6 candidates, no duplicate address detection delay.
  inside sysctl -qw "net.ipv6.conf.$END_A.disable_ipv6=1" "net.ipv6.conf.$END_B.disable_ipv6=1"
  inside ip addr replace "$ADDR_A" dev "$END_A"
  inside ip addr replace "$ADDR_B" dev "$END_B"
  inside ip link set "$END_A" up
  inside ip link set "$END_B" up
}

down() {
  if exists; then ip netns del "$NS"; fi
}

if [ "$(id -u)" != 0 ]; then
  echo "netns.sh: needs root (ip netns)" >&2
  exit 1
fi

case "${1:-}" in
  up) up ;;
  down) down ;;
  exec)
    shift
    [ $# -gt 0 ] || { echo "usage: netns.sh exec CMD..." >&2; exit 2; }
    up
    exec ip netns exec "$NS" "$@"
    ;;
  *)
    echo "usage: netns.sh up|down|exec CMD..." >&2
    exit 2
    ;;
esac
