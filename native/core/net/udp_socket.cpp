#include "net/udp_socket.hpp"

#include <fcntl.h>
#include <netinet/udp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <vector>

#include "common/log.hpp"

namespace nodertc {

namespace {

constexpr int kSocketBufferBytes = 4 * 1024 * 1024;

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif
#ifndef UDP_GRO
#define UDP_GRO 104
#endif

// Linux caps one GSO send at 64 segments and 64 KiB.
constexpr size_t kMaxSegments = 64;
constexpr size_t kMaxGsoBytes = 65000;

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
  alignas(cmsghdr) char controls[ReceiveBatch::kMaxDatagrams][CMSG_SPACE(sizeof(int))];
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
  int on = 1;
  if (bindAddress.isIPv6()) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  // Datagrams that arrive back to back may be handed up joined (see ReceiveBatch::Datagram).
  setsockopt(fd, SOL_UDP, UDP_GRO, &on, sizeof on);

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

void UdpSocket::queue(const SocketAddress& to, const uint8_t* data, size_t size) {
  Outgoing& o = outgoing_;
  if (o.count > 0 && (o.count == kMaxSegments || o.endsShort || size > o.segmentSize ||
                      o.bytes.size() + size > kMaxGsoBytes || !(o.to == to)))
    flush();
  if (o.count == 0) {
    o.to = to;
    o.segmentSize = size;
  }
  o.endsShort = size < o.segmentSize;
  o.bytes.insert(o.bytes.end(), data, data + size);
  ++o.count;
}

void UdpSocket::flush() {
  Outgoing& o = outgoing_;
  if (o.count == 0) return;
  if (o.count == 1 || !gso_) {
    sendSegmentsOneByOne();
  } else {
    iovec iov{o.bytes.data(), o.bytes.size()};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(uint16_t))] = {};
    msghdr message{};
    message.msg_name = const_cast<sockaddr*>(o.to.sockaddrPtr());
    message.msg_namelen = o.to.sockaddrLength();
    message.msg_iov = &iov;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    cmsghdr* header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_UDP;
    header->cmsg_type = UDP_SEGMENT;
    header->cmsg_len = CMSG_LEN(sizeof(uint16_t));
    auto segmentSize = static_cast<uint16_t>(o.segmentSize);
    std::memcpy(CMSG_DATA(header), &segmentSize, sizeof segmentSize);
    ssize_t sent;
    do {
      sent = ::sendmsg(fd_, &message, 0);
    } while (sent < 0 && errno == EINTR);
    if (sent < 0 && errno != EAGAIN && errno != ENOBUFS) {
      // No GSO here (old kernel, a device without it): one datagram at a time from now on.
      NODERTC_LOG(Info, "net", "UDP GSO unavailable (%s); sending datagrams one by one", std::strerror(errno));
      gso_ = false;
      sendSegmentsOneByOne();
    }
  }
  o.bytes.clear();
  o.count = 0;
  o.endsShort = false;
}

void UdpSocket::sendSegmentsOneByOne() {
  const Outgoing& o = outgoing_;
  for (size_t offset = 0; offset < o.bytes.size(); offset += o.segmentSize)
    sendTo(o.to, o.bytes.data() + offset, std::min(o.segmentSize, o.bytes.size() - offset));
}

size_t UdpSocket::receive(ReceiveBatch& batch) {
  BatchStorage& s = storageForThisThread();
  for (size_t i = 0; i < ReceiveBatch::kMaxDatagrams; ++i) {
    s.headers[i].msg_hdr = msghdr{};
    s.headers[i].msg_hdr.msg_name = &s.names[i];
    s.headers[i].msg_hdr.msg_namelen = sizeof s.names[i];
    s.headers[i].msg_hdr.msg_iov = &s.iovecs[i];
    s.headers[i].msg_hdr.msg_iovlen = 1;
    s.headers[i].msg_hdr.msg_control = s.controls[i];
    s.headers[i].msg_hdr.msg_controllen = sizeof s.controls[i];
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
    size_t segmentSize = 0;
    for (cmsghdr* c = CMSG_FIRSTHDR(const_cast<msghdr*>(&h)); c; c = CMSG_NXTHDR(const_cast<msghdr*>(&h), c)) {
      if (c->cmsg_level == SOL_UDP && c->cmsg_type == UDP_GRO) {
        int size;
        std::memcpy(&size, CMSG_DATA(c), sizeof size);
        if (size > 0) segmentSize = static_cast<size_t>(size);
      }
    }
    batch.datagrams[batch.count++] = {static_cast<const uint8_t*>(s.iovecs[i].iov_base),
                                      s.headers[i].msg_len, *from, segmentSize};
  }
  return static_cast<size_t>(n);
}

}  // namespace nodertc
