#include "ice/ice_agent.hpp"

#include <algorithm>

#include "common/log.hpp"
#include "ice/ice_random.hpp"
#include "ice/stun_integrity.hpp"
#include "net/network_interfaces.hpp"

namespace nodertc {

namespace {

// §5.1.1.3: candidates of one type, base address and transport share a foundation.
std::string foundationFor(const char* type, const SocketAddress& base) {
  std::string key = std::string(type) + "|" + base.ipString() + "|udp";
  return std::to_string(crc32(reinterpret_cast<const uint8_t*>(key.data()), key.size()));
}

double toEpochMs(Reactor::Clock::time_point t) {
  if (t == Reactor::Clock::time_point{}) return 0;
  auto sinceThen = Reactor::Clock::now() - t;
  auto wallThen = std::chrono::system_clock::now() - std::chrono::duration_cast<std::chrono::system_clock::duration>(sinceThen);
  return std::chrono::duration<double, std::milli>(wallThen.time_since_epoch()).count();
}

}  // namespace

std::shared_ptr<IceAgent> IceAgent::create(Reactor& reactor, IceConfig config, Callbacks callbacks) {
  return std::shared_ptr<IceAgent>(new IceAgent(reactor, std::move(config), std::move(callbacks)));
}

IceAgent::IceAgent(Reactor& reactor, IceConfig config, Callbacks callbacks)
    : reactor_(reactor), config_(std::move(config)), callbacks_(std::move(callbacks)), tieBreaker_(randomUint64()) {
  local_.ufrag = randomIceChars(8);
  local_.pwd = randomIceChars(24);
}

IceAgent::~IceAgent() { closeResources(); }

void IceAgent::closeResources() {
  for (Reactor::TimerId* timer : {&pacingTimer_, &consentTimer_, &checkingTimer_}) {
    if (*timer) reactor_.cancelTimer(*timer);
    *timer = 0;
  }
  for (auto& t : transactions_)
    if (t.timer) reactor_.cancelTimer(t.timer);
  transactions_.clear();
  for (auto& socket : sockets_) reactor_.removeReader(socket->fd());
  sockets_.clear();
}

void IceAgent::stop() {
  if (closed_) return;
  closed_ = true;
  state_ = IceState::Closed;
  closeResources();
}

void IceAgent::gather() {
  if (gathering_ || closed_) return;
  gathering_ = true;
  uint16_t localPreference = 65535;  // §5.1.2.1: unique per address, IPv6 (listed first) highest
  for (const auto& ifa : listInterfaceAddresses(config_.interfaces)) {
    if (locals_.size() >= kMaxLocalCandidates) break;
    auto socket = UdpSocket::open(ifa.address, config_.portMin, config_.portMax);
    if (!socket) continue;
    size_t index = sockets_.size();
    reactor_.addReader(socket->fd(), [weak = weak_from_this(), index] {
      if (auto self = weak.lock()) self->onReadable(index);
    });
    IceCandidate c;
    c.foundation = foundationFor("host", ifa.address);
    c.priority = IceCandidate::computePriority(IceCandidate::typePreference("host"), localPreference--, 1);
    c.address = socket->localAddress();
    c.type = "host";
    c.ufrag = local_.ufrag;
    NODERTC_LOG(Debug, "ice", "host candidate %s on %s", c.address.toString().c_str(), ifa.name.c_str());
    sockets_.push_back(std::move(socket));
    locals_.push_back({std::move(c), index});
    pairLocal(locals_.size() - 1);
  }
  scheduleChecks();

  size_t count = locals_.size();
  reactor_.post([weak = weak_from_this(), count] {
    auto self = weak.lock();
    if (!self) return;
    for (size_t i = 0; i < count && !self->closed_; ++i) {
      IceCandidate candidate = self->locals_[i].candidate;
      if (self->callbacks_.onLocalCandidate) self->callbacks_.onLocalCandidate(candidate);
    }
    if (self->closed_) return;
    self->gatheringComplete_ = true;
    if (self->callbacks_.onGatheringComplete) self->callbacks_.onGatheringComplete();
    if (!self->closed_) self->updateState();
  });
}

void IceAgent::start(const IceParameters& remote, IceRole role) {
  if (closed_ || started_) return;
  auto self = shared_from_this();
  remote_ = remote;
  role_ = remote.lite ? IceRole::Controlling : role;
  started_ = true;
  for (size_t i = 0; i < locals_.size(); ++i) pairLocal(i);

  // Checks answered before start(): a role conflict we would have lost is settled now (one we
  // win, the peer learns from our checks), then each counts as a triggered check.
  auto early = std::move(earlyChecks_);
  earlyChecks_.clear();
  for (const auto& check : early) {
    if (!remote_.ufrag.empty() && check.remoteUfrag != remote_.ufrag) continue;
    resolveRoleConflict(check.iceControlling, check.iceControlled);
    onAuthenticatedRequest(check.socket, check.from, check.priority, check.useCandidate);
  }

  checkingTimer_ = reactor_.setTimer(kCheckingTimeout, [weak = weak_from_this()] {
    auto agent = weak.lock();
    if (!agent) return;
    agent->checkingTimer_ = 0;
    agent->checkingTimedOut_ = true;
    agent->updateState();
  });
  afterChange();
}

void IceAgent::addRemoteCandidate(const IceCandidate& candidate) {
  if (closed_) return;
  if (started_ && !candidate.ufrag.empty() && !remote_.ufrag.empty() && candidate.ufrag != remote_.ufrag)
    return;  // a candidate of another ICE generation
  auto self = shared_from_this();
  if (candidate.isPairable()) {
    if (auto known = findRemote(candidate.address)) {
      // RFC 8838 §11.4: a signalled candidate replaces the peer-reflexive one learned earlier.
      IceCandidate& existing = remotes_[*known];
      if (existing.type == "prflx" && candidate.type != "prflx") {
        existing = candidate;
        for (const auto& pair : checkList_.pairs()) {
          if (pair->remote != *known) continue;
          pair->remotePriority = candidate.priority;
          pair->foundation = locals_[pair->local].candidate.foundation + ":" + candidate.foundation;
        }
        checkList_.setRole(role_);
      }
      return;
    }
  }
  if (remotes_.size() >= kMaxRemoteCandidates) return;
  remotes_.push_back(candidate);
  pairRemote(remotes_.size() - 1);
  afterChange();
}

void IceAgent::endOfRemoteCandidates() {
  if (closed_) return;
  auto self = shared_from_this();
  remoteEnded_ = true;
  updateState();
}

bool IceAgent::send(const uint8_t* data, size_t size) {
  CandidatePair* pair = selected_;
  if (!pair || closed_ || consentExpired_) return false;
  sockets_[pair->socket]->queue(pair->remoteAddress, data, size);
  scheduleFlush(pair->socket);
  auto now = Clock::now();
  pair->bytesSent += size;
  ++pair->packetsSent;
  pair->lastPacketSent = now;
  bytesSent_ += size;
  ++packetsSent_;
  return true;
}

// What send() queued leaves once the reactor has handled the events at hand: the packets they
// produced go out together (UDP GSO).
void IceAgent::scheduleFlush(size_t socket) {
  if (std::find(unflushed_.begin(), unflushed_.end(), socket) == unflushed_.end()) unflushed_.push_back(socket);
  if (flushScheduled_) return;
  flushScheduled_ = true;
  reactor_.defer([weak = weak_from_this()] {
    auto self = weak.lock();
    if (!self) return;
    self->flushScheduled_ = false;
    for (size_t socket : self->unflushed_)
      if (!self->closed_ && socket < self->sockets_.size()) self->sockets_[socket]->flush();
    self->unflushed_.clear();
  });
}

bool IceAgent::sendOn(size_t socket, const SocketAddress& to, const uint8_t* data, size_t size) {
  if (closed_ || socket >= sockets_.size()) return false;
  return sockets_[socket]->sendTo(to, data, size);
}

void IceAgent::onReadable(size_t socket) {
  if (closed_ || socket >= sockets_.size()) return;
  packetsDiscarded_ += sockets_[socket]->drain([this, socket](const SocketAddress& from, const uint8_t* data, size_t size) {
    onDatagram(socket, from, data, size);
    return !closed_;
  });
}

void IceAgent::onDatagram(size_t socket, const SocketAddress& from, const uint8_t* data, size_t size) {
  if (size == 0) {
    ++packetsDiscarded_;
    return;
  }
  // RFC 7983 §7: the first byte tells STUN from the rest.
  if (stun::isStunFirstByte(data[0])) {
    auto message = StunMessage::parse(data, size);
    if (!message || message->method != stun::kBindingMethod) {
      ++packetsDiscarded_;
      return;
    }
    onStun(socket, from, *message);
    return;
  }
  CandidatePair* pair = pairFor(socket, from);
  if (!pair && !isEarlyPeer(socket, from)) {
    NODERTC_LOG(Verbose, "ice", "dropped %zu bytes from unknown %s", size, from.toString().c_str());
    ++packetsDiscarded_;
    return;
  }
  if (pair) {
    pair->bytesReceived += size;
    ++pair->packetsReceived;
    pair->lastPacketReceived = Clock::now();
  }
  bytesReceived_ += size;
  ++packetsReceived_;
  if (callbacks_.onPacket) callbacks_.onPacket(data, size);
}

CandidatePair* IceAgent::pairFor(size_t socket, const SocketAddress& from) {
  if (selected_ && selected_->socket == socket && selected_->remoteAddress == from) return selected_;
  return checkList_.find(socket, from);
}

bool IceAgent::isEarlyPeer(size_t socket, const SocketAddress& from) const {
  return std::any_of(earlyChecks_.begin(), earlyChecks_.end(),
                     [&](const EarlyCheck& c) { return c.socket == socket && c.from == from; });
}

std::optional<size_t> IceAgent::findRemote(const SocketAddress& address) const {
  for (size_t i = 0; i < remotes_.size(); ++i)
    if (remotes_[i].isPairable() && remotes_[i].address == address) return i;
  return std::nullopt;
}

std::optional<size_t> IceAgent::hostCandidateOf(size_t socket) const {
  for (size_t i = 0; i < locals_.size(); ++i)
    if (locals_[i].socket == socket && locals_[i].candidate.type == "host") return i;
  return std::nullopt;
}

void IceAgent::pairLocal(size_t local) {
  if (!started_ || locals_[local].candidate.type != "host") return;
  for (size_t remote = 0; remote < remotes_.size(); ++remote) makePair(local, remote);
  checkList_.unfreezeInitial();
}

void IceAgent::pairRemote(size_t remote) {
  if (!started_ || nominationDone_) return;  // §8.1.2: no new checks once nominated
  for (size_t local = 0; local < locals_.size(); ++local)
    if (locals_[local].candidate.type == "host") makePair(local, remote);
  checkList_.unfreezeInitial();
}

// §6.1.2.2: a local and a remote candidate of the same component and address family.
CandidatePair* IceAgent::makePair(size_t local, size_t remote) {
  const IceCandidate& l = locals_[local].candidate;
  const IceCandidate& r = remotes_[remote];
  if (!r.isPairable() || r.component != l.component || r.address.family() != l.address.family()) return nullptr;
  CandidatePair pair;
  pair.local = local;
  pair.remote = remote;
  pair.socket = locals_[local].socket;
  pair.remoteAddress = r.address;
  pair.localPriority = l.priority;
  pair.remotePriority = r.priority;
  pair.foundation = l.foundation + ":" + r.foundation;
  return checkList_.add(std::move(pair), role_);
}

void IceAgent::addLocalPeerReflexive(const CandidatePair& pair, const SocketAddress& mapped) {
  // §7.2.5.3.1: a mapped address that is no local candidate is a peer-reflexive one, on the base
  // the check was sent from. It is not signalled; the pair keeps sending from that base.
  for (const auto& local : locals_)
    if (local.candidate.address == mapped) return;
  if (locals_.size() >= kMaxLocalCandidates) return;
  const IceCandidate& base = locals_[pair.local].candidate;
  IceCandidate c = base;
  c.type = "prflx";
  c.address = mapped;
  c.related = base.address;
  c.foundation = foundationFor("prflx", base.address);
  c.priority = IceCandidate::peerReflexivePriority(base.priority);
  locals_.push_back({std::move(c), pair.socket});
}

void IceAgent::afterChange() {
  if (closed_) return;
  nominate();
  scheduleChecks();
  updateSelectedPair();
  if (!closed_) updateState();
}

void IceAgent::updateSelectedPair() {
  // A nominated pair wins; before nomination, the best valid pair carries data already.
  CandidatePair* best = nullptr;
  for (const auto& pair : checkList_.pairs()) {
    if (!pair->valid || pair->state == IcePairState::Failed) continue;
    if (!best || (pair->nominated != best->nominated ? pair->nominated : pair->priority > best->priority))
      best = pair.get();
  }
  if (best == selected_ || closed_) return;
  selected_ = best;
  if (!best) return;
  consent_.granted(Clock::now());
  startConsentTimer();
  NODERTC_LOG(Debug, "ice", "selected %s -> %s%s", locals_[best->local].candidate.address.toString().c_str(),
              best->remoteAddress.toString().c_str(), best->nominated ? " (nominated)" : "");
  if (callbacks_.onSelectedPairChange) {
    IceCandidate local = locals_[best->local].candidate, remote = remotes_[best->remote];
    callbacks_.onSelectedPairChange(local, remote);
  }
}

void IceAgent::updateState() {
  if (closed_) return;
  IceState next;
  if (consentExpired_) {
    next = IceState::Failed;
  } else if (selected_) {
    if (consent_.status(Clock::now()) != ConsentFreshness::Status::Fresh)
      next = IceState::Disconnected;
    else if (nominationDone_ && remoteEnded_ && gatheringComplete_ && !checkList_.hasPending())
      next = IceState::Completed;
    else
      next = IceState::Connected;
  } else if (!started_) {
    next = IceState::New;
  } else if (checkingTimedOut_ || (remoteEnded_ && gatheringComplete_ && !checkList_.pairs().empty() &&
                                   checkList_.allFailed())) {
    next = IceState::Failed;
  } else {
    next = IceState::Checking;
  }
  if (next == state_) return;
  NODERTC_LOG(Debug, "ice", "state %s -> %s", toString(state_), toString(next));
  state_ = next;
  if (callbacks_.onStateChange) callbacks_.onStateChange(next);
}

IceStats IceAgent::stats() const {
  IceStats s;
  s.role = role_;
  s.state = state_;
  for (const auto& local : locals_) s.localCandidates.push_back(local.candidate);
  s.remoteCandidates = remotes_;
  for (const auto& pair : checkList_.pairs()) {
    IcePairStats p;
    p.local = locals_[pair->local].candidate;
    p.remote = remotes_[pair->remote];
    p.state = pair->state;
    p.nominated = pair->nominated;
    p.selected = pair.get() == selected_;
    p.requestsSent = pair->requestsSent;
    p.requestsReceived = pair->requestsReceived;
    p.responsesSent = pair->responsesSent;
    p.responsesReceived = pair->responsesReceived;
    p.currentRoundTripTime = pair->currentRoundTripTime;
    p.totalRoundTripTime = pair->totalRoundTripTime;
    p.bytesSent = pair->bytesSent;
    p.bytesReceived = pair->bytesReceived;
    p.packetsSent = pair->packetsSent;
    p.packetsReceived = pair->packetsReceived;
    p.lastPacketSentTimestamp = toEpochMs(pair->lastPacketSent);
    p.lastPacketReceivedTimestamp = toEpochMs(pair->lastPacketReceived);
    s.pairs.push_back(std::move(p));
  }
  s.bytesSent = bytesSent_;
  s.bytesReceived = bytesReceived_;
  s.packetsSent = packetsSent_;
  s.packetsReceived = packetsReceived_;
  s.packetsDiscarded = packetsDiscarded_;
  return s;
}

}  // namespace nodertc
