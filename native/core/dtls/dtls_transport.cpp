#include "dtls/dtls_transport.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <stdexcept>

#include "common/log.hpp"
#include "dtls/dtls_context.hpp"

namespace nodertc {

namespace {

constexpr long kMtu = 1200;  // bytes of DTLS per datagram (UDP payload) during the handshake
constexpr size_t kMaxRecordPlaintext = 16384;  // RFC 6347 §4.1 via RFC 5246 §6.2.1
constexpr size_t kMaxEarlyDatagrams = 32;
constexpr size_t kMaxEarlyBytes = 64 * 1024;

unsigned toMicroseconds(std::chrono::milliseconds duration) {
  return static_cast<unsigned>(std::chrono::microseconds(duration).count());
}

bool isDtlsRecord(const uint8_t* data, size_t size) {
  return size > 0 && data[0] >= 20 && data[0] <= 63;  // RFC 7983 §7
}

const char* stateName(DtlsState state) {
  static const char* names[] = {"new", "connecting", "connected", "closed", "failed"};
  return names[static_cast<int>(state)];
}

}  // namespace

std::shared_ptr<DtlsTransport> DtlsTransport::create(Reactor& reactor,
                                                     std::shared_ptr<Certificate> certificate,
                                                     Callbacks callbacks,
                                                     DtlsRetransmission retransmission) {
  return std::shared_ptr<DtlsTransport>(new DtlsTransport(reactor, std::move(certificate),
                                                          std::move(callbacks), retransmission));
}

DtlsTransport::DtlsTransport(Reactor& reactor, std::shared_ptr<Certificate> certificate,
                             Callbacks callbacks, DtlsRetransmission retransmission)
    : reactor_(reactor),
      certificate_(std::move(certificate)),
      callbacks_(std::move(callbacks)),
      bio_(*this),
      retransmission_(retransmission),
      readBuffer_(kMaxRecordPlaintext) {
  if (!certificate_) throw std::invalid_argument("dtls: no certificate");
  ctx_ = newDtlsContext(*certificate_, &DtlsTransport::verifyPeerCallback);
  ssl_ = ctx_ ? SSL_new(ctx_) : nullptr;
  BIO* bio = ssl_ ? bio_.newBio() : nullptr;
  if (!bio) {
    SSL_free(ssl_);
    SSL_CTX_free(ctx_);
    ERR_clear_error();
    throw std::runtime_error("dtls: OpenSSL setup failed");
  }
  SSL_set_bio(ssl_, bio, bio);
  SSL_set_app_data(ssl_, this);
  SSL_set_info_callback(ssl_, &DtlsTransport::infoCallback);
  SSL_set_mtu(ssl_, kMtu);
  DTLS_set_timer_cb(ssl_, &DtlsTransport::retransmitTimeoutUs);
}

DtlsTransport::~DtlsTransport() {
  cancelRetransmitTimer();
  SSL_free(ssl_);
  SSL_CTX_free(ctx_);
}

void DtlsTransport::start(DtlsRole role, std::vector<Fingerprint> remoteFingerprints) {
  if (state_ != DtlsState::New) return;
  auto self = shared_from_this();
  role_ = role;
  remoteFingerprints_ = std::move(remoteFingerprints);
  if (role == DtlsRole::Client)
    SSL_set_connect_state(ssl_);
  else
    SSL_set_accept_state(ssl_);
  setState(DtlsState::Connecting);
  beginHandshakeIfReady();
}

void DtlsTransport::setLowerReady() {
  if (lowerReady_) return;
  auto self = shared_from_this();
  lowerReady_ = true;
  beginHandshakeIfReady();
  resendUnsentFlight();
}

// A server answers a ClientHello that came before ICE had a pair to send on; what could not
// go out then goes now, instead of waiting for the retransmission timer (RFC 6347 §4.2.4).
void DtlsTransport::resendUnsentFlight() {
  auto unsent = std::move(unsentFlight_);
  unsentFlight_.clear();
  for (const auto& datagram : unsent) {
    if (finished()) return;
    sendDatagram(datagram.data(), datagram.size());
  }
}

void DtlsTransport::handleIncoming(const uint8_t* data, size_t size) {
  if (!isDtlsRecord(data, size) || finished()) {
    ++droppedDatagrams_;
    return;
  }
  if (!handshakeBegun_) {
    keepEarlyDatagram(data, size);
    return;
  }
  auto self = shared_from_this();
  processDatagram(data, size);
}

bool DtlsTransport::send(const uint8_t* data, size_t size) {
  if (state_ != DtlsState::Connected || size == 0 || size > kMaxRecordPlaintext) return false;
  auto self = shared_from_this();
  lastSendAccepted_ = false;
  ERR_clear_error();
  if (SSL_write(ssl_, data, static_cast<int>(size)) <= 0) {
    ERR_clear_error();
    return false;
  }
  return lastSendAccepted_;
}

void DtlsTransport::stop() {
  if (finished()) return;
  auto self = shared_from_this();
  const bool connected = state_ == DtlsState::Connected;
  state_ = DtlsState::Closed;
  cancelRetransmitTimer();
  earlyDatagrams_.clear();
  earlyBytes_ = 0;
  // RFC 5246 §7.2.1 close_notify; not from inside sendLower, where OpenSSL is mid-call.
  if (connected && !sendingLower_) {
    ERR_clear_error();
    SSL_shutdown(ssl_);
    ERR_clear_error();
  }
  NODERTC_LOG(Debug, "dtls", "stopped");
}

void DtlsTransport::sendDatagram(const uint8_t* data, size_t size) {
  sendingLower_ = true;
  lastSendAccepted_ = callbacks_.sendLower && callbacks_.sendLower(data, size);
  sendingLower_ = false;
  if (!lastSendAccepted_ && state_ == DtlsState::Connecting && unsentFlight_.size() < kMaxEarlyDatagrams)
    unsentFlight_.emplace_back(data, data + size);
}

void DtlsTransport::keepEarlyDatagram(const uint8_t* data, size_t size) {
  if (earlyDatagrams_.size() >= kMaxEarlyDatagrams || earlyBytes_ + size > kMaxEarlyBytes) {
    ++droppedDatagrams_;
    return;
  }
  earlyDatagrams_.emplace_back(data, data + size);
  earlyBytes_ += size;
}

void DtlsTransport::beginHandshakeIfReady() {
  if (state_ != DtlsState::Connecting || handshakeBegun_) return;
  if (role_ == DtlsRole::Client && !lowerReady_) return;
  handshakeBegun_ = true;
  if (role_ == DtlsRole::Client) continueHandshake();  // RFC 6347 §4.2.1: sends the ClientHello
  auto early = std::move(earlyDatagrams_);
  earlyDatagrams_.clear();
  earlyBytes_ = 0;
  for (const auto& datagram : early) {
    if (finished()) return;
    processDatagram(datagram.data(), datagram.size());
  }
}

void DtlsTransport::processDatagram(const uint8_t* data, size_t size) {
  bio_.setInput(data, size);
  if (state_ == DtlsState::Connecting) continueHandshake();
  if (state_ == DtlsState::Connected) readApplicationData();
  bio_.clearInput();
}

void DtlsTransport::continueHandshake() {
  ERR_clear_error();
  const int result = SSL_do_handshake(ssl_);
  if (result == 1) {
    completeHandshake();
    return;
  }
  const int error = SSL_get_error(ssl_, result);
  if (error == SSL_ERROR_WANT_READ) {
    armRetransmitTimer();
    return;
  }
  handleSslError(error, "DTLS handshake failed");
}

void DtlsTransport::completeHandshake() {
  // The verify callback must have accepted the peer's certificate: never connect without it.
  if (!peerVerified_) {
    fail("DTLS handshake completed without a verified peer certificate");
    return;
  }
  armRetransmitTimer();
  NODERTC_LOG(Info, "dtls", "connected as %s, %s, SRTP profile %s",
              role_ == DtlsRole::Client ? "client" : "server", SSL_get_cipher_name(ssl_),
              srtpProfile().empty() ? "none" : srtpProfile().c_str());
  setState(DtlsState::Connected);
}

void DtlsTransport::readApplicationData() {
  // Each SSL_read yields one record of the lent datagram, which OpenSSL reads whole.
  for (;;) {
    ERR_clear_error();
    const int n = SSL_read(ssl_, readBuffer_.data(), static_cast<int>(readBuffer_.size()));
    if (n <= 0) {
      const int error = SSL_get_error(ssl_, n);
      if (error != SSL_ERROR_WANT_READ) handleSslError(error, "DTLS connection failed");
      return;
    }
    if (callbacks_.onData) callbacks_.onData(readBuffer_.data(), static_cast<size_t>(n));
    // Most datagrams carry one record: stop without the SSL_read that would say WANT_READ.
    if (state_ != DtlsState::Connected || !SSL_has_pending(ssl_)) return;
  }
}

void DtlsTransport::handleSslError(int error, const char* context) {
  if (error == SSL_ERROR_ZERO_RETURN) {  // close_notify from the peer
    ERR_clear_error();
    cancelRetransmitTimer();
    setState(DtlsState::Closed);
    return;
  }
  fail(describeFailure(context));
}

void DtlsTransport::armRetransmitTimer() {
  cancelRetransmitTimer();
  timeval remaining{};
  if (DTLSv1_get_timeout(ssl_, &remaining) != 1) return;
  const auto delay =
      std::chrono::seconds(remaining.tv_sec) + std::chrono::microseconds(remaining.tv_usec);
  std::weak_ptr<DtlsTransport> weak = weak_from_this();
  retransmitTimer_ = reactor_.setTimer(delay, [weak] {
    if (auto self = weak.lock()) self->onRetransmitTimeout();
  });
}

void DtlsTransport::cancelRetransmitTimer() {
  if (retransmitTimer_ == 0) return;
  reactor_.cancelTimer(retransmitTimer_);
  retransmitTimer_ = 0;
}

void DtlsTransport::onRetransmitTimeout() {
  retransmitTimer_ = 0;
  if (finished()) return;
  if (state_ == DtlsState::Connecting && retransmissions_ >= retransmission_.maxRetransmissions) {
    fail("DTLS handshake timed out");
    return;
  }
  ERR_clear_error();
  const int result = DTLSv1_handle_timeout(ssl_);  // resends the last flight if it is due
  if (result < 0) {
    fail(describeFailure("DTLS handshake timed out"));
    return;
  }
  if (result > 0) {
    ++retransmissions_;
    NODERTC_LOG(Debug, "dtls", "retransmitted a flight (%d)", retransmissions_);
  }
  armRetransmitTimer();
}

// OpenSSL asks at the start of each flight (previousUs 0) and at each timeout.
unsigned DtlsTransport::retransmitTimeoutUs(SSL* ssl, unsigned previousUs) {
  const auto& policy = static_cast<DtlsTransport*>(SSL_get_app_data(ssl))->retransmission_;
  if (previousUs == 0) return toMicroseconds(policy.initialTimeout);
  const unsigned maxUs = toMicroseconds(policy.maxTimeout);
  return previousUs >= maxUs / 2 ? maxUs : previousUs * 2;
}

// RFC 8122 §5 (and RFC 8827 §6.5): a WebRTC peer is authenticated by the fingerprint signaled
// for its certificate, not by a chain to a trusted root.
int DtlsTransport::verifyPeerCallback(X509_STORE_CTX* store, void*) {
  auto* ssl =
      static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  auto* transport = static_cast<DtlsTransport*>(SSL_get_app_data(ssl));
  X509* certificate = X509_STORE_CTX_get0_cert(store);
  if (transport && certificate && transport->verifyPeer(certificate)) return 1;
  X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED);  // the peer gets bad_certificate
  return 0;
}

