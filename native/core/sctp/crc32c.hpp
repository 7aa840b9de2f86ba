// The SCTP checksum (CRC32c, RFC 9260 §6.8 and Appendix A) as it is stored in the common header.
#pragma once

#include <cstddef>
#include <cstdint>

namespace nodertc {

// CRC32c over the whole packet, whose Checksum field must be zero; the result is the value to
// store in that field as a host integer (memcpy it at offset 8). Uses the SSE4.2 instruction
// where the CPU has it, usrsctp's table-driven code elsewhere.
uint32_t sctpChecksum(const uint8_t* packet, size_t size);

// Computes and writes the Checksum field of a complete SCTP packet.
void sctpWriteChecksum(uint8_t* packet, size_t size);

}  // namespace nodertc
