#include "binding/ice_stats_object.hpp"

namespace nodertc {

namespace {

Napi::Array candidateList(Napi::Env env, const std::vector<IceCandidate>& candidates) {
  auto list = Napi::Array::New(env, candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i) list.Set(i, candidates[i].toSdp());
  return list;
}

Napi::Object pairObject(Napi::Env env, const IcePairStats& pair) {
  auto object = Napi::Object::New(env);
  object.Set("local", pair.local.toSdp());
  object.Set("remote", pair.remote.toSdp());
  object.Set("state", toString(pair.state));
  object.Set("nominated", pair.nominated);
  object.Set("selected", pair.selected);
  object.Set("requestsSent", static_cast<double>(pair.requestsSent));
  object.Set("requestsReceived", static_cast<double>(pair.requestsReceived));
  object.Set("responsesSent", static_cast<double>(pair.responsesSent));
  object.Set("responsesReceived", static_cast<double>(pair.responsesReceived));
  object.Set("currentRoundTripTime", pair.currentRoundTripTime);
  object.Set("totalRoundTripTime", pair.totalRoundTripTime);
  object.Set("bytesSent", static_cast<double>(pair.bytesSent));
  object.Set("bytesReceived", static_cast<double>(pair.bytesReceived));
  object.Set("packetsSent", static_cast<double>(pair.packetsSent));
  object.Set("packetsReceived", static_cast<double>(pair.packetsReceived));
  object.Set("lastPacketSentTimestamp", pair.lastPacketSentTimestamp);
  object.Set("lastPacketReceivedTimestamp", pair.lastPacketReceivedTimestamp);
  return object;
}

}  // namespace

Napi::Object iceStatsObject(Napi::Env env, const IceStats& stats, uint64_t sessionDiscarded) {
  auto object = Napi::Object::New(env);
  object.Set("role", toString(stats.role));
  object.Set("state", toString(stats.state));
  object.Set("localCandidates", candidateList(env, stats.localCandidates));
  object.Set("remoteCandidates", candidateList(env, stats.remoteCandidates));
  auto pairs = Napi::Array::New(env, stats.pairs.size());
  for (size_t i = 0; i < stats.pairs.size(); ++i) pairs.Set(i, pairObject(env, stats.pairs[i]));
  object.Set("pairs", pairs);
  object.Set("bytesSent", static_cast<double>(stats.bytesSent));
  object.Set("bytesReceived", static_cast<double>(stats.bytesReceived));
  object.Set("packetsSent", static_cast<double>(stats.packetsSent));
  object.Set("packetsReceived", static_cast<double>(stats.packetsReceived));
  object.Set("packetsDiscarded", static_cast<double>(stats.packetsDiscarded + sessionDiscarded));
  return object;
}

}  // namespace nodertc
