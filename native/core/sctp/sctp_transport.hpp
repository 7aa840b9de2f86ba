// SCTP over DTLS (RFC 8261) on usrsctp, carrying WebRTC data channels (RFC 8831) opened with
// DCEP (RFC 8832). Packets come from and go to the DTLS transport through handleIncoming() and
// the sendLower callback; everything runs on the reactor's loop thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <sys/types.h>

#include "reactor/reactor.hpp"
#include "sctp/data_channel_params.hpp"
#include "sctp/outgoing_message.hpp"
#include "sctp/receive_buffer.hpp"
#include "sctp/usrsctp_stack.hpp"

struct socket;

namespace nodertc {

enum class SctpState { New, Connecting, Connected, Closed };

// What was dropped instead of delivered.
struct SctpCounters {
  uint64_t dcepErrors = 0;         // malformed or unexpected DCEP messages (ignored)
  uint64_t oversizedMessages = 0;  // bigger than localMaxMessageSize (dropped)
  uint64_t unknownStreamMessages = 0;  // user data on a stream without a channel
  uint64_t unknownPpidMessages = 0;    // unknown or deprecated PPIDs (52, 54)
  uint64_t abandonedMessages = 0;      // partly delivered, then abandoned by the sender (PR-SCTP)
};

class SctpTransport : public std::enable_shared_from_this<SctpTransport>, private UsrsctpEndpoint {
 public:
  // All run on the loop thread. sendLower runs inside usrsctp (its locks held): it must not call
  // into any SctpTransport, this one or another. The others may call anything, including
  // stop(), and may drop the transport.
  struct Callbacks {
    std::function<bool(const uint8_t*, size_t)> sendLower;  // one SCTP packet, to DTLS
    std::function<void(SctpState)> onStateChange;
    // The peer opened a channel with DCEP; our DATA_CHANNEL_ACK is already queued ahead of
    // anything send() queues for it.
    std::function<void(uint16_t id, const ChannelParams&)> onRemoteChannel;
    // Our DATA_CHANNEL_OPEN was acknowledged (or data arrived, RFC 8832 §6), or a negotiated
    // channel became usable because the association is up.
    std::function<void(uint16_t id)> onChannelOpen;
    // A complete user message; `data` is valid during the call only. Empty messages: size 0.
    std::function<void(uint16_t id, MessageType, const uint8_t* data, size_t size)> onMessage;
    // `bytes` of a queued message were taken by usrsctp (bufferedAmount falls by as much). A big
    // message may be reported in several parts; an empty one is reported once with 0. May run
    // inside send().
    std::function<void(uint16_t id, size_t bytes)> onSent;
    // Both directions of the channel's stream are reset (RFC 8831 §6.7), or the association
    // went down. The id may be reused afterwards.
    std::function<void(uint16_t id)> onChannelClosed;
    std::function<void(uint16_t id, const std::string& reason)> onChannelError;
  };

  // localMaxMessageSize: the max-message-size we advertise (RFC 8841 §6); 0 = unlimited.
  // Returns nullptr if usrsctp cannot give us a socket.
  static std::shared_ptr<SctpTransport> create(Reactor& reactor, uint16_t localPort,
                                               size_t localMaxMessageSize, Callbacks callbacks);
  ~SctpTransport() override;
  SctpTransport(const SctpTransport&) = delete;
  SctpTransport& operator=(const SctpTransport&) = delete;

  // Once DTLS is connected, on both sides: SCTP resolves the crossing INITs (RFC 9260 §5.2.1).
  // remoteMaxMessageSize: the peer's max-message-size; 0 = unlimited.
  void start(uint16_t remotePort, size_t remoteMaxMessageSize);
  // One SCTP packet from DTLS. Packets arriving before start() are kept until then.
  void handleIncoming(const uint8_t* packet, size_t size);

  // Before the association is up the channel waits; then DCEP OPEN is sent (or, negotiated,
  // onChannelOpen follows). Reports onChannelError if the id is taken.
  void openChannel(uint16_t id, const ChannelParams& params, bool negotiated);
  // Copies the message into the queue (or hands it to usrsctp at once). False unless the
  // channel is open or awaiting its ACK, or if the message exceeds the peer's max-message-size.
  bool send(uint16_t id, MessageType type, const uint8_t* data, size_t size);
  // The same, taking the bytes: a message that has to wait is queued without a copy.
  bool send(uint16_t id, MessageType type, std::vector<uint8_t>&& data);
  // RFC 8831 §6.7: resets our outgoing stream once what is queued for it is sent; the peer
  // resets its own; then onChannelClosed.
  void closeChannel(uint16_t id);
  // Aborts the association (its ABORT goes out through sendLower during the call) and frees
  // the socket. No callback runs after this.
  void stop();

