// What one Node environment's addon instance owns: its reactors (I/O threads), its event pump,
// the constructors it exported and the handle counter that names objects in events.
#pragma once

#include <napi.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <thread>
#include <vector>

#include "binding/event_pump.hpp"
#include "reactor/reactor.hpp"

namespace nodertc {

struct AddonContext {
  explicit AddonContext(Napi::Env env) : pump(env) {
    for (unsigned i = 0; i < reactorCount(); ++i) reactors.push_back(std::make_unique<Reactor>());
  }
  ~AddonContext() { shutdown(); }

  void shutdown() {
    for (auto& reactor : reactors) reactor->stop();
    pump.shutdown();
  }

  uint32_t nextHandle() { return ++lastHandle; }

  // Connections are spread over the reactors in turn; all of one connection stays on one.
  Reactor& nextReactor() { return *reactors[nextReactorIndex++ % reactors.size()]; }

  // NODERTC_THREADS sets how many; by default one per core, at most four.
  static unsigned reactorCount() {
    if (const char* value = std::getenv("NODERTC_THREADS")) {
      int count = std::atoi(value);
      if (count >= 1 && count <= 64) return static_cast<unsigned>(count);
    }
    unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : std::min(cores, 4u);
  }

  EventPump pump;  // declared first: outlives the reactor threads that push into it
  std::vector<std::unique_ptr<Reactor>> reactors;
  std::atomic<uint32_t> nextReactorIndex{0};
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
