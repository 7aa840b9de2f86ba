// SctpTransport: lifecycle, the association's state and the channels' life.
// Sending is in sctp_transport_send.cpp, receiving in sctp_transport_receive.cpp.
#include "sctp/sctp_transport.hpp"

#include <usrsctp.h>

#include <algorithm>

#include "common/log.hpp"
#include "sctp/dcep.hpp"
#include "sctp/sctp_socket.hpp"

namespace nodertc {

namespace {
constexpr size_t kMaxEarlyPackets = 16;
// Rounds of read/flush per processSocketEvents() before yielding to the reactor.
constexpr int kMaxProcessRounds = 8;
}  // namespace

std::shared_ptr<SctpTransport> SctpTransport::create(Reactor& reactor, uint16_t localPort,
                                                     size_t localMaxMessageSize, Callbacks callbacks) {
  std::shared_ptr<SctpTransport> transport(
      new SctpTransport(reactor, localMaxMessageSize, std::move(callbacks)));
  if (!transport->init(localPort)) return nullptr;
  return transport;
}

SctpTransport::SctpTransport(Reactor& reactor, size_t localMaxMessageSize, Callbacks callbacks)
    : reactor_(reactor), callbacks_(std::move(callbacks)), localMaxMessageSize_(localMaxMessageSize) {}

SctpTransport::~SctpTransport() { stop(); }

bool SctpTransport::init(uint16_t localPort) {
  // Aliasing constructor: the private base is reachable only from here.
  std::shared_ptr<UsrsctpEndpoint> endpoint(shared_from_this(), static_cast<UsrsctpEndpoint*>(this));
  key_ = usrsctp_stack::acquire(reactor_, endpoint);
  socket_ = sctp_socket::open(key_, localPort);
  return socket_ != nullptr;
}

void SctpTransport::start(uint16_t remotePort, size_t remoteMaxMessageSize) {
  if (stopped_ || state_ != SctpState::New) return;
  auto self = shared_from_this();
  remoteMaxMessageSize_ = remoteMaxMessageSize;
  setState(SctpState::Connecting);
  if (stopped_) return;
  if (!sctp_socket::connect(socket_, key_, remotePort)) {
    setState(SctpState::Closed);
    return;
  }
  auto early = std::move(early_);
  early_ = {};
  for (auto& packet : early) handleIncoming(packet.data(), packet.size());
}

void SctpTransport::handleIncoming(const uint8_t* packet, size_t size) {
  if (stopped_) return;
  if (state_ == SctpState::New) {
    if (early_.size() < kMaxEarlyPackets) early_.emplace_back(packet, packet + size);
    return;
  }
  auto self = shared_from_this();
  usrsctp_conninput(usrsctp_stack::keyToAddress(key_), packet, size, 0);
  if (socketEventPending_) {
    socketEventPending_ = false;
    processSocketEvents();
  }
}

void SctpTransport::stop() {
  if (stopped_) return;
  stopped_ = true;
  state_ = SctpState::Closed;
  if (socket_) sctp_socket::closeNow(socket_);  // may emit an ABORT through sendLower
  socket_ = nullptr;
  if (key_) usrsctp_stack::release(key_);
  key_ = 0;
  queue_.clear();
  channels_.clear();
  waiting_.clear();
  early_.clear();
}

uint16_t SctpTransport::maxChannels() const {
  if (state_ != SctpState::Connected) return sctp_socket::kMaxStreams;
  return std::min(outboundStreams_, inboundStreams_);
}

void SctpTransport::onConnOutput(const uint8_t* packet, size_t size) {
  // socket_ is cleared once stop() has closed it: a packet posted from usrsctp's thread before
  // then is dropped, but the ABORT sent while closing goes out.
  if (socket_ && callbacks_.sendLower) callbacks_.sendLower(packet, size);
}

void SctpTransport::processSocketEvents() {
  if (stopped_) return;
  if (processing_) {
    processAgain_ = true;
    return;
  }
  auto self = shared_from_this();
  processing_ = true;
  bool moreToRead = false;
  for (int round = 0; round < kMaxProcessRounds; ++round) {
    processAgain_ = false;
    int events = usrsctp_get_events(socket_);
    if (events & SCTP_EVENT_READ) moreToRead = receiveAll();
    if (stopped_) break;
    if (events & SCTP_EVENT_WRITE) flush();
    if (stopped_ || !processAgain_) break;
  }
  processing_ = false;
  if (!stopped_ && (moreToRead || processAgain_)) {
    reactor_.post([weak = weak_from_this()] {
      if (auto transport = weak.lock()) transport->processSocketEvents();
    });
  }
}

void SctpTransport::setState(SctpState state) {
  if (state_ == state) return;
  state_ = state;
  emit(callbacks_.onStateChange, state);
}

void SctpTransport::onAssociationUp(uint16_t outboundStreams, uint16_t inboundStreams) {
  outboundStreams_ = outboundStreams;
  inboundStreams_ = inboundStreams;
  if (state_ == SctpState::Connected) return;
  NODERTC_LOG(Debug, "sctp", "association up, streams out %u in %u", outboundStreams, inboundStreams);
  setState(SctpState::Connected);
  auto waiting = std::move(waiting_);
  waiting_ = {};
  for (uint16_t id : waiting) {
    if (stopped_) return;
    announce(id);
  }
  flush();
}

void SctpTransport::onAssociationDown() {
  if (state_ == SctpState::Closed) return;
  NODERTC_LOG(Debug, "sctp", "association down");
  queue_.clear();
  closeAllChannels();
  setState(SctpState::Closed);
}

// RFC 8832 §6: the opener sends DATA_CHANNEL_OPEN; a negotiated channel (RFC 8831 §6.5) is
// usable as soon as the association is.
void SctpTransport::announce(uint16_t id) {
  auto it = channels_.find(id);
  if (it == channels_.end() || it->second.phase != Channel::Phase::Waiting) return;
  if (it->second.negotiated) {
    it->second.phase = Channel::Phase::Open;
    emit(callbacks_.onChannelOpen, id);
    return;
  }
  std::vector<uint8_t> open = dcep::encodeOpen(it->second.params);
  if (open.empty()) {
    channels_.erase(it);
    emit(callbacks_.onChannelError, id, std::string("label or protocol too long"));
    return;
  }
  it->second.phase = Channel::Phase::AwaitingAck;
  enqueueControl(id, std::move(open));
}

void SctpTransport::openChannel(uint16_t id, const ChannelParams& params, bool negotiated) {
  if (stopped_) return;
  auto self = shared_from_this();
  if (state_ == SctpState::Closed || id >= sctp_socket::kMaxStreams || channels_.count(id)) {
    emit(callbacks_.onChannelError, id, std::string("stream id unavailable"));
    return;
  }
  Channel channel;
  channel.params = params;
  channel.negotiated = negotiated;
  channels_.emplace(id, std::move(channel));
  if (state_ != SctpState::Connected) {
    waiting_.push_back(id);
    return;
  }
  announce(id);
  flush();
}

void SctpTransport::closeChannel(uint16_t id) {
  if (stopped_) return;
  auto self = shared_from_this();
  auto it = channels_.find(id);
  if (it == channels_.end() || it->second.phase == Channel::Phase::Closing) return;
  if (it->second.phase == Channel::Phase::Waiting || state_ != SctpState::Connected) {
    // Never announced: there is no stream to reset.
    channels_.erase(it);
    waiting_.erase(std::remove(waiting_.begin(), waiting_.end(), id), waiting_.end());
    emit(callbacks_.onChannelClosed, id);
    return;
  }
  it->second.phase = Channel::Phase::Closing;
  enqueueReset(id);
  flush();
}

void SctpTransport::closeAllChannels() {
  std::vector<uint16_t> ids;
  ids.reserve(channels_.size());
  for (const auto& entry : channels_) ids.push_back(entry.first);
  std::sort(ids.begin(), ids.end());
  channels_.clear();
  waiting_.clear();
  for (uint16_t id : ids) emit(callbacks_.onChannelClosed, id);
}

}  // namespace nodertc
