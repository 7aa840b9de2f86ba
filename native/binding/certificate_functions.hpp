// generateCertificate / loadCertificate (lib/native.ts NativeCertificate).
#pragma once

#include <napi.h>

namespace nodertc {

Napi::Value generateCertificate(const Napi::CallbackInfo& info);
Napi::Value loadCertificate(const Napi::CallbackInfo& info);

}  // namespace nodertc
