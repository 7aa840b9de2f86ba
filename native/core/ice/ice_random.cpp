#include "ice/ice_random.hpp"

#include <openssl/rand.h>

#include <cstdlib>

#include "common/log.hpp"

namespace nodertc {

void randomBytes(uint8_t* out, size_t size) {
  if (RAND_bytes(out, static_cast<int>(size)) != 1) {
    NODERTC_LOG(Error, "ice", "RAND_bytes failed");
    std::abort();  // predictable credentials or transaction IDs would be a security hole
  }
}

uint64_t randomUint64() {
  uint64_t value;
  randomBytes(reinterpret_cast<uint8_t*>(&value), sizeof value);
  return value;
}

uint64_t randomBetween(uint64_t low, uint64_t high) {
  if (high <= low) return low;
  return low + randomUint64() % (high - low + 1);
}

std::string randomIceChars(size_t length) {
  static const char kIceChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out(length, '\0');
  uint8_t bytes[256];
  for (size_t i = 0; i < length; ++i) {
    if (i % sizeof bytes == 0) randomBytes(bytes, sizeof bytes);
    out[i] = kIceChars[bytes[i % sizeof bytes] & 63];  // 64 symbols: no modulo bias
  }
  return out;
}

}  // namespace nodertc
