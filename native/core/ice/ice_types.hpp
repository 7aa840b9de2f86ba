// The vocabulary the ICE agent shares with its users.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nodertc {

enum class IceRole { Controlling, Controlled };
// The states of W3C RTCIceTransportState.
enum class IceState { New, Checking, Connected, Completed, Disconnected, Failed, Closed };
// RFC 8445 §6.1.2.6: the states of a candidate pair.
enum class IcePairState { Frozen, Waiting, InProgress, Succeeded, Failed };

const char* toString(IceRole role);            // "controlling" | "controlled"
const char* toString(IceState state);          // "new" | "checking" | ...
const char* toString(IcePairState state);      // "frozen" | "waiting" | "in-progress" | ...

struct IceParameters {
  std::string ufrag, pwd;
  bool lite = false;
};

struct IceConfig {
  uint16_t portMin = 0, portMax = 0;    // 0: any port
  std::vector<std::string> interfaces;  // names or addresses; empty = all
};

}  // namespace nodertc
