// JS class IceTransport: the ICE agent of one connection (lib/native.ts NativeIceTransport).
#pragma once

#include "binding/transport_wrap.hpp"

namespace nodertc {

class IceTransportWrap : public TransportWrap<IceTransportWrap> {
 public:
  static Napi::Function define(Napi::Env env);
  explicit IceTransportWrap(const Napi::CallbackInfo& info);
  ~IceTransportWrap() override;

 private:
  void gather(const Napi::CallbackInfo& info);
  Napi::Value localParameters(const Napi::CallbackInfo& info);
  void start(const Napi::CallbackInfo& info);
  Napi::Value addRemoteCandidate(const Napi::CallbackInfo& info);
  void endOfCandidates(const Napi::CallbackInfo& info);
  void stop(const Napi::CallbackInfo& info);
  Napi::Value getStats(const Napi::CallbackInfo& info);

  void retain();
  void release();

  IceParameters localParameters_;
  bool retained_ = false;
};

}  // namespace nodertc
