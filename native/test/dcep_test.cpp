// DCEP codec (RFC 8832 §5): round trips, byte layout, and garbage that must be rejected safely.
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "check.hpp"
#include "sctp/dcep.hpp"

using namespace nodertc;

namespace {

bool sameParams(const ChannelParams& a, const ChannelParams& b) {
  return a.label == b.label && a.protocol == b.protocol && a.ordered == b.ordered &&
         a.reliability == b.reliability && a.reliabilityParameter == b.reliabilityParameter &&
         a.priority == b.priority;
}

void roundTrips() {
  for (Reliability reliability : {Reliability::Reliable, Reliability::Rexmit, Reliability::Timed}) {
    for (bool ordered : {true, false}) {
      ChannelParams params;
      params.label = "chat \xc3\xa9";  // UTF-8
      params.protocol = ordered ? "json" : "";
      params.ordered = ordered;
      params.reliability = reliability;
      params.reliabilityParameter = reliability == Reliability::Reliable ? 0 : 1234567;
      params.priority = 512;
      auto encoded = dcep::encodeOpen(params);
      CHECK(encoded.size() == 12 + params.label.size() + params.protocol.size());
      auto parsed = dcep::parse(encoded.data(), encoded.size());
      CHECK(parsed && parsed->type == dcep::MessageType::Open);
      CHECK(sameParams(parsed->params, params));
    }
  }
  auto ack = dcep::encodeAck();
  CHECK(ack.size() == 1 && ack[0] == 0x02);
  auto parsed = dcep::parse(ack.data(), ack.size());
  CHECK(parsed && parsed->type == dcep::MessageType::Ack);
}

void layout() {
  ChannelParams params;
  params.label = "ab";
  params.protocol = "c";
  params.ordered = false;
  params.reliability = Reliability::Timed;
  params.reliabilityParameter = 0x01020304;
  params.priority = 0x0100;
  std::vector<uint8_t> expected = {0x03, 0x82, 0x01, 0x00, 0x01, 0x02, 0x03, 0x04,
                                   0x00, 0x02, 0x00, 0x01, 'a',  'b',  'c'};
  CHECK(dcep::encodeOpen(params) == expected);
  // A reliable channel sends 0 as its parameter whatever it was given (RFC 8832 §5.1).
  params.reliability = Reliability::Reliable;
  params.ordered = true;
  auto reliable = dcep::encodeOpen(params);
  CHECK(reliable[1] == 0x00 && reliable[4] == 0 && reliable[7] == 0);
  // Too long a label cannot be encoded.
  params.label.assign(70000, 'x');
  CHECK(dcep::encodeOpen(params).empty());
}

void garbage() {
  CHECK(!dcep::parse(nullptr, 0));
  std::vector<uint8_t> unknownType = {0x07};
  CHECK(!dcep::parse(unknownType.data(), unknownType.size()));
  std::vector<uint8_t> shortOpen = {0x03, 0x00, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0};
  CHECK(!dcep::parse(shortOpen.data(), shortOpen.size()));
  std::vector<uint8_t> badChannelType = {0x03, 0x05, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0};
  CHECK(!dcep::parse(badChannelType.data(), badChannelType.size()));
  // Label length runs past the end.
  std::vector<uint8_t> longLabel = {0x03, 0x00, 0x01, 0x00, 0, 0, 0, 0, 0x00, 0x05, 0x00, 0x00, 'a', 'b'};
  CHECK(!dcep::parse(longLabel.data(), longLabel.size()));
  // Protocol length runs past the end.
  std::vector<uint8_t> longProtocol = {0x03, 0x00, 0x01, 0x00, 0, 0, 0, 0, 0x00, 0x01, 0xff, 0xff, 'a'};
  CHECK(!dcep::parse(longProtocol.data(), longProtocol.size()));
  // Random bytes: rejected or parsed, never a crash, and a parsed OPEN stays within the input.
  std::mt19937 random(8832);
  int parsedOpens = 0;
  for (int i = 0; i < 20000; ++i) {
    std::vector<uint8_t> bytes(random() % 40);
    for (auto& b : bytes) b = uint8_t(random());
    if (bytes.size() >= 12 && i % 2 == 0) {  // plausible OPENs: small lengths, known type
      bytes[0] = 0x03;
      bytes[1] &= 0x82;
      bytes[8] = bytes[10] = 0;
      bytes[9] %= 16;
      bytes[11] %= 16;
    }
    auto parsed = dcep::parse(bytes.data(), bytes.size());
    if (parsed && parsed->type == dcep::MessageType::Open) {
      ++parsedOpens;
      CHECK(12 + parsed->params.label.size() + parsed->params.protocol.size() <= bytes.size());
    }
  }
  std::printf("dcep: %d random inputs parsed as OPEN\n", parsedOpens);
}

}  // namespace

int main() {
  roundTrips();
  layout();
  garbage();
  std::puts("dcep ok");
  return 0;
}
