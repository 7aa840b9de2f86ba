// Certificate fingerprints as SDP carries them (RFC 8122 §5): a hash function's textual name and
// the digest of the DER certificate in uppercase hex pairs separated by colons.
#pragma once

#include <string>
#include <vector>

struct x509_st;

namespace nodertc {

struct Fingerprint {
  std::string algorithm;  // "sha-256"
  std::string value;      // "AB:CD:..."
};

// Throws std::invalid_argument unless algorithm is sha-1, sha-224, sha-256, sha-384 or sha-512.
Fingerprint computeFingerprint(x509_st* certificate, const std::string& algorithm);

// RFC 8122 §5: of the offered fingerprints, take those using the most preferred hash function we
// support; the certificate must match one of them. Names and values compare case-insensitively.
// On a mismatch, returns false and says why in `reason`.
bool matchesFingerprints(x509_st* certificate, const std::vector<Fingerprint>& offered,
                         std::string& reason);

}  // namespace nodertc
