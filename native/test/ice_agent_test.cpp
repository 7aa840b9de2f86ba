// ICE: candidate SDP, then two agents in one process over loopback.
#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "check.hpp"
#include "ice/ice_agent.hpp"
#include "ice/stun_message.hpp"

using namespace nodertc;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

void testCandidateSdp() {
  auto host = IceCandidate::fromSdp("candidate:1 1 udp 2122260223 198.18.0.1 50000 typ host generation 0 ufrag abcd");
  CHECK(host && host->foundation == "1" && host->component == 1 && host->transport == "udp");
  CHECK(host->priority == 2122260223u && host->address.toString() == "198.18.0.1:50000");
  CHECK(host->type == "host" && host->ufrag == "abcd" && !host->related);
  CHECK(host->toSdp() == "candidate:1 1 udp 2122260223 198.18.0.1 50000 typ host generation 0 ufrag abcd");

  const char* chromium =
      "a=candidate:842163049 1 udp 1677729535 1.2.3.4 48012 typ srflx raddr 0.0.0.0 rport 0 generation 0 "
      "ufrag sXtV network-cost 999";
  auto srflx = IceCandidate::fromSdp(chromium);
  CHECK(srflx && srflx->foundation == "842163049" && srflx->priority == 1677729535u);
  CHECK(srflx->type == "srflx" && srflx->address.toString() == "1.2.3.4:48012" && srflx->ufrag == "sXtV");
  CHECK(srflx->related && srflx->related->toString() == "0.0.0.0:0");
  auto again = IceCandidate::fromSdp(srflx->toSdp());
  CHECK(again && again->toSdp() == srflx->toSdp() && again->related == srflx->related);

  auto v6 = IceCandidate::fromSdp("candidate:3 1 UDP 2122197247 2001:db8::7 61000 typ host");
  CHECK(v6 && v6->transport == "udp" && v6->address.toString() == "[2001:db8::7]:61000" && v6->isPairable());
  CHECK(IceCandidate::fromSdp(v6->toSdp())->address == v6->address);

  auto tcp = IceCandidate::fromSdp("candidate:4 1 tcp 1518280447 192.0.2.9 9 typ host tcptype active generation 0");
  CHECK(tcp && tcp->transport == "tcp" && tcp->tcpType == "active" && !tcp->isPairable());
  CHECK(IceCandidate::fromSdp(tcp->toSdp())->tcpType == "active");

  auto mdns = IceCandidate::fromSdp(
      "candidate:5 1 udp 2113937151 1f4712db-ea17-4bcf-a596-105139dfd8bf.local 54400 typ host generation 0");
  CHECK(mdns && mdns->hostname == "1f4712db-ea17-4bcf-a596-105139dfd8bf.local" && mdns->port() == 54400);
  CHECK(!mdns->address.isSet() && !mdns->isPairable());
  CHECK(IceCandidate::fromSdp(mdns->toSdp())->hostname == mdns->hostname);

  const char* garbage[] = {
      "", "candidate:", "candidate:1 1 udp", "candidate:1 1 udp 1 1.2.3.4 5 typ",
      "candidate:1 1 udp 1 1.2.3.4 5 type host", "candidate:1 0 udp 1 1.2.3.4 5 typ host",
      "candidate:1 1 udp 99999999999 1.2.3.4 5 typ host", "candidate:1 1 udp 1 1.2.3.4 70000 typ host",
      "candidate:1 1 sctp 1 1.2.3.4 5 typ host", "candidate:1 1 udp 1 1.2.3.4 5 typ bogus",
      "candidate:1 1 udp 1 bad@name 5 typ host", "candidate:1 1 udp 1 1.2.3.4 5 typ host raddr",
      "candidate:f{o} 1 udp 1 1.2.3.4 5 typ host", "candidate:1 1 udp -1 1.2.3.4 5 typ host",
      "candidate:1 1 udp 1 1.2.3.4 5 typ host rport x"};
  for (const char* line : garbage) CHECK(!IceCandidate::fromSdp(line));

  // Random token soup never crashes the parser; what parses prints and parses again (bounded).
  const char* tokens[] = {"candidate:1", "1", "udp", "tcp", "2122260223", "1.2.3.4", "::1", "x.local", "9",
                          "typ", "host", "srflx", "raddr", "rport", "ufrag", "abc", "", "  ", "65536", "-"};
  std::mt19937 rng(7);
  for (int round = 0; round < 5000; ++round) {
    std::string line;
    for (int n = static_cast<int>(rng() % 14); n > 0; --n) line += std::string(tokens[rng() % 20]) + " ";
    if (auto c = IceCandidate::fromSdp(line)) CHECK(IceCandidate::fromSdp(c->toSdp()));
  }
}

