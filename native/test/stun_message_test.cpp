// STUN codec: the RFC 5769 test vectors, round trips, and robustness against garbage.
#include <openssl/evp.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "check.hpp"
#include "ice/stun_integrity.hpp"
#include "ice/stun_message.hpp"

using namespace nodertc;

namespace {

// RFC 5769 §2.1: username "evtj:h6vY", password "VOkJxbRl1RmTxUk/WvJxBt".
const uint8_t kSampleRequest[] = {
    0x00, 0x01, 0x00, 0x58, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86,
    0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x10, 0x53, 0x54, 0x55, 0x4e, 0x20, 0x74, 0x65, 0x73,
    0x74, 0x20, 0x63, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x00, 0x24, 0x00, 0x04, 0x6e, 0x00, 0x01, 0xff,
    0x80, 0x29, 0x00, 0x08, 0x93, 0x2f, 0xf9, 0xb1, 0x51, 0x26, 0x3b, 0x36, 0x00, 0x06, 0x00, 0x09,
    0x65, 0x76, 0x74, 0x6a, 0x3a, 0x68, 0x36, 0x76, 0x59, 0x20, 0x20, 0x20, 0x00, 0x08, 0x00, 0x14,
    0x9a, 0xea, 0xa7, 0x0c, 0xbf, 0xd8, 0xcb, 0x56, 0x78, 0x1e, 0xf2, 0xb5, 0xb2, 0xd3, 0xf2, 0x49,
    0xc1, 0xb5, 0x71, 0xa2, 0x80, 0x28, 0x00, 0x04, 0xe5, 0x7a, 0x3b, 0xcf};

// RFC 5769 §2.2: mapped address 192.0.2.1:32853.
const uint8_t kSampleResponseV4[] = {
    0x01, 0x01, 0x00, 0x3c, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86,
    0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x0b, 0x74, 0x65, 0x73, 0x74, 0x20, 0x76, 0x65, 0x63,
    0x74, 0x6f, 0x72, 0x20, 0x00, 0x20, 0x00, 0x08, 0x00, 0x01, 0xa1, 0x47, 0xe1, 0x12, 0xa6, 0x43,
    0x00, 0x08, 0x00, 0x14, 0x2b, 0x91, 0xf5, 0x99, 0xfd, 0x9e, 0x90, 0xc3, 0x8c, 0x74, 0x89, 0xf9,
    0x2a, 0xf9, 0xba, 0x53, 0xf0, 0x6b, 0xe7, 0xd7, 0x80, 0x28, 0x00, 0x04, 0xc0, 0x7d, 0x4c, 0x96};

// RFC 5769 §2.3: mapped address [2001:db8:1234:5678:11:2233:4455:6677]:32853.
const uint8_t kSampleResponseV6[] = {
    0x01, 0x01, 0x00, 0x48, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86,
    0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x0b, 0x74, 0x65, 0x73, 0x74, 0x20, 0x76, 0x65, 0x63,
    0x74, 0x6f, 0x72, 0x20, 0x00, 0x20, 0x00, 0x14, 0x00, 0x02, 0xa1, 0x47, 0x01, 0x13, 0xa9, 0xfa,
    0xa5, 0xd3, 0xf1, 0x79, 0xbc, 0x25, 0xf4, 0xb5, 0xbe, 0xd2, 0xb9, 0xd9, 0x00, 0x08, 0x00, 0x14,
    0xa3, 0x82, 0x95, 0x4e, 0x4b, 0xe6, 0x7b, 0xf1, 0x17, 0x84, 0xc9, 0x7c, 0x82, 0x92, 0xc2, 0x75,
    0xbf, 0xe3, 0xed, 0x41, 0x80, 0x28, 0x00, 0x04, 0xc8, 0xfb, 0x0b, 0x4c};

// RFC 5769 §2.4: long-term credentials, no FINGERPRINT. Username "マトリックス" (UTF-8), realm
// "example.org", password "TheMatrIX" after SASLprep.
const uint8_t kSampleRequestLongTerm[] = {
    0x00, 0x01, 0x00, 0x60, 0x21, 0x12, 0xa4, 0x42, 0x78, 0xad, 0x34, 0x33, 0xc6, 0xad, 0x72, 0xc0,
    0x29, 0xda, 0x41, 0x2e, 0x00, 0x06, 0x00, 0x12, 0xe3, 0x83, 0x9e, 0xe3, 0x83, 0x88, 0xe3, 0x83,
    0xaa, 0xe3, 0x83, 0x83, 0xe3, 0x82, 0xaf, 0xe3, 0x82, 0xb9, 0x00, 0x00, 0x00, 0x15, 0x00, 0x1c,
    0x66, 0x2f, 0x2f, 0x34, 0x39, 0x39, 0x6b, 0x39, 0x35, 0x34, 0x64, 0x36, 0x4f, 0x4c, 0x33, 0x34,
    0x6f, 0x4c, 0x39, 0x46, 0x53, 0x54, 0x76, 0x79, 0x36, 0x34, 0x73, 0x41, 0x00, 0x14, 0x00, 0x0b,
    0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x6f, 0x72, 0x67, 0x00, 0x00, 0x08, 0x00, 0x14,
    0xf6, 0x70, 0x24, 0x65, 0x6d, 0xd6, 0x4a, 0x3e, 0x02, 0xb8, 0xe0, 0x71, 0x2e, 0x85, 0xc9, 0xa2,
    0x8c, 0xa8, 0x96, 0x66};

const char kPassword[] = "VOkJxbRl1RmTxUk/WvJxBt";

std::string spanToString(ByteSpan span) { return std::string(reinterpret_cast<const char*>(span.data), span.size); }

void testVectors() {
  auto request = StunMessage::parse(kSampleRequest, sizeof kSampleRequest);
  CHECK(request);
  CHECK(request->messageClass == StunClass::Request);
  CHECK(request->method == stun::kBindingMethod);
  CHECK(request->username && *request->username == "evtj:h6vY");
  CHECK(request->priority == 0x6e0001ffu);
  CHECK(request->iceControlled == 0x932ff9b151263b36ull);
  CHECK(!request->iceControlling && !request->useCandidate);
  CHECK(request->hasFingerprint && request->hasMessageIntegrity());
  CHECK(request->verifyMessageIntegrity(kPassword));
  CHECK(!request->verifyMessageIntegrity("wrong password"));
  CHECK(request->unknownRequiredCount == 0);
  auto software = request->attribute(stun::kSoftware);
  CHECK(software && spanToString(*software) == "STUN test client");

  auto v4 = StunMessage::parse(kSampleResponseV4, sizeof kSampleResponseV4);
  CHECK(v4 && v4->messageClass == StunClass::SuccessResponse && v4->method == stun::kBindingMethod);
  CHECK(v4->xorMappedAddress && v4->xorMappedAddress->toString() == "192.0.2.1:32853");
  CHECK(v4->verifyMessageIntegrity(kPassword) && v4->hasFingerprint);

  auto v6 = StunMessage::parse(kSampleResponseV6, sizeof kSampleResponseV6);
  CHECK(v6 && v6->xorMappedAddress);
  CHECK(v6->xorMappedAddress->toString() == "[2001:db8:1234:5678:11:2233:4455:6677]:32853");
  CHECK(v6->verifyMessageIntegrity(kPassword));

  // §2.4: the long-term key is MD5(username ":" realm ":" password).
  auto longTerm = StunMessage::parse(kSampleRequestLongTerm, sizeof kSampleRequestLongTerm);
  CHECK(longTerm && !longTerm->hasFingerprint);
  auto realm = longTerm->attribute(stun::kRealm);
  auto nonce = longTerm->attribute(stun::kNonce);
  CHECK(realm && spanToString(*realm) == "example.org");
  CHECK(nonce && spanToString(*nonce) == "f//499k954d6OL34oL9FSTvy64sA");
  std::string keyInput = std::string(*longTerm->username) + ":example.org:TheMatrIX";
  unsigned char md5[16];
  unsigned int md5Length = 0;
  CHECK(EVP_Digest(keyInput.data(), keyInput.size(), md5, &md5Length, EVP_md5(), nullptr) == 1);
  CHECK(longTerm->verifyMessageIntegrity(std::string_view(reinterpret_cast<char*>(md5), md5Length)));
  CHECK(!longTerm->verifyMessageIntegrity("TheMatrIX"));

  // The writer encodes XOR-MAPPED-ADDRESS exactly as the vectors do.
  TransactionId id;
  std::memcpy(id.data(), kSampleResponseV4 + 8, 12);
  StunWriter writer(StunClass::SuccessResponse, stun::kBindingMethod, id);
  writer.addXorMappedAddress(*SocketAddress::parse("192.0.2.1:32853"));
  CHECK(writer.size() == 32 && std::memcmp(writer.data() + 20, kSampleResponseV4 + 36, 12) == 0);
  CHECK(writer.data()[0] == 0x01 && writer.data()[1] == 0x01);
  StunWriter writer6(StunClass::SuccessResponse, stun::kBindingMethod, id);
  writer6.addXorMappedAddress(*SocketAddress::parse("[2001:db8:1234:5678:11:2233:4455:6677]:32853"));
  CHECK(writer6.size() == 44 && std::memcmp(writer6.data() + 20, kSampleResponseV6 + 36, 24) == 0);

  CHECK(crc32(reinterpret_cast<const uint8_t*>("123456789"), 9) == 0xCBF43926u);
}

void testRoundTrip() {
  TransactionId id;
  for (size_t i = 0; i < id.size(); ++i) id[i] = static_cast<uint8_t>(i * 7 + 1);
  StunWriter writer(StunClass::Request, stun::kBindingMethod, id);
  writer.addUsername("remote:local");  // 12 bytes, no padding
  writer.addPriority(1845501695);
  writer.addIceControlling(0x0123456789abcdefull);
  writer.addUseCandidate();
  writer.addAttribute(0xC057, "\x00\x01\x00\x0a", 4);  // an unknown comprehension-optional one
  CHECK(writer.addMessageIntegrity("secret-password"));
  writer.addFingerprint();
  CHECK(!StunWriter(StunClass::Request, 1, id).addMessageIntegrity(""));

  auto m = StunMessage::parse(writer.data(), writer.size());
  CHECK(m);
  CHECK(m->messageClass == StunClass::Request && m->method == stun::kBindingMethod && m->transactionId == id);
  CHECK(m->username && *m->username == "remote:local");
  CHECK(m->priority == 1845501695u);
  CHECK(m->iceControlling == 0x0123456789abcdefull && !m->iceControlled);
  CHECK(m->useCandidate && m->hasFingerprint && m->unknownRequiredCount == 0);
  CHECK(m->verifyMessageIntegrity("secret-password"));
  CHECK(!m->verifyMessageIntegrity("secret-passwore"));

  // A padded username, an error with unknown attributes, IPv6 mapped address.
  StunWriter error(StunClass::ErrorResponse, stun::kBindingMethod, id);
  uint16_t unknown[] = {0x0031, 0x0032};
  error.addErrorCode(stun::kUnknownAttribute);
  error.addUnknownAttributes(unknown, 2);
  error.addUsername("abc");
  error.addXorMappedAddress(*SocketAddress::parse("[2001:db8::9]:4242"));
  CHECK(error.addMessageIntegrity("k"));
  error.addFingerprint();
  auto e = StunMessage::parse(error.data(), error.size());
  CHECK(e && e->messageClass == StunClass::ErrorResponse);
  CHECK(e->errorCode == 420 && e->errorReason == "Unknown Attribute");
  CHECK(e->username && *e->username == "abc");
  CHECK(e->xorMappedAddress && e->xorMappedAddress->toString() == "[2001:db8::9]:4242");
  CHECK(e->verifyMessageIntegrity("k"));
  auto list = e->attribute(stun::kUnknownAttributes);
  CHECK(list && list->size == 4 && list->data[1] == 0x31 && list->data[3] == 0x32);

  // Unknown comprehension-required attributes are reported.
  StunWriter strange(StunClass::Request, stun::kBindingMethod, id);
  strange.addAttribute(0x0031, "xy", 2);
  auto s = StunMessage::parse(strange.data(), strange.size());
  CHECK(s && s->unknownRequiredCount == 1 && s->unknownRequired[0] == 0x0031);

  // Attributes after MESSAGE-INTEGRITY (other than FINGERPRINT) are ignored.
  StunWriter late(StunClass::Request, stun::kBindingMethod, id);
  CHECK(late.addMessageIntegrity("k"));
  late.addPriority(7);
  auto l = StunMessage::parse(late.data(), late.size());
  CHECK(l && !l->priority && l->verifyMessageIntegrity("k"));
}

void testRejects() {
  std::vector<uint8_t> buffer(kSampleRequest, kSampleRequest + sizeof kSampleRequest);
  // Every truncation fails (the header length no longer matches).
  for (size_t n = 0; n < buffer.size(); ++n) CHECK(!StunMessage::parse(buffer.data(), n));
  CHECK(!StunMessage::parse(nullptr, 0));
  // Any flipped bit fails the header checks or FINGERPRINT, or (in the type of FINGERPRINT)
  // leaves a message without one.
  for (size_t i = 0; i < buffer.size(); ++i) {
    auto copy = buffer;
    copy[i] ^= 0x10;
    auto m = StunMessage::parse(copy.data(), copy.size());
    CHECK(!m || (!m->hasFingerprint && i >= buffer.size() - 8));
  }
  // Without FINGERPRINT, a corrupted body still fails MESSAGE-INTEGRITY.
  std::vector<uint8_t> noFingerprint(buffer.begin(), buffer.end() - 8);
  noFingerprint[3] = static_cast<uint8_t>(noFingerprint.size() - 20);
  CHECK(StunMessage::parse(noFingerprint.data(), noFingerprint.size())->verifyMessageIntegrity(kPassword));
  noFingerprint[30] ^= 1;
  auto corrupted = StunMessage::parse(noFingerprint.data(), noFingerprint.size());
  CHECK(corrupted && !corrupted->verifyMessageIntegrity(kPassword));
  // An attribute running past the end.
  const uint8_t overrun[] = {0x00, 0x01, 0x00, 0x04, 0x21, 0x12, 0xa4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                             0x00, 0x06, 0x00, 0x10};
  CHECK(!StunMessage::parse(overrun, sizeof overrun));
  // Wrong sizes for fixed-size attributes.
  const uint8_t badPriority[] = {0x00, 0x01, 0x00, 0x08, 0x21, 0x12, 0xa4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
                                 11, 12, 0x00, 0x24, 0x00, 0x03, 1, 2, 3, 0};
  CHECK(!StunMessage::parse(badPriority, sizeof badPriority));

  // Random bytes, and random mutations of valid messages, never crash the parser (bounded).
  std::mt19937 rng(12345);
  std::vector<uint8_t> random;
  size_t parsed = 0;
  for (int round = 0; round < 20000; ++round) {
    if (round % 2 == 0) {
      random.resize(rng() % 200);
      for (auto& b : random) b = static_cast<uint8_t>(rng());
      if (random.size() >= 20 && round % 4 == 0) {  // a plausible header, random attributes
        random[0] = 0x00;
        random[1] = 0x01;
        random.resize(20 + (random.size() - 20) / 4 * 4);
        random[2] = static_cast<uint8_t>((random.size() - 20) >> 8);
        random[3] = static_cast<uint8_t>(random.size() - 20);
        random[4] = 0x21, random[5] = 0x12, random[6] = 0xa4, random[7] = 0x42;
      }
    } else {
      random.assign(kSampleResponseV6, kSampleResponseV6 + sizeof kSampleResponseV6 - 8);
      random[3] = static_cast<uint8_t>(random.size() - 20);
      for (int k = 0; k < 3; ++k) random[20 + rng() % (random.size() - 20)] = static_cast<uint8_t>(rng());
    }
    auto m = StunMessage::parse(random.data(), random.size());
    if (m) {
      ++parsed;
      m->verifyMessageIntegrity(kPassword);
      m->attribute(stun::kSoftware);
      m->xorAddress(stun::kXorPeerAddress);
    }
  }
  CHECK(parsed > 0);  // some mutations still parse, and were walked safely
}

}  // namespace

int main() {
  testVectors();
  testRoundTrip();
  testRejects();
  std::puts("stun_message ok");
  return 0;
}
