// STUN messages (RFC 8489) with the attributes of ICE (RFC 8445 §16.1): a bounds-checked parser
// that reads a datagram in place, and a writer that builds one.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "ice/stun_integrity.hpp"
#include "net/socket_address.hpp"

namespace nodertc {

namespace stun {

constexpr uint32_t kMagicCookie = 0x2112A442;
constexpr size_t kHeaderSize = 20;
constexpr uint32_t kFingerprintXor = 0x5354554E;  // RFC 8489 §14.7
constexpr uint16_t kBindingMethod = 0x001;

// RFC 8489 §18.3, RFC 8445 §16.1, RFC 8656 §18.
enum Attribute : uint16_t {
  kMappedAddress = 0x0001,
  kUsername = 0x0006,
  kMessageIntegrity = 0x0008,
  kErrorCode = 0x0009,
  kUnknownAttributes = 0x000A,
  kChannelNumber = 0x000C,
  kLifetime = 0x000D,
  kXorPeerAddress = 0x0012,
  kData = 0x0013,
  kRealm = 0x0014,
  kNonce = 0x0015,
  kXorRelayedAddress = 0x0016,
  kRequestedAddressFamily = 0x0017,
  kEvenPort = 0x0018,
  kRequestedTransport = 0x0019,
  kDontFragment = 0x001A,
  kMessageIntegritySha256 = 0x001C,
  kPasswordAlgorithm = 0x001D,
  kUserhash = 0x001E,
  kXorMappedAddress = 0x0020,
  kReservationToken = 0x0022,
  kPriority = 0x0024,
  kUseCandidate = 0x0025,
  kSoftware = 0x8022,
  kAlternateServer = 0x8023,
  kFingerprint = 0x8028,
  kIceControlled = 0x8029,
  kIceControlling = 0x802A,
};

// RFC 8489 §14.8, RFC 8445 §16.1.
enum ErrorCode : uint16_t {
  kBadRequest = 400,
  kUnauthenticated = 401,
  kUnknownAttribute = 420,
  kRoleConflict = 487,
};

// RFC 7983 §7: a datagram whose first byte is 0..3 is STUN.
inline bool isStunFirstByte(uint8_t first) { return first <= 3; }

}  // namespace stun

enum class StunClass : uint8_t { Request = 0, Indication = 1, SuccessResponse = 2, ErrorResponse = 3 };
using TransactionId = std::array<uint8_t, 12>;

// A parsed message. Views (username, reasons, attribute values) point into the parsed buffer and
// live as long as it does.
struct StunMessage {
  StunClass messageClass = StunClass::Request;
  uint16_t method = 0;
  TransactionId transactionId{};

  std::optional<SocketAddress> xorMappedAddress;
  std::optional<SocketAddress> mappedAddress;
  std::optional<std::string_view> username;
  std::optional<uint32_t> priority;
  bool useCandidate = false;
  std::optional<uint64_t> iceControlling;
  std::optional<uint64_t> iceControlled;
  std::optional<uint16_t> errorCode;
  std::string_view errorReason;
  bool hasFingerprint = false;

  // Comprehension-required attributes (type < 0x8000) this codec does not know (§14).
  static constexpr size_t kMaxUnknown = 8;
  std::array<uint16_t, kMaxUnknown> unknownRequired{};
  size_t unknownRequiredCount = 0;

  // Checks the header (§5), walks the attributes within bounds, decodes the known ones, and
  // verifies FINGERPRINT when present (§14.7). nullopt on anything malformed.
  static std::optional<StunMessage> parse(const uint8_t* data, size_t size);

  bool hasMessageIntegrity() const { return integrityOffset_ != 0; }
  // §14.5: HMAC-SHA1 over the message up to MESSAGE-INTEGRITY, the length patched to end there.
  // For short-term credentials (§9.1) the key is the password.
  bool verifyMessageIntegrity(std::string_view key) const;

  // The value of the first attribute of this type that precedes MESSAGE-INTEGRITY.
  std::optional<ByteSpan> attribute(uint16_t type) const;
  // An XOR-encoded address attribute (XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS, ...), §14.2.
  std::optional<SocketAddress> xorAddress(uint16_t type) const;

 private:
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t integrityOffset_ = 0;  // offset of the MESSAGE-INTEGRITY attribute, 0 when absent
};

// Builds a message attribute by attribute; the header length is kept current.
class StunWriter {
 public:
  StunWriter(StunClass messageClass, uint16_t method, const TransactionId& transactionId);

  void addXorMappedAddress(const SocketAddress& address) { addXorAddress(stun::kXorMappedAddress, address); }
  void addXorAddress(uint16_t type, const SocketAddress& address);  // §14.2
  void addUsername(std::string_view username) { addAttribute(stun::kUsername, username.data(), username.size()); }
  void addPriority(uint32_t priority) { addUint32(stun::kPriority, priority); }
  void addUseCandidate() { addAttribute(stun::kUseCandidate, nullptr, 0); }
  void addIceControlling(uint64_t tieBreaker) { addUint64(stun::kIceControlling, tieBreaker); }
  void addIceControlled(uint64_t tieBreaker) { addUint64(stun::kIceControlled, tieBreaker); }
  void addErrorCode(uint16_t code, std::string_view reason = {});  // §14.8; default reason phrase
  void addUnknownAttributes(const uint16_t* types, size_t count);  // §14.13
  void addUint32(uint16_t type, uint32_t value);
  void addUint64(uint16_t type, uint64_t value);
  // Any attribute; the value is padded to 4 bytes with zeros.
  void addAttribute(uint16_t type, const void* value, size_t size);
  // §14.5; false (and nothing added) for an empty key.
  bool addMessageIntegrity(std::string_view key);
  void addFingerprint();  // §14.7: the last attribute

  const uint8_t* data() const { return buffer_.data(); }
  size_t size() const { return buffer_.size(); }
  std::vector<uint8_t> release() { return std::move(buffer_); }

 private:
  void setLength(size_t attributesLength);
  std::vector<uint8_t> buffer_;
};

}  // namespace nodertc