void testCheckListAndConsent() {
  CHECK(pairPriority(2, 1) == (1ull << 32) + 2 * 2 + 1);  // RFC 8445 §6.1.2.3
  CHECK(pairPriority(1, 2) == (1ull << 32) + 2 * 2);
  auto make = [](size_t socket, const char* address, uint32_t local, uint32_t remote, const char* foundation) {
    CandidatePair pair;
    pair.socket = socket;
    pair.remoteAddress = *SocketAddress::parse(address);
    pair.localPriority = local;
    pair.remotePriority = remote;
    pair.foundation = foundation;
    return pair;
  };
  CheckList list;
  CandidatePair* p1 = list.add(make(0, "127.0.0.1:1000", 100, 50, "a"), IceRole::Controlling);
  CandidatePair* p2 = list.add(make(0, "127.0.0.1:1001", 100, 60, "a"), IceRole::Controlling);
  CandidatePair* p3 = list.add(make(1, "127.0.0.1:1000", 90, 50, "b"), IceRole::Controlling);
  CHECK(p1 && p2 && p3 && p1->id != p2->id);
  CHECK(list.add(make(0, "127.0.0.1:1000", 1, 1, "z"), IceRole::Controlling) == p1);  // §6.1.2.4
  CHECK(p1->priority == pairPriority(100, 50));
  list.unfreezeInitial();  // §6.1.2.6: the best pair of each foundation waits, the rest is frozen
  CHECK(p2->state == IcePairState::Waiting && p3->state == IcePairState::Waiting);
  CHECK(p1->state == IcePairState::Frozen);
  CHECK(list.nextToCheck() == p2);
  p2->state = IcePairState::InProgress;
  CHECK(list.nextToCheck() == p3);
  p3->state = IcePairState::InProgress;
  CHECK(list.nextToCheck() == nullptr);  // p1's foundation has a check in progress
  p2->state = IcePairState::Succeeded;
  list.unfreeze("a");  // §7.2.5.3.3
  CHECK(p1->state == IcePairState::Waiting);
  list.enqueueTriggered(*p3);  // triggered checks come first, whatever their priority
  CHECK(p1->priority > p3->priority && list.nextToCheck() == p3);
  p3->state = IcePairState::InProgress;
  list.setRole(IceRole::Controlled);
  CHECK(p1->priority == pairPriority(50, 100));
  p2->valid = true;
  uint32_t removedId = p1->id;
  list.removeWaitingAndFrozen();  // §8.1.2: p1 goes
  CHECK(list.pairs().size() == 2 && list.byId(p2->id) == p2 && list.byId(removedId) == nullptr);
  CHECK(list.find(1, *SocketAddress::parse("127.0.0.1:1000")) == p3);
  CHECK(list.hasPending());  // p3 is still in progress
  p3->state = IcePairState::Failed;
  CHECK(!list.hasPending() && !list.allFailed());
  p2->state = IcePairState::Failed;
  CHECK(list.allFailed());

  CheckList full;  // §6.1.2.5: at most 100 pairs, the lowest-priority ones make room
  for (int i = 0; i < 100; ++i)
    CHECK(full.add(make(0, ("127.0.0.1:" + std::to_string(2000 + i)).c_str(), 10, 10, "f"), IceRole::Controlling));
  CHECK(!full.add(make(0, "127.0.0.1:3000", 5, 5, "f"), IceRole::Controlling));
  CHECK(full.add(make(0, "127.0.0.1:3001", 20, 20, "f"), IceRole::Controlling));
  CHECK(full.pairs().size() == CheckList::kMaxPairs);

  ConsentFreshness consent;
  auto t = Clock::now();
  consent.granted(t);
  CHECK(consent.status(t + 4900ms) == ConsentFreshness::Status::Fresh);
  CHECK(consent.status(t + 5s) == ConsentFreshness::Status::Stale);
  CHECK(consent.status(t + 30s) == ConsentFreshness::Status::Expired);
  auto delay = consent.nextCheckDelay(t);
  CHECK(delay >= 2000ms && delay <= 3000ms);
  CHECK(consent.nextCheckDelay(t + 3500ms) == 500ms);
}

