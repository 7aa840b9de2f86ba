#include "ice/ice_candidate.hpp"

#include <cctype>
#include <charconv>
#include <vector>

namespace nodertc {

namespace {

std::vector<std::string_view> splitSpaces(std::string_view text) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < text.size() && tokens.size() < 64) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
    if (i > start) tokens.push_back(text.substr(start, i - start));
  }
  return tokens;
}

template <typename T>
std::optional<T> parseNumber(std::string_view text, T max) {
  uint64_t value = 0;
  if (text.empty() || text.size() > 10) return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > max) return std::nullopt;
  return static_cast<T>(value);
}

// RFC 8839 §5.1: ice-char = ALPHA / DIGIT / "+" / "/".
bool isIceChars(std::string_view text, size_t maxLength) {
  if (text.empty() || text.size() > maxLength) return false;
  for (char c : text)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/') return false;
  return true;
}

// A DNS name such as "1f4712db-ea17-4bcf-a596-105139dfd8bf.local".
bool isHostname(std::string_view text) {
  if (text.empty() || text.size() > 253 || text.front() == '.' || text.front() == '-') return false;
  for (char c : text)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_') return false;
  return true;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

uint8_t IceCandidate::typePreference(std::string_view type) {
  if (type == "host") return 126;
  if (type == "prflx") return 110;
  if (type == "srflx") return 100;
  return 0;
}

std::string IceCandidate::toSdp() const {
  std::string out = "candidate:" + foundation + " " + std::to_string(component) + " " + transport + " " +
                    std::to_string(priority) + " " + (hostname.empty() ? address.ipString() : hostname) +
                    " " + std::to_string(port()) + " typ " + type;
  if (related) out += " raddr " + related->ipString() + " rport " + std::to_string(related->port());
  if (!tcpType.empty()) out += " tcptype " + tcpType;
  out += " generation 0";
  if (!ufrag.empty()) out += " ufrag " + ufrag;
  return out;
}

// RFC 8839 §5.1:
// candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP priority SP
//                       connection-address SP port SP cand-type [SP rel-addr] [SP rel-port]
//                       *(SP cand-extension)
std::optional<IceCandidate> IceCandidate::fromSdp(std::string_view attribute) {
  if (attribute.substr(0, 2) == "a=") attribute.remove_prefix(2);
  if (attribute.substr(0, 10) == "candidate:") attribute.remove_prefix(10);
  while (!attribute.empty() && (attribute.back() == '\r' || attribute.back() == '\n')) attribute.remove_suffix(1);
  auto t = splitSpaces(attribute);
  if (t.size() < 8 || t.size() % 2 != 0 || t[6] != "typ") return std::nullopt;

  IceCandidate c;
  if (!isIceChars(t[0], 32)) return std::nullopt;
  c.foundation = std::string(t[0]);
  auto component = parseNumber<uint16_t>(t[1], 256);
  auto priority = parseNumber<uint32_t>(t[3], 0xFFFFFFFFu);
  auto port = parseNumber<uint16_t>(t[5], 65535);
  if (!component || *component == 0 || !priority || !port) return std::nullopt;
  c.component = *component;
  c.priority = *priority;
  c.transport = lower(t[2]);
  if (c.transport != "udp" && c.transport != "tcp") return std::nullopt;
  if (auto address = SocketAddress::fromString(t[4], *port)) {
    c.address = *address;
  } else if (isHostname(t[4])) {
    c.hostname = std::string(t[4]);
    c.hostnamePort = *port;
  } else {
    return std::nullopt;
  }
  c.type = std::string(t[7]);
  if (c.type != "host" && c.type != "srflx" && c.type != "prflx" && c.type != "relay") return std::nullopt;

  std::string_view raddr;
  std::optional<uint16_t> rport;
  for (size_t i = 8; i + 1 < t.size(); i += 2) {
    std::string_view name = t[i], value = t[i + 1];
    if (name == "raddr") {
      raddr = value;
    } else if (name == "rport") {
      if (!(rport = parseNumber<uint16_t>(value, 65535))) return std::nullopt;
    } else if (name == "tcptype") {
      c.tcpType = lower(value);
    } else if (name == "ufrag") {
      if (!isIceChars(value, 256)) return std::nullopt;
      c.ufrag = std::string(value);
    }
  }
  // A related address that is a name (or absent) is not an error: it is only informative.
  if (!raddr.empty()) c.related = SocketAddress::fromString(raddr, rport.value_or(0));
  return c;
}

}  // namespace nodertc
