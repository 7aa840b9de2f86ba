// JS class SctpTransport over a DtlsTransport (lib/native.ts NativeSctpTransport).
#pragma once

#include <mutex>
#include <vector>

#include "binding/transport_wrap.hpp"

namespace nodertc {

class SctpTransportWrap : public TransportWrap<SctpTransportWrap> {
 public:
  static Napi::Function define(Napi::Env env);
  explicit SctpTransportWrap(const Napi::CallbackInfo& info);

 private:
  void start(const Napi::CallbackInfo& info);
  void openChannel(const Napi::CallbackInfo& info);
  Napi::Value send(const Napi::CallbackInfo& info);
  void closeChannel(const Napi::CallbackInfo& info);
  void stop(const Napi::CallbackInfo& info);

  // Messages sent from JS wait here; one posted task moves a whole batch to SCTP.
  struct Outbox {
    struct Message {
      uint16_t id;
      MessageType type;
      std::vector<uint8_t> data;
    };
    std::mutex mutex;
    std::vector<Message> messages;
    std::vector<Message> flushing;
  };
  std::shared_ptr<Outbox> outbox_ = std::make_shared<Outbox>();
};

}  // namespace nodertc
