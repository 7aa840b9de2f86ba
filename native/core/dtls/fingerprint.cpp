#include "dtls/fingerprint.hpp"

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <strings.h>

#include <stdexcept>

namespace nodertc {

namespace {

struct HashFunction {
  const char* name;  // RFC 8122 §8, "Hash Function Textual Names"
  const EVP_MD* (*digest)();
};

// Least to most preferred.
constexpr HashFunction kHashFunctions[] = {
    {"sha-1", EVP_sha1},     {"sha-224", EVP_sha224}, {"sha-256", EVP_sha256},
    {"sha-384", EVP_sha384}, {"sha-512", EVP_sha512},
};

const HashFunction* findHashFunction(const std::string& name) {
  for (const auto& hash : kHashFunctions)
    if (strcasecmp(hash.name, name.c_str()) == 0) return &hash;
  return nullptr;
}

std::string toColonHex(const unsigned char* bytes, unsigned length) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(length * 3);
  for (unsigned i = 0; i < length; ++i) {
    if (i) out += ':';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0xf];
  }
  return out;
}

std::string digestOf(x509_st* certificate, const HashFunction& hash) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  if (X509_digest(certificate, hash.digest(), digest, &length) != 1)
    throw std::runtime_error("certificate digest failed");
  return toColonHex(digest, length);
}

}  // namespace

Fingerprint computeFingerprint(x509_st* certificate, const std::string& algorithm) {
  const HashFunction* hash = findHashFunction(algorithm);
  if (!hash) throw std::invalid_argument("unsupported fingerprint algorithm: " + algorithm);
  return {hash->name, digestOf(certificate, *hash)};
}

bool matchesFingerprints(x509_st* certificate, const std::vector<Fingerprint>& offered,
                         std::string& reason) {
  const HashFunction* preferred = nullptr;
  for (const auto& fingerprint : offered) {
    const HashFunction* hash = findHashFunction(fingerprint.algorithm);
    if (hash && (!preferred || hash > preferred)) preferred = hash;
  }
  if (!preferred) {
    reason = "no remote fingerprint with a supported hash function";
    return false;
  }
  const std::string actual = digestOf(certificate, *preferred);
  for (const auto& fingerprint : offered)
    if (findHashFunction(fingerprint.algorithm) == preferred &&
        strcasecmp(fingerprint.value.c_str(), actual.c_str()) == 0)
      return true;
  reason = std::string("remote certificate ") + preferred->name + " fingerprint " + actual +
           " matches none of the signaled ones";
  return false;
}

}  // namespace nodertc
