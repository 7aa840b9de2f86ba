// Two SctpTransports wired back to back through reactors (no DTLS, no sockets): association,
// DCEP, message sizes and kinds, ordering, partial reliability, negotiated channels, many
// channels, closing, max-message-size, stop(), lost INITs (packets from usrsctp's timer thread),
// usrsctp finishing and restarting, and a throughput printout.
#include <usrsctp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "check.hpp"
#include "reactor/reactor.hpp"
#include "sctp/crc32c.hpp"
#include "sctp/sctp_socket.hpp"
#include "sctp/sctp_transport.hpp"
#include "sctp/usrsctp_stack.hpp"

using namespace nodertc;
using namespace std::chrono_literals;

namespace {

constexpr size_t kMaxMessage = 32 * 1024 * 1024;

// Runs fn on the reactor's loop thread and waits for it.
template <typename Fn>
auto onLoop(Reactor& reactor, Fn fn) -> decltype(fn()) {
  std::packaged_task<decltype(fn())()> task(std::move(fn));
  auto result = task.get_future();
  reactor.post([&task] { task(); });
  CHECK(result.wait_for(20s) == std::future_status::ready);
  return result.get();
}

std::vector<uint8_t> pattern(size_t size, uint32_t seed) {
  std::vector<uint8_t> bytes(size);
  uint32_t x = seed * 2654435761u + 1;
  for (auto& b : bytes) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    b = uint8_t(x);
  }
  return bytes;
}

struct Received {
  uint16_t id;
  MessageType type;
  size_t size;
  uint32_t checksum;
};

// What one side saw; written on the loop thread, read by the test under the mutex.
struct Side {
  std::mutex mutex;
  SctpState state = SctpState::New;
  std::set<uint16_t> opened, closed;
  std::map<uint16_t, ChannelParams> remote;
  std::vector<Received> messages;
  std::map<uint16_t, size_t> sentBytes;
  std::vector<std::string> errors;
  size_t bytesReceived = 0;
  size_t maxPacket = 0;
  // Sequence check for the ordered burst: the first 4 bytes of messages on kSequenceChannel.
  uint32_t nextSequence = 0;
  uint32_t outOfOrder = 0;
  bool keepMessages = true;
  int dropNext = 0;  // packets the wire loses
  // Loop thread only: runs after each onSent (the throughput feeder).
  std::function<void(size_t)> sentHook;

  template <typename Fn>
  auto read(Fn fn) {
    std::lock_guard<std::mutex> lock(mutex);
    return fn();
  }
};

constexpr uint16_t kSequenceChannel = 11;

class Pair {
 public:
  Pair(Reactor& reactorA, Reactor& reactorB, size_t maxMessageA = kMaxMessage, size_t maxMessageB = kMaxMessage)
      : reactorA_(reactorA), reactorB_(reactorB) {
    a = onLoop(reactorA, [&] { return SctpTransport::create(reactorA, 5000, maxMessageA, callbacks(sideA, reactorB, peerOfA_)); });
    b = onLoop(reactorB, [&] { return SctpTransport::create(reactorB, 5000, maxMessageB, callbacks(sideB, reactorA, peerOfB_)); });
    CHECK(a && b);
    *peerOfA_ = b;
    *peerOfB_ = a;
  }
  ~Pair() {
    onLoop(reactorA_, [&] { a.reset(); });
    onLoop(reactorB_, [&] { b.reset(); });
  }

  void start(size_t remoteMaxOfA = kMaxMessage, size_t remoteMaxOfB = kMaxMessage) {
    onLoop(reactorA_, [&] { a->start(5000, remoteMaxOfA); });
    onLoop(reactorB_, [&] { b->start(5000, remoteMaxOfB); });
    CHECK(waitFor([&] { return connected(sideA) && connected(sideB); }, 10s));
  }

  Reactor& reactorA_;
  Reactor& reactorB_;
  Side sideA, sideB;
  std::shared_ptr<SctpTransport> a, b;

 private:
  using PeerSlot = std::shared_ptr<std::weak_ptr<SctpTransport>>;

  static bool connected(Side& side) {
    return side.read([&] { return side.state == SctpState::Connected; });
  }

