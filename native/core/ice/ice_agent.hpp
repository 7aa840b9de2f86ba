// A full ICE agent (RFC 8445) for one component over UDP host candidates, with trickle
// (RFC 8838) and consent freshness (RFC 7675).
//
// Threading: created, called and destroyed on the reactor's loop thread; callbacks run there.
// A callback may stop or drop the agent. After stop() no callback fires.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ice/check_list.hpp"
#include "ice/consent_freshness.hpp"
#include "ice/ice_candidate.hpp"
#include "ice/ice_stats.hpp"
#include "ice/ice_types.hpp"
#include "ice/stun_message.hpp"
#include "net/udp_socket.hpp"
#include "reactor/reactor.hpp"

namespace nodertc {

class IceAgent : public std::enable_shared_from_this<IceAgent> {
 public:
  struct Callbacks {
    std::function<void(const IceCandidate&)> onLocalCandidate;
    std::function<void()> onGatheringComplete;
    std::function<void(IceState)> onStateChange;
    std::function<void(const IceCandidate& local, const IceCandidate& remote)> onSelectedPairChange;
    // Every non-STUN datagram from a known peer address (a remote candidate, or a peer-reflexive
    // address learned from an authenticated request). data lives for the call only.
    std::function<void(const uint8_t* data, size_t size)> onPacket;
  };

  using Clock = Reactor::Clock;
  static constexpr std::chrono::milliseconds kTa{5};                 // §14.2 pacing
  static constexpr std::chrono::milliseconds kInitialRto{500};       // §14.3
  static constexpr std::chrono::milliseconds kMaxRto{1000};
  static constexpr int kMaxTransmissions = 7;                        // then the pair fails (~6.5 s)
  static constexpr std::chrono::milliseconds kCheckingTimeout{30000};
  static constexpr size_t kMaxRemoteCandidates = 256;
  static constexpr size_t kMaxLocalCandidates = 64;

  static std::shared_ptr<IceAgent> create(Reactor& reactor, IceConfig config, Callbacks callbacks);
  ~IceAgent();
  IceAgent(const IceAgent&) = delete;
  IceAgent& operator=(const IceAgent&) = delete;

  // Random ufrag (8 chars) and pwd (24 chars) of ice-char (RFC 8839 §5.4).
  IceParameters localParameters() const { return local_; }
  // Opens a socket and a host candidate per usable address (§5.1.1.1); the candidates and then
  // onGatheringComplete are reported from the loop, after this returns.
  void gather();
  // Starts checks once remote parameters are known. Before or after gather(), before or after
  // remote candidates. A full agent facing an ice-lite peer is controlling (§6.1.1).
  void start(const IceParameters& remote, IceRole role);
  void addRemoteCandidate(const IceCandidate& candidate);  // RFC 8838
  void endOfRemoteCandidates();
  // Sends on the selected pair; false (and dropped) when there is none or the kernel refused.
  bool send(const uint8_t* data, size_t size);
  // Closes sockets, cancels timers; state Closed, without a callback.
  void stop();

  IceState state() const { return state_; }
  IceRole role() const { return role_; }
  IceStats stats() const;

 private:
  struct LocalCandidate {
    IceCandidate candidate;
    size_t socket;
  };
  // A check that arrived before start(): answered, and remembered as a triggered check.
  struct EarlyCheck {
    size_t socket;
    SocketAddress from;
    uint32_t priority;
    bool useCandidate;
    std::string remoteUfrag;
    std::optional<uint64_t> iceControlling, iceControlled;
  };
  enum class Purpose { Check, Nomination, Consent };
  struct Transaction {
    TransactionId id;
    uint32_t pairId;
    Purpose purpose;
    IceRole role;  // the role the request claimed
    std::vector<uint8_t> request;
    Clock::time_point sentAt;
    int transmissions = 1;
    Clock::duration rto;
    Reactor::TimerId timer = 0;
    bool retransmit = true;  // false once cancelled (§7.3.1.4): then a timeout is not a failure
  };

  IceAgent(Reactor& reactor, IceConfig config, Callbacks callbacks);

