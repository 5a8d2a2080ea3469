#pragma once
#include <cstddef>
#include <cstdint>

#include "error.h"

namespace hinternet {

// RFC 6455 opcodes.
enum class WsOpcode : std::uint8_t { Continuation = 0, Text = 1, Binary = 2, Close = 8, Ping = 9, Pong = 10 };

struct WsFrameHeader {
  WsOpcode opcode = WsOpcode::Continuation;
  bool fin = false;
  std::uint64_t length = 0;
  bool isControl() const { return static_cast<std::uint8_t>(opcode) >= 8; }
};

// Parses the header of a frame sent by a server, which may arrive a byte at
// a time. Frames go out through curl's encoder; only incoming ones are ours
// to parse (curl's raw mode hands us the bytes, see WebSocketConnection).
class WsHeaderParser {
 public:
  // Bytes still needed; 0 once the header is complete.
  std::size_t needed() const { return have_ < total_ ? total_ - have_ : 0; }
  // Takes at most needed() bytes. InvalidServerResponse for what a server
  // must not send: reserved bits or opcodes, a mask, a fragmented or
  // oversized control frame, a length beyond 2^63.
  Error feed(const unsigned char* data, std::size_t length);
  const WsFrameHeader& header() const { return header_; }
  void reset() {
    have_ = 0;
    total_ = 2;
  }

 private:
  Error checkStart();

  unsigned char bytes_[10] = {};
  std::size_t have_ = 0;
  std::size_t total_ = 2;
  WsFrameHeader header_;
};

}  // namespace hinternet
