// The two checksums of STUN: HMAC-SHA1 for MESSAGE-INTEGRITY (RFC 8489 §14.5) and CRC-32 for
// FINGERPRINT (RFC 8489 §14.7).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>

namespace nodertc {

struct ByteSpan {
  const uint8_t* data;
  size_t size;
};

using Sha1Digest = std::array<uint8_t, 20>;

// HMAC-SHA1 with key over the concatenation of the pieces; nullopt for an empty key or when
// OpenSSL fails.
std::optional<Sha1Digest> hmacSha1(std::string_view key, std::initializer_list<ByteSpan> pieces);

// CRC-32 of ISO 3309 / ITU-T V.42 (the one of zlib), as FINGERPRINT uses it.
uint32_t crc32(const uint8_t* data, size_t size);

}  // namespace nodertc
