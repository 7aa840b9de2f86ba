// An OpenSSL BIO that keeps datagram boundaries without copying: each BIO_write of the DTLS
// record layer (one datagram) goes straight to a sink, and reads return the one datagram the
// caller lent with setInput(), then "retry" until the next one.
#pragma once

#include <cstddef>
#include <cstdint>

struct bio_st;

namespace nodertc {

class DatagramSink {
 public:
  // A datagram the sink cannot take is lost, as on any UDP path: DTLS recovers handshake
  // flights by retransmission, SCTP recovers application data.
  virtual void sendDatagram(const uint8_t* data, size_t size) = 0;

 protected:
  ~DatagramSink() = default;
};

class DatagramBio {
 public:
  explicit DatagramBio(DatagramSink& sink) : sink_(sink) {}

  // A new BIO reading and writing through this object, which must outlive it.
  bio_st* newBio();

  // Lends one received datagram until it is read or clearInput() is called.
  void setInput(const uint8_t* data, size_t size) {
    input_ = data;
    inputSize_ = size;
  }
  void clearInput() { setInput(nullptr, 0); }

 private:
  static int write(bio_st* bio, const char* data, int size);
  static int read(bio_st* bio, char* out, int size);
  static long control(bio_st* bio, int command, long number, void* pointer);

  DatagramSink& sink_;
  const uint8_t* input_ = nullptr;
  size_t inputSize_ = 0;
};

}  // namespace nodertc
