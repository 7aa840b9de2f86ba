// A native event on its way to JS: which object (handle), what happened (code) and up to two values.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace nodertc {

// Codes shared with lib/native.ts (NativeEvent).
enum class EventCode : uint8_t {
  IceCandidate = 1,
  IceGatheringComplete = 2,
  IceState = 3,
  IceSelectedPair = 4,
  DtlsState = 5,
  SctpState = 6,
  ChannelRemoteOpen = 7,
  ChannelOpen = 8,
  ChannelMessage = 9,
  ChannelSent = 10,
  ChannelClosed = 11,
  ChannelError = 12,
};

struct ChannelInitValue {
  std::string label, protocol;
  bool ordered = true;
  int64_t maxRetransmits = -1;
  int64_t maxPacketLifeTime = -1;
  uint16_t priority = 256;
};

// A binary payload, handed to JS as a Buffer.
struct BytesValue {
  std::vector<uint8_t> data;
};

using EventValue = std::variant<std::monostate, double, std::string, BytesValue, ChannelInitValue>;

struct Event {
  uint32_t handle = 0;
  EventCode code{};
  EventValue a, b;
};

}  // namespace nodertc