  // The wire: a copy of each packet is posted to the peer's reactor.
  static SctpTransport::Callbacks callbacks(Side& side, Reactor& peerReactor, const PeerSlot& peerSlot) {
    SctpTransport::Callbacks cb;
    cb.sendLower = [&side, &peerReactor, peerSlot](const uint8_t* data, size_t size) {
      {
        std::lock_guard<std::mutex> lock(side.mutex);
        side.maxPacket = std::max(side.maxPacket, size);
        if (side.dropNext > 0) {
          --side.dropNext;
          return true;
        }
      }
      peerReactor.post([peer = *peerSlot, packet = std::vector<uint8_t>(data, data + size)] {
        if (auto transport = peer.lock()) transport->handleIncoming(packet.data(), packet.size());
      });
      return true;
    };
    cb.onStateChange = [&side](SctpState state) { side.read([&] { side.state = state; }); };
    cb.onRemoteChannel = [&side](uint16_t id, const ChannelParams& params) {
      side.read([&] { side.remote[id] = params; });
    };
    cb.onChannelOpen = [&side](uint16_t id) { side.read([&] { side.opened.insert(id); }); };
    cb.onChannelClosed = [&side](uint16_t id) { side.read([&] { side.closed.insert(id); }); };
    cb.onChannelError = [&side](uint16_t id, const std::string& reason) {
      side.read([&] { side.errors.push_back(std::to_string(id) + ": " + reason); });
    };
    cb.onSent = [&side](uint16_t id, size_t bytes) {
      side.read([&] { side.sentBytes[id] += bytes; });
      if (side.sentHook) side.sentHook(bytes);
    };
    cb.onMessage = [&side](uint16_t id, MessageType type, const uint8_t* data, size_t size) {
      std::lock_guard<std::mutex> lock(side.mutex);
      side.bytesReceived += size;
      if (id == kSequenceChannel && size >= 4) {
        uint32_t sequence;
        std::memcpy(&sequence, data, 4);
        if (sequence != side.nextSequence) ++side.outOfOrder;
        side.nextSequence = sequence + 1;
        return;
      }
      if (side.keepMessages) side.messages.push_back({id, type, size, sctpChecksum(data, size)});
    };
    return cb;
  }

  PeerSlot peerOfA_ = std::make_shared<std::weak_ptr<SctpTransport>>();
  PeerSlot peerOfB_ = std::make_shared<std::weak_ptr<SctpTransport>>();
};

ChannelParams params(const std::string& label, bool ordered = true, Reliability reliability = Reliability::Reliable,
                     uint32_t parameter = 0) {
  ChannelParams p;
  p.label = label;
  p.protocol = "proto-" + label;
  p.ordered = ordered;
  p.reliability = reliability;
  p.reliabilityParameter = parameter;
  p.priority = 512;
  return p;
}

void openChannel(Pair& pair, uint16_t id, const ChannelParams& p) {
  onLoop(pair.reactorA_, [&] { pair.a->openChannel(id, p, false); });
  CHECK(waitFor([&] { return pair.sideA.read([&] { return pair.sideA.opened.count(id) == 1; }); }, 10s));
  CHECK(waitFor([&] { return pair.sideB.read([&] { return pair.sideB.remote.count(id) == 1; }); }, 10s));
}

bool send(Reactor& reactor, const std::shared_ptr<SctpTransport>& t, uint16_t id, MessageType type,
          const std::vector<uint8_t>& data) {
  return onLoop(reactor, [&] { return t->send(id, type, data.data(), data.size()); });
}

void checksumMatchesUsrsctp() {
  std::mt19937 random(4960);
  for (int i = 0; i < 200; ++i) {
    auto bytes = pattern(random() % 3000, i);
    CHECK(sctpChecksum(bytes.data(), bytes.size()) == usrsctp_crc32c(bytes.data(), bytes.size()));
  }
}

void associationAndDcep(Pair& pair) {
  CHECK(onLoop(pair.reactorA_, [&] { return pair.a->maxChannels(); }) == sctp_socket::kInitialStreams);
  // A channel opened before the association was up is announced once it is (see main()).
  CHECK(waitFor([&] { return pair.sideA.read([&] { return pair.sideA.opened.count(7) == 1; }); }, 10s));
  openChannel(pair, 1, params("chat"));
  auto remote = pair.sideB.read([&] { return pair.sideB.remote[1]; });
  CHECK(remote.label == "chat" && remote.protocol == "proto-chat" && remote.ordered && remote.priority == 512 &&
        remote.reliability == Reliability::Reliable);
  // And the other way, with partial reliability.
  onLoop(pair.reactorB_, [&] { pair.b->openChannel(2, params("back", false, Reliability::Rexmit, 3), false); });
  CHECK(waitFor([&] { return pair.sideB.read([&] { return pair.sideB.opened.count(2) == 1; }); }, 10s));
  auto back = pair.sideA.read([&] { return pair.sideA.remote[2]; });
  CHECK(back.label == "back" && !back.ordered && back.reliability == Reliability::Rexmit &&
        back.reliabilityParameter == 3);
  // The id is taken now.
  onLoop(pair.reactorA_, [&] { pair.a->openChannel(1, params("again"), false); });
  CHECK(pair.sideA.read([&] { return pair.sideA.errors.size() == 1; }));
  pair.sideA.read([&] { pair.sideA.errors.clear(); });
}

