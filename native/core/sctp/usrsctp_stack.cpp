#include "sctp/usrsctp_stack.hpp"

#include <usrsctp.h>

#include <cstdarg>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/log.hpp"
#include "sctp/crc32c.hpp"

namespace nodertc {
namespace usrsctp_stack {

namespace {

constexpr std::chrono::seconds kIdleGrace{2};

struct Entry {
  Reactor* reactor;
  std::weak_ptr<UsrsctpEndpoint> endpoint;
};

struct Stack {
  std::mutex lifeMutex;  // the fields below
  size_t users = 0;
  bool running = false;
  // usrsctp_finish takes ~100-200 ms (it joins usrsctp's threads): it runs here rather than on a
  // loop thread, and only once usrsctp has been idle for kIdleGrace, so that a process that
  // closes and opens connections in turn does not pay for a restart each time.
  std::thread finisher;
  std::condition_variable wakeFinisher;

  std::mutex registryMutex;  // never held while calling into usrsctp
  std::unordered_map<Key, Entry> registry;
  Key nextKey = 1;
};

// Leaked on purpose: usrsctp's threads (and the finisher) may still run while static destructors
// run at exit.
Stack& stack() {
  static Stack* instance = new Stack;
  return *instance;
}

void debugPrint(const char* format, ...) {
  char line[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(line, sizeof line, format, args);
  va_end(args);
  NODERTC_LOG(Debug, "usrsctp", "%s", line);
}

// usrsctp's output for AF_CONN: `addr` is our key. On the loop thread (inside our own usrsctp
// call) the packet goes straight down; from usrsctp's timer thread it is copied and posted.
int connOutput(void* addr, void* buffer, size_t length, uint8_t /*tos*/, uint8_t /*setDf*/) {
  auto* packet = static_cast<uint8_t*>(buffer);
  // We told usrsctp the checksum is offloaded (see start()): it is ours to compute.
  sctpWriteChecksum(packet, length);
  Stack& s = stack();
  std::unique_lock<std::mutex> lock(s.registryMutex);
  auto it = s.registry.find(reinterpret_cast<Key>(addr));
  if (it == s.registry.end()) return 0;
  Entry entry = it->second;
  if (entry.reactor->isLoopThread()) {
    lock.unlock();
    if (auto endpoint = entry.endpoint.lock()) endpoint->onConnOutput(packet, length);
    return 0;
  }
  // Posted under the lock: the registry entry (and so its reactor) is alive while we post.
  entry.reactor->post([weak = std::move(entry.endpoint), copy = std::vector<uint8_t>(packet, packet + length)] {
    if (auto endpoint = weak.lock()) endpoint->onConnOutput(copy.data(), copy.size());
  });
  return 0;
}

void upcall(struct socket*, void* arg, int /*flags*/) {
  Stack& s = stack();
  std::unique_lock<std::mutex> lock(s.registryMutex);
  auto it = s.registry.find(reinterpret_cast<Key>(arg));
  if (it == s.registry.end()) return;
  Entry entry = it->second;
  if (entry.reactor->isLoopThread()) {
    lock.unlock();
    if (auto endpoint = entry.endpoint.lock()) endpoint->noteSocketEvent();
    return;
  }
  entry.reactor->post([weak = std::move(entry.endpoint)] {
    if (auto endpoint = weak.lock()) endpoint->processSocketEvents();
  });
}

// Process-wide tuning, set once before the first socket exists.
void tune() {
  // Over DTLS an association is single-homed (RFC 8261 §6): no ASCONF, hence no AUTH either.
  usrsctp_sysctl_set_sctp_asconf_enable(0);
  usrsctp_sysctl_set_sctp_auth_enable(0);
  usrsctp_sysctl_set_sctp_auto_asconf(0);
  // DTLS over UDP does not carry ECN marks up to us.
  usrsctp_sysctl_set_sctp_ecn_enable(0);
  // The default (512) caps queued chunks per association far below the buffers we set.
  usrsctp_sysctl_set_sctp_max_chunks_on_queue(64 * 1024);
  // An initial window of 10 packets, as TCP's (RFC 6928).
  usrsctp_sysctl_set_sctp_initial_cwnd(10);
  // RTO bounds closer to today's TCP (RFC 6298) than RFC 4960's 3 s initial / 1 s minimum.
  usrsctp_sysctl_set_sctp_rto_initial_default(1000);
  usrsctp_sysctl_set_sctp_rto_min_default(200);
  usrsctp_sysctl_set_sctp_rto_max_default(10000);
  usrsctp_sysctl_set_sctp_init_rto_max_default(10000);
  usrsctp_sysctl_set_sctp_delayed_sack_time_default(20);
}

void startUsrsctp() {
  usrsctp_init(0, connOutput, debugPrint);
  // Checksums are computed in connOutput (hardware CRC32c where available) and not verified on
  // input: DTLS already authenticates every record, which is the argument of RFC 9653 §1.
  usrsctp_enable_crc32c_offload();
  tune();
}

// usrsctp_finish refuses while sockets are still being torn down by its timer thread.
bool finishUsrsctp() {
  constexpr int kAttempts = 300;  // 3 s
  for (int i = 0; i < kAttempts; ++i) {
    if (usrsctp_finish() == 0) {
      NODERTC_LOG(Debug, "sctp", "usrsctp finished (attempt %d)", i + 1);
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace

Key acquire(Reactor& reactor, std::weak_ptr<UsrsctpEndpoint> endpoint) {
  Stack& s = stack();
  {
    std::unique_lock<std::mutex> life(s.lifeMutex);
    ++s.users;
    if (s.finisher.joinable()) {
      // An idle finisher sees the new user and leaves usrsctp running.
      std::thread finisher = std::move(s.finisher);
      s.wakeFinisher.notify_all();
      life.unlock();
      finisher.join();
      life.lock();
    }
    if (!s.running) {
      startUsrsctp();
      s.running = true;
    }
  }
  Key key;
  {
    std::lock_guard<std::mutex> lock(s.registryMutex);
    key = s.nextKey++;
    s.registry.emplace(key, Entry{&reactor, std::move(endpoint)});
  }
  usrsctp_register_address(keyToAddress(key));
  return key;
}

void release(Key key) {
  Stack& s = stack();
  usrsctp_deregister_address(keyToAddress(key));
  {
    std::lock_guard<std::mutex> lock(s.registryMutex);
    s.registry.erase(key);
  }
  std::lock_guard<std::mutex> life(s.lifeMutex);
  if (--s.users > 0 || s.finisher.joinable()) return;
  s.finisher = std::thread([&s] {
    std::unique_lock<std::mutex> life(s.lifeMutex);
    if (s.wakeFinisher.wait_for(life, kIdleGrace, [&s] { return s.users > 0; })) return;
    s.running = !finishUsrsctp();
    if (s.running) NODERTC_LOG(Warn, "sctp", "usrsctp_finish did not succeed; usrsctp stays initialised");
  });
}

bool running() {
  Stack& s = stack();
  std::unique_lock<std::mutex> life(s.lifeMutex);
  std::thread finisher = std::move(s.finisher);
  life.unlock();
  if (finisher.joinable()) finisher.join();
  life.lock();
  return s.running;
}

void setUpcall(struct socket* so, Key key) { usrsctp_set_upcall(so, upcall, keyToAddress(key)); }

}  // namespace usrsctp_stack
}  // namespace nodertc
