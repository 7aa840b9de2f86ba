#include "binding/ice_transport_wrap.hpp"

#include "binding/ice_stats_object.hpp"
#include "binding/run_sync.hpp"

namespace nodertc {

Napi::Function IceTransportWrap::define(Napi::Env env) {
  return DefineClass(env, "IceTransport",
                     {
                         InstanceAccessor("handle", &IceTransportWrap::getHandle, nullptr),
                         InstanceMethod<&IceTransportWrap::gather>("gather"),
                         InstanceMethod<&IceTransportWrap::localParameters>("localParameters"),
                         InstanceMethod<&IceTransportWrap::start>("start"),
                         InstanceMethod<&IceTransportWrap::addRemoteCandidate>("addRemoteCandidate"),
                         InstanceMethod<&IceTransportWrap::endOfCandidates>("endOfCandidates"),
                         InstanceMethod<&IceTransportWrap::stop>("stop"),
                         InstanceMethod<&IceTransportWrap::getStats>("getStats"),
                     });
}

namespace {

IceConfig readConfig(const Napi::Object& options) {
  IceConfig config;
  if (options.Has("portMin")) config.portMin = options.Get("portMin").As<Napi::Number>().Uint32Value();
  if (options.Has("portMax")) config.portMax = options.Get("portMax").As<Napi::Number>().Uint32Value();
  if (options.Has("interfaces")) {
    auto list = options.Get("interfaces").As<Napi::Array>();
    for (uint32_t i = 0; i < list.Length(); ++i)
      config.interfaces.push_back(list.Get(i).As<Napi::String>().Utf8Value());
  }
  return config;
}

}  // namespace

IceTransportWrap::IceTransportWrap(const Napi::CallbackInfo& info) : TransportWrap(info) {
  IceConfig config = info[0].IsObject() ? readConfig(info[0].As<Napi::Object>()) : IceConfig{};
  session_ = std::make_shared<TransportSession>(context_->nextReactor(), context_->pump);
  uint32_t handle = handle_;
  localParameters_ = runSync(session_->reactor(), [session = session_, handle, &config] {
    session->createIce(handle, std::move(config));
    return session->ice()->localParameters();
  });
}

IceTransportWrap::~IceTransportWrap() { release(); }

void IceTransportWrap::retain() {
  if (retained_) return;
  retained_ = true;
  context_->pump.retain();
}

void IceTransportWrap::release() {
  if (!retained_) return;
  retained_ = false;
  context_->pump.release();
}

void IceTransportWrap::gather(const Napi::CallbackInfo&) {
  retain();
  onLoop([](TransportSession& session) { session.ice()->gather(); });
}

Napi::Value IceTransportWrap::localParameters(const Napi::CallbackInfo& info) {
  auto result = Napi::Object::New(info.Env());
  result.Set("usernameFragment", localParameters_.ufrag);
  result.Set("password", localParameters_.pwd);
  return result;
}

void IceTransportWrap::start(const Napi::CallbackInfo& info) {
  IceParameters remote;
  remote.ufrag = info[0].As<Napi::String>().Utf8Value();
  remote.pwd = info[1].As<Napi::String>().Utf8Value();
  IceRole role = info[2].ToBoolean() ? IceRole::Controlling : IceRole::Controlled;
  remote.lite = info[3].ToBoolean();
  retain();
  onLoop([remote = std::move(remote), role](TransportSession& session) { session.ice()->start(remote, role); });
}

Napi::Value IceTransportWrap::addRemoteCandidate(const Napi::CallbackInfo& info) {
  auto candidate = IceCandidate::fromSdp(info[0].As<Napi::String>().Utf8Value());
  if (!candidate) return Napi::Boolean::New(info.Env(), false);
  onLoop([candidate = std::move(*candidate)](TransportSession& session) {
    session.ice()->addRemoteCandidate(candidate);
  });
  return Napi::Boolean::New(info.Env(), true);
}

void IceTransportWrap::endOfCandidates(const Napi::CallbackInfo&) {
  onLoop([](TransportSession& session) { session.ice()->endOfRemoteCandidates(); });
}

void IceTransportWrap::stop(const Napi::CallbackInfo&) {
  release();
  onLoop([](TransportSession& session) { session.stopIce(); });
}

Napi::Value IceTransportWrap::getStats(const Napi::CallbackInfo& info) {
  auto [stats, discarded] = runSync(session_->reactor(), [session = session_] {
    return std::make_pair(session->ice()->stats(), session->packetsDiscarded());
  });
  return iceStatsObject(info.Env(), stats, discarded);
}

}  // namespace nodertc