template <typename F>
void onLoop(Reactor& reactor, F&& f) {
  std::atomic<bool> done{false};
  reactor.post([&] {
    f();
    done = true;
  });
  CHECK(waitFor([&] { return done.load(); }, 2000ms));
}

struct Peer {
  std::shared_ptr<IceAgent> agent;
  IceParameters params;
  std::vector<IceCandidate> candidates;  // written on the loop before `gathered`
  std::atomic<bool> gathered{false};
  std::atomic<int> state{static_cast<int>(IceState::New)};
  std::atomic<int> selectedChanges{0};
  std::atomic<Clock::time_point> connectedAt{};
  std::mutex mutex;
  std::vector<std::string> packets;

  bool connected() const {
    auto s = static_cast<IceState>(state.load());
    return s == IceState::Connected || s == IceState::Completed;
  }
  bool received(const std::string& text) {
    std::lock_guard<std::mutex> lock(mutex);
    for (const auto& p : packets)
      if (p == text) return true;
    return false;
  }
};

void create(Reactor& reactor, Peer& peer, std::vector<std::string> interfaces) {
  onLoop(reactor, [&] {
    IceAgent::Callbacks cb;
    cb.onLocalCandidate = [&peer](const IceCandidate& c) { peer.candidates.push_back(c); };
    cb.onGatheringComplete = [&peer] { peer.gathered = true; };
    cb.onStateChange = [&peer](IceState s) {
      peer.state = static_cast<int>(s);
      if ((s == IceState::Connected || s == IceState::Completed) && peer.connectedAt.load() == Clock::time_point{})
        peer.connectedAt = Clock::now();
    };
    cb.onSelectedPairChange = [&peer](const IceCandidate&, const IceCandidate&) { ++peer.selectedChanges; };
    cb.onPacket = [&peer](const uint8_t* data, size_t size) {
      std::lock_guard<std::mutex> lock(peer.mutex);
      peer.packets.emplace_back(reinterpret_cast<const char*>(data), size);
    };
    IceConfig config;
    config.interfaces = std::move(interfaces);
    peer.agent = IceAgent::create(reactor, config, cb);
    peer.params = peer.agent->localParameters();
    peer.agent->gather();
  });
  CHECK(waitFor([&] { return peer.gathered.load(); }, 2000ms));
  CHECK(!peer.candidates.empty());
  CHECK(peer.params.ufrag.size() >= 4 && peer.params.pwd.size() >= 22);
}

// start() on `peer` with the other's parameters, and (when trickled) its candidates.
void start(Reactor& reactor, Peer& peer, const Peer& other, IceRole role, bool withCandidates,
           bool otherLite = false) {
  onLoop(reactor, [&] {
    IceParameters remote = other.params;
    remote.lite = otherLite;
    peer.agent->start(remote, role);
    if (!withCandidates) return;
    for (const auto& c : other.candidates) peer.agent->addRemoteCandidate(c);
    peer.agent->endOfRemoteCandidates();
  });
}

