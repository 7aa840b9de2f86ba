// A non-blocking UDP socket bound to one local address; reads are drained in batches (recvmmsg).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "net/socket_address.hpp"

namespace nodertc {

// One recvmmsg batch. A single buffer per thread serves every socket read on that thread:
// datagrams stay valid until the next receive() call on the same thread.
struct ReceiveBatch {
  static constexpr size_t kMaxDatagrams = 32;
  static constexpr size_t kMaxDatagramSize = 65536;
  struct Datagram {
    const uint8_t* data;
    size_t size;
    SocketAddress from;
    // UDP GRO: the kernel joined datagrams of this size (the last may be shorter); 0 if not.
    size_t segmentSize;
  };
  Datagram datagrams[kMaxDatagrams];
  size_t count = 0;
  size_t dropped = 0;  // datagrams read but dropped: larger than a slot, or odd source address

  static ReceiveBatch& forThisThread();
};

class UdpSocket {
 public:
  // Binds to bindAddress (its port is ignored): port 0 when portMin == 0, otherwise the first
  // free port of [portMin, portMax] from a random start. nullptr when no socket could be bound.
  static std::unique_ptr<UdpSocket> open(const SocketAddress& bindAddress, uint16_t portMin = 0,
                                         uint16_t portMax = 0);
  ~UdpSocket();
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  int fd() const { return fd_; }
  const SocketAddress& localAddress() const { return local_; }

  // False when the kernel refused the datagram (buffer full, unreachable, ...).
  bool sendTo(const SocketAddress& to, const uint8_t* data, size_t size);

  // Queues a datagram for flush(). Consecutive datagrams to one address, of one size (the last
  // may be shorter), leave as one UDP GSO send: one trip through the kernel for up to 64.
  void queue(const SocketAddress& to, const uint8_t* data, size_t size);
  void flush();

  // One recvmmsg call into batch; returns how many datagrams were read (0: none waiting, or error).
  size_t receive(ReceiveBatch& batch);

  // Drains up to maxBatches batches, calling onDatagram(from, data, size) for each datagram.
  // onDatagram returns false to stop at once (for example when it closed this socket: `this`
  // is not touched after that). Returns how many datagrams were dropped (see ReceiveBatch).
  template <typename F>
  size_t drain(F&& onDatagram, int maxBatches = 4) {
    ReceiveBatch& batch = ReceiveBatch::forThisThread();
    size_t dropped = 0;
    for (int round = 0; round < maxBatches; ++round) {
      size_t read = receive(batch);
      dropped += batch.dropped;
      for (size_t i = 0; i < batch.count; ++i) {
        const auto& d = batch.datagrams[i];
        size_t step = d.segmentSize > 0 ? d.segmentSize : d.size;
        for (size_t offset = 0; offset < d.size; offset += step)
          if (!onDatagram(d.from, d.data + offset, std::min(step, d.size - offset))) return dropped;
      }
      if (read < ReceiveBatch::kMaxDatagrams) break;
    }
    return dropped;
  }

 private:
  UdpSocket(int fd, SocketAddress local) : fd_(fd), local_(local) {}
  void sendSegmentsOneByOne();

  int fd_;
  SocketAddress local_;

  // The datagrams queue() holds until flush(): one destination, segmentSize bytes each.
  struct Outgoing {
    SocketAddress to;
    std::vector<uint8_t> bytes;
    size_t segmentSize = 0;
    size_t count = 0;
    bool endsShort = false;
  } outgoing_;
  bool gso_ = true;
};

}  // namespace nodertc
