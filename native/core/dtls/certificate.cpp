#include "dtls/certificate.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <ctime>
#include <stdexcept>

#include "dtls/openssl_ptr.hpp"

namespace nodertc {

namespace {

using SystemClock = std::chrono::system_clock;

[[noreturn]] void fail(const char* what) {
  ERR_clear_error();
  throw std::runtime_error(std::string("certificate: ") + what);
}

EvpPkeyPtr generateKey(Certificate::KeyType type) {
  EvpPkeyPtr key(type == Certificate::KeyType::Ecdsa ? EVP_EC_gen("P-256") : EVP_RSA_gen(2048));
  if (!key) fail("key generation failed");
  return key;
}

bool setRandomSerial(X509* x509) {
  BignumPtr serial(BN_new());
  // 64 random bits with the top one set: positive and never zero (RFC 5280 §4.1.2.2).
  return serial && BN_rand(serial.get(), 64, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) == 1 &&
         BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(x509)) != nullptr;
}

bool setName(X509* x509) {
  X509NamePtr name(X509_NAME_new());
  const auto* commonName = reinterpret_cast<const unsigned char*>("WebRTC");
  return name &&
         X509_NAME_add_entry_by_txt(name.get(), "CN", MBSTRING_ASC, commonName, -1, -1, 0) == 1 &&
         X509_set_subject_name(x509, name.get()) == 1 &&
         X509_set_issuer_name(x509, name.get()) == 1;
}

bool setValidity(X509* x509, SystemClock::time_point expires) {
  const std::time_t dayAgo = SystemClock::to_time_t(SystemClock::now() - std::chrono::hours(24));
  return ASN1_TIME_set(X509_getm_notBefore(x509), dayAgo) != nullptr &&
         ASN1_TIME_set(X509_getm_notAfter(x509), SystemClock::to_time_t(expires)) != nullptr;
}

SystemClock::time_point notAfterOf(X509* x509) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(x509), &tm) != 1) fail("unreadable notAfter");
  return SystemClock::from_time_t(timegm(&tm));
}

std::string readBio(BIO* bio) {
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(length));
}

}  // namespace

std::shared_ptr<Certificate> Certificate::generate(KeyType type, SystemClock::time_point expires) {
  EvpPkeyPtr key = generateKey(type);
  X509Ptr x509(X509_new());
  if (!x509 || X509_set_version(x509.get(), X509_VERSION_3) != 1 || !setRandomSerial(x509.get()) ||
      !setName(x509.get()) || !setValidity(x509.get(), expires) ||
      X509_set_pubkey(x509.get(), key.get()) != 1 ||
      X509_sign(x509.get(), key.get(), EVP_sha256()) == 0)
    fail("building the X.509 certificate failed");
  return std::shared_ptr<Certificate>(new Certificate(x509.release(), key.release(), expires));
}

std::shared_ptr<Certificate> Certificate::fromPem(const std::string& certPem,
                                                  const std::string& keyPem) {
  BioPtr certBio(BIO_new_mem_buf(certPem.data(), static_cast<int>(certPem.size())));
  BioPtr keyBio(BIO_new_mem_buf(keyPem.data(), static_cast<int>(keyPem.size())));
  if (!certBio || !keyBio) fail("out of memory");
  X509Ptr x509(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
  if (!x509) fail("invalid certificate PEM");
  EvpPkeyPtr key(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
  if (!key) fail("invalid private key PEM");
  if (X509_check_private_key(x509.get(), key.get()) != 1)
    fail("private key does not match the certificate");
  const auto expires = notAfterOf(x509.get());
  return std::shared_ptr<Certificate>(new Certificate(x509.release(), key.release(), expires));
}

Certificate::~Certificate() {
  X509_free(x509_);
  EVP_PKEY_free(key_);
}

std::string Certificate::certificatePem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), x509_) != 1) fail("PEM encoding failed");
  return readBio(bio.get());
}

std::string Certificate::privateKeyPem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), key_, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    fail("PEM encoding failed");
  return readBio(bio.get());
}

Fingerprint Certificate::fingerprint(const std::string& algorithm) const {
  return computeFingerprint(x509_, algorithm);
}

}  // namespace nodertc
