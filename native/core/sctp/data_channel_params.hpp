// What a data channel is (RFC 8831 §6.4, RFC 8832 §5.1) and how its messages are tagged (RFC 8831 §8).
#pragma once

#include <cstdint>
#include <string>

namespace nodertc {

enum class MessageType { String, Binary };

// DCEP channel types without the unordered bit (RFC 8832 §5.1).
enum class Reliability { Reliable, Rexmit, Timed };

struct ChannelParams {
  std::string label, protocol;
  bool ordered = true;
  Reliability reliability = Reliability::Reliable;
  uint32_t reliabilityParameter = 0;  // max retransmissions (Rexmit) or lifetime in ms (Timed)
  uint16_t priority = 256;            // RFC 8832 §5.1: 256 is "normal"
};

// SCTP Payload Protocol Identifiers of WebRTC (RFC 8831 §8).
enum Ppid : uint32_t {
  kPpidDcep = 50,
  kPpidString = 51,
  kPpidStringPartial = 52,  // deprecated
  kPpidBinary = 53,
  kPpidBinaryPartial = 54,  // deprecated
  kPpidStringEmpty = 56,
  kPpidBinaryEmpty = 57,
};

}  // namespace nodertc
