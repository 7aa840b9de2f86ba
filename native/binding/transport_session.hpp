// The small record one connection's transports share on the reactor: the chain
// ICE → DTLS → SCTP (RFC 8261), the first-byte demux (RFC 7983), and the events they raise.
#pragma once

#include <memory>
#include <optional>

#include "binding/event.hpp"
#include "dtls/certificate.hpp"
#include "dtls/dtls_transport.hpp"
#include "ice/ice_agent.hpp"
#include "reactor/reactor.hpp"
#include "sctp/sctp_transport.hpp"

namespace nodertc {

class EventPump;

class TransportSession : public std::enable_shared_from_this<TransportSession> {
 public:
  TransportSession(Reactor& reactor, EventPump& pump) : reactor_(reactor), pump_(pump) {}
  ~TransportSession();

  Reactor& reactor() { return reactor_; }

  // Loop thread only, from here on.
  void createIce(uint32_t handle, IceConfig config);
  void createDtls(uint32_t handle, std::shared_ptr<Certificate> certificate);
  void createSctp(uint32_t handle, uint16_t localPort, size_t maxMessageSize);

  IceAgent* ice() { return ice_.get(); }
  DtlsTransport* dtls() { return dtls_.get(); }
  SctpTransport* sctp() { return sctp_.get(); }

  void startDtls(DtlsRole role, std::vector<Fingerprint> fingerprints);
  // Starts the association once DTLS is connected (now, if it is).
  void startSctp(uint16_t remotePort, size_t remoteMaxMessageSize);

  uint64_t packetsDiscarded() const { return packetsDiscarded_; }

  void stopIce();
  void stopDtls();
  void stopSctp();

 private:
  void emit(uint32_t handle, EventCode code, EventValue a = {}, EventValue b = {});
  void onIcePacket(const uint8_t* data, size_t len);
  void onIceState(IceState state);
  void onDtlsState(DtlsState state, const std::string& error);

  Reactor& reactor_;
  EventPump& pump_;
  std::shared_ptr<IceAgent> ice_;
  std::shared_ptr<DtlsTransport> dtls_;
  std::shared_ptr<SctpTransport> sctp_;
  uint32_t iceHandle_ = 0, dtlsHandle_ = 0, sctpHandle_ = 0;
  uint64_t packetsDiscarded_ = 0;
  bool iceUsable_ = false;
  bool dtlsConnected_ = false;
  struct SctpStart {
    uint16_t remotePort;
    size_t remoteMaxMessageSize;
  };
  std::optional<SctpStart> pendingSctpStart_;
};

}  // namespace nodertc
