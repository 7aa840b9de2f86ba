// Randomness for ICE: credentials, tie-breakers and transaction IDs come from OpenSSL's CSPRNG.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace nodertc {

void randomBytes(uint8_t* out, size_t size);
uint64_t randomUint64();
// A uniform integer in [low, high].
uint64_t randomBetween(uint64_t low, uint64_t high);
// length characters of ice-char (RFC 8839 §5.4: ALPHA / DIGIT / "+" / "/").
std::string randomIceChars(size_t length);

}  // namespace nodertc