// Both start() calls in one loop task; returns the time until both are connected, measured on
// the loop (test-thread polling excluded).
double startBoth(Reactor& reactor, Peer& a, Peer& b, IceRole roleA, IceRole roleB) {
  Clock::time_point t0;
  onLoop(reactor, [&] {
    t0 = Clock::now();
    a.agent->start(b.params, roleA);
    b.agent->start(a.params, roleB);
    for (const auto& c : b.candidates) a.agent->addRemoteCandidate(c);
    for (const auto& c : a.candidates) b.agent->addRemoteCandidate(c);
    a.agent->endOfRemoteCandidates();
    b.agent->endOfRemoteCandidates();
  });
  CHECK(waitFor([&] { return a.connected() && b.connected(); }, 3000ms));
  return std::chrono::duration<double, std::milli>(std::max(a.connectedAt.load(), b.connectedAt.load()) - t0)
      .count();
}

void sendText(Reactor& reactor, Peer& peer, const std::string& text) {
  onLoop(reactor, [&] { CHECK(peer.agent->send(reinterpret_cast<const uint8_t*>(text.data()), text.size())); });
}

void destroy(Reactor& reactor, Peer& peer) {
  onLoop(reactor, [&] {
    peer.agent->stop();
    peer.agent.reset();
  });
}

IceStats statsOf(Reactor& reactor, Peer& peer) {
  IceStats s;
  onLoop(reactor, [&] { s = peer.agent->stats(); });
  return s;
}

IceRole roleOf(Reactor& reactor, Peer& peer) {
  IceRole role;
  onLoop(reactor, [&] { role = peer.agent->role(); });
  return role;
}

double millisSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// Basic: A controlling, B controlled, all candidates exchanged. Data both ways. Garbage from a
// third socket is counted and dropped. Then A stops, and B notices within ~6 s.
void testConnectGarbageAndDisconnect(Reactor& reactor) {
  Peer a, b;
  create(reactor, a, {"lo"});
  create(reactor, b, {"lo"});
  std::printf("connected in %.3f ms\n", startBoth(reactor, a, b, IceRole::Controlling, IceRole::Controlled));
  CHECK(a.selectedChanges >= 1 && b.selectedChanges >= 1);

  sendText(reactor, a, "hello from a");
  sendText(reactor, b, "hello from b");
  CHECK(waitFor([&] { return b.received("hello from a") && a.received("hello from b"); }, 2000ms));
  CHECK(waitFor([&] { return static_cast<IceState>(a.state.load()) == IceState::Completed; }, 2000ms));

  IceStats stats = statsOf(reactor, b);
  CHECK(stats.role == IceRole::Controlled);
  size_t selected = 0;
  for (const auto& pair : stats.pairs) {
    if (!pair.selected) continue;
    ++selected;
    CHECK(pair.nominated && pair.state == IcePairState::Succeeded);
    CHECK(pair.packetsSent >= 1 && pair.packetsReceived >= 1 && pair.bytesReceived >= 12);
    CHECK(pair.requestsReceived >= 1 && pair.responsesSent >= 1);
    CHECK(pair.lastPacketReceivedTimestamp > 1.6e12);
  }
  CHECK(selected == 1);
  CHECK(stats.packetsReceived >= 1 && stats.bytesSent >= 12);

  // Garbage from a third socket, to B's IPv4 candidate.
  SocketAddress target;
  for (const auto& c : b.candidates)
    if (c.address.isIPv4()) target = c.address;
  CHECK(target.isIPv4());
  uint64_t discardedBefore = stats.packetsDiscarded;
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(fd >= 0);
  auto sendRaw = [&](const std::vector<uint8_t>& bytes) {
    CHECK(::sendto(fd, bytes.data(), bytes.size(), 0, target.sockaddrPtr(), target.sockaddrLength()) ==
          static_cast<ssize_t>(bytes.size()));
  };
  sendRaw({0xFF, 0x01, 0x02, 0x03});                                   // not STUN, unknown source
  sendRaw({0x80, 0x60, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 1});           // RTP-like, unknown source
  sendRaw(std::vector<uint8_t>(28, 0x01));                             // STUN first byte, garbage
  TransactionId id{};
  id[0] = 42;
  StunWriter forged(StunClass::Request, stun::kBindingMethod, id);     // wrong password
  forged.addUsername(b.params.ufrag + ":intruder");
  forged.addPriority(1);
  forged.addIceControlling(1);
  CHECK(forged.addMessageIntegrity("not-the-password"));
  forged.addFingerprint();
  sendRaw(std::vector<uint8_t>(forged.data(), forged.data() + forged.size()));
  pollfd pfd{fd, POLLIN, 0};
  CHECK(::poll(&pfd, 1, 2000) == 1);
  uint8_t reply[512];
  ssize_t n = ::recv(fd, reply, sizeof reply, 0);
  auto response = StunMessage::parse(reply, n > 0 ? static_cast<size_t>(n) : 0);
  CHECK(response && response->messageClass == StunClass::ErrorResponse && response->errorCode == 401);
  CHECK(response->transactionId == id);
  ::close(fd);
  CHECK(waitFor([&] { return statsOf(reactor, b).packetsDiscarded >= discardedBefore + 4; }, 2000ms));
  sendText(reactor, a, "still working");
  CHECK(waitFor([&] { return b.received("still working"); }, 2000ms));
  CHECK(b.connected());

  // A goes away: B's consent checks go unanswered and B becomes Disconnected.
  auto stoppedAt = Clock::now();
  onLoop(reactor, [&] { a.agent->stop(); });
  CHECK(static_cast<IceState>(a.state.load()) != IceState::Closed);  // no callback after stop()
  CHECK(waitFor([&] { return static_cast<IceState>(b.state.load()) == IceState::Disconnected; }, 7000ms));
  std::printf("disconnected %.0f ms after the peer stopped\n", millisSince(stoppedAt));
  onLoop(reactor, [&] {
    CHECK(a.agent->state() == IceState::Closed);
    CHECK(!a.agent->send(reinterpret_cast<const uint8_t*>("x"), 1));
  });
  destroy(reactor, a);
  destroy(reactor, b);
}

