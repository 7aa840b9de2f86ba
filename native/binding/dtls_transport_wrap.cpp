#include "binding/dtls_transport_wrap.hpp"

#include "binding/ice_transport_wrap.hpp"
#include "binding/run_sync.hpp"

namespace nodertc {

Napi::Function DtlsTransportWrap::define(Napi::Env env) {
  return DefineClass(env, "DtlsTransport",
                     {
                         InstanceAccessor("handle", &DtlsTransportWrap::getHandle, nullptr),
                         InstanceMethod<&DtlsTransportWrap::localFingerprint>("localFingerprint"),
                         InstanceMethod<&DtlsTransportWrap::start>("start"),
                         InstanceMethod<&DtlsTransportWrap::stop>("stop"),
                         InstanceMethod<&DtlsTransportWrap::remoteCertificates>("remoteCertificates"),
                         InstanceMethod<&DtlsTransportWrap::getStats>("getStats"),
                     });
}

DtlsTransportWrap::DtlsTransportWrap(const Napi::CallbackInfo& info) : TransportWrap(info) {
  Napi::Env env = info.Env();
  auto ice = info[0].As<Napi::Object>();
  if (!ice.InstanceOf(AddonData::of(env).iceTransport.Value()))
    throw Napi::TypeError::New(env, "DtlsTransport needs an IceTransport");
  try {
    certificate_ = Certificate::fromPem(info[1].As<Napi::String>().Utf8Value(),
                                        info[2].As<Napi::String>().Utf8Value());
  } catch (const std::exception& error) {
    throw Napi::TypeError::New(env, std::string("invalid certificate: ") + error.what());
  }
  session_ = IceTransportWrap::Unwrap(ice)->session();
  onLoop([handle = handle_, certificate = certificate_](TransportSession& session) {
    session.createDtls(handle, certificate);
  });
}

Napi::Value DtlsTransportWrap::localFingerprint(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), certificate_->fingerprint("sha-256").value);
}

void DtlsTransportWrap::start(const Napi::CallbackInfo& info) {
  DtlsRole role = info[0].As<Napi::String>().Utf8Value() == "client" ? DtlsRole::Client : DtlsRole::Server;
  std::vector<Fingerprint> fingerprints;
  auto list = info[1].As<Napi::Array>();
  for (uint32_t i = 0; i < list.Length(); ++i) {
    auto entry = list.Get(i).As<Napi::Object>();
    fingerprints.push_back(Fingerprint{entry.Get("algorithm").As<Napi::String>().Utf8Value(),
                                       entry.Get("value").As<Napi::String>().Utf8Value()});
  }
  onLoop([role, fingerprints = std::move(fingerprints)](TransportSession& session) mutable {
    session.startDtls(role, std::move(fingerprints));
  });
}

void DtlsTransportWrap::stop(const Napi::CallbackInfo&) {
  onLoop([](TransportSession& session) { session.stopDtls(); });
}

Napi::Value DtlsTransportWrap::remoteCertificates(const Napi::CallbackInfo& info) {
  auto certificates = runSync(session_->reactor(), [session = session_] {
    return session->dtls()->remoteCertificatesDer();
  });
  auto result = Napi::Array::New(info.Env(), certificates.size());
  for (size_t i = 0; i < certificates.size(); ++i)
    result.Set(i, Napi::Buffer<uint8_t>::Copy(info.Env(), certificates[i].data(), certificates[i].size()));
  return result;
}

Napi::Value DtlsTransportWrap::getStats(const Napi::CallbackInfo& info) {
  struct Figures {
    std::string tlsVersion, dtlsCipher, srtpCipher;
  };
  auto figures = runSync(session_->reactor(), [session = session_] {
    auto* dtls = session->dtls();
    return Figures{dtls->tlsVersion(), dtls->cipherName(), dtls->srtpProfile()};
  });
  auto result = Napi::Object::New(info.Env());
  result.Set("tlsVersion", figures.tlsVersion);
  result.Set("dtlsCipher", figures.dtlsCipher);
  result.Set("srtpCipher", figures.srtpCipher);
  return result;
}

}  // namespace nodertc
