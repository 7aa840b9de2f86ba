#include "sctp/crc32c.hpp"

#include <usrsctp.h>

#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace nodertc {

namespace {

constexpr size_t kChecksumOffset = 8;  // source port, destination port, verification tag

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) uint32_t crc32cHardware(const uint8_t* data, size_t size) {
  uint64_t crc = 0xffffffff;
  for (; size >= 8; data += 8, size -= 8) {
    uint64_t word;
    std::memcpy(&word, data, 8);
    crc = _mm_crc32_u64(crc, word);
  }
  uint32_t crc32 = static_cast<uint32_t>(crc);
  for (; size > 0; ++data, --size) crc32 = _mm_crc32_u8(crc32, *data);
  // The reflected CRC's complement, stored little-endian, is the network-order field.
  return ~crc32;
}

bool hasHardwareCrc() {
  static const bool has = __builtin_cpu_supports("sse4.2");
  return has;
}
#endif

}  // namespace

uint32_t sctpChecksum(const uint8_t* packet, size_t size) {
#if defined(__x86_64__)
  if (hasHardwareCrc()) return crc32cHardware(packet, size);
#endif
  return usrsctp_crc32c(const_cast<uint8_t*>(packet), size);
}

void sctpWriteChecksum(uint8_t* packet, size_t size) {
  if (size < kChecksumOffset + 4) return;
  std::memset(packet + kChecksumOffset, 0, 4);
  uint32_t checksum = sctpChecksum(packet, size);
  std::memcpy(packet + kChecksumOffset, &checksum, 4);
}

}  // namespace nodertc
