// JS class DtlsTransport over an IceTransport (lib/native.ts NativeDtlsTransport).
#pragma once

#include "binding/transport_wrap.hpp"
#include "dtls/certificate.hpp"

namespace nodertc {

class DtlsTransportWrap : public TransportWrap<DtlsTransportWrap> {
 public:
  static Napi::Function define(Napi::Env env);
  explicit DtlsTransportWrap(const Napi::CallbackInfo& info);

 private:
  Napi::Value localFingerprint(const Napi::CallbackInfo& info);
  void start(const Napi::CallbackInfo& info);
  void stop(const Napi::CallbackInfo& info);
  Napi::Value remoteCertificates(const Napi::CallbackInfo& info);
  Napi::Value getStats(const Napi::CallbackInfo& info);

  std::shared_ptr<Certificate> certificate_;
};

}  // namespace nodertc
