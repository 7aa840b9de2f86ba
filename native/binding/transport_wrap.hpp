// What the three transport wraps share: the addon context, the session record their
// core objects live in, the handle that names them in events, and posting onto the loop.
#pragma once

#include <napi.h>

#include <memory>
#include <utility>

#include "binding/addon_context.hpp"
#include "binding/transport_session.hpp"

namespace nodertc {

template <typename Derived>
class TransportWrap : public Napi::ObjectWrap<Derived> {
 public:
  std::shared_ptr<TransportSession> session() const { return session_; }
  AddonContext& context() { return *context_; }

 protected:
  explicit TransportWrap(const Napi::CallbackInfo& info)
      : Napi::ObjectWrap<Derived>(info),
        context_(AddonData::of(info.Env()).context),
        handle_(context_->nextHandle()) {}

  // The session is released on the loop thread, where its core objects live.
  ~TransportWrap() override {
    if (!session_) return;
    Reactor& reactor = session_->reactor();
    reactor.post([session = std::move(session_)]() mutable { session.reset(); });
  }

  template <typename Fn>
  void onLoop(Fn&& fn) {
    session_->reactor().post([session = session_, fn = std::forward<Fn>(fn)]() mutable { fn(*session); });
  }

  Napi::Value getHandle(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), handle_); }

  std::shared_ptr<AddonContext> context_;
  std::shared_ptr<TransportSession> session_;
  uint32_t handle_;
};

}  // namespace nodertc
