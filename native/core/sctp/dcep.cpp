#include "sctp/dcep.hpp"

namespace nodertc {
namespace dcep {

namespace {

// Channel Type values (RFC 8832 §5.1): the high bit asks for unordered delivery.
constexpr uint8_t kUnorderedBit = 0x80;
constexpr uint8_t kTypeReliable = 0x00;
constexpr uint8_t kTypeRexmit = 0x01;
constexpr uint8_t kTypeTimed = 0x02;

// Message Type (1), Channel Type (1), Priority (2), Reliability Parameter (4),
// Label Length (2), Protocol Length (2).
constexpr size_t kOpenHeaderSize = 12;

uint16_t readU16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
uint32_t readU32(const uint8_t* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}
void writeU16(std::vector<uint8_t>& out, uint16_t v) {
  out.push_back(uint8_t(v >> 8));
  out.push_back(uint8_t(v));
}
void writeU32(std::vector<uint8_t>& out, uint32_t v) {
  writeU16(out, uint16_t(v >> 16));
  writeU16(out, uint16_t(v));
}

uint8_t channelType(const ChannelParams& params) {
  uint8_t type = kTypeReliable;
  if (params.reliability == Reliability::Rexmit) type = kTypeRexmit;
  if (params.reliability == Reliability::Timed) type = kTypeTimed;
  return params.ordered ? type : type | kUnorderedBit;
}

std::optional<Message> parseOpen(const uint8_t* data, size_t size) {
  if (size < kOpenHeaderSize) return std::nullopt;
  Message message{MessageType::Open, {}};
  ChannelParams& params = message.params;
  uint8_t type = data[1];
  params.ordered = (type & kUnorderedBit) == 0;
  switch (type & ~kUnorderedBit) {
    case kTypeReliable: params.reliability = Reliability::Reliable; break;
    case kTypeRexmit: params.reliability = Reliability::Rexmit; break;
    case kTypeTimed: params.reliability = Reliability::Timed; break;
    default: return std::nullopt;
  }
  params.priority = readU16(data + 2);
  // RFC 8832 §5.1: for reliable channels the parameter is ignored.
  if (params.reliability != Reliability::Reliable) params.reliabilityParameter = readU32(data + 4);
  size_t labelLength = readU16(data + 8);
  size_t protocolLength = readU16(data + 10);
  if (size < kOpenHeaderSize + labelLength + protocolLength) return std::nullopt;
  const char* text = reinterpret_cast<const char*>(data + kOpenHeaderSize);
  params.label.assign(text, labelLength);
  params.protocol.assign(text + labelLength, protocolLength);
  return message;
}

}  // namespace

std::vector<uint8_t> encodeOpen(const ChannelParams& params) {
  std::vector<uint8_t> out;
  if (params.label.size() > 0xffff || params.protocol.size() > 0xffff) return out;
  out.reserve(kOpenHeaderSize + params.label.size() + params.protocol.size());
  out.push_back(uint8_t(MessageType::Open));
  out.push_back(channelType(params));
  writeU16(out, params.priority);
  writeU32(out, params.reliability == Reliability::Reliable ? 0 : params.reliabilityParameter);
  writeU16(out, uint16_t(params.label.size()));
  writeU16(out, uint16_t(params.protocol.size()));
  out.insert(out.end(), params.label.begin(), params.label.end());
  out.insert(out.end(), params.protocol.begin(), params.protocol.end());
  return out;
}

std::vector<uint8_t> encodeAck() { return {uint8_t(MessageType::Ack)}; }

std::optional<Message> parse(const uint8_t* data, size_t size) {
  if (size == 0) return std::nullopt;
  switch (static_cast<MessageType>(data[0])) {
    case MessageType::Open: return parseOpen(data, size);
    case MessageType::Ack: return Message{MessageType::Ack, {}};
  }
  return std::nullopt;
}

}  // namespace dcep
}  // namespace nodertc
