#include "sctp/receive_buffer.hpp"

#include <algorithm>
#include <cstring>

namespace nodertc {

namespace {
// Kept across messages; anything grown beyond is released after the message.
constexpr size_t kKeptCapacity = 1024 * 1024;
}  // namespace

uint8_t* ReceiveBuffer::reserve(size_t min) {
  if (room() < min) {
    size_t capacity = std::max(capacity_ * 2, size_ + min);
    // Not value-initialised: the bytes are written by usrsctp before they are read.
    std::unique_ptr<uint8_t[]> grown(new uint8_t[capacity]);
    if (size_ > 0) std::memcpy(grown.get(), buffer_.get(), size_);
    buffer_ = std::move(grown);
    capacity_ = capacity;
  }
  return buffer_.get() + size_;
}

void ReceiveBuffer::clear() {
  size_ = 0;
  if (capacity_ > kKeptCapacity) {
    buffer_.reset();
    capacity_ = 0;
  }
}

}  // namespace nodertc
