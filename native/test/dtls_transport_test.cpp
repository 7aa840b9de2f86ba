// Two DtlsTransports back to back through the reactor: each one's sendLower posts handleIncoming
// of the other, optionally dropping datagrams to play a lossy link.
#include <openssl/x509.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <random>

#include "check.hpp"
#include "dtls/dtls_transport.hpp"

using namespace nodertc;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

struct Peer {
  explicit Peer(Certificate::KeyType keyType)
      : certificate(Certificate::generate(keyType, std::chrono::system_clock::now() + 24h)) {}

  std::shared_ptr<Certificate> certificate;
  std::shared_ptr<DtlsTransport> transport;  // loop thread only
  Peer* remote = nullptr;
  // Loop thread: returns true to lose an outgoing datagram.
  std::function<bool(const uint8_t*, size_t)> loses;
  std::function<void(DtlsState)> onState;

  std::atomic<int> sentDatagrams{0};
  std::atomic<DtlsState> state{DtlsState::New};
  std::atomic<bool> everConnected{false};
  std::atomic<int> stateChanges{0};
  std::atomic<int> receivedCount{0};
  std::mutex mutex;
  std::string error;
  std::vector<std::vector<uint8_t>> received;

  std::string lastError() {
    std::lock_guard<std::mutex> lock(mutex);
    return error;
  }
};

void runOnLoop(Reactor& reactor, const std::function<void()>& task) {
  std::atomic<bool> done{false};
  reactor.post([&] {
    task();
    done = true;
  });
  CHECK(waitFor([&] { return done.load(); }, 2000ms));
}

void createTransport(Reactor& reactor, Peer& peer, DtlsRetransmission retransmission = {}) {
  DtlsTransport::Callbacks callbacks;
  callbacks.sendLower = [&reactor, &peer](const uint8_t* data, size_t size) {
    ++peer.sentDatagrams;
    if (peer.loses && peer.loses(data, size)) return true;
    Peer* remote = peer.remote;
    reactor.post([remote, datagram = std::vector<uint8_t>(data, data + size)] {
      if (remote->transport) remote->transport->handleIncoming(datagram.data(), datagram.size());
    });
    return true;
  };
  callbacks.onStateChange = [&peer](DtlsState state, const std::string& error) {
    {
      std::lock_guard<std::mutex> lock(peer.mutex);
      peer.error = error;
    }
    if (state == DtlsState::Connected) peer.everConnected = true;
    ++peer.stateChanges;
    peer.state = state;
    if (peer.onState) peer.onState(state);
  };
  callbacks.onData = [&peer](const uint8_t* data, size_t size) {
    std::lock_guard<std::mutex> lock(peer.mutex);
    peer.received.emplace_back(data, data + size);
    ++peer.receivedCount;
  };
  peer.transport =
      DtlsTransport::create(reactor, peer.certificate, std::move(callbacks), retransmission);
}

void wire(Reactor& reactor, Peer& a, Peer& b, DtlsRetransmission retransmission = {}) {
  a.remote = &b;
  b.remote = &a;
  runOnLoop(reactor, [&] {
    createTransport(reactor, a, retransmission);
    createTransport(reactor, b, retransmission);
  });
}

// Drops the transports, then lets every task already posted run before the peers go away.
void unwire(Reactor& reactor, Peer& a, Peer& b) {
  runOnLoop(reactor, [&] {
    a.transport.reset();
    b.transport.reset();
  });
  runOnLoop(reactor, [] {});
}

void start(Reactor& reactor, Peer& peer, DtlsRole role, std::vector<Fingerprint> fingerprints) {
  runOnLoop(reactor, [&] {
    peer.transport->start(role, fingerprints);
    peer.transport->setLowerReady();
  });
}

void startBoth(Reactor& reactor, Peer& client, Peer& server) {
  start(reactor, server, DtlsRole::Server, {server.remote->certificate->fingerprint()});
  start(reactor, client, DtlsRole::Client, {client.remote->certificate->fingerprint()});
}

bool bothConnected(Peer& a, Peer& b, std::chrono::milliseconds timeout) {
  return waitFor([&] { return a.state == DtlsState::Connected && b.state == DtlsState::Connected; },
                 timeout);
}

std::vector<uint8_t> pattern(size_t size, uint8_t seed) {
  std::vector<uint8_t> bytes(size);
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>(seed + i * 7);
  return bytes;
}

