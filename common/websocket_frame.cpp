#include "websocket_frame.h"

#include <algorithm>
#include <cstring>

namespace hinternet {

Error WsHeaderParser::checkStart() {
  const unsigned char first = bytes_[0], second = bytes_[1];
  if (first & 0x70) return Error::InvalidServerResponse;   // RSV1-3: no extension was negotiated
  if (second & 0x80) return Error::InvalidServerResponse;  // servers never mask
  const unsigned opcode = first & 0x0F;
  const bool known = opcode <= 2 || (opcode >= 8 && opcode <= 10);
  if (!known) return Error::InvalidServerResponse;
  header_.opcode = static_cast<WsOpcode>(opcode);
  header_.fin = first & 0x80;
  const unsigned short7 = second & 0x7F;
  if (header_.isControl() && (!header_.fin || short7 > 125)) return Error::InvalidServerResponse;
  total_ = short7 == 126 ? 4 : short7 == 127 ? 10 : 2;
  header_.length = short7;
  return Error::None;
}

Error WsHeaderParser::feed(const unsigned char* data, std::size_t length) {
  length = std::min(length, needed());
  std::memcpy(bytes_ + have_, data, length);
  const bool hadStart = have_ >= 2;
  have_ += length;
  if (!hadStart && have_ >= 2) {
    if (const Error e = checkStart(); e != Error::None) return e;
  }
  if (have_ < total_ || total_ == 2) return Error::None;
  std::uint64_t value = 0;
  for (std::size_t i = 2; i < total_; ++i) value = (value << 8) | bytes_[i];
  if (value >> 63) return Error::InvalidServerResponse;
  header_.length = value;
  return Error::None;
}

}  // namespace hinternet
