// What a connected DtlsTransport negotiated: peer certificates, SRTP profile and keys, version,
// cipher suite.
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstdio>

#include "dtls/dtls_transport.hpp"

namespace nodertc {

namespace {

constexpr char kSrtpExporterLabel[] = "EXTRACTOR-dtls_srtp";  // RFC 5764 §4.2

void appendDer(std::vector<std::vector<uint8_t>>& out, X509* certificate) {
  const int length = i2d_X509(certificate, nullptr);
  if (length <= 0) return;
  std::vector<uint8_t> der(static_cast<size_t>(length));
  unsigned char* cursor = der.data();
  i2d_X509(certificate, &cursor);
  out.push_back(std::move(der));
}

}  // namespace

std::vector<std::vector<uint8_t>> DtlsTransport::remoteCertificatesDer() const {
  std::vector<std::vector<uint8_t>> out;
  X509* leaf = SSL_get0_peer_certificate(ssl_);
  if (!leaf) return out;
  appendDer(out, leaf);
  // A client's view of the chain starts with the leaf; a server's does not.
  STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl_);
  for (int i = 0; chain && i < sk_X509_num(chain); ++i) {
    X509* certificate = sk_X509_value(chain, i);
    if (X509_cmp(certificate, leaf) != 0) appendDer(out, certificate);
  }
  return out;
}

std::string DtlsTransport::srtpProfile() const {
  const SRTP_PROTECTION_PROFILE* profile = SSL_get_selected_srtp_profile(ssl_);
  return profile ? profile->name : "";
}

uint16_t DtlsTransport::srtpProfileId() const {
  const SRTP_PROTECTION_PROFILE* profile = SSL_get_selected_srtp_profile(ssl_);
  return profile ? static_cast<uint16_t>(profile->id) : 0;
}

std::vector<uint8_t> DtlsTransport::exportKeyingMaterial(size_t length) const {
  if (state_ != DtlsState::Connected || length == 0) return {};
  std::vector<uint8_t> material(length);
  if (SSL_export_keying_material(ssl_, material.data(), length, kSrtpExporterLabel,
                                 sizeof kSrtpExporterLabel - 1, nullptr, 0, 0) != 1)
    return {};
  return material;
}

std::string DtlsTransport::tlsVersion() const {
  if (!SSL_is_init_finished(ssl_)) return "";
  char hex[8];
  std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(SSL_version(ssl_)) & 0xffff);
  return hex;
}

std::string DtlsTransport::cipherName() const {
  const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl_);
  if (!cipher || !SSL_is_init_finished(ssl_)) return "";
  const char* name = SSL_CIPHER_standard_name(cipher);
  return name ? name : "";
}

}  // namespace nodertc
