// The usrsctp socket of one SCTP-over-DTLS association (RFC 8261) and its options.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sctp/usrsctp_stack.hpp"

struct socket;

namespace nodertc {
namespace sctp_socket {

// Largest SCTP packet we emit: 1200 bytes of UDP payload (the size WebRTC stacks assume always
// gets through) less a DTLS 1.2 AEAD record's overhead (13 header + 8 nonce + 16 tag), rounded
// down to a multiple of 4.
constexpr uint32_t kMaxPacketSize = 1160;
// The most streams an association can have: any channel id fits below it.
constexpr uint16_t kMaxStreams = 65535;
// Outgoing streams offered in INIT. RFC 8831 §6.2 says 65535 SHOULD be negotiated, but usrsctp
// allocates per-stream state for all of them up front (~14 MB a connection pair at 65535);
// more are added on demand (RFC 6525 §5.1.5) when a channel id needs them, so connections with
// few channels stay small. Chromium offers 1024 too.
constexpr uint16_t kInitialStreams = 1024;
constexpr int kSendBufferSize = 4 * 1024 * 1024;
constexpr int kReceiveBufferSize = 4 * 1024 * 1024;

// A non-blocking one-to-one AF_CONN socket, configured and bound to localPort, events routed to
// the endpoint of `key`. nullptr on failure.
struct socket* open(usrsctp_stack::Key key, uint16_t localPort);
// Starts the association towards remotePort (the peer sits behind the same AF_CONN address).
bool connect(struct socket* so, usrsctp_stack::Key key, uint16_t remotePort);
// Aborts the association (SO_LINGER 0) and frees the socket.
void closeNow(struct socket* so);

}  // namespace sctp_socket
}  // namespace nodertc
