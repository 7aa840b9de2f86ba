#include "dtls/dtls_context.hpp"

#include <openssl/ssl.h>

#include "dtls/certificate.hpp"
#include "dtls/openssl_ptr.hpp"

namespace nodertc {

namespace {

// AEAD with ECDHE first, CBC suites last for older peers.
constexpr const char* kCipherList =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA";
constexpr const char* kGroups = "X25519:P-256";
// RFC 5764 §4.1.2 profiles, RFC 7714 §14.2 for AEAD_AES_128_GCM.
constexpr const char* kSrtpProfiles = "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80";

}  // namespace

ssl_ctx_st* newDtlsContext(const Certificate& certificate,
                           int (*verifyPeer)(x509_store_ctx_st* store, void* argument)) {
  SslCtxPtr ctx(SSL_CTX_new(DTLS_method()));
  if (!ctx) return nullptr;
  SSL_CTX_set_options(ctx.get(), SSL_OP_NO_QUERY_MTU | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET);
  SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_OFF);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  SSL_CTX_set_cert_verify_callback(ctx.get(), verifyPeer, nullptr);
  bool configured =
      SSL_CTX_set_min_proto_version(ctx.get(), DTLS1_2_VERSION) == 1 &&
      SSL_CTX_set_max_proto_version(ctx.get(), DTLS1_2_VERSION) == 1 &&
      SSL_CTX_set_cipher_list(ctx.get(), kCipherList) == 1 &&
      SSL_CTX_set1_groups_list(ctx.get(), kGroups) == 1 &&
      SSL_CTX_set_tlsext_use_srtp(ctx.get(), kSrtpProfiles) == 0 &&  // 0 means success here
      SSL_CTX_use_certificate(ctx.get(), certificate.x509()) == 1 &&
      SSL_CTX_use_PrivateKey(ctx.get(), certificate.privateKey()) == 1 &&
      SSL_CTX_check_private_key(ctx.get()) == 1;
  return configured ? ctx.release() : nullptr;
}

}  // namespace nodertc
