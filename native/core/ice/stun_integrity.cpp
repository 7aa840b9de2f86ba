#include "ice/stun_integrity.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

namespace nodertc {

namespace {

// Reflected CRC-32 table for the polynomial 0x04C11DB7 (0xEDB88320 reflected).
struct Crc32Table {
  uint32_t entries[256];
  constexpr Crc32Table() : entries() {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int bit = 0; bit < 8; ++bit) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      entries[i] = c;
    }
  }
};
constexpr Crc32Table kCrc32Table;

EVP_MAC* hmacAlgorithm() {
  static EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  return mac;
}

}  // namespace

std::optional<Sha1Digest> hmacSha1(std::string_view key, std::initializer_list<ByteSpan> pieces) {
  if (key.empty() || !hmacAlgorithm()) return std::nullopt;
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(hmacAlgorithm());
  if (!ctx) return std::nullopt;
  Sha1Digest digest{};
  char sha1[] = "SHA1";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, sha1, 0),
                         OSSL_PARAM_construct_end()};
  size_t length = 0;
  bool ok = EVP_MAC_init(ctx, reinterpret_cast<const unsigned char*>(key.data()), key.size(), params);
  for (const ByteSpan& piece : pieces) ok = ok && EVP_MAC_update(ctx, piece.data, piece.size);
  ok = ok && EVP_MAC_final(ctx, digest.data(), &length, digest.size());
  EVP_MAC_CTX_free(ctx);
  if (!ok || length != digest.size()) return std::nullopt;
  return digest;
}

uint32_t crc32(const uint8_t* data, size_t size) {
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < size; ++i) c = kCrc32Table.entries[(c ^ data[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

}  // namespace nodertc