// Both agents believe they are controlling: the tie-breakers settle it (§7.3.1.1, §7.2.5.1).
// Started together, the conflict shows in checks (487); started one after the other, the late
// one meets it in the checks it answered before start(). Tie-breakers are random: repeated.
void testRoleConflict(Reactor& reactor, bool together) {
  Peer a, b;
  create(reactor, a, {"lo"});
  create(reactor, b, {"lo"});
  if (together) {
    startBoth(reactor, a, b, IceRole::Controlling, IceRole::Controlling);
  } else {
    start(reactor, a, b, IceRole::Controlling, true);
    start(reactor, b, a, IceRole::Controlling, true);
  }
  CHECK(waitFor([&] { return a.connected() && b.connected(); }, 3000ms));
  CHECK(roleOf(reactor, a) != roleOf(reactor, b));
  sendText(reactor, a, "ping");
  sendText(reactor, b, "pong");
  CHECK(waitFor([&] { return b.received("ping") && a.received("pong"); }, 2000ms));
  // Both nominated the same pair in the end: each side has exactly one nominated, selected pair.
  for (Peer* p : {&a, &b}) {
    CHECK(waitFor([&] {
      for (const auto& pair : statsOf(reactor, *p).pairs)
        if (pair.selected && pair.nominated) return true;
      return false;
    }, 2000ms));
  }
  destroy(reactor, a);
  destroy(reactor, b);
}

