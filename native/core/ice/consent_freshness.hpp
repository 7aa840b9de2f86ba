// Consent freshness (RFC 7675) on the selected pair: when to send the next consent check, and
// whether consent is fresh, stale (Disconnected) or expired (Failed).
#pragma once

#include <chrono>

#include "ice/ice_random.hpp"
#include "reactor/reactor.hpp"

namespace nodertc {

class ConsentFreshness {
 public:
  using Clock = Reactor::Clock;
  enum class Status { Fresh, Stale, Expired };

  static constexpr std::chrono::milliseconds kStaleAfter{5000};
  static constexpr std::chrono::milliseconds kExpireAfter{30000};  // §5.1: consent lasts 30 s

  // Consent was just granted: a pair was selected on a response, or a response came.
  void granted(Clock::time_point now) { lastGranted_ = now; }

  Status status(Clock::time_point now) const {
    auto since = now - lastGranted_;
    if (since >= kExpireAfter) return Status::Expired;
    if (since >= kStaleAfter) return Status::Stale;
    return Status::Fresh;
  }

  // §5.1 randomizes each interval (0.8 to 1.2 times the period) so that checks do not
  // synchronize. Our period is 2.5 s, shorter than the RFC's 5 s, so that a dead path shows
  // within 5 s; once a response is overdue, every 500 ms, so that one loss is not a dead path.
  Clock::duration nextCheckDelay(Clock::time_point now) const {
    if (now - lastGranted_ >= std::chrono::milliseconds(3000)) return std::chrono::milliseconds(500);
    return std::chrono::milliseconds(randomBetween(2000, 3000));
  }

 private:
  Clock::time_point lastGranted_{};
};

}  // namespace nodertc
