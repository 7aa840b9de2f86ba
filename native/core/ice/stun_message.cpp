#include "ice/stun_message.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <cstring>

namespace nodertc {

namespace {

uint16_t read16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
uint32_t read32(const uint8_t* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | uint32_t(p[3]);
}
uint64_t read64(const uint8_t* p) { return uint64_t(read32(p)) << 32 | read32(p + 4); }
void write16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
void write32(uint8_t* p, uint32_t v) {
  write16(p, static_cast<uint16_t>(v >> 16));
  write16(p + 2, static_cast<uint16_t>(v));
}

size_t padded(size_t n) { return (n + 3) & ~size_t(3); }

// The attributes this codec understands, so they are not reported as unknown (§14).
bool isKnownRequired(uint16_t type) {
  switch (type) {
    case stun::kMappedAddress: case stun::kUsername: case stun::kMessageIntegrity:
    case stun::kErrorCode: case stun::kUnknownAttributes: case stun::kChannelNumber:
    case stun::kLifetime: case stun::kXorPeerAddress: case stun::kData: case stun::kRealm:
    case stun::kNonce: case stun::kXorRelayedAddress: case stun::kRequestedAddressFamily:
    case stun::kEvenPort: case stun::kRequestedTransport: case stun::kDontFragment:
    case stun::kMessageIntegritySha256: case stun::kPasswordAlgorithm: case stun::kUserhash:
    case stun::kXorMappedAddress: case stun::kReservationToken: case stun::kPriority:
    case stun::kUseCandidate:
      return true;
    default:
      return false;
  }
}

// MAPPED-ADDRESS (§14.1) or, with mask, XOR-MAPPED-ADDRESS (§14.2): the X-Port is xored with
// the top half of the magic cookie, the address with the cookie and the transaction ID.
std::optional<SocketAddress> decodeAddress(const uint8_t* value, size_t size, const uint8_t* mask) {
  if (size < 4) return std::nullopt;
  int family;
  size_t ipLength;
  if (value[1] == 0x01) {
    family = AF_INET;
    ipLength = 4;
  } else if (value[1] == 0x02) {
    family = AF_INET6;
    ipLength = 16;
  } else {
    return std::nullopt;
  }
  if (size != 4 + ipLength) return std::nullopt;
  uint16_t port = read16(value + 2);
  uint8_t ip[16];
  std::memcpy(ip, value + 4, ipLength);
  if (mask) {
    port ^= static_cast<uint16_t>(stun::kMagicCookie >> 16);
    for (size_t i = 0; i < ipLength; ++i) ip[i] ^= mask[i];
  }
  return SocketAddress::fromBytes(family, ip, port);
}

// The 16 bytes an XOR-encoded address is xored with: the magic cookie, then the transaction ID.
std::array<uint8_t, 16> xorKey(const TransactionId& transactionId) {
  std::array<uint8_t, 16> key;
  write32(key.data(), stun::kMagicCookie);
  std::memcpy(key.data() + 4, transactionId.data(), 12);
  return key;
}

}  // namespace

std::optional<StunMessage> StunMessage::parse(const uint8_t* data, size_t size) {
  // §5: the two top bits are zero, the cookie is fixed, the length covers the rest of the
  // datagram and is a multiple of 4.
  if (!data || size < stun::kHeaderSize || (data[0] & 0xC0) != 0) return std::nullopt;
  if (read32(data + 4) != stun::kMagicCookie) return std::nullopt;
  size_t length = read16(data + 2);
  if (length % 4 != 0 || length + stun::kHeaderSize != size) return std::nullopt;

  StunMessage m;
  m.data_ = data;
  m.size_ = size;
  uint16_t type = read16(data);
  m.messageClass = static_cast<StunClass>(((type >> 7) & 0x2) | ((type >> 4) & 0x1));
  m.method = static_cast<uint16_t>((type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80));
  std::memcpy(m.transactionId.data(), data + 8, 12);
  const auto key = xorKey(m.transactionId);

  size_t offset = stun::kHeaderSize;
  while (offset < size) {
    if (m.hasFingerprint) return std::nullopt;  // FINGERPRINT must be last
    if (size - offset < 4) return std::nullopt;
    uint16_t attrType = read16(data + offset);
    size_t attrLength = read16(data + offset + 2);
    const uint8_t* value = data + offset + 4;
    if (padded(attrLength) > size - offset - 4) return std::nullopt;

    if (attrType == stun::kFingerprint) {
      if (attrLength != 4) return std::nullopt;
      if (read32(value) != (crc32(data, offset) ^ stun::kFingerprintXor)) return std::nullopt;
      m.hasFingerprint = true;
    } else if (m.integrityOffset_ != 0) {
      // §14.5: attributes after MESSAGE-INTEGRITY, except FINGERPRINT, are ignored.
    } else {
      switch (attrType) {
        case stun::kMessageIntegrity:
          if (attrLength != 20) return std::nullopt;
          m.integrityOffset_ = offset;
          break;
        case stun::kXorMappedAddress:
          if (!m.xorMappedAddress && !(m.xorMappedAddress = decodeAddress(value, attrLength, key.data())))
            return std::nullopt;
          break;
        case stun::kMappedAddress:
          if (!m.mappedAddress && !(m.mappedAddress = decodeAddress(value, attrLength, nullptr)))
            return std::nullopt;
          break;
        case stun::kUsername:
          if (attrLength > 513) return std::nullopt;  // §14.3: less than 509 bytes; a little slack
          if (!m.username) m.username = std::string_view(reinterpret_cast<const char*>(value), attrLength);
          break;
        case stun::kPriority:
          if (attrLength != 4) return std::nullopt;
          if (!m.priority) m.priority = read32(value);
          break;
        case stun::kUseCandidate:
          if (attrLength != 0) return std::nullopt;
          m.useCandidate = true;
          break;
        case stun::kIceControlling:
          if (attrLength != 8) return std::nullopt;
          if (!m.iceControlling) m.iceControlling = read64(value);
          break;
        case stun::kIceControlled:
          if (attrLength != 8) return std::nullopt;
          if (!m.iceControlled) m.iceControlled = read64(value);
          break;
        case stun::kErrorCode: {
          // §14.8: 21 reserved bits, a 3-bit class (3..6) and a number (0..99), then the reason.
          if (attrLength < 4) return std::nullopt;
          unsigned errorClass = value[2] & 0x07, number = value[3];
          if (errorClass < 3 || errorClass > 6 || number > 99) return std::nullopt;
          if (!m.errorCode) {
            m.errorCode = static_cast<uint16_t>(errorClass * 100 + number);
            m.errorReason = std::string_view(reinterpret_cast<const char*>(value + 4), attrLength - 4);
          }
          break;
        }
        default:
          if (attrType < 0x8000 && !isKnownRequired(attrType) && m.unknownRequiredCount < kMaxUnknown)
            m.unknownRequired[m.unknownRequiredCount++] = attrType;
          break;
      }
    }
    offset += 4 + padded(attrLength);
  }
  return m;
}

bool StunMessage::verifyMessageIntegrity(std::string_view key) const {
  if (integrityOffset_ == 0) return false;
  uint8_t header[stun::kHeaderSize];
  std::memcpy(header, data_, sizeof header);
  write16(header + 2, static_cast<uint16_t>(integrityOffset_ + 24 - stun::kHeaderSize));
  auto digest = hmacSha1(key, {{header, sizeof header},
                               {data_ + stun::kHeaderSize, integrityOffset_ - stun::kHeaderSize}});
  return digest && CRYPTO_memcmp(digest->data(), data_ + integrityOffset_ + 4, digest->size()) == 0;
}

std::optional<ByteSpan> StunMessage::attribute(uint16_t type) const {
  // parse() has checked every bound on this walk already.
  size_t end = integrityOffset_ ? integrityOffset_ : size_;
  for (size_t offset = stun::kHeaderSize; offset + 4 <= end;) {
    size_t attrLength = read16(data_ + offset + 2);
    if (read16(data_ + offset) == type) return ByteSpan{data_ + offset + 4, attrLength};
    offset += 4 + padded(attrLength);
  }
  return std::nullopt;
}

std::optional<SocketAddress> StunMessage::xorAddress(uint16_t type) const {
  auto value = attribute(type);
  if (!value) return std::nullopt;
  return decodeAddress(value->data, value->size, xorKey(transactionId).data());
}

StunWriter::StunWriter(StunClass messageClass, uint16_t method, const TransactionId& transactionId) {
  buffer_.reserve(160);
  buffer_.resize(stun::kHeaderSize);
  // §5: the class bits C1 and C0 sit at bits 8 and 4 of the type, between the method bits.
  unsigned c = static_cast<unsigned>(messageClass);
  uint16_t type = static_cast<uint16_t>((method & 0x000F) | ((method & 0x0070) << 1) |
                                        ((method & 0x0F80) << 2) | ((c & 0x1) << 4) | ((c & 0x2) << 7));
  write16(buffer_.data(), type);
  write32(buffer_.data() + 4, stun::kMagicCookie);
  std::memcpy(buffer_.data() + 8, transactionId.data(), 12);
}

void StunWriter::setLength(size_t attributesLength) {
  write16(buffer_.data() + 2, static_cast<uint16_t>(attributesLength));
}

void StunWriter::addAttribute(uint16_t type, const void* value, size_t size) {
  size_t offset = buffer_.size();
  buffer_.resize(offset + 4 + padded(size), 0);
  write16(buffer_.data() + offset, type);
  write16(buffer_.data() + offset + 2, static_cast<uint16_t>(size));
  if (size) std::memcpy(buffer_.data() + offset + 4, value, size);
  setLength(buffer_.size() - stun::kHeaderSize);
}

void StunWriter::addUint32(uint16_t type, uint32_t value) {
  uint8_t bytes[4];
  write32(bytes, value);
  addAttribute(type, bytes, sizeof bytes);
}

void StunWriter::addUint64(uint16_t type, uint64_t value) {
  uint8_t bytes[8];
  write32(bytes, static_cast<uint32_t>(value >> 32));
  write32(bytes + 4, static_cast<uint32_t>(value));
  addAttribute(type, bytes, sizeof bytes);
}

void StunWriter::addXorAddress(uint16_t type, const SocketAddress& address) {
  uint8_t value[20] = {0, static_cast<uint8_t>(address.isIPv4() ? 0x01 : 0x02)};
  write16(value + 2, static_cast<uint16_t>(address.port() ^ (stun::kMagicCookie >> 16)));
  TransactionId transactionId;
  std::memcpy(transactionId.data(), buffer_.data() + 8, 12);
  const auto key = xorKey(transactionId);
  size_t ipLength = address.ipLength();
  for (size_t i = 0; i < ipLength; ++i) value[4 + i] = address.ipBytes()[i] ^ key[i];
  addAttribute(type, value, 4 + ipLength);
}

void StunWriter::addErrorCode(uint16_t code, std::string_view reason) {
  if (reason.empty()) {
    switch (code) {
      case stun::kBadRequest: reason = "Bad Request"; break;
      case stun::kUnauthenticated: reason = "Unauthenticated"; break;
      case stun::kUnknownAttribute: reason = "Unknown Attribute"; break;
      case stun::kRoleConflict: reason = "Role Conflict"; break;
      default: break;
    }
  }
  reason = reason.substr(0, 509);  // §14.8: fewer than 128 characters, at most 509 bytes
  uint8_t value[4 + 509] = {0, 0, static_cast<uint8_t>(code / 100), static_cast<uint8_t>(code % 100)};
  std::memcpy(value + 4, reason.data(), reason.size());
  addAttribute(stun::kErrorCode, value, 4 + reason.size());
}

void StunWriter::addUnknownAttributes(const uint16_t* types, size_t count) {
  uint8_t value[2 * StunMessage::kMaxUnknown];
  count = std::min(count, StunMessage::kMaxUnknown);
  for (size_t i = 0; i < count; ++i) write16(value + 2 * i, types[i]);
  addAttribute(stun::kUnknownAttributes, value, 2 * count);
}

bool StunWriter::addMessageIntegrity(std::string_view key) {
  size_t offset = buffer_.size();
  setLength(offset + 24 - stun::kHeaderSize);
  auto digest = hmacSha1(key, {{buffer_.data(), offset}});
  if (!digest) {
    setLength(offset - stun::kHeaderSize);
    return false;
  }
  addAttribute(stun::kMessageIntegrity, digest->data(), digest->size());
  return true;
}

void StunWriter::addFingerprint() {
  size_t offset = buffer_.size();
  setLength(offset + 8 - stun::kHeaderSize);
  addUint32(stun::kFingerprint, crc32(buffer_.data(), offset) ^ stun::kFingerprintXor);
}

}  // namespace nodertc
