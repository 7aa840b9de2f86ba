// One pump per Node environment: core threads push events, JS drains them in batches
// through one thread-safe function, referenced only while some transport is open.
#pragma once

#include <napi.h>

#include <mutex>
#include <vector>

#include "binding/event.hpp"

namespace nodertc {

class EventPump {
 public:
  explicit EventPump(Napi::Env env);
  ~EventPump();

  // JS thread.
  void setDispatch(Napi::Function dispatch);
  void retain();   // an object started: keep the event loop alive
  void release();  // an object stopped
  void shutdown();

  // Any thread.
  void push(Event&& event);

 private:
  static void callJs(Napi::Env env, Napi::Function, EventPump* pump, void*);
  using Tsfn = Napi::TypedThreadSafeFunction<EventPump, void, &EventPump::callJs>;
  void drain(Napi::Env env);

  Napi::Env env_;
  Tsfn tsfn_;
  Napi::FunctionReference dispatch_;
  std::mutex mutex_;
  std::vector<Event> queue_;
  std::vector<Event> draining_;
  bool scheduled_ = false;
  bool closed_ = false;
  int retained_ = 0;
};

}  // namespace nodertc