// Each send() arrives as one onData() with the same bytes.
void exchangeData(Reactor& reactor, Peer& from, Peer& to, uint8_t seed) {
  const int before = to.receivedCount;
  const std::vector<size_t> sizes = {1, 100, 1100, 1200};
  runOnLoop(reactor, [&] {
    for (size_t size : sizes) {
      auto message = pattern(size, seed);
      CHECK(from.transport->send(message.data(), message.size()));
    }
  });
  const int expected = before + static_cast<int>(sizes.size());
  CHECK(waitFor([&] { return to.receivedCount == expected; }, 2000ms));
  std::lock_guard<std::mutex> lock(to.mutex);
  for (size_t i = 0; i < sizes.size(); ++i)
    CHECK(to.received[before + i] == pattern(sizes[i], seed));
}

bool sameCertificate(const std::vector<uint8_t>& der, const Certificate& certificate) {
  const unsigned char* cursor = der.data();
  X509* parsed = d2i_X509(nullptr, &cursor, static_cast<long>(der.size()));
  bool same = parsed && X509_cmp(parsed, certificate.x509()) == 0;
  X509_free(parsed);
  return same;
}

void checkNegotiated(Reactor& reactor, Peer& client, Peer& server) {
  runOnLoop(reactor, [&] {
    for (Peer* peer : {&client, &server}) {
      const DtlsTransport& t = *peer->transport;
      CHECK(t.tlsVersion() == "FEFD");
      CHECK(t.cipherName().rfind("TLS_ECDHE_", 0) == 0);
      CHECK(t.cipherName().find("GCM") != std::string::npos);
      CHECK(t.srtpProfile() == "SRTP_AEAD_AES_128_GCM");
      CHECK(t.srtpProfileId() == 0x0007);
      auto remote = t.remoteCertificatesDer();
      CHECK(remote.size() == 1);
      CHECK(sameCertificate(remote[0], *peer->remote->certificate));
    }
    // RFC 5764 §4.2: both ends export the same keying material (60 bytes for AES-128 GCM).
    auto clientKeys = client.transport->exportKeyingMaterial(60);
    CHECK(clientKeys.size() == 60);
    CHECK(clientKeys == server.transport->exportKeyingMaterial(60));
    std::printf("  %s, %s\n", client.transport->cipherName().c_str(),
                client.transport->srtpProfile().c_str());
  });
}

void testHandshake(Reactor& reactor, Certificate::KeyType clientKey,
                   Certificate::KeyType serverKey) {
  Peer client(clientKey), server(serverKey);
  wire(reactor, client, server);
  runOnLoop(reactor, [&] {
    auto message = pattern(10, 1);
    CHECK(!client.transport->send(message.data(), message.size()));  // not connected yet
    CHECK(client.transport->exportKeyingMaterial(60).empty());
  });
  const auto begin = Clock::now();
  startBoth(reactor, client, server);
  CHECK(bothConnected(client, server, 2000ms));
  std::printf("  handshake in %lld ms\n",
              static_cast<long long>((Clock::now() - begin) / 1ms));
  checkNegotiated(reactor, client, server);
  exchangeData(reactor, client, server, 3);
  exchangeData(reactor, server, client, 5);
  runOnLoop(reactor, [&] {
    std::vector<uint8_t> oversized(16385);  // over one record's plaintext
    CHECK(!client.transport->send(oversized.data(), oversized.size()));
    CHECK(!client.transport->send(oversized.data(), 0));
  });

  // close_notify: the peer sees Closed; the side that stopped hears nothing more.
  const int clientChanges = client.stateChanges;
  runOnLoop(reactor, [&] {
    client.transport->stop();
    CHECK(client.transport->state() == DtlsState::Closed);
    auto message = pattern(10, 1);
    CHECK(!client.transport->send(message.data(), message.size()));
  });
  CHECK(waitFor([&] { return server.state == DtlsState::Closed; }, 2000ms));
  CHECK(server.lastError().empty());
  std::this_thread::sleep_for(20ms);
  CHECK(client.stateChanges == clientChanges);
  unwire(reactor, client, server);
}

// RFC 8122 §5: the side whose signaled fingerprint does not match refuses the handshake.
void testFingerprintMismatch(Reactor& reactor, DtlsRole checkingRole) {
  Peer client(Certificate::KeyType::Ecdsa), server(Certificate::KeyType::Ecdsa);
  wire(reactor, client, server);
  auto stranger = Certificate::generate(Certificate::KeyType::Ecdsa,
                                        std::chrono::system_clock::now() + 1h);
  const bool clientChecks = checkingRole == DtlsRole::Client;
  start(reactor, server, DtlsRole::Server,
        {clientChecks ? client.certificate->fingerprint() : stranger->fingerprint()});
  start(reactor, client, DtlsRole::Client,
        {clientChecks ? stranger->fingerprint() : server.certificate->fingerprint()});
  Peer& checker = clientChecks ? client : server;
  Peer& other = clientChecks ? server : client;
  CHECK(waitFor([&] { return checker.state == DtlsState::Failed; }, 2000ms));
  CHECK(checker.lastError().find("fingerprint") != std::string::npos);
  CHECK(waitFor([&] { return other.state == DtlsState::Failed; }, 2000ms));
  std::printf("  checker: %s\n  other: %s\n", checker.lastError().c_str(),
              other.lastError().c_str());
  CHECK(!checker.everConnected && !other.everConnected);
  runOnLoop(reactor, [&] {
    auto message = pattern(10, 1);
    CHECK(!client.transport->send(message.data(), message.size()));
    CHECK(!server.transport->send(message.data(), message.size()));
    CHECK(client.transport->exportKeyingMaterial(60).empty());
  });
  std::this_thread::sleep_for(20ms);
  CHECK(client.receivedCount == 0 && server.receivedCount == 0);
  unwire(reactor, client, server);
}