bool DtlsTransport::verifyPeer(X509* certificate) {
  std::string reason;
  peerVerified_ = matchesFingerprints(certificate, remoteFingerprints_, reason);
  if (!peerVerified_) verifyError_ = reason;
  return peerVerified_;
}

void DtlsTransport::infoCallback(const SSL* ssl, int where, int value) {
  if (!(where & SSL_CB_ALERT) || (value >> 8) != SSL3_AL_FATAL) return;
  auto* transport = static_cast<DtlsTransport*>(SSL_get_app_data(ssl));
  if (!transport || !transport->alertError_.empty()) return;
  transport->alertError_ = std::string((where & SSL_CB_READ) ? "received" : "sent") +
                           " fatal alert: " + SSL_alert_desc_string_long(value);
}

std::string DtlsTransport::describeFailure(const char* context) {
  std::string detail = verifyError_;
  if (detail.empty()) detail = alertError_;
  if (detail.empty()) {
    const char* reason = ERR_reason_error_string(ERR_peek_last_error());
    if (reason) detail = reason;
  }
  ERR_clear_error();
  return detail.empty() ? context : std::string(context) + ": " + detail;
}

void DtlsTransport::setState(DtlsState state, const std::string& error) {
  state_ = state;
  NODERTC_LOG(Debug, "dtls", "state %s%s%s", stateName(state), error.empty() ? "" : ": ",
              error.c_str());
  if (callbacks_.onStateChange) callbacks_.onStateChange(state, error);
}

void DtlsTransport::fail(const std::string& error) {
  cancelRetransmitTimer();
  NODERTC_LOG(Warn, "dtls", "%s", error.c_str());
  setState(DtlsState::Failed, error);
}

}  // namespace nodertc
