#include "ice/check_list.hpp"

#include <algorithm>

namespace nodertc {

namespace {

void computePriority(CandidatePair& pair, IceRole role) {
  pair.priority = role == IceRole::Controlling ? pairPriority(pair.localPriority, pair.remotePriority)
                                               : pairPriority(pair.remotePriority, pair.localPriority);
}

bool isPending(IcePairState s) {
  return s == IcePairState::Frozen || s == IcePairState::Waiting || s == IcePairState::InProgress;
}

}  // namespace

CandidatePair* CheckList::add(CandidatePair pair, IceRole role) {
  if (CandidatePair* existing = find(pair.socket, pair.remoteAddress)) return existing;
  computePriority(pair, role);
  if (pairs_.size() >= kMaxPairs) {
    auto lowest = pairs_.end();
    for (auto it = pairs_.begin(); it != pairs_.end(); ++it) {
      auto s = (*it)->state;
      if ((s == IcePairState::Frozen || s == IcePairState::Waiting) && !(*it)->valid &&
          (lowest == pairs_.end() || (*it)->priority < (*lowest)->priority))
        lowest = it;
    }
    if (lowest == pairs_.end() || (*lowest)->priority >= pair.priority) return nullptr;
    pairs_.erase(lowest);  // a stale id left in triggered_ is skipped by nextToCheck()
  }
  pair.id = nextId_++;
  pair.state = IcePairState::Frozen;
  pairs_.push_back(std::make_unique<CandidatePair>(std::move(pair)));
  return pairs_.back().get();
}

void CheckList::unfreezeInitial() {
  for (auto& candidate : pairs_) {
    if (candidate->state != IcePairState::Frozen) continue;
    CandidatePair* best = nullptr;
    bool foundationActive = false;
    for (auto& other : pairs_) {
      if (other->foundation != candidate->foundation) continue;
      if (other->state == IcePairState::Waiting || other->state == IcePairState::InProgress ||
          other->state == IcePairState::Succeeded)
        foundationActive = true;
      if (other->state == IcePairState::Frozen && (!best || other->priority > best->priority))
        best = other.get();
    }
    if (!foundationActive && best) best->state = IcePairState::Waiting;
  }
}

void CheckList::unfreeze(const std::string& foundation) {
  for (auto& pair : pairs_)
    if (pair->state == IcePairState::Frozen && pair->foundation == foundation)
      pair->state = IcePairState::Waiting;
}

void CheckList::setRole(IceRole role) {
  for (auto& pair : pairs_) computePriority(*pair, role);
}

CandidatePair* CheckList::find(size_t socket, const SocketAddress& remoteAddress) {
  for (auto& pair : pairs_)
    if (pair->socket == socket && pair->remoteAddress == remoteAddress) return pair.get();
  return nullptr;
}

CandidatePair* CheckList::byId(uint32_t id) {
  for (auto& pair : pairs_)
    if (pair->id == id) return pair.get();
  return nullptr;
}

void CheckList::enqueueTriggered(CandidatePair& pair) {
  pair.state = IcePairState::Waiting;
  if (std::find(triggered_.begin(), triggered_.end(), pair.id) == triggered_.end())
    triggered_.push_back(pair.id);
}

CandidatePair* CheckList::nextToCheck() {
  while (!triggered_.empty()) {
    CandidatePair* pair = byId(triggered_.front());
    triggered_.pop_front();
    if (pair && pair->state == IcePairState::Waiting) return pair;
  }
  CandidatePair* best = nullptr;
  for (auto& pair : pairs_)
    if (pair->state == IcePairState::Waiting && (!best || pair->priority > best->priority)) best = pair.get();
  if (best) return best;
  for (auto& pair : pairs_) {
    if (pair->state != IcePairState::Frozen || (best && pair->priority <= best->priority)) continue;
    bool blocked = std::any_of(pairs_.begin(), pairs_.end(), [&](const auto& other) {
      return other->foundation == pair->foundation &&
             (other->state == IcePairState::Waiting || other->state == IcePairState::InProgress);
    });
    if (!blocked) best = pair.get();
  }
  return best;
}

void CheckList::removeWaitingAndFrozen() {
  pairs_.erase(std::remove_if(pairs_.begin(), pairs_.end(),
                              [](const auto& pair) {
                                return !pair->valid && (pair->state == IcePairState::Waiting ||
                                                        pair->state == IcePairState::Frozen);
                              }),
               pairs_.end());
  triggered_.clear();
}

bool CheckList::hasPending() const {
  return std::any_of(pairs_.begin(), pairs_.end(), [](const auto& pair) { return isPending(pair->state); });
}

bool CheckList::allFailed() const {
  return std::all_of(pairs_.begin(), pairs_.end(),
                     [](const auto& pair) { return pair->state == IcePairState::Failed; });
}

}  // namespace nodertc
