#include "binding/transport_session.hpp"

#include "binding/event_pump.hpp"
#include "common/log.hpp"

namespace nodertc {

namespace {

const char* dtlsStateName(DtlsState state) {
  switch (state) {
    case DtlsState::New: return "new";
    case DtlsState::Connecting: return "connecting";
    case DtlsState::Connected: return "connected";
    case DtlsState::Closed: return "closed";
    case DtlsState::Failed: return "failed";
  }
  return "new";
}

const char* sctpStateName(SctpState state) {
  switch (state) {
    case SctpState::New: return "new";
    case SctpState::Connecting: return "connecting";
    case SctpState::Connected: return "connected";
    case SctpState::Closed: return "closed";
  }
  return "new";
}

ChannelInitValue toInitValue(const ChannelParams& params) {
  ChannelInitValue init;
  init.label = params.label;
  init.protocol = params.protocol;
  init.ordered = params.ordered;
  if (params.reliability == Reliability::Rexmit) init.maxRetransmits = params.reliabilityParameter;
  if (params.reliability == Reliability::Timed) init.maxPacketLifeTime = params.reliabilityParameter;
  init.priority = params.priority;
  return init;
}

}  // namespace

TransportSession::~TransportSession() {
  stopSctp();
  stopDtls();
  stopIce();
}

void TransportSession::emit(uint32_t handle, EventCode code, EventValue a, EventValue b) {
  pump_.push(Event{handle, code, std::move(a), std::move(b)});
}

void TransportSession::createIce(uint32_t handle, IceConfig config) {
  iceHandle_ = handle;
  std::weak_ptr<TransportSession> weak = weak_from_this();
  IceAgent::Callbacks callbacks;
  callbacks.onLocalCandidate = [this, weak](const IceCandidate& candidate) {
    if (weak.expired()) return;
    emit(iceHandle_, EventCode::IceCandidate, candidate.toSdp());
  };
  callbacks.onGatheringComplete = [this, weak] {
    if (weak.expired()) return;
    emit(iceHandle_, EventCode::IceGatheringComplete);
  };
  callbacks.onStateChange = [this, weak](IceState state) {
    if (auto self = weak.lock()) onIceState(state);
  };
  callbacks.onSelectedPairChange = [this, weak](const IceCandidate& local, const IceCandidate& remote) {
    if (weak.expired()) return;
    iceUsable_ = true;
    emit(iceHandle_, EventCode::IceSelectedPair, local.toSdp(), remote.toSdp());
    if (dtls_) dtls_->setLowerReady();
  };
  callbacks.onPacket = [this, weak](const uint8_t* data, size_t len) {
    if (auto self = weak.lock()) onIcePacket(data, len);
  };
  ice_ = IceAgent::create(reactor_, std::move(config), std::move(callbacks));
}

void TransportSession::onIceState(IceState state) {
  emit(iceHandle_, EventCode::IceState, std::string(toString(state)));
}

// RFC 7983 §7: the first byte tells DTLS (20-63) from RTP/RTCP (128-191); STUN never gets here.
void TransportSession::onIcePacket(const uint8_t* data, size_t len) {
  if (len == 0) return;
  uint8_t first = data[0];
  if (first >= 20 && first <= 63 && dtls_) {
    dtls_->handleIncoming(data, len);
    return;
  }
  ++packetsDiscarded_;
}

void TransportSession::createDtls(uint32_t handle, std::shared_ptr<Certificate> certificate) {
  dtlsHandle_ = handle;
  std::weak_ptr<TransportSession> weak = weak_from_this();
  DtlsTransport::Callbacks callbacks;
  callbacks.sendLower = [this, weak](const uint8_t* data, size_t len) {
    if (weak.expired() || !ice_) return false;
    return ice_->send(data, len);
  };
  callbacks.onStateChange = [this, weak](DtlsState state, const std::string& error) {
    if (auto self = weak.lock()) onDtlsState(state, error);
  };
  callbacks.onData = [this, weak](const uint8_t* data, size_t len) {
    if (weak.expired()) return;
    if (sctp_) sctp_->handleIncoming(data, len);
  };
  dtls_ = DtlsTransport::create(reactor_, std::move(certificate), std::move(callbacks));
  if (iceUsable_) dtls_->setLowerReady();
}

void TransportSession::startDtls(DtlsRole role, std::vector<Fingerprint> fingerprints) {
  if (dtls_) dtls_->start(role, std::move(fingerprints));
}

void TransportSession::onDtlsState(DtlsState state, const std::string& error) {
  dtlsConnected_ = state == DtlsState::Connected;
  emit(dtlsHandle_, EventCode::DtlsState, std::string(dtlsStateName(state)), error);
  if (dtlsConnected_ && sctp_ && pendingSctpStart_) {
    auto start = *pendingSctpStart_;
    pendingSctpStart_.reset();
    sctp_->start(start.remotePort, start.remoteMaxMessageSize);
  }
}

void TransportSession::createSctp(uint32_t handle, uint16_t localPort, size_t maxMessageSize) {
  sctpHandle_ = handle;
  std::weak_ptr<TransportSession> weak = weak_from_this();
  SctpTransport::Callbacks callbacks;
  callbacks.sendLower = [this, weak](const uint8_t* data, size_t len) {
    if (weak.expired() || !dtls_) return false;
    return dtls_->send(data, len);
  };
  callbacks.onStateChange = [this, weak](SctpState state) {
    if (weak.expired()) return;
    emit(sctpHandle_, EventCode::SctpState, std::string(sctpStateName(state)));
  };
  callbacks.onRemoteChannel = [this, weak](uint16_t id, const ChannelParams& params) {
    if (weak.expired()) return;
    emit(sctpHandle_, EventCode::ChannelRemoteOpen, double(id), toInitValue(params));
  };
  callbacks.onChannelOpen = [this, weak](uint16_t id) {
    if (weak.expired()) return;
    emit(sctpHandle_, EventCode::ChannelOpen, double(id));
  };
  callbacks.onMessage = [this, weak](uint16_t id, MessageType type, const uint8_t* data, size_t len) {
    if (weak.expired()) return;
    EventValue payload;
    if (type == MessageType::String)
      payload = std::string(reinterpret_cast<const char*>(data), len);
    else
      payload = BytesValue{std::vector<uint8_t>(data, data + len)};
    emit(sctpHandle_, EventCode::ChannelMessage, double(id), std::move(payload));
  };
  callbacks.onSent = [this, weak](uint16_t id, size_t bytes) {
    if (weak.expired()) return;
    emit(sctpHandle_, EventCode::ChannelSent, double(id), double(bytes));
  };
  callbacks.onChannelClosed = [this, weak](uint16_t id) {
    if (weak.expired()) return;
    emit(sctpHandle_, EventCode::ChannelClosed, double(id));
  };
  callbacks.onChannelError = [this, weak](uint16_t id, const std::string& message) {
    if (weak.expired()) return;
    emit(sctpHandle_, EventCode::ChannelError, double(id), message);
  };
  sctp_ = SctpTransport::create(reactor_, localPort, maxMessageSize, std::move(callbacks));
}

void TransportSession::startSctp(uint16_t remotePort, size_t remoteMaxMessageSize) {
  if (!sctp_) return;
  if (dtlsConnected_)
    sctp_->start(remotePort, remoteMaxMessageSize);
  else
    pendingSctpStart_ = SctpStart{remotePort, remoteMaxMessageSize};
}

void TransportSession::stopIce() {
  if (ice_) ice_->stop();
}

void TransportSession::stopDtls() {
  if (dtls_) dtls_->stop();
}

void TransportSession::stopSctp() {
  pendingSctpStart_.reset();
  if (sctp_) sctp_->stop();
}

}  // namespace nodertc