// The ClientHello reaches the server before its start(): kept, and answered at once on start.
// The retransmission timer is set far beyond the wait, so connecting proves no flight was resent.
void testStartRace(Reactor& reactor) {
  Peer client(Certificate::KeyType::Ecdsa), server(Certificate::KeyType::Ecdsa);
  wire(reactor, client, server, DtlsRetransmission{10s, 60s, 6});
  runOnLoop(reactor, [&] {
    client.transport->setLowerReady();  // before start: the ClientHello waits for start()
    CHECK(client.sentDatagrams == 0);
    client.transport->start(DtlsRole::Client, {server.certificate->fingerprint()});
    CHECK(client.sentDatagrams > 0);
  });
  runOnLoop(reactor, [] {});  // the ClientHello has reached the server, which is not started
  CHECK(server.state == DtlsState::New && server.sentDatagrams == 0);
  const auto begin = Clock::now();
  runOnLoop(reactor, [&] {
    server.transport->start(DtlsRole::Server, {client.certificate->fingerprint()});
  });
  CHECK(bothConnected(client, server, 1000ms));
  const auto elapsed = Clock::now() - begin;
  std::printf("  connected %lld ms after the late start\n", static_cast<long long>(elapsed / 1ms));
  exchangeData(reactor, client, server, 7);
  unwire(reactor, client, server);
}

// Lost flights come back on the retransmission timer (400 ms first).
void testLossyLink(Reactor& reactor) {
  Peer client(Certificate::KeyType::Ecdsa), server(Certificate::KeyType::Ecdsa);
  wire(reactor, client, server);
  int clientDatagrams = 0;
  client.loses = [&](const uint8_t*, size_t) { return clientDatagrams++ == 0; };  // ClientHello
  // The server's last flight (ChangeCipherSpec, Finished in one datagram): the client must
  // retransmit its own last flight to a server already connected, which must answer again.
  int serverFinishedLost = 0;
  server.loses = [&](const uint8_t* data, size_t) {
    return data[0] == 20 && serverFinishedLost++ == 0;
  };
  const auto begin = Clock::now();
  startBoth(reactor, client, server);
  CHECK(bothConnected(client, server, 5000ms));
  const auto elapsed = Clock::now() - begin;
  std::printf("  connected in %lld ms over the lossy link\n",
              static_cast<long long>(elapsed / 1ms));
  CHECK(clientDatagrams >= 2 && serverFinishedLost == 2);
  exchangeData(reactor, client, server, 9);
  exchangeData(reactor, server, client, 11);
  unwire(reactor, client, server);
}

std::vector<std::vector<uint8_t>> garbage() {
  std::vector<std::vector<uint8_t>> out = {
      {0x17},
      {0x00, 0x01, 0x00, 0x00},  // a STUN header: not DTLS
      {0xff, 0xff},
      // Application data, DTLS 1.2, epoch 1, a length past the end.
      {0x17, 0xfe, 0xfd, 0x00, 0x01, 0, 0, 0, 0, 0, 9, 0xff, 0xff, 1, 2, 3},
      // Application data, DTLS 1.2, epoch 1, well framed, ciphertext that does not decrypt.
      {0x17, 0xfe, 0xfd, 0x00, 0x01, 0, 0, 0, 0, 0, 40, 0xff, 0xff, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
       8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8},
      // A handshake record with a bogus version.
      {0x16, 0x12, 0x34, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 1, 2, 3, 4},
  };
  std::mt19937 random(42);
  for (int i = 0; i < 4; ++i) {
    std::vector<uint8_t> bytes(1 + random() % 300);
    for (auto& b : bytes) b = static_cast<uint8_t>(random());
    bytes[0] = static_cast<uint8_t>(20 + random() % 44);
    out.push_back(std::move(bytes));
  }
  return out;
}

