// The checklist of RFC 8445 §6.1.2: candidate pairs, their priorities and states, and the order
// in which they are checked. Pure bookkeeping: no sockets, no timers.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "ice/ice_types.hpp"
#include "net/socket_address.hpp"
#include "reactor/reactor.hpp"

namespace nodertc {

struct CandidatePair {
  using TimePoint = Reactor::Clock::time_point;

  uint32_t id = 0;              // stable: transactions and the triggered queue refer to pairs by id
  size_t local = 0;             // index of the local candidate in the agent's table
  size_t remote = 0;            // index of the remote candidate in the agent's table
  size_t socket = 0;            // the base (§5.1.1.1): the socket checks and data go through
  SocketAddress remoteAddress;
  uint32_t localPriority = 0, remotePriority = 0;
  std::string foundation;       // local foundation ":" remote foundation (§6.1.2.6)
  uint64_t priority = 0;        // §6.1.2.3
  IcePairState state = IcePairState::Frozen;
  bool valid = false;           // §7.2.5.3.2: in the valid list
  bool nominated = false;       // §8.1.1
  bool peerNominated = false;   // controlled: USE-CANDIDATE arrived before the pair was valid

  uint64_t requestsSent = 0, requestsReceived = 0, responsesSent = 0, responsesReceived = 0;
  double currentRoundTripTime = 0, totalRoundTripTime = 0;
  uint64_t bytesSent = 0, bytesReceived = 0, packetsSent = 0, packetsReceived = 0;
  TimePoint lastPacketSent{}, lastPacketReceived{}, lastResponseReceived{};
};

// §6.1.2.3: G is the priority of the controlling agent's candidate, D the controlled one's.
inline uint64_t pairPriority(uint64_t g, uint64_t d) {
  return (std::min(g, d) << 32) + 2 * std::max(g, d) + (g > d ? 1 : 0);
}

class CheckList {
 public:
  static constexpr size_t kMaxPairs = 100;  // §6.1.2.5

  // §6.1.2.2–6.1.2.5: adds a Frozen pair unless one with the same base and remote address
  // exists (§6.1.2.4: that one is returned). When the list is full the lowest-priority Frozen or
  // Waiting pair that is not valid makes room, if it ranks below the new one; otherwise nullptr.
  CandidatePair* add(CandidatePair pair, IceRole role);
  // §6.1.2.6 and RFC 8838 §10: for each foundation with no Waiting, In-Progress or Succeeded
  // pair, the highest-priority Frozen pair becomes Waiting.
  void unfreezeInitial();
  // §7.2.5.3.3: a check succeeded, so Frozen pairs of the same foundation become Waiting.
  void unfreeze(const std::string& foundation);
  // §6.1.2.3 after a role change.
  void setRole(IceRole role);

  CandidatePair* find(size_t socket, const SocketAddress& remoteAddress);
  CandidatePair* byId(uint32_t id);
  const std::vector<std::unique_ptr<CandidatePair>>& pairs() const { return pairs_; }

  // §7.3.1.4: the pair becomes Waiting and is checked before any ordinary check.
  void enqueueTriggered(CandidatePair& pair);
  // §6.1.4.2: the next pair to check: the triggered queue first, else the highest-priority Waiting
  // pair, else the highest-priority Frozen pair whose foundation has nothing Waiting or In-Progress.
  CandidatePair* nextToCheck();
  // §8.1.2: once a pair is nominated, Waiting and Frozen pairs are dropped (valid ones stay: a
  // valid pair waits only to be re-checked after a role conflict).
  void removeWaitingAndFrozen();

  bool hasPending() const;   // some pair Frozen, Waiting or In-Progress
  bool allFailed() const;    // no pair, or every pair Failed

 private:
  std::vector<std::unique_ptr<CandidatePair>> pairs_;
  std::deque<uint32_t> triggered_;
  uint32_t nextId_ = 1;
};

}  // namespace nodertc
