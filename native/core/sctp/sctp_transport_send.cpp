// SctpTransport: the send queue and what it hands to usrsctp.
#include <usrsctp.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/log.hpp"
#include "sctp/sctp_socket.hpp"
#include "sctp/sctp_transport.hpp"

namespace nodertc {

namespace {
bool wouldBlock(int error) { return error == EWOULDBLOCK || error == EAGAIN; }
}  // namespace

// RFC 8831 §6.6 (ordering, partial reliability) and §8 (PPIDs).
Envelope SctpTransport::envelopeFor(uint16_t id, const Channel& channel, MessageType type,
                                    size_t size) const {
  Envelope envelope;
  envelope.streamId = id;
  if (type == MessageType::String)
    envelope.ppid = size > 0 ? kPpidString : kPpidStringEmpty;
  else
    envelope.ppid = size > 0 ? kPpidBinary : kPpidBinaryEmpty;
  // RFC 8832 §6: ordered until the ACK, so that nothing overtakes the DATA_CHANNEL_OPEN.
  envelope.unordered = !channel.params.ordered && channel.phase == Channel::Phase::Open;
  switch (channel.params.reliability) {
    case Reliability::Reliable: envelope.prPolicy = SCTP_PR_SCTP_NONE; break;
    case Reliability::Rexmit: envelope.prPolicy = SCTP_PR_SCTP_RTX; break;
    case Reliability::Timed: envelope.prPolicy = SCTP_PR_SCTP_TTL; break;
  }
  envelope.prValue = channel.params.reliabilityParameter;
  return envelope;
}

// Hands usrsctp as much of one message as its send buffer takes (SCTP_EXPLICIT_EOR is on, so a
// partial take leaves the message open until the piece that completes it, flagged SCTP_EOR).
ssize_t SctpTransport::sendPiece(const Envelope& envelope, const uint8_t* data, size_t size) {
  sctp_sendv_spa spa{};
  spa.sendv_flags = SCTP_SEND_SNDINFO_VALID;
  spa.sendv_sndinfo.snd_sid = envelope.streamId;
  spa.sendv_sndinfo.snd_ppid = htonl(envelope.ppid);
  spa.sendv_sndinfo.snd_flags = SCTP_EOR | (envelope.unordered ? SCTP_UNORDERED : 0);
  if (envelope.prPolicy != SCTP_PR_SCTP_NONE) {
    spa.sendv_flags |= SCTP_SEND_PRINFO_VALID;
    spa.sendv_prinfo.pr_policy = envelope.prPolicy;
    spa.sendv_prinfo.pr_value = envelope.prValue;
  }
  return usrsctp_sendv(socket_, data, size, nullptr, 0, &spa, sizeof spa, SCTP_SENDV_SPA, 0);
}

bool SctpTransport::send(uint16_t id, MessageType type, const uint8_t* data, size_t size) {
  return sendMessage(id, type, data, size, nullptr);
}

bool SctpTransport::send(uint16_t id, MessageType type, std::vector<uint8_t>&& data) {
  return sendMessage(id, type, data.data(), data.size(), &data);
}

// `owned`, when given, holds the bytes at data: queued whole, they move instead of copying.
bool SctpTransport::sendMessage(uint16_t id, MessageType type, const uint8_t* data, size_t size,
                                std::vector<uint8_t>* owned) {
  if (stopped_) return false;
  auto it = channels_.find(id);
  if (it == channels_.end()) return false;
  Channel::Phase phase = it->second.phase;
  if (phase != Channel::Phase::Open && phase != Channel::Phase::AwaitingAck) return false;
  if (remoteMaxMessageSize_ > 0 && size > remoteMaxMessageSize_) return false;
  Envelope envelope = envelopeFor(id, it->second, type, size);
  // RFC 8831 §6.6: an empty message is one byte with the "empty" PPID, the byte ignored.
  static const uint8_t kPlaceholder = 0;
  const uint8_t* payload = size > 0 ? data : &kPlaceholder;
  size_t payloadSize = size > 0 ? size : 1;

  size_t taken = 0;
  bool direct = queue_.empty() && !flushing_ && state_ == SctpState::Connected && id < outboundStreams_;
  if (direct) {
    ssize_t n = sendPiece(envelope, payload, payloadSize);
    if (n < 0 && !wouldBlock(errno)) {
      NODERTC_LOG(Warn, "sctp", "send on stream %u: %s", id, std::strerror(errno));
      return false;
    }
    taken = n > 0 ? size_t(n) : 0;
  }
  if (taken < payloadSize) {
    OutgoingMessage message;
    message.envelope = envelope;
    if (owned && size > 0 && taken == 0)
      message.data = std::move(*owned);
    else
      message.data.assign(payload + taken, payload + payloadSize);
    message.countsBytes = size > 0;
    queue_.push_back(std::move(message));
  }
  auto self = shared_from_this();
  if (taken > 0) emit(callbacks_.onSent, id, size > 0 ? taken : 0);
  // Not tried directly (a stream beyond those granted, say): let the queue deal with it.
  if (!direct && queue_.size() == 1) flush();
  return true;
}

void SctpTransport::enqueueControl(uint16_t id, std::vector<uint8_t> message) {
  OutgoingMessage control;
  control.kind = OutgoingMessage::Kind::Control;
  control.envelope.streamId = id;
  control.envelope.ppid = kPpidDcep;  // ordered and reliable (RFC 8832 §6)
  control.data = std::move(message);
  queue_.push_back(std::move(control));
}

void SctpTransport::enqueueReset(uint16_t id) {
  OutgoingMessage reset;
  reset.kind = OutgoingMessage::Kind::Reset;
  reset.envelope.streamId = id;
  queue_.push_back(std::move(reset));
}

void SctpTransport::flush() {
  if (flushing_ || stopped_ || state_ != SctpState::Connected) return;
  auto self = shared_from_this();
  flushing_ = true;
  // Bounded: every pass takes the head off the queue or stops (usrsctp's buffer is finite).
  while (!queue_.empty() && !stopped_) {
    OutgoingMessage& message = queue_.front();
    uint16_t id = message.envelope.streamId;
    bool user = message.kind == OutgoingMessage::Kind::User;
    if (message.kind == OutgoingMessage::Kind::Reset) {
      resetBatch_.push_back(id);
      queue_.pop_front();
      continue;
    }
    if (id >= outboundStreams_ && !moreStreamsDenied_) {
      requestMoreStreams(id);
      if (!moreStreamsDenied_) break;  // resumes on SCTP_STREAM_CHANGE_EVENT
    }
    if (id >= outboundStreams_) {
      queue_.pop_front();
      if (user) emit(callbacks_.onChannelError, id, std::string("the peer allows no such stream"));
      continue;
    }
    ssize_t n = sendPiece(message.envelope, message.data.data() + message.offset,
                          message.data.size() - message.offset);
    if (n < 0 && !wouldBlock(errno)) {
      std::string reason = std::string("send failed: ") + std::strerror(errno);
      NODERTC_LOG(Warn, "sctp", "stream %u: %s", id, reason.c_str());
      queue_.pop_front();
      if (user) emit(callbacks_.onChannelError, id, reason);
      continue;
    }
    if (n <= 0) break;  // the send buffer is full: resumes on the next writable event
    message.offset += size_t(n);
    bool complete = message.offset == message.data.size();
    bool countsBytes = message.countsBytes;
    if (complete) queue_.pop_front();
    if (user && (countsBytes || complete)) emit(callbacks_.onSent, id, countsBytes ? size_t(n) : 0);
    if (!complete) break;
  }
  flushing_ = false;
  if (!stopped_) issueResets();
}

// RFC 6525 §5.1.5 through usrsctp: when the queue holds a message for a stream beyond those
// the association has, add outgoing streams (at least doubling, so that opening many channels
// asks few times); one request at a time.
void SctpTransport::requestMoreStreams(uint16_t id) {
  if (moreStreamsRequested_) return;
  uint32_t wanted = std::max<uint32_t>(uint32_t(id) + 1, 2u * outboundStreams_);
  wanted = std::min<uint32_t>(wanted, sctp_socket::kMaxStreams);
  sctp_add_streams add{};
  add.sas_outstrms = static_cast<uint16_t>(wanted - outboundStreams_);
  if (usrsctp_setsockopt(socket_, IPPROTO_SCTP, SCTP_ADD_STREAMS, &add, sizeof add) == 0) {
    NODERTC_LOG(Debug, "sctp", "asked for %u more outgoing streams", unsigned(add.sas_outstrms));
    moreStreamsRequested_ = true;
  } else if (errno != EALREADY) {  // EALREADY: a reset is in flight; retried after its event
    NODERTC_LOG(Warn, "sctp", "SCTP_ADD_STREAMS: %s", std::strerror(errno));
    moreStreamsDenied_ = true;
  }
}

// RFC 8831 §6.7: closing a channel resets its outgoing stream; usrsctp sends the request once
// the stream's queued data is out.
void SctpTransport::issueResets() {
  if (resetBatch_.empty()) return;
  std::vector<uint16_t> ids = std::move(resetBatch_);
  resetBatch_ = {};
  std::vector<uint8_t> buffer(sizeof(sctp_reset_streams) + ids.size() * sizeof(uint16_t));
  auto* request = reinterpret_cast<sctp_reset_streams*>(buffer.data());
  request->srs_flags = SCTP_STREAM_RESET_OUTGOING;
  request->srs_number_streams = static_cast<uint16_t>(ids.size());
  std::memcpy(request->srs_stream_list, ids.data(), ids.size() * sizeof(uint16_t));
  if (usrsctp_setsockopt(socket_, IPPROTO_SCTP, SCTP_RESET_STREAMS, request,
                         static_cast<socklen_t>(buffer.size())) == 0)
    return;
  NODERTC_LOG(Warn, "sctp", "SCTP_RESET_STREAMS: %s", std::strerror(errno));
  for (uint16_t id : ids) onOutgoingReset(id, /*failed=*/true);
}

}  // namespace nodertc
