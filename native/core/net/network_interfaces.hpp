// The local addresses to gather host candidates on (RFC 8445 §5.1.1.1).
#pragma once

#include <string>
#include <vector>

#include "net/socket_address.hpp"

namespace nodertc {

struct InterfaceAddress {
  std::string name;       // interface name, e.g. "eth0"
  SocketAddress address;  // port 0
};

// Addresses of interfaces that are up, IPv6 first, then IPv4, each family in interface order.
// Skipped: IPv6 link-local, deprecated, tentative and duplicate (DAD-failed) addresses, and
// stable IPv6 addresses that share interface and /64 with a temporary one (§5.1.1.1: they allow
// location tracking). allowList holds interface names or addresses; when it is empty, every
// interface qualifies but loopback addresses are used only when no other address exists.
std::vector<InterfaceAddress> listInterfaceAddresses(const std::vector<std::string>& allowList);

}  // namespace nodertc
