// An ICE candidate and its SDP "candidate" attribute (RFC 8839 §5.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "net/socket_address.hpp"

namespace nodertc {

struct IceCandidate {
  std::string foundation;
  uint16_t component = 1;
  std::string transport = "udp";  // lower case
  uint32_t priority = 0;
  SocketAddress address;          // unset for a hostname candidate
  std::string type = "host";      // host | srflx | prflx | relay
  std::optional<SocketAddress> related;
  std::string tcpType;            // active | passive | so, for tcp
  std::string ufrag;              // from the "ufrag" extension, if present
  std::string hostname;           // an unresolved name such as "xyz.local": parsed, not used yet
  uint16_t hostnamePort = 0;      // the port of a hostname candidate

  uint16_t port() const { return hostname.empty() ? address.port() : hostnamePort; }
  // A UDP candidate with an IP address: the kind this agent pairs.
  bool isPairable() const { return transport == "udp" && hostname.empty() && address.isSet(); }

  // "candidate:1 1 udp 2122260223 198.18.0.1 50000 typ host generation 0 ufrag abcd" (no "a=").
  std::string toSdp() const;
  // Accepts the line with or without "a=" and "candidate:"; unknown extensions are skipped.
  static std::optional<IceCandidate> fromSdp(std::string_view attribute);

  // RFC 8445 §5.1.2.2: 126 host, 110 prflx, 100 srflx, 0 relay.
  static uint8_t typePreference(std::string_view type);
  // RFC 8445 §5.1.2.1.
  static uint32_t computePriority(uint8_t typePreference, uint16_t localPreference, uint16_t component) {
    return (uint32_t(typePreference) << 24) | (uint32_t(localPreference) << 8) | (256u - component);
  }
  // RFC 8445 §7.1.1: the priority the candidate with this priority would have as peer-reflexive.
  static uint32_t peerReflexivePriority(uint32_t priority) {
    return computePriority(typePreference("prflx"), static_cast<uint16_t>(priority >> 8),
                           static_cast<uint16_t>(256 - (priority & 0xFF)));
  }
};

}  // namespace nodertc
