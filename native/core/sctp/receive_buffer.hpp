// The buffer usrsctp_recvv writes into: a message is reassembled in place across partial
// deliveries until MSG_EOR, and the memory is reused from message to message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace nodertc {

class ReceiveBuffer {
 public:
  // Makes room for at least `min` bytes after those held; returns where to write.
  uint8_t* reserve(size_t min);
  // Free bytes after those held.
  size_t room() const { return capacity_ - size_; }
  void commit(size_t n) { size_ += n; }
  const uint8_t* data() const { return buffer_.get(); }
  size_t size() const { return size_; }
  // Forgets the held bytes; memory grown for a very large message is given back.
  void clear();

 private:
  std::unique_ptr<uint8_t[]> buffer_;
  size_t capacity_ = 0;
  size_t size_ = 0;
};

}  // namespace nodertc