  SctpState state() const { return state_; }
  // Channels the association can carry: the smaller of its stream counts once it is up.
  uint16_t maxChannels() const;
  size_t remoteMaxMessageSize() const { return remoteMaxMessageSize_; }
  const SctpCounters& counters() const { return counters_; }

 private:
  struct Channel {
    enum class Phase { Waiting, AwaitingAck, Open, Closing };
    ChannelParams params;
    bool negotiated = false;
    Phase phase = Phase::Waiting;
    bool incomingReset = false;  // the peer reset its outgoing stream
    bool outgoingReset = false;  // our outgoing reset completed
  };

  SctpTransport(Reactor& reactor, size_t localMaxMessageSize, Callbacks callbacks);
  bool init(uint16_t localPort);

  // Runs a callback unless stop() was called (possibly by the previous callback).
  template <typename Callback, typename... Args>
  void emit(const Callback& callback, Args&&... args) {
    if (!stopped_ && callback) callback(std::forward<Args>(args)...);
  }

  // UsrsctpEndpoint
  void onConnOutput(const uint8_t* packet, size_t size) override;
  void noteSocketEvent() override { socketEventPending_ = true; }
  void processSocketEvents() override;

  // Association (sctp_transport.cpp)
  void setState(SctpState state);
  void onAssociationUp(uint16_t outboundStreams, uint16_t inboundStreams);
  void onAssociationDown();
  void announce(uint16_t id);
  void closeAllChannels();

  // Sending (sctp_transport_send.cpp)
  Envelope envelopeFor(uint16_t id, const Channel& channel, MessageType type, size_t size) const;
  ssize_t sendPiece(const Envelope& envelope, const uint8_t* data, size_t size);
  void enqueueControl(uint16_t id, std::vector<uint8_t> message);
  void enqueueReset(uint16_t id);
  void flush();
  void requestMoreStreams(uint16_t id);
  bool sendMessage(uint16_t id, MessageType type, const uint8_t* data, size_t size, std::vector<uint8_t>* owned);
  void issueResets();

  // Receiving (sctp_transport_receive.cpp)
  bool receiveAll();
  void onUserMessage(uint16_t id, uint32_t ppid, const uint8_t* data, size_t size);
  void onDcep(uint16_t id, const uint8_t* data, size_t size);
  void onNotification(const uint8_t* data, size_t size);
  void onStreamReset(const uint8_t* data, size_t size);
  void onStreamChange(const uint8_t* data, size_t size);
  void onIncomingReset(uint16_t id);
  void onOutgoingReset(uint16_t id, bool failed);
  void finishIfClosed(uint16_t id);

  Reactor& reactor_;
  Callbacks callbacks_;
  const size_t localMaxMessageSize_;
  size_t remoteMaxMessageSize_ = 0;
  usrsctp_stack::Key key_ = 0;
  struct socket* socket_ = nullptr;
  SctpState state_ = SctpState::New;
  bool stopped_ = false;
  uint16_t outboundStreams_ = 0;
  uint16_t inboundStreams_ = 0;
  bool moreStreamsRequested_ = false;
  bool moreStreamsDenied_ = false;

  std::unordered_map<uint16_t, Channel> channels_;
  std::vector<uint16_t> waiting_;  // openChannel() before the association was up, in call order

  std::deque<OutgoingMessage> queue_;
  std::vector<uint16_t> resetBatch_;  // outgoing streams to reset at the end of flush()
  bool flushing_ = false;

  ReceiveBuffer receive_;
  bool discardingMessage_ = false;  // the message being read exceeds localMaxMessageSize
  bool socketEventPending_ = false;
  bool processing_ = false;
  bool processAgain_ = false;

  std::vector<std::vector<uint8_t>> early_;  // packets that came before start()
  SctpCounters counters_;
};

}  // namespace nodertc