// B gets no candidates at all, and starts late: it answers A's early checks, receives A's data
// before its own start(), then learns A as peer-reflexive (§7.3.1.3).
void testOneWayTrickleAndEarlyChecks(Reactor& reactor) {
  Peer a, b;
  create(reactor, a, {"127.0.0.1"});
  create(reactor, b, {"127.0.0.1"});
  CHECK(a.candidates.size() == 1 && a.candidates[0].address.isLoopback() && a.candidates[0].address.isIPv4());
  start(reactor, a, b, IceRole::Controlling, true);
  CHECK(waitFor([&] { return a.connected(); }, 2000ms));  // B answered without being started
  CHECK(static_cast<IceState>(b.state.load()) == IceState::New);
  sendText(reactor, a, "before your start");
  CHECK(waitFor([&] { return b.received("before your start"); }, 2000ms));

  start(reactor, b, a, IceRole::Controlled, false);
  CHECK(waitFor([&] { return b.connected(); }, 2000ms));
  sendText(reactor, b, "after my start");
  CHECK(waitFor([&] { return a.received("after my start"); }, 2000ms));
  IceStats stats = statsOf(reactor, b);
  CHECK(stats.remoteCandidates.size() == 1 && stats.remoteCandidates[0].type == "prflx");
  CHECK(stats.remoteCandidates[0].address == a.candidates[0].address);
  CHECK(waitFor([&] {
    for (const auto& pair : statsOf(reactor, b).pairs)
      if (pair.selected && pair.nominated) return true;
    return false;
  }, 2000ms));
  destroy(reactor, a);
  destroy(reactor, b);
}

// A is told B is ice-lite: A must be controlling (§6.1.1) and nominate, whatever role it was given.
void testLitePeer(Reactor& reactor) {
  Peer a, b;
  create(reactor, a, {"lo"});
  create(reactor, b, {"lo"});
  start(reactor, a, b, IceRole::Controlled, true, /*otherLite=*/true);
  start(reactor, b, a, IceRole::Controlled, true);
  CHECK(roleOf(reactor, a) == IceRole::Controlling);
  CHECK(waitFor([&] { return a.connected() && b.connected(); }, 3000ms));
  sendText(reactor, b, "lite");
  CHECK(waitFor([&] { return a.received("lite"); }, 2000ms));
  destroy(reactor, a);
  destroy(reactor, b);
}

// The only remote candidate never answers: checks time out (~6.5 s) and, with end-of-candidates,
// the agent fails. Begun first and checked last, so that its wait overlaps the other tests.
void beginUnreachable(Reactor& reactor, Peer& lonely) {
  create(reactor, lonely, {"127.0.0.1"});
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  CHECK(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  CHECK(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  ::close(fd);  // nobody listens on that port any more
  auto dead = IceCandidate::fromSdp("candidate:1 1 udp 2122260223 127.0.0.1 " +
                                    std::to_string(ntohs(address.sin_port)) + " typ host");
  CHECK(dead);
  onLoop(reactor, [&] {
    lonely.agent->start({"abcd", "0123456789abcdefghijkl", false}, IceRole::Controlling);
    lonely.agent->addRemoteCandidate(*dead);
    lonely.agent->endOfRemoteCandidates();
  });
}

void finishUnreachable(Reactor& reactor, Peer& lonely) {
  CHECK(waitFor([&] { return static_cast<IceState>(lonely.state.load()) == IceState::Failed; }, 5000ms));
  IceStats stats = statsOf(reactor, lonely);
  CHECK(stats.pairs.size() == 1 && stats.pairs[0].state == IcePairState::Failed);
  CHECK(stats.pairs[0].requestsSent == 1 && stats.pairs[0].responsesReceived == 0);
  destroy(reactor, lonely);
}

}  // namespace

int main() {
  testCandidateSdp();
  testCheckListAndConsent();
  Reactor reactor;
  Peer lonely;
  beginUnreachable(reactor, lonely);
  for (int i = 0; i < 8; ++i) testRoleConflict(reactor, i % 2 == 0);
  testOneWayTrickleAndEarlyChecks(reactor);
  testLitePeer(reactor);
  testConnectGarbageAndDisconnect(reactor);
  finishUnreachable(reactor, lonely);
  reactor.stop();
  std::puts("ice_agent ok");
  return 0;
}
