// DTLS 1.2 (RFC 6347) over the ICE path, on OpenSSL: handshake with retransmission on reactor
// timers, peer authentication by certificate fingerprint (RFC 8122 §5), application data one
// record per send(), and DTLS-SRTP keying (RFC 5764 §4.2).
//
// Loop thread only: created, called and destroyed there; every callback runs there. Callbacks
// may stop() or drop the transport. sendLower must not call back into the transport, except stop().
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dtls/certificate.hpp"
#include "dtls/datagram_bio.hpp"
#include "reactor/reactor.hpp"

struct ssl_ctx_st;
struct ssl_st;
struct x509_store_ctx_st;

namespace nodertc {

enum class DtlsRole { Client, Server };
enum class DtlsState { New, Connecting, Connected, Closed, Failed };

// RFC 6347 §4.2.4.1: the timer doubles at each retransmission up to maxTimeout (the RFC's 60 s).
// Like browsers, start below the RFC's 1 s so that a lost flight costs little. The handshake
// fails at the timeout that follows the last allowed retransmission (~51 s by default). A peer
// often starts its DTLS a moment after ICE lets us send the first flight: 100 ms recovers fast.
struct DtlsRetransmission {
  std::chrono::milliseconds initialTimeout{100};
  std::chrono::milliseconds maxTimeout{60000};
  int maxRetransmissions = 9;
};

class DtlsTransport : public std::enable_shared_from_this<DtlsTransport>, private DatagramSink {
 public:
  struct Callbacks {
    std::function<bool(const uint8_t*, size_t)> sendLower;  // a datagram to ICE; false: not sent
    std::function<void(DtlsState, const std::string& error)> onStateChange;
    std::function<void(const uint8_t*, size_t)> onData;  // one record's payload (one SCTP packet)
  };

  // Throws std::runtime_error if OpenSSL refuses the certificate or the configuration.
  static std::shared_ptr<DtlsTransport> create(Reactor& reactor,
                                               std::shared_ptr<Certificate> certificate,
                                               Callbacks callbacks,
                                               DtlsRetransmission retransmission = {});
  ~DtlsTransport();
  DtlsTransport(const DtlsTransport&) = delete;
  DtlsTransport& operator=(const DtlsTransport&) = delete;

  // New → Connecting. The client sends its ClientHello once setLowerReady() was called too.
  // The peer's certificate must match remoteFingerprints (none: the handshake fails).
  void start(DtlsRole role, std::vector<Fingerprint> remoteFingerprints);
  // ICE has a usable candidate pair; may come before or after start().
  void setLowerReady();
  // A datagram from ICE whose first byte is 20..63 (RFC 7983 §7). Datagrams that come before
  // the handshake may begin are kept (bounded) and processed then.
  void handleIncoming(const uint8_t* data, size_t size);
  // One DTLS record. False unless Connected and handed to sendLower.
  bool send(const uint8_t* data, size_t size);
  // Sends close_notify if Connected, then Closed, silently: no callback follows.
  void stop();

  DtlsState state() const { return state_; }
  DtlsRole role() const { return role_; }
  const std::shared_ptr<Certificate>& certificate() const { return certificate_; }
  // The peer's certificate, then any chain it sent, DER-encoded.
  std::vector<std::vector<uint8_t>> remoteCertificatesDer() const;

  // RFC 5764 §4.1.2: OpenSSL's profile name ("SRTP_AEAD_AES_128_GCM") and its IANA id, or ""/0.
  std::string srtpProfile() const;
  uint16_t srtpProfileId() const;
  // RFC 5764 §4.2 keying material (label "EXTRACTOR-dtls_srtp"); empty unless Connected.
  std::vector<uint8_t> exportKeyingMaterial(size_t length) const;
  // As webrtc-stats puts them: the version in 4 hex digits ("FEFD") and the IANA cipher suite
  // name ("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"); empty before the handshake completes.
  std::string tlsVersion() const;
  std::string cipherName() const;
  // Datagrams dropped here: not DTLS, over the early buffer's bound, or after Closed/Failed.
  uint64_t droppedDatagrams() const { return droppedDatagrams_; }

 private:
  DtlsTransport(Reactor& reactor, std::shared_ptr<Certificate> certificate, Callbacks callbacks,
                DtlsRetransmission retransmission);

  void sendDatagram(const uint8_t* data, size_t size) override;
  void resendUnsentFlight();
  void keepEarlyDatagram(const uint8_t* data, size_t size);
  void beginHandshakeIfReady();
  void processDatagram(const uint8_t* data, size_t size);
  void continueHandshake();
  void completeHandshake();
  void readApplicationData();
  void handleSslError(int error, const char* context);
  void armRetransmitTimer();
  void cancelRetransmitTimer();
  void onRetransmitTimeout();
  bool verifyPeer(x509_st* certificate);
  std::string describeFailure(const char* context);
  void setState(DtlsState state, const std::string& error = {});
  void fail(const std::string& error);
  bool finished() const { return state_ == DtlsState::Closed || state_ == DtlsState::Failed; }

  static int verifyPeerCallback(x509_store_ctx_st* store, void* argument);
  static void infoCallback(const ssl_st* ssl, int where, int value);
  static unsigned retransmitTimeoutUs(ssl_st* ssl, unsigned previousUs);

  Reactor& reactor_;
  std::shared_ptr<Certificate> certificate_;
  Callbacks callbacks_;
  DatagramBio bio_;
  ssl_ctx_st* ctx_ = nullptr;
  ssl_st* ssl_ = nullptr;

  DtlsRole role_ = DtlsRole::Client;
  DtlsState state_ = DtlsState::New;
  std::vector<Fingerprint> remoteFingerprints_;
  bool lowerReady_ = false;
  std::vector<std::vector<uint8_t>> unsentFlight_;
  bool handshakeBegun_ = false;
  bool peerVerified_ = false;
  std::string verifyError_;
  std::string alertError_;

  std::vector<std::vector<uint8_t>> earlyDatagrams_;
  size_t earlyBytes_ = 0;

  const DtlsRetransmission retransmission_;
  Reactor::TimerId retransmitTimer_ = 0;
  int retransmissions_ = 0;

  bool sendingLower_ = false;
  bool lastSendAccepted_ = false;
  std::vector<uint8_t> readBuffer_;
  uint64_t droppedDatagrams_ = 0;
};

}  // namespace nodertc