  // ice_agent.cpp: lifecycle, the data path, candidates and pairs, selection and state.
  void closeResources();
  bool sendOn(size_t socket, const SocketAddress& to, const uint8_t* data, size_t size);
  void scheduleFlush(size_t socket);
  void onReadable(size_t socket);
  void onDatagram(size_t socket, const SocketAddress& from, const uint8_t* data, size_t size);
  CandidatePair* pairFor(size_t socket, const SocketAddress& from);
  bool isEarlyPeer(size_t socket, const SocketAddress& from) const;
  std::optional<size_t> findRemote(const SocketAddress& address) const;
  std::optional<size_t> hostCandidateOf(size_t socket) const;
  void pairLocal(size_t local);
  void pairRemote(size_t remote);
  CandidatePair* makePair(size_t local, size_t remote);
  void addLocalPeerReflexive(const CandidatePair& pair, const SocketAddress& mapped);
  // After any change: nominate, check, then report the selected pair and the state (callbacks
  // last, as they may stop the agent).
  void afterChange();
  void updateSelectedPair();
  void updateState();

  // ice_checks.cpp: connectivity checks (§7), nomination (§8), consent (RFC 7675).
  void scheduleChecks();
  void armPacingTimer(Clock::duration delay);
  void onPacingTimer();
  void sendCheck(CandidatePair& pair, Purpose purpose);
  Reactor::TimerId armRetransmitTimer(const TransactionId& id, Clock::duration delay);
  std::vector<Transaction>::iterator findTransaction(const TransactionId& id);
  void onRetransmitTimer(const TransactionId& id);
  void onStun(size_t socket, const SocketAddress& from, const StunMessage& message);
  void onBindingRequest(size_t socket, const SocketAddress& from, const StunMessage& request);
  bool resolveRoleConflict(std::optional<uint64_t> iceControlling, std::optional<uint64_t> iceControlled);
  void switchRole(IceRole role);
  void onAuthenticatedRequest(size_t socket, const SocketAddress& from, uint32_t priority, bool useCandidate);
  void nominate();
  void markNominated(CandidatePair& pair);
  void onBindingResponse(size_t socket, const SocketAddress& from, const StunMessage& response);
  void onCheckSucceeded(CandidatePair& pair, const Transaction& transaction, const StunMessage& response);
  void sendResponse(size_t socket, const SocketAddress& to, const StunMessage& request,
                    std::optional<uint16_t> errorCode, bool authenticated);
  void startConsentTimer();
  void onConsentTimer();

  Reactor& reactor_;
  IceConfig config_;
  Callbacks callbacks_;
  IceParameters local_;
  IceParameters remote_;
  IceRole role_ = IceRole::Controlling;
  uint64_t tieBreaker_;
  IceState state_ = IceState::New;

  bool gathering_ = false, gatheringComplete_ = false;
  bool started_ = false, remoteEnded_ = false, closed_ = false;
  bool nominationDone_ = false;  // a nominated pair exists (§8.1.2)
  bool checkingTimedOut_ = false;  // 30 s of checks without a valid pair
  bool consentExpired_ = false;

  std::vector<std::unique_ptr<UdpSocket>> sockets_;
  std::vector<size_t> unflushed_;  // sockets with datagrams queued by send()
  bool flushScheduled_ = false;
  std::vector<LocalCandidate> locals_;
  std::vector<IceCandidate> remotes_;
  std::vector<EarlyCheck> earlyChecks_;
  CheckList checkList_;
  CandidatePair* selected_ = nullptr;  // a valid pair: never removed from the checklist
  std::vector<Transaction> transactions_;

  Clock::time_point nextCheckAt_{};
  Reactor::TimerId pacingTimer_ = 0;
  Reactor::TimerId consentTimer_ = 0;
  Reactor::TimerId checkingTimer_ = 0;
  ConsentFreshness consent_;

  uint64_t bytesSent_ = 0, bytesReceived_ = 0, packetsSent_ = 0, packetsReceived_ = 0;
  uint64_t packetsDiscarded_ = 0;
};

}  // namespace nodertc
