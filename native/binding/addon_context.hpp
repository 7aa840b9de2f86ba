// What one Node environment's addon instance owns: its reactor, its event pump, the
// constructors it exported and the handle counter that names objects in events.
#pragma once

#include <napi.h>

#include <atomic>
#include <memory>

#include "binding/event_pump.hpp"
#include "reactor/reactor.hpp"

namespace nodertc {

struct AddonContext {
  explicit AddonContext(Napi::Env env) : pump(env) {}
  ~AddonContext() { shutdown(); }

  void shutdown() {
    reactor.stop();
    pump.shutdown();
  }

  uint32_t nextHandle() { return ++lastHandle; }

  EventPump pump;  // declared first: outlives the reactor thread that pushes into it
  Reactor reactor;
  std::atomic<uint32_t> lastHandle{0};
};

// Instance data of the environment; wraps keep the context alive past it.
struct AddonData {
  std::shared_ptr<AddonContext> context;
  Napi::FunctionReference iceTransport;
  Napi::FunctionReference dtlsTransport;

  static AddonData& of(Napi::Env env) { return *env.GetInstanceData<AddonData>(); }
};

}  // namespace nodertc
