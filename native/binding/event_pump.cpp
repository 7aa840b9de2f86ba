#include "binding/event_pump.hpp"

namespace nodertc {

namespace {

Napi::Value toJs(Napi::Env env, EventValue& value) {
  struct Visitor {
    Napi::Env env;
    Napi::Value operator()(std::monostate) { return env.Undefined(); }
    Napi::Value operator()(double number) { return Napi::Number::New(env, number); }
    Napi::Value operator()(std::string& text) { return Napi::String::New(env, text); }
    Napi::Value operator()(BytesValue& bytes) {
      // Hand the vector's memory to the Buffer: no copy for large payloads.
      constexpr size_t kCopyBelow = 4096;
      if (bytes.data.size() < kCopyBelow)
        return Napi::Buffer<uint8_t>::Copy(env, bytes.data.data(), bytes.data.size());
      auto* owned = new std::vector<uint8_t>(std::move(bytes.data));
      return Napi::Buffer<uint8_t>::New(env, owned->data(), owned->size(),
                                        [](Napi::Env, uint8_t*, std::vector<uint8_t>* v) { delete v; },
                                        owned);
    }
    Napi::Value operator()(ChannelInitValue& init) {
      auto object = Napi::Object::New(env);
      object.Set("label", init.label);
      object.Set("protocol", init.protocol);
      object.Set("ordered", init.ordered);
      object.Set("maxRetransmits", static_cast<double>(init.maxRetransmits));
      object.Set("maxPacketLifeTime", static_cast<double>(init.maxPacketLifeTime));
      object.Set("priority", static_cast<double>(init.priority));
      return object;
    }
  };
  return std::visit(Visitor{env}, value);
}

}  // namespace

EventPump::EventPump(Napi::Env env) : env_(env) {
  tsfn_ = Tsfn::New(env, "nodertc-events", 0, 1, this);
  tsfn_.Unref(env);
}

EventPump::~EventPump() { shutdown(); }

void EventPump::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return;
    closed_ = true;
    queue_.clear();
  }
  tsfn_.Release();
}

void EventPump::setDispatch(Napi::Function dispatch) { dispatch_ = Napi::Persistent(dispatch); }

// Both run on the JS thread, also from finalizers at environment teardown, after shutdown():
// the released thread-safe function is not touched then.
void EventPump::retain() {
  if (retained_++ == 0 && !closed_) tsfn_.Ref(env_);
}

void EventPump::release() {
  if (retained_ > 0 && --retained_ == 0 && !closed_) tsfn_.Unref(env_);
}

void EventPump::push(Event&& event) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_) return;
  // Consecutive "sent" notices of one channel fold into one.
  if (event.code == EventCode::ChannelSent && !queue_.empty()) {
    Event& last = queue_.back();
    if (last.code == EventCode::ChannelSent && last.handle == event.handle &&
        std::get<double>(last.a) == std::get<double>(event.a)) {
      std::get<double>(last.b) += std::get<double>(event.b);
      return;
    }
  }
  queue_.push_back(std::move(event));
  if (!scheduled_) {
    scheduled_ = true;
    tsfn_.NonBlockingCall();
  }
}

void EventPump::callJs(Napi::Env env, Napi::Function, EventPump* pump, void*) {
  if (env != nullptr && pump != nullptr) pump->drain(env);
}

void EventPump::drain(Napi::Env env) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    scheduled_ = false;
    draining_.swap(queue_);
  }
  if (dispatch_.IsEmpty()) {
    draining_.clear();
    return;
  }
  // lib/addon.ts catches what listeners throw, so a failed call means the environment is
  // tearing down and can run no JS: what is left of the batch is dropped.
  try {
    for (auto& event : draining_) {
      Napi::HandleScope scope(env);
      dispatch_.Call({Napi::Number::New(env, event.handle),
                      Napi::Number::New(env, static_cast<double>(event.code)), toJs(env, event.a),
                      toJs(env, event.b)});
    }
  } catch (const Napi::Error&) {
  }
  draining_.clear();
}

}  // namespace nodertc
