// Connectivity checks (RFC 8445 §7), nomination (§8) and consent freshness (RFC 7675).
#include <algorithm>

#include "common/log.hpp"
#include "ice/ice_agent.hpp"
#include "ice/ice_random.hpp"

namespace nodertc {

namespace {

constexpr size_t kMaxEarlyChecks = 32;

double seconds(Reactor::Clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

// §6.1.4.2: one check every Ta; the first one at once, so that setup does not wait on a timer.
void IceAgent::scheduleChecks() {
  if (!started_ || closed_ || pacingTimer_) return;
  auto now = Clock::now();
  if (now >= nextCheckAt_)
    onPacingTimer();
  else
    armPacingTimer(nextCheckAt_ - now);
}

void IceAgent::armPacingTimer(Clock::duration delay) {
  pacingTimer_ = reactor_.setTimer(delay, [weak = weak_from_this()] {
    if (auto self = weak.lock()) {
      self->pacingTimer_ = 0;
      self->onPacingTimer();
    }
  });
}

void IceAgent::onPacingTimer() {
  if (!started_ || closed_) return;
  CandidatePair* pair = checkList_.nextToCheck();
  if (!pair) return;  // idle until something new to check: scheduleChecks() wakes us
  sendCheck(*pair, Purpose::Check);
  nextCheckAt_ = Clock::now() + kTa;
  armPacingTimer(kTa);
}

// §7.1 and §7.2.2: a Binding request with USERNAME, PRIORITY, the role and its tie-breaker,
// USE-CANDIDATE when nominating, MESSAGE-INTEGRITY with the remote password, and FINGERPRINT.
void IceAgent::sendCheck(CandidatePair& pair, Purpose purpose) {
  Transaction t;
  randomBytes(t.id.data(), t.id.size());
  StunWriter writer(StunClass::Request, stun::kBindingMethod, t.id);
  writer.addUsername(remote_.ufrag + ":" + local_.ufrag);
  writer.addPriority(IceCandidate::peerReflexivePriority(pair.localPriority));
  if (role_ == IceRole::Controlling)
    writer.addIceControlling(tieBreaker_);
  else
    writer.addIceControlled(tieBreaker_);
  if (purpose == Purpose::Nomination) writer.addUseCandidate();
  if (!writer.addMessageIntegrity(remote_.pwd)) {
    NODERTC_LOG(Warn, "ice", "no remote password: cannot send checks");
    pair.state = IcePairState::Failed;
    return;
  }
  writer.addFingerprint();

  t.pairId = pair.id;
  t.purpose = purpose;
  t.role = role_;
  t.request = writer.release();
  t.sentAt = Clock::now();
  t.rto = kInitialRto;
  // A consent check is not retransmitted: the next one follows soon (ConsentFreshness).
  t.retransmit = purpose != Purpose::Consent;
  t.timer = armRetransmitTimer(t.id, purpose == Purpose::Consent ? ConsentFreshness::kStaleAfter : t.rto);
  if (purpose == Purpose::Check) pair.state = IcePairState::InProgress;
  ++pair.requestsSent;
  sendOn(pair.socket, pair.remoteAddress, t.request.data(), t.request.size());
  transactions_.push_back(std::move(t));
}

Reactor::TimerId IceAgent::armRetransmitTimer(const TransactionId& id, Clock::duration delay) {
  return reactor_.setTimer(delay, [weak = weak_from_this(), id] {
    if (auto self = weak.lock()) self->onRetransmitTimer(id);
  });
}

std::vector<IceAgent::Transaction>::iterator IceAgent::findTransaction(const TransactionId& id) {
  return std::find_if(transactions_.begin(), transactions_.end(), [&](const Transaction& t) { return t.id == id; });
}

// RFC 8489 §6.2.1: retransmit with a doubling RTO; after the last, the transaction times out.
void IceAgent::onRetransmitTimer(const TransactionId& id) {
  auto it = findTransaction(id);
  if (it == transactions_.end() || closed_) return;
  it->timer = 0;
  CandidatePair* pair = checkList_.byId(it->pairId);
  if (pair && it->retransmit && it->transmissions < kMaxTransmissions) {
    ++it->transmissions;
    it->sentAt = Clock::now();
    it->rto = std::min<Clock::duration>(it->rto * 2, kMaxRto);
    it->timer = armRetransmitTimer(id, it->rto);
    sendOn(pair->socket, pair->remoteAddress, it->request.data(), it->request.size());
    return;
  }
  Transaction t = std::move(*it);
  transactions_.erase(it);
  // A cancelled check (§7.3.1.4) or a consent check that timed out is no failure.
  if (!pair || !t.retransmit) return;
  NODERTC_LOG(Debug, "ice", "check to %s timed out", pair->remoteAddress.toString().c_str());
  pair->state = IcePairState::Failed;
  pair->valid = false;
  afterChange();
}

void IceAgent::onStun(size_t socket, const SocketAddress& from, const StunMessage& message) {
  switch (message.messageClass) {
    case StunClass::Request:
      onBindingRequest(socket, from, message);
      break;
    case StunClass::SuccessResponse:
    case StunClass::ErrorResponse:
      onBindingResponse(socket, from, message);
      break;
    case StunClass::Indication:
      break;  // §11: a keepalive, nothing to do
  }
}

// §7.3 and RFC 8489 §6.3: authenticate, detect role conflicts, answer, then learn from the check.
void IceAgent::onBindingRequest(size_t socket, const SocketAddress& from, const StunMessage& request) {
  if (!request.username || !request.hasMessageIntegrity()) {
    ++packetsDiscarded_;
    sendResponse(socket, from, request, stun::kBadRequest, false);
    return;
  }
  std::string_view username = *request.username;
  size_t colon = username.find(':');
  if (colon == std::string_view::npos || username.substr(0, colon) != local_.ufrag ||
      !request.verifyMessageIntegrity(local_.pwd)) {
    ++packetsDiscarded_;
    sendResponse(socket, from, request, stun::kUnauthenticated, false);
    return;
  }
  if (request.unknownRequiredCount > 0) {
    sendResponse(socket, from, request, stun::kUnknownAttribute, true);
    return;
  }
  if (!request.priority) {
    sendResponse(socket, from, request, stun::kBadRequest, true);
    return;
  }

  if (!started_) {
    // The peer often checks before our application has its answer: answer now (we know our own
    // password), and check back once start() brings the remote password.
    sendResponse(socket, from, request, std::nullopt, true);
    auto known = std::find_if(earlyChecks_.begin(), earlyChecks_.end(),
                              [&](const EarlyCheck& c) { return c.socket == socket && c.from == from; });
    if (known != earlyChecks_.end())
      known->useCandidate = known->useCandidate || request.useCandidate;
    else if (earlyChecks_.size() < kMaxEarlyChecks)
      earlyChecks_.push_back({socket, from, *request.priority, request.useCandidate,
                              std::string(username.substr(colon + 1)), request.iceControlling,
                              request.iceControlled});
    return;
  }

  if (!resolveRoleConflict(request.iceControlling, request.iceControlled)) {
    sendResponse(socket, from, request, stun::kRoleConflict, true);
    return;
  }
  sendResponse(socket, from, request, std::nullopt, true);
  onAuthenticatedRequest(socket, from, *request.priority, request.useCandidate);
  afterChange();
}

// §7.3.1.1: with both agents claiming one role, the larger tie-breaker is controlling.
// Returns false when the requester must switch instead (answer 487).
bool IceAgent::resolveRoleConflict(std::optional<uint64_t> iceControlling, std::optional<uint64_t> iceControlled) {
  if (role_ == IceRole::Controlling && iceControlling) {
    if (tieBreaker_ >= *iceControlling) return false;
    switchRole(IceRole::Controlled);
  } else if (role_ == IceRole::Controlled && iceControlled) {
    if (tieBreaker_ < *iceControlled) return false;
    switchRole(IceRole::Controlling);
  }
  return true;
}

// Nominations made under the old roles are void: the agent now controlling nominates again.
void IceAgent::switchRole(IceRole role) {
  if (role == role_) return;
  NODERTC_LOG(Debug, "ice", "role conflict: now %s", toString(role));
  role_ = role;
  checkList_.setRole(role);  // §6.1.2.3: priorities depend on the role
  nominationDone_ = false;
  for (const auto& pair : checkList_.pairs()) pair->nominated = false;
}

void IceAgent::onAuthenticatedRequest(size_t socket, const SocketAddress& from, uint32_t priority,
                                      bool useCandidate) {
  // §7.3.1.3: an unknown source is a peer-reflexive remote candidate.
  auto remote = findRemote(from);
  if (!remote && remotes_.size() < kMaxRemoteCandidates) {
    IceCandidate c;
    c.foundation = randomIceChars(8);  // §7.3.1.3: any value distinct from the others
    c.priority = priority;
    c.address = from;
    c.type = "prflx";
    c.ufrag = remote_.ufrag;
    remotes_.push_back(std::move(c));
    remote = remotes_.size() - 1;
  }
  CandidatePair* pair = checkList_.find(socket, from);
  auto local = hostCandidateOf(socket);
  if (!pair && remote && local) {
    pair = makePair(*local, *remote);
    checkList_.unfreezeInitial();
  }
  if (!pair) return;
  ++pair->requestsReceived;
  ++pair->responsesSent;

  // §7.3.1.4: triggered check, unless the pair already succeeded.
  if (pair->state == IcePairState::InProgress) {
    for (auto& t : transactions_)
      if (t.pairId == pair->id && t.purpose == Purpose::Check) t.retransmit = false;
  }
  if (pair->state != IcePairState::Succeeded) checkList_.enqueueTriggered(*pair);

  // §7.3.1.5: the controlling peer nominates this pair.
  if (useCandidate && role_ == IceRole::Controlled) {
    if (pair->valid && pair->state == IcePairState::Succeeded)
      markNominated(*pair);
    else
      pair->peerNominated = true;
  }
}

// §8.1.1 regular nomination: as soon as a pair is valid, the controlling agent checks it again
// with USE-CANDIDATE. One nomination at a time.
void IceAgent::nominate() {
  if (role_ != IceRole::Controlling || nominationDone_ || !started_ || closed_) return;
  for (const auto& t : transactions_)
    if (t.purpose == Purpose::Nomination) return;
  CandidatePair* best = nullptr;
  for (const auto& pair : checkList_.pairs())
    if (pair->valid && pair->state == IcePairState::Succeeded && (!best || pair->priority > best->priority))
      best = pair.get();
  if (best) sendCheck(*best, Purpose::Nomination);
}

// §8.1.2: with a nominated pair, Waiting and Frozen pairs go, and lower-priority checks in
// progress are no longer retransmitted.
void IceAgent::markNominated(CandidatePair& pair) {
  pair.nominated = true;
  pair.peerNominated = false;
  if (nominationDone_) return;
  nominationDone_ = true;
  for (auto& t : transactions_) {
    CandidatePair* other = checkList_.byId(t.pairId);
    if (t.purpose == Purpose::Check && other && other->priority < pair.priority) t.retransmit = false;
  }
  checkList_.removeWaitingAndFrozen();
}

// §7.2.5: match the transaction, authenticate, then success, role conflict or failure.
void IceAgent::onBindingResponse(size_t socket, const SocketAddress& from, const StunMessage& response) {
  auto it = findTransaction(response.transactionId);
  if (it == transactions_.end()) {
    ++packetsDiscarded_;
    return;
  }
  bool success = response.messageClass == StunClass::SuccessResponse;
  bool authenticated = response.hasMessageIntegrity() && response.verifyMessageIntegrity(remote_.pwd);
  // Errors about our credentials (400, 401) come unauthenticated; anything else must not.
  bool acceptable = authenticated || (!success && response.errorCode &&
                                      (*response.errorCode == stun::kBadRequest ||
                                       *response.errorCode == stun::kUnauthenticated));
  if (!acceptable) {
    ++packetsDiscarded_;
    return;
  }
  Transaction t = std::move(*it);
  transactions_.erase(it);
  if (t.timer) reactor_.cancelTimer(t.timer);
  CandidatePair* pair = checkList_.byId(t.pairId);
  if (!pair) return;

  auto now = Clock::now();
  ++pair->responsesReceived;
  pair->currentRoundTripTime = seconds(now - t.sentAt);
  pair->totalRoundTripTime += pair->currentRoundTripTime;
  pair->lastResponseReceived = now;

  if (socket != pair->socket || from != pair->remoteAddress) {
    // §7.2.5.2.1: addresses not symmetric.
    if (t.purpose != Purpose::Consent) pair->state = IcePairState::Failed;
  } else if (success) {
    onCheckSucceeded(*pair, t, response);
  } else if (response.errorCode && *response.errorCode == stun::kRoleConflict) {
    // §7.2.5.1: switch role, unless already done since the request left, and check again.
    if (t.role == role_)
      switchRole(role_ == IceRole::Controlling ? IceRole::Controlled : IceRole::Controlling);
    checkList_.enqueueTriggered(*pair);
  } else if (t.purpose != Purpose::Consent) {
    // §7.2.5.2.4: an unrecoverable error.
    pair->state = IcePairState::Failed;
    pair->valid = false;
  }
  afterChange();
}

void IceAgent::onCheckSucceeded(CandidatePair& pair, const Transaction& t, const StunMessage& response) {
  auto now = Clock::now();
  if (&pair == selected_) consent_.granted(now);  // RFC 7675 §5.1: any response refreshes consent
  if (t.purpose == Purpose::Consent) return;
  if (response.xorMappedAddress) addLocalPeerReflexive(pair, *response.xorMappedAddress);
  // §7.2.5.3.2 and §7.2.5.3.3: the pair is valid; its foundation thaws.
  pair.state = IcePairState::Succeeded;
  pair.valid = true;
  checkList_.unfreeze(pair.foundation);
  // §7.2.5.3.4: nomination completes on the success of a USE-CANDIDATE check, or, for the
  // controlled agent, on the success of a check of a pair the peer nominated.
  if (t.purpose == Purpose::Nomination || (role_ == IceRole::Controlled && pair.peerNominated))
    markNominated(pair);
}

void IceAgent::sendResponse(size_t socket, const SocketAddress& to, const StunMessage& request,
                            std::optional<uint16_t> errorCode, bool authenticated) {
  StunWriter writer(errorCode ? StunClass::ErrorResponse : StunClass::SuccessResponse, stun::kBindingMethod,
                    request.transactionId);
  if (errorCode) {
    writer.addErrorCode(*errorCode);
    if (*errorCode == stun::kUnknownAttribute)
      writer.addUnknownAttributes(request.unknownRequired.data(), request.unknownRequiredCount);
  } else {
    writer.addXorMappedAddress(to);  // §7.3.1.2
  }
  if (authenticated) writer.addMessageIntegrity(local_.pwd);
  writer.addFingerprint();
  sendOn(socket, to, writer.data(), writer.size());
}

void IceAgent::startConsentTimer() {
  if (consentTimer_ || closed_) return;
  consentTimer_ = reactor_.setTimer(consent_.nextCheckDelay(Clock::now()), [weak = weak_from_this()] {
    if (auto self = weak.lock()) {
      self->consentTimer_ = 0;
      self->onConsentTimer();
    }
  });
}

// RFC 7675 §5.1: a Binding request on the selected pair now and then; without responses for
// 30 s consent expires and sending stops.
void IceAgent::onConsentTimer() {
  if (closed_ || !selected_ || consentExpired_) return;
  if (consent_.status(Clock::now()) == ConsentFreshness::Status::Expired) {
    NODERTC_LOG(Info, "ice", "consent expired on %s", selected_->remoteAddress.toString().c_str());
    consentExpired_ = true;
    updateState();
    return;
  }
  sendCheck(*selected_, Purpose::Consent);
  startConsentTimer();
  updateState();
}

}  // namespace nodertc
