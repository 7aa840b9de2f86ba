// Data Channel Establishment Protocol codec (RFC 8832 §5): DATA_CHANNEL_OPEN and DATA_CHANNEL_ACK.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "sctp/data_channel_params.hpp"

namespace nodertc {
namespace dcep {

// Message Type field (RFC 8832 §8.2.1).
enum class MessageType : uint8_t { Ack = 0x02, Open = 0x03 };

struct Message {
  MessageType type;
  ChannelParams params;  // only for Open
};

// A DATA_CHANNEL_OPEN (RFC 8832 §5.1). Empty when the label or protocol exceed 65535 bytes.
std::vector<uint8_t> encodeOpen(const ChannelParams& params);
// A DATA_CHANNEL_ACK (RFC 8832 §5.2).
std::vector<uint8_t> encodeAck();

// Parses one DCEP message; nullopt for anything malformed or unknown.
std::optional<Message> parse(const uint8_t* data, size_t size);

}  // namespace dcep
}  // namespace nodertc
