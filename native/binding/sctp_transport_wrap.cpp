#include "binding/sctp_transport_wrap.hpp"

#include "binding/dtls_transport_wrap.hpp"

namespace nodertc {

Napi::Function SctpTransportWrap::define(Napi::Env env) {
  return DefineClass(env, "SctpTransport",
                     {
                         InstanceAccessor("handle", &SctpTransportWrap::getHandle, nullptr),
                         InstanceMethod<&SctpTransportWrap::start>("start"),
                         InstanceMethod<&SctpTransportWrap::openChannel>("openChannel"),
                         InstanceMethod<&SctpTransportWrap::send>("send"),
                         InstanceMethod<&SctpTransportWrap::closeChannel>("closeChannel"),
                         InstanceMethod<&SctpTransportWrap::stop>("stop"),
                     });
}

SctpTransportWrap::SctpTransportWrap(const Napi::CallbackInfo& info) : TransportWrap(info) {
  Napi::Env env = info.Env();
  auto dtls = info[0].As<Napi::Object>();
  if (!dtls.InstanceOf(AddonData::of(env).dtlsTransport.Value()))
    throw Napi::TypeError::New(env, "SctpTransport needs a DtlsTransport");
  session_ = DtlsTransportWrap::Unwrap(dtls)->session();
  auto localPort = static_cast<uint16_t>(info[1].As<Napi::Number>().Uint32Value());
  auto maxMessageSize = static_cast<size_t>(info[2].As<Napi::Number>().DoubleValue());
  onLoop([handle = handle_, localPort, maxMessageSize](TransportSession& session) {
    session.createSctp(handle, localPort, maxMessageSize);
  });
}

void SctpTransportWrap::start(const Napi::CallbackInfo& info) {
  auto remotePort = static_cast<uint16_t>(info[0].As<Napi::Number>().Uint32Value());
  auto remoteMaxMessageSize = static_cast<size_t>(info[1].As<Napi::Number>().DoubleValue());
  onLoop([remotePort, remoteMaxMessageSize](TransportSession& session) {
    session.startSctp(remotePort, remoteMaxMessageSize);
  });
}

// RFC 8832 §5.1: the channel type follows from ordered and the reliability parameters.
void SctpTransportWrap::openChannel(const Napi::CallbackInfo& info) {
  auto id = static_cast<uint16_t>(info[0].As<Napi::Number>().Uint32Value());
  auto init = info[1].As<Napi::Object>();
  ChannelParams params;
  params.label = init.Get("label").As<Napi::String>().Utf8Value();
  params.protocol = init.Get("protocol").As<Napi::String>().Utf8Value();
  params.ordered = init.Get("ordered").ToBoolean();
  params.priority = static_cast<uint16_t>(init.Get("priority").As<Napi::Number>().Uint32Value());
  double maxRetransmits = init.Get("maxRetransmits").As<Napi::Number>().DoubleValue();
  double maxPacketLifeTime = init.Get("maxPacketLifeTime").As<Napi::Number>().DoubleValue();
  if (maxRetransmits >= 0) {
    params.reliability = Reliability::Rexmit;
    params.reliabilityParameter = static_cast<uint32_t>(maxRetransmits);
  } else if (maxPacketLifeTime >= 0) {
    params.reliability = Reliability::Timed;
    params.reliabilityParameter = static_cast<uint32_t>(maxPacketLifeTime);
  }
  bool negotiated = info[2].ToBoolean();
  onLoop([id, params = std::move(params), negotiated](TransportSession& session) {
    if (session.sctp()) session.sctp()->openChannel(id, params, negotiated);
  });
}

Napi::Value SctpTransportWrap::send(const Napi::CallbackInfo& info) {
  Outbox::Message message;
  message.id = static_cast<uint16_t>(info[0].As<Napi::Number>().Uint32Value());
  message.type = info[2].ToBoolean() ? MessageType::Binary : MessageType::String;
  if (info[1].IsString()) {
    std::string text = info[1].As<Napi::String>().Utf8Value();
    message.data.assign(text.begin(), text.end());
  } else {
    auto bytes = info[1].As<Napi::Uint8Array>();
    message.data.assign(bytes.Data(), bytes.Data() + bytes.ByteLength());
  }
  bool first;
  {
    std::lock_guard<std::mutex> lock(outbox_->mutex);
    first = outbox_->messages.empty();
    outbox_->messages.push_back(std::move(message));
  }
  if (first) {
    onLoop([outbox = outbox_](TransportSession& session) {
      {
        std::lock_guard<std::mutex> lock(outbox->mutex);
        outbox->flushing.swap(outbox->messages);
      }
      for (auto& queued : outbox->flushing)
        if (session.sctp()) session.sctp()->send(queued.id, queued.type, std::move(queued.data));
      outbox->flushing.clear();
    });
  }
  return Napi::Boolean::New(info.Env(), true);
}

void SctpTransportWrap::closeChannel(const Napi::CallbackInfo& info) {
  auto id = static_cast<uint16_t>(info[0].As<Napi::Number>().Uint32Value());
  onLoop([id](TransportSession& session) {
    if (session.sctp()) session.sctp()->closeChannel(id);
  });
}

void SctpTransportWrap::stop(const Napi::CallbackInfo&) {
  onLoop([](TransportSession& session) { session.stopSctp(); });
}

}  // namespace nodertc
