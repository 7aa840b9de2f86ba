// An IPv4 or IPv6 address with a port: a small value type over sockaddr_in/sockaddr_in6.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nodertc {

class SocketAddress {
 public:
  SocketAddress() { storage_.sa.sa_family = AF_UNSPEC; }

  // An IP literal ("192.0.2.1", "2001:db8::1", "[2001:db8::1]") and a port; nullopt otherwise.
  static std::optional<SocketAddress> fromString(std::string_view ip, uint16_t port);
  // "192.0.2.1:5000" or "[2001:db8::1]:5000".
  static std::optional<SocketAddress> parse(std::string_view hostAndPort);
  // nullopt unless sa is AF_INET or AF_INET6 and len covers it.
  static std::optional<SocketAddress> fromSockaddr(const sockaddr* sa, socklen_t len);
  // family is AF_INET (4 bytes at ip) or AF_INET6 (16 bytes).
  static SocketAddress fromBytes(int family, const uint8_t* ip, uint16_t port);

  int family() const { return storage_.sa.sa_family; }
  bool isIPv4() const { return family() == AF_INET; }
  bool isIPv6() const { return family() == AF_INET6; }
  bool isSet() const { return isIPv4() || isIPv6(); }

  uint16_t port() const;
  void setPort(uint16_t port);

  // The address in network byte order: 4 or 16 bytes (0 when unset).
  const uint8_t* ipBytes() const;
  size_t ipLength() const { return isIPv4() ? 4 : isIPv6() ? 16 : 0; }

  bool isLoopback() const;
  bool isLinkLocal() const;
  bool isAny() const;

  std::string ipString() const;  // "192.0.2.1", "2001:db8::1"
  std::string toString() const;  // "192.0.2.1:5000", "[2001:db8::1]:5000"

  const sockaddr* sockaddrPtr() const { return &storage_.sa; }
  socklen_t sockaddrLength() const;

  bool operator==(const SocketAddress& other) const;
  bool operator!=(const SocketAddress& other) const { return !(*this == other); }
  size_t hash() const;

 private:
  union Storage {
    sockaddr sa;
    sockaddr_in v4;
    sockaddr_in6 v6;
  } storage_{};
};

struct SocketAddressHash {
  size_t operator()(const SocketAddress& a) const { return a.hash(); }
};

}  // namespace nodertc
