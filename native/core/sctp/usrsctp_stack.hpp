// usrsctp is one stack per process. It runs while at least one endpoint holds it: usrsctp_init on
// the first acquire, usrsctp_finish once the last release left it idle for a grace period. It calls us from its own timer thread
// as well as from inside our calls; this file turns both into calls on the endpoint's reactor.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "reactor/reactor.hpp"

struct socket;

namespace nodertc {

// What usrsctp's callbacks reach, always on the endpoint's loop thread.
class UsrsctpEndpoint {
 public:
  virtual ~UsrsctpEndpoint() = default;
  // One outgoing SCTP packet with its checksum filled in.
  virtual void onConnOutput(const uint8_t* packet, size_t size) = 0;
  // The socket may have become readable or writable, noticed inside a usrsctp call of ours:
  // record it only, usrsctp must not be re-entered from here.
  virtual void noteSocketEvent() = 0;
  // The same noticed on usrsctp's own thread, delivered later outside any usrsctp call.
  virtual void processSocketEvents() = 0;
};

namespace usrsctp_stack {

// The AF_CONN address of an endpoint is this key: an integer into a registry of weak references,
// so a packet usrsctp emits for an endpoint that is gone is dropped.
using Key = uintptr_t;

// Loop thread of `reactor`. Starts usrsctp if needed and registers the endpoint's address.
Key acquire(Reactor& reactor, std::weak_ptr<UsrsctpEndpoint> endpoint);
// Forgets the endpoint (call after closing its socket); finishes usrsctp after the last one.
void release(Key key);

// Whether usrsctp is initialised, once a pending finish is done (waits out the grace period).
bool running();

// Installs the upcall that routes socket events of `so` to the endpoint of `key`.
void setUpcall(struct socket* so, Key key);

inline void* keyToAddress(Key key) { return reinterpret_cast<void*>(key); }

}  // namespace usrsctp_stack
}  // namespace nodertc
