// Module entry: one AddonContext per Node environment (context-aware: worker_threads, Electron).
#include <napi.h>

#include "binding/addon_context.hpp"
#include "binding/certificate_functions.hpp"
#include "binding/dtls_transport_wrap.hpp"
#include "binding/ice_transport_wrap.hpp"
#include "binding/sctp_transport_wrap.hpp"

namespace nodertc {

namespace {

void setDispatch(const Napi::CallbackInfo& info) {
  AddonData::of(info.Env()).context->pump.setDispatch(info[0].As<Napi::Function>());
}

}  // namespace

Napi::Object init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  data->context = std::make_shared<AddonContext>(env);
  env.SetInstanceData<AddonData>(data);
  // Stop the reactor threads before the environment goes away.
  env.AddCleanupHook([context = data->context] { context->shutdown(); });

  auto iceTransport = IceTransportWrap::define(env);
  auto dtlsTransport = DtlsTransportWrap::define(env);
  data->iceTransport = Napi::Persistent(iceTransport);
  data->dtlsTransport = Napi::Persistent(dtlsTransport);

  exports.Set("setDispatch", Napi::Function::New<setDispatch>(env, "setDispatch"));
  exports.Set("IceTransport", iceTransport);
  exports.Set("DtlsTransport", dtlsTransport);
  exports.Set("SctpTransport", SctpTransportWrap::define(env));
  exports.Set("generateCertificate", Napi::Function::New<generateCertificate>(env, "generateCertificate"));
  exports.Set("loadCertificate", Napi::Function::New<loadCertificate>(env, "loadCertificate"));
  return exports;
}

}  // namespace nodertc

static Napi::Object initModule(Napi::Env env, Napi::Object exports) { return nodertc::init(env, exports); }

NODE_API_MODULE(nodertc, initModule)
