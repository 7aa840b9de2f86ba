#include <cstring>
#include <stdexcept>

#include "check.hpp"
#include "dtls/certificate.hpp"

using namespace nodertc;
using namespace std::chrono_literals;
using SystemClock = std::chrono::system_clock;

namespace {

bool isColonHex(const std::string& value, size_t bytes) {
  if (value.size() != bytes * 3 - 1) return false;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    bool ok = i % 3 == 2 ? c == ':' : ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'));
    if (!ok) return false;
  }
  return true;
}

bool throwsRuntimeError(const std::string& certPem, const std::string& keyPem) {
  try {
    Certificate::fromPem(certPem, keyPem);
  } catch (const std::runtime_error&) {
    return true;
  }
  return false;
}

void checkCertificate(Certificate::KeyType type, const char* keyMarker) {
  const auto expires = SystemClock::now() + 30 * 24h;
  auto certificate = Certificate::generate(type, expires);
  CHECK(certificate);
  CHECK(certificate->expires() == expires);

  const std::string certPem = certificate->certificatePem();
  const std::string keyPem = certificate->privateKeyPem();
  CHECK(certPem.find("-----BEGIN CERTIFICATE-----") == 0);
  CHECK(keyPem.find("-----BEGIN PRIVATE KEY-----") == 0);

  // Fingerprint formats: bytes of the digest as uppercase hex pairs joined by colons.
  const Fingerprint sha256 = certificate->fingerprint();
  CHECK(sha256.algorithm == "sha-256");
  CHECK(sha256.value.size() == 95);
  CHECK(isColonHex(sha256.value, 32));
  CHECK(isColonHex(certificate->fingerprint("sha-1").value, 20));
  CHECK(isColonHex(certificate->fingerprint("sha-224").value, 28));
  CHECK(isColonHex(certificate->fingerprint("sha-384").value, 48));
  CHECK(isColonHex(certificate->fingerprint("SHA-512").value, 64));
  bool unsupported = false;
  try {
    certificate->fingerprint("md5");
  } catch (const std::invalid_argument&) {
    unsupported = true;
  }
  CHECK(unsupported);

  // PEM round trip: same certificate, same key, expiry to the second.
  auto restored = Certificate::fromPem(certPem, keyPem);
  CHECK(restored->fingerprint().value == sha256.value);
  CHECK(restored->certificatePem() == certPem);
  CHECK(restored->privateKeyPem() == keyPem);
  CHECK(std::chrono::floor<std::chrono::seconds>(expires) == restored->expires());

  // Each certificate has its own key and serial.
  auto other = Certificate::generate(type, expires);
  CHECK(other->fingerprint().value != sha256.value);
  CHECK(throwsRuntimeError(certPem, other->privateKeyPem()));
  std::printf("%s certificate ok (%s)\n", keyMarker, sha256.value.c_str());
}

}  // namespace

int main() {
  checkCertificate(Certificate::KeyType::Ecdsa, "ECDSA");
  checkCertificate(Certificate::KeyType::Rsa, "RSA");

  auto ecdsa = Certificate::generate(Certificate::KeyType::Ecdsa, SystemClock::now() + 1h);
  CHECK(throwsRuntimeError("not a pem", ecdsa->privateKeyPem()));
  CHECK(throwsRuntimeError(ecdsa->certificatePem(), "not a pem"));
  CHECK(throwsRuntimeError("", ""));

  // An expiry in the past is kept as given (RTCPeerConnection refuses such certificates).
  const auto past = SystemClock::now() - 1h;
  CHECK(Certificate::generate(Certificate::KeyType::Ecdsa, past)->expires() == past);
  // Far expiries need GeneralizedTime (after 2049, RFC 5280 §4.1.2.5).
  const auto far = SystemClock::from_time_t(4102444800);  // 2100-01-01
  auto longLived = Certificate::generate(Certificate::KeyType::Ecdsa, far);
  CHECK(Certificate::fromPem(longLived->certificatePem(), longLived->privateKeyPem())->expires() ==
        far);
  std::puts("certificate ok");
  return 0;
}
