#include "net/network_interfaces.hpp"

#include <ifaddrs.h>
#include <net/if.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace nodertc {

namespace {

// Address flags from <linux/if_addr.h>, read from /proc/net/if_inet6.
constexpr unsigned kIfaTemporary = 0x01;
constexpr unsigned kIfaDadFailed = 0x08;
constexpr unsigned kIfaDeprecated = 0x20;
constexpr unsigned kIfaTentative = 0x40;

struct Inet6Flags {
  uint8_t address[16];
  unsigned flags;
};

// /proc/net/if_inet6 lines: address (32 hex digits), ifindex, prefix length, scope, flags, name.
std::vector<Inet6Flags> readInet6Flags() {
  std::vector<Inet6Flags> out;
  FILE* file = std::fopen("/proc/net/if_inet6", "r");
  if (!file) return out;
  char hex[33];
  unsigned index, prefix, scope, flags;
  char name[IFNAMSIZ + 1];
  for (int line = 0; line < 4096; ++line) {
    if (std::fscanf(file, "%32s %x %x %x %x %16s", hex, &index, &prefix, &scope, &flags, name) != 6)
      break;
    Inet6Flags entry{};
    entry.flags = flags;
    bool valid = std::strlen(hex) == 32;
    for (int i = 0; valid && i < 16; ++i) {
      unsigned byte;
      valid = std::sscanf(hex + 2 * i, "%2x", &byte) == 1;
      entry.address[i] = static_cast<uint8_t>(byte);
    }
    if (valid) out.push_back(entry);
  }
  std::fclose(file);
  return out;
}

unsigned flagsOf(const std::vector<Inet6Flags>& table, const SocketAddress& address) {
  for (const auto& entry : table)
    if (std::memcmp(entry.address, address.ipBytes(), 16) == 0) return entry.flags;
  return 0;
}

bool allowed(const std::vector<std::string>& allowList, const InterfaceAddress& candidate) {
  std::string ip = candidate.address.ipString();
  return std::any_of(allowList.begin(), allowList.end(),
                     [&](const std::string& entry) { return entry == candidate.name || entry == ip; });
}

}  // namespace

std::vector<InterfaceAddress> listInterfaceAddresses(const std::vector<std::string>& allowList) {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return {};
  const auto inet6Flags = readInet6Flags();

  struct Found {
    InterfaceAddress entry;
    unsigned flags;
    bool loopback;
  };
  std::vector<Found> found;
  for (ifaddrs* ifa = list; ifa; ifa = ifa->ifa_next) {
    if (!ifa->ifa_addr || !(ifa->ifa_flags & IFF_UP)) continue;
    socklen_t length = ifa->ifa_addr->sa_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
    auto address = SocketAddress::fromSockaddr(ifa->ifa_addr, length);
    if (!address || address->isAny()) continue;
    if (address->isIPv6() && address->isLinkLocal()) continue;
    address->setPort(0);
    unsigned flags = address->isIPv6() ? flagsOf(inet6Flags, *address) : 0;
    if (flags & (kIfaDeprecated | kIfaTentative | kIfaDadFailed)) continue;
    bool loopback = (ifa->ifa_flags & IFF_LOOPBACK) || address->isLoopback();
    found.push_back({{ifa->ifa_name, *address}, flags, loopback});
  }
  freeifaddrs(list);

  auto sharesPrefixWithTemporary = [&](const Found& f) {
    if (!f.entry.address.isIPv6() || (f.flags & kIfaTemporary)) return false;
    return std::any_of(found.begin(), found.end(), [&](const Found& other) {
      return (other.flags & kIfaTemporary) && other.entry.name == f.entry.name &&
             std::memcmp(other.entry.address.ipBytes(), f.entry.address.ipBytes(), 8) == 0;
    });
  };
  bool anyNonLoopback = std::any_of(found.begin(), found.end(), [](const Found& f) { return !f.loopback; });

  std::vector<InterfaceAddress> out;
  for (int family : {AF_INET6, AF_INET}) {
    for (const auto& f : found) {
      if (f.entry.address.family() != family || sharesPrefixWithTemporary(f)) continue;
      bool take = allowList.empty() ? (!f.loopback || !anyNonLoopback) : allowed(allowList, f.entry);
      if (take) out.push_back(f.entry);
    }
  }
  return out;
}

}  // namespace nodertc
