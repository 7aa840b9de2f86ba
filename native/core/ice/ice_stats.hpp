// A snapshot of an ICE agent for getStats() (W3C "Identifiers for WebRTC's Statistics API").
#pragma once

#include <cstdint>
#include <vector>

#include "ice/ice_candidate.hpp"
#include "ice/ice_types.hpp"

namespace nodertc {

struct IcePairStats {
  IceCandidate local, remote;
  IcePairState state = IcePairState::Frozen;
  bool nominated = false;
  bool selected = false;
  uint64_t requestsSent = 0, requestsReceived = 0, responsesSent = 0, responsesReceived = 0;
  double currentRoundTripTime = 0;  // seconds; 0 until a response came
  double totalRoundTripTime = 0;    // seconds, over responsesReceived
  uint64_t bytesSent = 0, bytesReceived = 0, packetsSent = 0, packetsReceived = 0;
  double lastPacketSentTimestamp = 0;      // ms since the epoch; 0 = never
  double lastPacketReceivedTimestamp = 0;  // ms since the epoch; 0 = never
};

struct IceStats {
  IceRole role = IceRole::Controlled;
  IceState state = IceState::New;
  std::vector<IceCandidate> localCandidates, remoteCandidates;
  std::vector<IcePairStats> pairs;
  uint64_t bytesSent = 0, bytesReceived = 0, packetsSent = 0, packetsReceived = 0;
  // Datagrams dropped: garbage, non-STUN from unknown sources, STUN failing parse, integrity or
  // fingerprint, stale responses.
  uint64_t packetsDiscarded = 0;
};

}  // namespace nodertc
