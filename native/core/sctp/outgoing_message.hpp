// What waits in a transport's send queue for usrsctp to take it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace nodertc {

// What usrsctp is told about a message besides its bytes (RFC 8831 §6.6).
struct Envelope {
  uint16_t streamId = 0;
  uint32_t ppid = 0;
  bool unordered = false;
  uint16_t prPolicy = 0;  // SCTP_PR_SCTP_NONE, _RTX or _TTL
  uint32_t prValue = 0;   // retransmissions or milliseconds
};

struct OutgoingMessage {
  enum class Kind : uint8_t {
    User,     // send(): reported through onSent
    Control,  // DCEP
    Reset,    // no data: reset the outgoing stream once everything before it is sent
  };
  Kind kind = Kind::User;
  Envelope envelope;
  std::vector<uint8_t> data;
  size_t offset = 0;         // bytes usrsctp has taken already
  bool countsBytes = true;   // false for an empty message, carried as one placeholder byte
};

}  // namespace nodertc