void messagesIntact(Pair& pair) {
  struct Case {
    MessageType type;
    size_t size;
  };
  std::vector<Case> cases = {{MessageType::String, 5},          {MessageType::Binary, 1},
                             {MessageType::String, 0},          {MessageType::Binary, 0},
                             {MessageType::Binary, 64 * 1024},  {MessageType::String, 256 * 1024},
                             {MessageType::Binary, 16 * 1024 * 1024}};
  std::vector<Received> expected;
  for (size_t i = 0; i < cases.size(); ++i) {
    auto data = pattern(cases[i].size, uint32_t(i));
    CHECK(send(pair.reactorA_, pair.a, 1, cases[i].type, data));
    expected.push_back({1, cases[i].type, data.size(), sctpChecksum(data.data(), data.size())});
  }
  CHECK(waitFor([&] { return pair.sideB.read([&] { return pair.sideB.messages.size() >= expected.size(); }); }, 20s));
  pair.sideB.read([&] {
    CHECK(pair.sideB.messages.size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      const Received& got = pair.sideB.messages[i];
      CHECK(got.id == 1 && got.type == expected[i].type && got.size == expected[i].size &&
            got.checksum == expected[i].checksum);
    }
    pair.sideB.messages.clear();
  });
  size_t total = 0;
  for (const auto& c : cases) total += c.size;
  CHECK(waitFor([&] { return pair.sideA.read([&] { return pair.sideA.sentBytes[1] == total; }); }, 10s));
  // Packets stay within the MTU we configured.
  CHECK(pair.sideA.read([&] { return pair.sideA.maxPacket == sctp_socket::kMaxPacketSize; }));
}

void orderedBurst(Pair& pair) {
  openChannel(pair, kSequenceChannel, params("burst"));
  constexpr uint32_t kCount = 100000;
  onLoop(pair.reactorA_, [&] {
    std::vector<uint8_t> message(16, 0xab);
    for (uint32_t i = 0; i < kCount; ++i) {
      std::memcpy(message.data(), &i, 4);
      CHECK(pair.a->send(kSequenceChannel, MessageType::Binary, message.data(), message.size()));
    }
  });
  CHECK(waitFor([&] { return pair.sideB.read([&] { return pair.sideB.nextSequence == kCount; }); }, 30s));
  CHECK(pair.sideB.read([&] { return pair.sideB.outOfOrder == 0; }));
}

void partialReliability(Pair& pair) {
  openChannel(pair, 3, params("unreliable", false, Reliability::Rexmit, 0));
  openChannel(pair, 5, params("timed", true, Reliability::Timed, 1000));
  auto data = pattern(1000, 77);
  for (int i = 0; i < 50; ++i) {
    CHECK(send(pair.reactorA_, pair.a, 3, MessageType::Binary, data));
    CHECK(send(pair.reactorA_, pair.a, 5, MessageType::String, data));
  }
  CHECK(waitFor([&] { return pair.sideB.read([&] { return pair.sideB.messages.size() == 100; }); }, 10s));
  pair.sideB.read([&] {
    for (const auto& m : pair.sideB.messages) CHECK(m.size == 1000 && m.checksum == sctpChecksum(data.data(), 1000));
    pair.sideB.messages.clear();
  });
}

