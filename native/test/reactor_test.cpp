#include <atomic>

#include "check.hpp"
#include "reactor/reactor.hpp"

using namespace nodertc;
using namespace std::chrono_literals;

int main() {
  Reactor reactor;
  std::atomic<int> order{0};
  std::atomic<bool> timerFired{false}, cancelledFired{false};
  reactor.post([&] {
    CHECK(reactor.isLoopThread());
    auto cancelled = reactor.setTimer(5ms, [&] { cancelledFired = true; });
    reactor.setTimer(10ms, [&] { timerFired = true; });
    reactor.cancelTimer(cancelled);
    order = 1;
  });
  reactor.post([&] { CHECK(order == 1); order = 2; });
  CHECK(!reactor.isLoopThread());
  CHECK(waitFor([&] { return timerFired.load(); }, 1000ms));
  CHECK(order == 2);
  CHECK(!cancelledFired);
  reactor.stop();
  std::puts("reactor ok");
  return 0;
}
