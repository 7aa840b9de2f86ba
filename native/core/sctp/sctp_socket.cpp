#include "sctp/sctp_socket.hpp"

#include <sys/socket.h>
#include <usrsctp.h>

#include <cerrno>
#include <cstring>

#include "common/log.hpp"

namespace nodertc {
namespace sctp_socket {

namespace {

template <typename T>
bool setOption(struct socket* so, int level, int name, const T& value, const char* what) {
  if (usrsctp_setsockopt(so, level, name, &value, sizeof value) == 0) return true;
  NODERTC_LOG(Error, "sctp", "setsockopt %s: %s", what, std::strerror(errno));
  return false;
}

sockaddr_conn connAddress(usrsctp_stack::Key key, uint16_t port) {
  sockaddr_conn address{};
  address.sconn_family = AF_CONN;
  address.sconn_port = htons(port);
  address.sconn_addr = usrsctp_stack::keyToAddress(key);
  return address;
}

bool configure(struct socket* so) {
  if (usrsctp_set_non_blocking(so, 1) != 0) return false;
  bool ok = true;
  // Abort on close: stop() must not linger in SHUTDOWN.
  linger noLinger{1, 0};
  ok &= setOption(so, SOL_SOCKET, SO_LINGER, noLinger, "SO_LINGER");
  ok &= setOption(so, SOL_SOCKET, SO_SNDBUF, kSendBufferSize, "SO_SNDBUF");
  ok &= setOption(so, SOL_SOCKET, SO_RCVBUF, kReceiveBufferSize, "SO_RCVBUF");
  int on = 1;
  // Messages go out as soon as the window allows; we batch nothing on purpose.
  ok &= setOption(so, IPPROTO_SCTP, SCTP_NODELAY, on, "SCTP_NODELAY");
  // We feed a message bigger than the send buffer in pieces and mark its end (SCTP_EOR).
  ok &= setOption(so, IPPROTO_SCTP, SCTP_EXPLICIT_EOR, on, "SCTP_EXPLICIT_EOR");
  ok &= setOption(so, IPPROTO_SCTP, SCTP_RECVRCVINFO, on, "SCTP_RECVRCVINFO");
  // RFC 8831 §6.7 closes channels by resetting streams (RFC 6525); more streams may be added.
  sctp_assoc_value reset{};
  reset.assoc_id = SCTP_FUTURE_ASSOC;
  reset.assoc_value = SCTP_ENABLE_RESET_STREAM_REQ | SCTP_ENABLE_CHANGE_ASSOC_REQ;
  ok &= setOption(so, IPPROTO_SCTP, SCTP_ENABLE_STREAM_RESET, reset, "SCTP_ENABLE_STREAM_RESET");
  sctp_initmsg init{};
  init.sinit_num_ostreams = kInitialStreams;
  // Inbound state follows what the peer offers; the maximum also bounds its later requests for
  // more streams, which usrsctp denies beyond it.
  init.sinit_max_instreams = kMaxStreams;
  ok &= setOption(so, IPPROTO_SCTP, SCTP_INITMSG, init, "SCTP_INITMSG");
  // RFC 8261 §6: below DTLS no ICMP reaches SCTP, and usrsctp has no PLPMTUD; use a packet size
  // that fits any path.
  sctp_paddrparams path{};
  path.spp_assoc_id = SCTP_FUTURE_ASSOC;
  path.spp_flags = SPP_PMTUD_DISABLE;
  // usrsctp adds the 12-byte common header to an AF_CONN path's MTU.
  path.spp_pathmtu = kMaxPacketSize - sizeof(sctp_common_header);
  ok &= setOption(so, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, path, "SCTP_PEER_ADDR_PARAMS");
  for (uint16_t type : {SCTP_ASSOC_CHANGE, SCTP_STREAM_RESET_EVENT, SCTP_SENDER_DRY_EVENT,
                        SCTP_STREAM_CHANGE_EVENT}) {
    sctp_event event{};
    event.se_assoc_id = SCTP_FUTURE_ASSOC;
    event.se_type = type;
    event.se_on = 1;
    ok &= setOption(so, IPPROTO_SCTP, SCTP_EVENT, event, "SCTP_EVENT");
  }
  return ok;
}

}  // namespace

struct socket* open(usrsctp_stack::Key key, uint16_t localPort) {
  struct socket* so = usrsctp_socket(AF_CONN, SOCK_STREAM, IPPROTO_SCTP, nullptr, nullptr, 0, nullptr);
  if (!so) {
    NODERTC_LOG(Error, "sctp", "usrsctp_socket: %s", std::strerror(errno));
    return nullptr;
  }
  usrsctp_stack::setUpcall(so, key);
  sockaddr_conn local = connAddress(key, localPort);
  if (!configure(so) || usrsctp_bind(so, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
    NODERTC_LOG(Error, "sctp", "socket setup failed: %s", std::strerror(errno));
    usrsctp_close(so);
    return nullptr;
  }
  return so;
}

bool connect(struct socket* so, usrsctp_stack::Key key, uint16_t remotePort) {
  sockaddr_conn remote = connAddress(key, remotePort);
  if (usrsctp_connect(so, reinterpret_cast<sockaddr*>(&remote), sizeof remote) == 0 || errno == EINPROGRESS)
    return true;
  NODERTC_LOG(Error, "sctp", "usrsctp_connect: %s", std::strerror(errno));
  return false;
}

void closeNow(struct socket* so) {
  usrsctp_set_upcall(so, nullptr, nullptr);
  usrsctp_close(so);
}

}  // namespace sctp_socket
}  // namespace nodertc