void negotiated(Pair& pair) {
  ChannelParams p = params("negotiated");
  onLoop(pair.reactorA_, [&] { pair.a->openChannel(100, p, true); });
  onLoop(pair.reactorB_, [&] { pair.b->openChannel(100, p, true); });
  CHECK(pair.sideA.read([&] { return pair.sideA.opened.count(100) == 1; }));
  CHECK(pair.sideB.read([&] { return pair.sideB.opened.count(100) == 1; }));
  auto data = pattern(3000, 100);
  CHECK(send(pair.reactorA_, pair.a, 100, MessageType::Binary, data));
  CHECK(send(pair.reactorB_, pair.b, 100, MessageType::Binary, data));
  auto arrived = [&](Side& side) {
    return waitFor([&] { return side.read([&] { return side.messages.size() == 1; }); }, 10s);
  };
  CHECK(arrived(pair.sideA) && arrived(pair.sideB));
  for (Side* side : {&pair.sideA, &pair.sideB}) {
    side->read([&] {
      CHECK(side->messages[0].id == 100 && side->messages[0].checksum == sctpChecksum(data.data(), data.size()));
      side->messages.clear();
    });
  }
}

void manyChannelsAndClose(Pair& pair) {
  constexpr uint16_t kFirst = 1000, kCount = 1000;
  onLoop(pair.reactorA_, [&] {
    for (uint16_t id = kFirst; id < kFirst + kCount; ++id) pair.a->openChannel(id, params("c" + std::to_string(id)), false);
  });
  CHECK(waitFor([&] { return pair.sideA.read([&] { return pair.sideA.opened.size() >= kCount; }); }, 20s));
  CHECK(pair.sideB.read([&] { return pair.sideB.remote.count(kFirst + kCount - 1) == 1; }));
  onLoop(pair.reactorA_, [&] {
    for (uint16_t id = kFirst; id < kFirst + kCount; ++id) {
      std::string text = "on " + std::to_string(id);
      CHECK(pair.a->send(id, MessageType::String, reinterpret_cast<const uint8_t*>(text.data()), text.size()));
    }
  });
  CHECK(waitFor([&] { return pair.sideB.read([&] { return pair.sideB.messages.size() == kCount; }); }, 20s));
  pair.sideB.read([&] {
    std::set<uint16_t> ids;
    for (const auto& m : pair.sideB.messages) ids.insert(m.id);
    CHECK(ids.size() == kCount && *ids.begin() == kFirst);
    pair.sideB.messages.clear();
  });

  // One close from A, then all the many channels at once from B.
  onLoop(pair.reactorA_, [&] { pair.a->closeChannel(1); });
  auto closed = [&](Side& side, uint16_t id) {
    return waitFor([&] { return side.read([&] { return side.closed.count(id) == 1; }); }, 10s);
  };
  CHECK(closed(pair.sideA, 1) && closed(pair.sideB, 1));
  auto data = pattern(10, 1);
  CHECK(!send(pair.reactorA_, pair.a, 1, MessageType::Binary, data));
  onLoop(pair.reactorB_, [&] {
    for (uint16_t id = kFirst; id < kFirst + kCount; ++id) pair.b->closeChannel(id);
  });
  CHECK(closed(pair.sideA, kFirst + kCount - 1) && closed(pair.sideB, kFirst + kCount - 1));
  CHECK(pair.sideA.read([&] { return pair.sideA.closed.size() == kCount + 1; }));
  CHECK(pair.sideB.read([&] { return pair.sideB.closed.size() == kCount + 1; }));
  // A closed id can be opened again.
  openChannel(pair, 1, params("reopened"));
}

void maxMessageSize(Reactor& reactorA, Reactor& reactorB) {
  Pair pair(reactorA, reactorB, kMaxMessage, 1024 * 1024);
  pair.start(/*remoteMaxOfA=*/0);  // A does not enforce B's limit, so B has to
  openChannel(pair, 1, params("limited"));
  CHECK(send(reactorA, pair.a, 1, MessageType::Binary, pattern(3 * 1024 * 1024, 3)));
  CHECK(send(reactorA, pair.a, 1, MessageType::Binary, pattern(1024, 4)));
  CHECK(waitFor([&] { return pair.sideB.read([&] { return pair.sideB.messages.size() == 1; }); }, 10s));
  CHECK(pair.sideB.read([&] { return pair.sideB.messages[0].size == 1024 && pair.sideB.errors.size() == 1; }));
  CHECK(onLoop(reactorB, [&] { return pair.b->counters().oversizedMessages; }) == 1);
  // The sender refuses what exceeds the peer's limit when it knows it.
  Pair strict(reactorA, reactorB);
  strict.start(/*remoteMaxOfA=*/1000);
  openChannel(strict, 1, params("strict"));
  CHECK(!send(reactorA, strict.a, 1, MessageType::Binary, pattern(1001, 5)));
  CHECK(send(reactorA, strict.a, 1, MessageType::Binary, pattern(1000, 5)));
}

