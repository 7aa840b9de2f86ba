// Runs a task on the reactor and waits for its result: for rare calls (stats, parameters)
// that JS expects synchronously. Never called on the loop thread.
#pragma once

#include <future>
#include <utility>

#include "reactor/reactor.hpp"

namespace nodertc {

template <typename Fn>
auto runSync(Reactor& reactor, Fn&& fn) -> decltype(fn()) {
  using Result = decltype(fn());
  std::packaged_task<Result()> task(std::forward<Fn>(fn));
  auto future = task.get_future();
  reactor.post([&task] { task(); });
  return future.get();
}

}  // namespace nodertc
