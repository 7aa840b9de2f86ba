#include "net/socket_address.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace nodertc {

std::optional<SocketAddress> SocketAddress::fromString(std::string_view ip, uint16_t port) {
  if (ip.size() >= 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
  char text[INET6_ADDRSTRLEN];
  if (ip.empty() || ip.size() >= sizeof text) return std::nullopt;
  std::memcpy(text, ip.data(), ip.size());
  text[ip.size()] = '\0';

  SocketAddress out;
  if (inet_pton(AF_INET, text, &out.storage_.v4.sin_addr) == 1) {
    out.storage_.v4.sin_family = AF_INET;
  } else if (inet_pton(AF_INET6, text, &out.storage_.v6.sin6_addr) == 1) {
    out.storage_.v6.sin6_family = AF_INET6;
  } else {
    return std::nullopt;
  }
  out.setPort(port);
  return out;
}

std::optional<SocketAddress> SocketAddress::parse(std::string_view hostAndPort) {
  size_t colon = hostAndPort.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view host = hostAndPort.substr(0, colon);
  std::string_view portText = hostAndPort.substr(colon + 1);
  // A bare IPv6 address has colons of its own: it must be bracketed when a port follows.
  if (host.find(':') != std::string_view::npos && host.front() != '[') return std::nullopt;
  unsigned port = 0;
  auto [end, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
  if (ec != std::errc() || end != portText.data() + portText.size() || port > 65535 || portText.empty())
    return std::nullopt;
  return fromString(host, static_cast<uint16_t>(port));
}

std::optional<SocketAddress> SocketAddress::fromSockaddr(const sockaddr* sa, socklen_t len) {
  SocketAddress out;
  if (sa->sa_family == AF_INET && len >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    std::memcpy(&out.storage_.v4, sa, sizeof(sockaddr_in));
  } else if (sa->sa_family == AF_INET6 && len >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    std::memcpy(&out.storage_.v6, sa, sizeof(sockaddr_in6));
  } else {
    return std::nullopt;
  }
  return out;
}

SocketAddress SocketAddress::fromBytes(int family, const uint8_t* ip, uint16_t port) {
  SocketAddress out;
  if (family == AF_INET) {
    out.storage_.v4.sin_family = AF_INET;
    std::memcpy(&out.storage_.v4.sin_addr, ip, 4);
  } else {
    out.storage_.v6.sin6_family = AF_INET6;
    std::memcpy(&out.storage_.v6.sin6_addr, ip, 16);
  }
  out.setPort(port);
  return out;
}

uint16_t SocketAddress::port() const {
  if (isIPv4()) return ntohs(storage_.v4.sin_port);
  if (isIPv6()) return ntohs(storage_.v6.sin6_port);
  return 0;
}

void SocketAddress::setPort(uint16_t port) {
  if (isIPv4()) storage_.v4.sin_port = htons(port);
  if (isIPv6()) storage_.v6.sin6_port = htons(port);
}

const uint8_t* SocketAddress::ipBytes() const {
  if (isIPv4()) return reinterpret_cast<const uint8_t*>(&storage_.v4.sin_addr);
  return reinterpret_cast<const uint8_t*>(&storage_.v6.sin6_addr);
}

bool SocketAddress::isLoopback() const {
  if (isIPv4()) return ipBytes()[0] == 127;
  return isIPv6() && IN6_IS_ADDR_LOOPBACK(&storage_.v6.sin6_addr);
}

bool SocketAddress::isLinkLocal() const {
  if (isIPv4()) return ipBytes()[0] == 169 && ipBytes()[1] == 254;
  return isIPv6() && IN6_IS_ADDR_LINKLOCAL(&storage_.v6.sin6_addr);
}

bool SocketAddress::isAny() const {
  if (isIPv4()) return storage_.v4.sin_addr.s_addr == htonl(INADDR_ANY);
  return isIPv6() && IN6_IS_ADDR_UNSPECIFIED(&storage_.v6.sin6_addr);
}

std::string SocketAddress::ipString() const {
  char text[INET6_ADDRSTRLEN] = "";
  if (!isSet() || !inet_ntop(family(), ipBytes(), text, sizeof text)) return std::string();
  return text;
}

std::string SocketAddress::toString() const {
  if (isIPv6()) return "[" + ipString() + "]:" + std::to_string(port());
  return ipString() + ":" + std::to_string(port());
}

socklen_t SocketAddress::sockaddrLength() const {
  if (isIPv4()) return sizeof(sockaddr_in);
  if (isIPv6()) return sizeof(sockaddr_in6);
  return 0;
}

bool SocketAddress::operator==(const SocketAddress& other) const {
  if (family() != other.family()) return false;
  if (isIPv4())
    return storage_.v4.sin_port == other.storage_.v4.sin_port &&
           storage_.v4.sin_addr.s_addr == other.storage_.v4.sin_addr.s_addr;
  if (isIPv6())
    return storage_.v6.sin6_port == other.storage_.v6.sin6_port &&
           storage_.v6.sin6_scope_id == other.storage_.v6.sin6_scope_id &&
           std::memcmp(&storage_.v6.sin6_addr, &other.storage_.v6.sin6_addr, 16) == 0;
  return true;
}

size_t SocketAddress::hash() const {
  // FNV-1a over family, port and address bytes.
  uint64_t h = 1469598103934665603ull;
  auto mix = [&h](uint8_t byte) { h = (h ^ byte) * 1099511628211ull; };
  mix(static_cast<uint8_t>(family()));
  uint16_t p = port();
  mix(static_cast<uint8_t>(p >> 8));
  mix(static_cast<uint8_t>(p));
  const uint8_t* ip = ipBytes();
  for (size_t i = 0; i < ipLength(); ++i) mix(ip[i]);
  return static_cast<size_t>(h);
}

}  // namespace nodertc
