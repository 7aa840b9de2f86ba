// IceStats as the JS object lib/native.ts calls NativeIceStats.
#pragma once

#include <napi.h>

#include "ice/ice_stats.hpp"

namespace nodertc {

Napi::Object iceStatsObject(Napi::Env env, const IceStats& stats, uint64_t sessionDiscarded);

}  // namespace nodertc
