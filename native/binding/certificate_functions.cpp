#include "binding/certificate_functions.hpp"

#include <chrono>

#include "dtls/certificate.hpp"

namespace nodertc {

namespace {

Napi::Object describe(Napi::Env env, const Certificate& certificate) {
  using namespace std::chrono;
  auto result = Napi::Object::New(env);
  result.Set("certificatePem", certificate.certificatePem());
  result.Set("privateKeyPem", certificate.privateKeyPem());
  result.Set("fingerprint", certificate.fingerprint("sha-256").value);
  auto expires = duration_cast<milliseconds>(certificate.expires().time_since_epoch()).count();
  result.Set("expires", static_cast<double>(expires));
  return result;
}

}  // namespace

Napi::Value generateCertificate(const Napi::CallbackInfo& info) {
  using namespace std::chrono;
  auto keyType = info[0].As<Napi::String>().Utf8Value() == "rsa" ? Certificate::KeyType::Rsa
                                                                 : Certificate::KeyType::Ecdsa;
  auto expiresMs = static_cast<int64_t>(info[1].As<Napi::Number>().DoubleValue());
  auto expires = system_clock::now() + milliseconds(expiresMs);
  return describe(info.Env(), *Certificate::generate(keyType, expires));
}

Napi::Value loadCertificate(const Napi::CallbackInfo& info) {
  try {
    auto certificate = Certificate::fromPem(info[0].As<Napi::String>().Utf8Value(),
                                            info[1].As<Napi::String>().Utf8Value());
    return describe(info.Env(), *certificate);
  } catch (const std::exception& error) {
    throw Napi::TypeError::New(info.Env(), std::string("invalid certificate: ") + error.what());
  }
}

}  // namespace nodertc
