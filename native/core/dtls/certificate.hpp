// A DTLS identity: a self-signed X.509 certificate and its private key (W3C RTCCertificate).
// Immutable once made, so it may be made on any thread and shared between transports.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "dtls/fingerprint.hpp"

struct evp_pkey_st;
struct x509_st;

namespace nodertc {

class Certificate {
 public:
  enum class KeyType { Ecdsa, Rsa };  // ECDSA P-256, or RSA 2048 with public exponent 65537

  // Self-signed, SHA-256 signature, random serial, CN "WebRTC", valid from now - 1 day to expires.
  static std::shared_ptr<Certificate> generate(KeyType type,
                                               std::chrono::system_clock::time_point expires);
  // Throws std::runtime_error on unreadable PEM or a key that does not belong to the certificate.
  static std::shared_ptr<Certificate> fromPem(const std::string& certPem,
                                              const std::string& keyPem);

  ~Certificate();
  Certificate(const Certificate&) = delete;
  Certificate& operator=(const Certificate&) = delete;

  std::string certificatePem() const;
  std::string privateKeyPem() const;  // unencrypted PKCS#8
  // sha-1, sha-224, sha-256, sha-384 or sha-512; throws std::invalid_argument otherwise.
  Fingerprint fingerprint(const std::string& algorithm = "sha-256") const;
  std::chrono::system_clock::time_point expires() const { return expires_; }

  x509_st* x509() const { return x509_; }
  evp_pkey_st* privateKey() const { return key_; }

 private:
  Certificate(x509_st* x509, evp_pkey_st* key, std::chrono::system_clock::time_point expires)
      : x509_(x509), key_(key), expires_(expires) {}

  x509_st* x509_;
  evp_pkey_st* key_;
  std::chrono::system_clock::time_point expires_;
};

}  // namespace nodertc
