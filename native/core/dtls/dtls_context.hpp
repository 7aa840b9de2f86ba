// The SSL_CTX a DtlsTransport runs on: DTLS 1.2 only, WebRTC's cipher suites and groups,
// use_srtp (RFC 5764 §4.1.1), and a peer certificate required and checked by verifyPeer.
#pragma once

struct ssl_ctx_st;
struct x509_store_ctx_st;

namespace nodertc {

class Certificate;

// verifyPeer replaces OpenSSL's chain verification (WebRTC certificates are self-signed; they are
// authenticated by fingerprint). Returns nullptr if OpenSSL refuses the configuration.
ssl_ctx_st* newDtlsContext(const Certificate& certificate,
                           int (*verifyPeer)(x509_store_ctx_st* store, void* argument));

}  // namespace nodertc
