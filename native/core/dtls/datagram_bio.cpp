#include "dtls/datagram_bio.hpp"

#include <openssl/bio.h>

#include <cstring>

namespace nodertc {

namespace {

DatagramBio* self(BIO* bio) { return static_cast<DatagramBio*>(BIO_get_data(bio)); }

}  // namespace

BIO* DatagramBio::newBio() {
  static BIO_METHOD* const method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "nodertc datagram");
    if (m) {
      BIO_meth_set_write(m, &DatagramBio::write);
      BIO_meth_set_read(m, &DatagramBio::read);
      BIO_meth_set_ctrl(m, &DatagramBio::control);
    }
    return m;
  }();
  BIO* bio = method ? BIO_new(method) : nullptr;
  if (!bio) return nullptr;
  BIO_set_data(bio, this);
  BIO_set_init(bio, 1);
  return bio;
}

int DatagramBio::write(BIO* bio, const char* data, int size) {
  self(bio)->sink_.sendDatagram(reinterpret_cast<const uint8_t*>(data), static_cast<size_t>(size));
  return size;
}

int DatagramBio::read(BIO* bio, char* out, int size) {
  DatagramBio* pipe = self(bio);
  BIO_clear_retry_flags(bio);
  if (!pipe->input_) {
    BIO_set_retry_read(bio);
    return -1;
  }
  // Like recv() on a datagram socket: what does not fit is discarded with the datagram.
  size_t n = pipe->inputSize_ < static_cast<size_t>(size) ? pipe->inputSize_ : size;
  std::memcpy(out, pipe->input_, n);
  pipe->clearInput();
  return static_cast<int>(n);
}

long DatagramBio::control(BIO*, int command, long, void*) {
  // DTLS flushes after each flight; nothing is ever pending. Other queries (MTU, peer address,
  // timeouts) have no meaning here and answer 0: the MTU is set on the SSL object.
  return command == BIO_CTRL_FLUSH ? 1 : 0;
}

}  // namespace nodertc
