// SctpTransport: reading usrsctp's socket, DCEP, and the notifications we subscribed to.
#include <usrsctp.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>

#include "common/log.hpp"
#include "sctp/dcep.hpp"
#include "sctp/sctp_transport.hpp"

namespace nodertc {

namespace {
// Free space offered to each usrsctp_recvv; a bigger message arrives in several reads.
constexpr size_t kReadSize = 64 * 1024;
// Reads per receiveAll() before yielding to the reactor.
constexpr int kMaxReads = 1024;

template <typename T>
bool readStruct(const uint8_t* data, size_t size, T& out) {
  if (size < sizeof out) return false;
  std::memcpy(&out, data, sizeof out);
  return true;
}
}  // namespace

// Returns true when it stopped with data possibly left to read.
bool SctpTransport::receiveAll() {
  for (int i = 0; i < kMaxReads; ++i) {
    if (stopped_) return false;
    uint8_t* at = receive_.reserve(kReadSize);
    sctp_rcvinfo info{};
    socklen_t infoLength = sizeof info;
    socklen_t fromLength = 0;
    unsigned int infoType = 0;
    int flags = 0;
    ssize_t n = usrsctp_recvv(socket_, at, receive_.room(), nullptr, &fromLength, &info, &infoLength,
                              &infoType, &flags);
    if (n < 0) {
      if (errno != EWOULDBLOCK && errno != EAGAIN)
        NODERTC_LOG(Debug, "sctp", "usrsctp_recvv: %s", std::strerror(errno));
      return false;
    }
    if (n == 0) return false;
    bool notification = (flags & MSG_NOTIFICATION) != 0;
    if (!discardingMessage_) receive_.commit(size_t(n));
    if (!notification && !discardingMessage_ && localMaxMessageSize_ > 0 &&
        receive_.size() > localMaxMessageSize_) {
      discardingMessage_ = true;  // read the rest of it into the void
      receive_.clear();
    }
    if (!(flags & MSG_EOR)) continue;  // partial delivery: more of this message follows
    if (notification) {
      onNotification(receive_.data(), receive_.size());
    } else if (discardingMessage_) {
      ++counters_.oversizedMessages;
      emit(callbacks_.onChannelError, info.rcv_sid, std::string("message larger than max-message-size"));
    } else if (flags & MSG_TRUNC) {
      // PR-SCTP abandoned the rest of a message that was being delivered in parts.
      ++counters_.abandonedMessages;
    } else {
      onUserMessage(info.rcv_sid, ntohl(info.rcv_ppid), receive_.data(), receive_.size());
    }
    receive_.clear();
    discardingMessage_ = false;
  }
  return true;
}

void SctpTransport::onUserMessage(uint16_t id, uint32_t ppid, const uint8_t* data, size_t size) {
  if (ppid == kPpidDcep) {
    onDcep(id, data, size);
    return;
  }
  MessageType type;
  switch (ppid) {
    case kPpidString:
    case kPpidStringEmpty: type = MessageType::String; break;
    case kPpidBinary:
    case kPpidBinaryEmpty: type = MessageType::Binary; break;
    default: ++counters_.unknownPpidMessages; return;
  }
  // RFC 8831 §6.6: the byte carried by an empty message is not part of it.
  if (ppid == kPpidStringEmpty || ppid == kPpidBinaryEmpty) size = 0;
  auto it = channels_.find(id);
  if (it == channels_.end()) {
    ++counters_.unknownStreamMessages;
    return;
  }
  if (it->second.phase == Channel::Phase::AwaitingAck) {
    // RFC 8832 §6: data before the DATA_CHANNEL_ACK acknowledges the channel implicitly.
    it->second.phase = Channel::Phase::Open;
    emit(callbacks_.onChannelOpen, id);
  }
  emit(callbacks_.onMessage, id, type, data, size);
}

void SctpTransport::onDcep(uint16_t id, const uint8_t* data, size_t size) {
  auto message = dcep::parse(data, size);
  if (!message) {
    ++counters_.dcepErrors;
    NODERTC_LOG(Debug, "sctp", "stream %u: malformed DCEP message ignored", id);
    return;
  }
  auto it = channels_.find(id);
  if (message->type == dcep::MessageType::Ack) {
    if (it == channels_.end()) {
      ++counters_.dcepErrors;
    } else if (it->second.phase == Channel::Phase::AwaitingAck) {  // not yet implicitly acked
      it->second.phase = Channel::Phase::Open;
      emit(callbacks_.onChannelOpen, id);
    }
    return;
  }
  // DATA_CHANNEL_OPEN (RFC 8832 §6): the channel is open once we answer DATA_CHANNEL_ACK.
  if (it != channels_.end()) {
    ++counters_.dcepErrors;
    NODERTC_LOG(Warn, "sctp", "DATA_CHANNEL_OPEN on stream %u, which is in use: ignored", id);
    return;
  }
  Channel channel;
  channel.params = message->params;
  channel.phase = Channel::Phase::Open;
  channels_.emplace(id, std::move(channel));
  enqueueControl(id, dcep::encodeAck());
  flush();
  emit(callbacks_.onRemoteChannel, id, message->params);
}

void SctpTransport::onNotification(const uint8_t* data, size_t size) {
  decltype(sctp_notification::sn_header) header;
  if (!readStruct(data, size, header)) return;
  switch (header.sn_type) {
    case SCTP_ASSOC_CHANGE: {
      sctp_assoc_change change;
      if (!readStruct(data, size, change)) return;
      if (change.sac_state == SCTP_COMM_UP)
        onAssociationUp(change.sac_outbound_streams, change.sac_inbound_streams);
      else if (change.sac_state == SCTP_COMM_LOST || change.sac_state == SCTP_SHUTDOWN_COMP ||
               change.sac_state == SCTP_CANT_STR_ASSOC)
        onAssociationDown();
      else if (change.sac_state == SCTP_RESTART)
        NODERTC_LOG(Warn, "sctp", "the peer restarted the association");
      break;
    }
    case SCTP_STREAM_RESET_EVENT: onStreamReset(data, size); break;
    case SCTP_STREAM_CHANGE_EVENT: onStreamChange(data, size); break;
    case SCTP_SENDER_DRY_EVENT: flush(); break;
    default: break;
  }
}

// RFC 6525 through usrsctp: which streams were reset, in which direction, or why not.
void SctpTransport::onStreamReset(const uint8_t* data, size_t size) {
  sctp_stream_reset_event event;
  if (!readStruct(data, size, event)) return;
  constexpr size_t kListOffset = offsetof(sctp_stream_reset_event, strreset_stream_list);
  size_t length = std::min<size_t>(size, event.strreset_length);
  std::vector<uint16_t> ids(length > kListOffset ? (length - kListOffset) / sizeof(uint16_t) : 0);
  if (!ids.empty()) std::memcpy(ids.data(), data + kListOffset, ids.size() * sizeof(uint16_t));
  if (ids.empty()) {  // every stream
    for (const auto& entry : channels_) ids.push_back(entry.first);
    std::sort(ids.begin(), ids.end());
  }
  bool failed = (event.strreset_flags & (SCTP_STREAM_RESET_DENIED | SCTP_STREAM_RESET_FAILED)) != 0;
  for (uint16_t id : ids) {
    if (stopped_) return;
    if ((event.strreset_flags & SCTP_STREAM_RESET_INCOMING_SSN) && !failed) onIncomingReset(id);
    if (event.strreset_flags & SCTP_STREAM_RESET_OUTGOING_SSN) onOutgoingReset(id, failed);
  }
  flush();  // a request for more streams waits for resets in flight
}

void SctpTransport::onStreamChange(const uint8_t* data, size_t size) {
  sctp_stream_change_event event;
  if (!readStruct(data, size, event)) return;
  inboundStreams_ = event.strchange_instrms;
  outboundStreams_ = event.strchange_outstrms;
  NODERTC_LOG(Debug, "sctp", "streams now out %u in %u (flags 0x%x)", unsigned(outboundStreams_),
              unsigned(inboundStreams_), unsigned(event.strchange_flags));
  if (moreStreamsRequested_ &&
      (event.strchange_flags & (SCTP_STREAM_CHANGE_DENIED | SCTP_STREAM_CHANGE_FAILED)))
    moreStreamsDenied_ = true;
  moreStreamsRequested_ = false;
  flush();
}

// RFC 8831 §6.7: the peer reset its outgoing stream; we reset ours after what is queued for it.
void SctpTransport::onIncomingReset(uint16_t id) {
  auto it = channels_.find(id);
  if (it == channels_.end()) return;
  it->second.incomingReset = true;
  if (it->second.phase != Channel::Phase::Closing) {
    it->second.phase = Channel::Phase::Closing;
    enqueueReset(id);
    flush();
  }
  finishIfClosed(id);
}

void SctpTransport::onOutgoingReset(uint16_t id, bool failed) {
  auto it = channels_.find(id);
  if (it == channels_.end()) return;
  if (failed) {
    channels_.erase(it);
    emit(callbacks_.onChannelError, id, std::string("stream reset failed"));
    emit(callbacks_.onChannelClosed, id);
    return;
  }
  it->second.outgoingReset = true;
  finishIfClosed(id);
}

void SctpTransport::finishIfClosed(uint16_t id) {
  auto it = channels_.find(id);
  if (it == channels_.end() || !it->second.incomingReset || !it->second.outgoingReset) return;
  channels_.erase(it);
  emit(callbacks_.onChannelClosed, id);
}

}  // namespace nodertc