void stopAborts(Reactor& reactorA, Reactor& reactorB) {
  Pair pair(reactorA, reactorB);
  pair.start();
  openChannel(pair, 1, params("x"));
  onLoop(reactorA, [&] { pair.a->stop(); });
  CHECK(onLoop(reactorA, [&] { return pair.a->state(); }) == SctpState::Closed);
  // The ABORT reaches B: its association and channels close.
  CHECK(waitFor([&] { return pair.sideB.read([&] { return pair.sideB.state == SctpState::Closed; }); }, 10s));
  CHECK(pair.sideB.read([&] { return pair.sideB.closed.count(1) == 1; }));
  // Nothing is reported by A after stop().
  CHECK(pair.sideA.read([&] { return pair.sideA.state == SctpState::Connected && pair.sideA.closed.empty(); }));
}

// A's INIT and its INIT-ACK to B's INIT are lost: the association only comes up through INIT
// retransmissions, which usrsctp sends from its own timer thread.
void lossyStart(Reactor& reactorA, Reactor& reactorB) {
  Pair pair(reactorA, reactorB);
  pair.sideA.read([&] { pair.sideA.dropNext = 2; });
  pair.start();
  openChannel(pair, 1, params("after loss"));
}

void throughput(Reactor& reactorA, Reactor& reactorB, const char* what) {
  Pair pair(reactorA, reactorB);
  pair.start();
  openChannel(pair, 1, params("bulk"));
  pair.sideB.read([&] { pair.sideB.keepMessages = false; });
  constexpr size_t kMessage = 64 * 1024, kTotal = 256 * 1024 * 1024, kWindow = 1024 * 1024;
  auto data = pattern(kMessage, 9);
  // The sender keeps at most kWindow bytes in our queue, refilled from onSent, like an app
  // watching bufferedAmount.
  size_t queued = 0, sent = 0;
  bool feeding = false;
  std::function<void()> feed = [&] {
    if (feeding) return;  // send() may report onSent at once
    feeding = true;
    while (queued < kWindow && sent < kTotal) {
      queued += kMessage;
      sent += kMessage;
      CHECK(pair.a->send(1, MessageType::Binary, data.data(), data.size()));
    }
    feeding = false;
  };
  auto begin = std::chrono::steady_clock::now();
  onLoop(reactorA, [&] {
    pair.sideA.sentHook = [&](size_t bytes) {
      queued -= bytes;
      feed();
    };
    feed();
  });
  CHECK(waitFor([&] { return pair.sideB.read([&] { return pair.sideB.bytesReceived >= kTotal; }); }, 60s));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  onLoop(reactorA, [&] { pair.sideA.sentHook = nullptr; });
  std::printf("throughput (%s): %zu MiB in 64 KiB messages: %.0f MB/s\n", what, kTotal >> 20,
              kTotal / seconds / 1e6);
}

}  // namespace

int main() {
  checksumMatchesUsrsctp();
  Reactor reactorA, reactorB;
  {
    Pair pair(reactorA, reactorB);
    // Opened before start(): waits for the association.
    onLoop(reactorA, [&] { pair.a->openChannel(7, params("early"), false); });
    // Both sides start together (INIT collision); B a little later too, so early packets are kept.
    onLoop(reactorA, [&] { pair.a->start(5000, kMaxMessage); });
    std::this_thread::sleep_for(20ms);
    pair.start();
    associationAndDcep(pair);
    messagesIntact(pair);
    orderedBurst(pair);
    partialReliability(pair);
    negotiated(pair);
    manyChannelsAndClose(pair);
    CHECK(pair.sideA.read([&] { return pair.sideA.errors.empty(); }));
    CHECK(pair.sideB.read([&] { return pair.sideB.errors.empty(); }));
  }
  maxMessageSize(reactorA, reactorB);
  stopAborts(reactorA, reactorB);
  lossyStart(reactorA, reactorB);
  // Every transport is gone: usrsctp has finished. A new pair starts it again.
  CHECK(!usrsctp_stack::running());
  throughput(reactorA, reactorB, "two reactors");
  throughput(reactorA, reactorA, "one reactor");
  CHECK(!usrsctp_stack::running());  // finished again, and its finisher thread joined
  reactorA.stop();
  reactorB.stop();
  std::puts("sctp transport ok");
  return 0;
}