void feed(Reactor& reactor, Peer& peer, const std::vector<std::vector<uint8_t>>& datagrams) {
  runOnLoop(reactor, [&] {
    for (const auto& d : datagrams) peer.transport->handleIncoming(d.data(), d.size());
  });
}

void testGarbage(Reactor& reactor) {
  Peer client(Certificate::KeyType::Ecdsa), server(Certificate::KeyType::Ecdsa);
  wire(reactor, client, server);
  const auto junk = garbage();
  feed(reactor, client, junk);
  feed(reactor, server, junk);
  startBoth(reactor, client, server);
  CHECK(bothConnected(client, server, 2000ms));
  feed(reactor, client, junk);
  feed(reactor, server, junk);
  runOnLoop(reactor, [&] { CHECK(server.transport->droppedDatagrams() == 4); });  // 2 non-DTLS × 2
  CHECK(client.state == DtlsState::Connected && server.state == DtlsState::Connected);
  CHECK(client.receivedCount == 0 && server.receivedCount == 0);
  exchangeData(reactor, client, server, 13);
  exchangeData(reactor, server, client, 15);
  unwire(reactor, client, server);
}

// A transport dropped by its owner inside its own callbacks, and stop() before connecting.
void testOwnerDropsInCallback(Reactor& reactor) {
  Peer client(Certificate::KeyType::Ecdsa), server(Certificate::KeyType::Ecdsa);
  wire(reactor, client, server);
  server.onState = [&](DtlsState state) {
    if (state == DtlsState::Closed) server.transport.reset();
  };
  startBoth(reactor, client, server);
  CHECK(bothConnected(client, server, 2000ms));
  runOnLoop(reactor, [&] { client.transport->stop(); });
  CHECK(waitFor([&] { return server.state == DtlsState::Closed; }, 2000ms));
  runOnLoop(reactor, [&] { CHECK(!server.transport); });
  unwire(reactor, client, server);

  Peer early(Certificate::KeyType::Ecdsa), silent(Certificate::KeyType::Ecdsa);
  wire(reactor, early, silent);
  start(reactor, early, DtlsRole::Client, {silent.certificate->fingerprint()});
  runOnLoop(reactor, [&] { early.transport->stop(); });
  const int changes = early.stateChanges;
  std::this_thread::sleep_for(500ms);  // past the first retransmission timeout
  CHECK(early.stateChanges == changes && early.state == DtlsState::Connecting);
  unwire(reactor, early, silent);
}

// A peer that never answers: a bounded number of retransmissions, then Failed.
void testHandshakeTimeout(Reactor& reactor) {
  Peer client(Certificate::KeyType::Ecdsa), absent(Certificate::KeyType::Ecdsa);
  client.remote = &absent;
  absent.remote = &client;
  runOnLoop(reactor, [&] { createTransport(reactor, client, {20ms, 40ms, 3}); });
  const auto begin = Clock::now();
  start(reactor, client, DtlsRole::Client, {absent.certificate->fingerprint()});
  CHECK(waitFor([&] { return client.state == DtlsState::Failed; }, 2000ms));
  const auto elapsed = Clock::now() - begin;
  std::printf("  %s after %lld ms\n", client.lastError().c_str(),
              static_cast<long long>(elapsed / 1ms));
  CHECK(client.lastError().find("timed out") != std::string::npos);
  CHECK(client.sentDatagrams == 4);  // the ClientHello and 3 retransmissions: 20, 40, 40 ms apart
  CHECK(elapsed >= 130ms);
  unwire(reactor, client, absent);
}

}  // namespace

int main() {
  Reactor reactor;
  std::puts("handshake, ECDSA client / ECDSA server");
  testHandshake(reactor, Certificate::KeyType::Ecdsa, Certificate::KeyType::Ecdsa);
  std::puts("handshake, ECDSA client / RSA server");
  testHandshake(reactor, Certificate::KeyType::Ecdsa, Certificate::KeyType::Rsa);
  std::puts("handshake, RSA client / ECDSA server");
  testHandshake(reactor, Certificate::KeyType::Rsa, Certificate::KeyType::Ecdsa);
  std::puts("fingerprint mismatch, checked by the client");
  testFingerprintMismatch(reactor, DtlsRole::Client);
  std::puts("fingerprint mismatch, checked by the server");
  testFingerprintMismatch(reactor, DtlsRole::Server);
  std::puts("start race");
  testStartRace(reactor);
  std::puts("lossy link");
  testLossyLink(reactor);
  std::puts("handshake timeout");
  testHandshakeTimeout(reactor);
  std::puts("garbage");
  testGarbage(reactor);
  std::puts("owner drops the transport in a callback; stop while connecting");
  testOwnerDropsInCallback(reactor);
  reactor.stop();
  std::puts("dtls transport ok");
  return 0;
}
