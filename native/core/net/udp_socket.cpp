#include "net/udp_socket.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <vector>

#include "common/log.hpp"

namespace nodertc {

namespace {

constexpr int kSocketBufferBytes = 4 * 1024 * 1024;

// Tries to bind fd to address at port; true on success.
bool bindTo(int fd, SocketAddress address, uint16_t port) {
  address.setPort(port);
  return ::bind(fd, address.sockaddrPtr(), address.sockaddrLength()) == 0;
}

struct BatchStorage {
  ReceiveBatch batch;
  std::vector<uint8_t> buffers = std::vector<uint8_t>(ReceiveBatch::kMaxDatagrams *
                                                      ReceiveBatch::kMaxDatagramSize);
  mmsghdr headers[ReceiveBatch::kMaxDatagrams];
  iovec iovecs[ReceiveBatch::kMaxDatagrams];
  sockaddr_in6 names[ReceiveBatch::kMaxDatagrams];
};

BatchStorage& storageForThisThread() {
  // Lazily allocated: only threads that read sockets pay for the buffers.
  thread_local std::unique_ptr<BatchStorage> storage;
  if (!storage) {
    storage = std::make_unique<BatchStorage>();
    for (size_t i = 0; i < ReceiveBatch::kMaxDatagrams; ++i) {
      storage->iovecs[i].iov_base = storage->buffers.data() + i * ReceiveBatch::kMaxDatagramSize;
      storage->iovecs[i].iov_len = ReceiveBatch::kMaxDatagramSize;
    }
  }
  return *storage;
}

}  // namespace

ReceiveBatch& ReceiveBatch::forThisThread() { return storageForThisThread().batch; }

std::unique_ptr<UdpSocket> UdpSocket::open(const SocketAddress& bindAddress, uint16_t portMin,
                                           uint16_t portMax) {
  int fd = ::socket(bindAddress.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return nullptr;
  // The *FORCE variants pass net.core.[rw]mem_max when privileged; otherwise the plain ones are
  // capped by it.
  int size = kSocketBufferBytes;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) != 0)
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  if (bindAddress.isIPv6()) {
    int on = 1;
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  }

  bool bound = false;
  if (portMin == 0) {
    bound = bindTo(fd, bindAddress, 0);
  } else {
    if (portMax < portMin) portMax = portMin;
    uint32_t span = static_cast<uint32_t>(portMax - portMin) + 1;
    uint32_t start = std::random_device{}() % span;
    for (uint32_t i = 0; i < span && !bound; ++i)
      bound = bindTo(fd, bindAddress, static_cast<uint16_t>(portMin + (start + i) % span));
  }
  sockaddr_in6 local{};
  socklen_t localLength = sizeof local;
  std::optional<SocketAddress> localAddress;
  if (bound && getsockname(fd, reinterpret_cast<sockaddr*>(&local), &localLength) == 0)
    localAddress = SocketAddress::fromSockaddr(reinterpret_cast<sockaddr*>(&local), localLength);
  if (!localAddress) {
    NODERTC_LOG(Warn, "net", "cannot bind UDP on %s: %s", bindAddress.ipString().c_str(),
                std::strerror(errno));
    ::close(fd);
    return nullptr;
  }
  return std::unique_ptr<UdpSocket>(new UdpSocket(fd, *localAddress));
}

UdpSocket::~UdpSocket() { ::close(fd_); }

bool UdpSocket::sendTo(const SocketAddress& to, const uint8_t* data, size_t size) {
  ssize_t sent;
  do {
    sent = ::sendto(fd_, data, size, 0, to.sockaddrPtr(), to.sockaddrLength());
  } while (sent < 0 && errno == EINTR);
  return sent == static_cast<ssize_t>(size);
}

size_t UdpSocket::receive(ReceiveBatch& batch) {
  BatchStorage& s = storageForThisThread();
  for (size_t i = 0; i < ReceiveBatch::kMaxDatagrams; ++i) {
    s.headers[i].msg_hdr = msghdr{};
    s.headers[i].msg_hdr.msg_name = &s.names[i];
    s.headers[i].msg_hdr.msg_namelen = sizeof s.names[i];
    s.headers[i].msg_hdr.msg_iov = &s.iovecs[i];
    s.headers[i].msg_hdr.msg_iovlen = 1;
  }
  int n;
  do {
    n = ::recvmmsg(fd_, s.headers, ReceiveBatch::kMaxDatagrams, 0, nullptr);
  } while (n < 0 && errno == EINTR);
  batch.count = 0;
  batch.dropped = 0;
  if (n <= 0) return 0;
  for (int i = 0; i < n; ++i) {
    const msghdr& h = s.headers[i].msg_hdr;
    auto from = SocketAddress::fromSockaddr(static_cast<const sockaddr*>(h.msg_name), h.msg_namelen);
    if ((h.msg_flags & MSG_TRUNC) || !from) {
      ++batch.dropped;
      continue;
    }
    batch.datagrams[batch.count++] = {static_cast<const uint8_t*>(s.iovecs[i].iov_base),
                                      s.headers[i].msg_len, *from};
  }
  return static_cast<size_t>(n);
}

}  // namespace nodertc
