#include "ice/ice_types.hpp"

namespace nodertc {

const char* toString(IceRole role) { return role == IceRole::Controlling ? "controlling" : "controlled"; }

const char* toString(IceState state) {
  switch (state) {
    case IceState::New: return "new";
    case IceState::Checking: return "checking";
    case IceState::Connected: return "connected";
    case IceState::Completed: return "completed";
    case IceState::Disconnected: return "disconnected";
    case IceState::Failed: return "failed";
    case IceState::Closed: return "closed";
  }
  return "new";
}

const char* toString(IcePairState state) {
  switch (state) {
    case IcePairState::Frozen: return "frozen";
    case IcePairState::Waiting: return "waiting";
    case IcePairState::InProgress: return "in-progress";
    case IcePairState::Succeeded: return "succeeded";
    case IcePairState::Failed: return "failed";
  }
  return "frozen";
}

}  // namespace nodertc
