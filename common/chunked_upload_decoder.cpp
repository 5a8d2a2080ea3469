#include "chunked_upload_decoder.h"

#include <algorithm>

namespace hinternet {

namespace {

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

ChunkedUploadDecoder::Status ChunkedUploadDecoder::fail() {
  state_ = State::Failed;
  line_.clear();
  return Status::Malformed;
}

// "1a;name=value": hex digits, then optional whitespace and extensions,
// which carry nothing curl could resend and are dropped.
bool ChunkedUploadDecoder::endSizeLine() {
  std::size_t i = 0;
  std::uint64_t size = 0;
  for (; i < line_.size(); ++i) {
    const int digit = hexDigit(line_[i]);
    if (digit < 0) break;
    if (size >> 60) return false;  // would overflow 64 bits
    size = size * 16 + static_cast<unsigned>(digit);
  }
  if (i == 0) return false;
  while (i < line_.size() && (line_[i] == ' ' || line_[i] == '\t')) ++i;
  if (i < line_.size() && line_[i] != ';') return false;
  line_.clear();
  chunkLeft_ = size;
  state_ = size ? State::Data : State::TrailerLine;
  return true;
}

bool ChunkedUploadDecoder::endTrailerLine() {
  if (line_.empty()) {
    state_ = State::Done;
    return true;
  }
  if (line_[0] == ' ' || line_[0] == '\t') return false;  // no folded lines
  const bool parsed = trailers_.addLine(line_);
  line_.clear();
  return parsed;
}

ChunkedUploadDecoder::Status ChunkedUploadDecoder::feed(const char* data, std::size_t length, std::string& payload) {
  std::size_t i = 0;
  while (i < length) {
    switch (state_) {
      case State::Failed:
      case State::Done:
        return fail();
      case State::Data: {
        const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(chunkLeft_, length - i));
        payload.append(data + i, take);
        i += take;
        chunkLeft_ -= take;
        if (!chunkLeft_) state_ = State::DataCr;
        break;
      }
      case State::DataCr:
        if (data[i++] != '\r') return fail();
        state_ = State::DataLf;
        break;
      case State::DataLf:
        if (data[i++] != '\n') return fail();
        state_ = State::SizeLine;
        break;
      case State::SizeLine:
      case State::TrailerLine: {
        const char c = data[i++];
        if (sawCr_) {
          if (c != '\n') return fail();
          sawCr_ = false;
          const bool ok = state_ == State::SizeLine ? endSizeLine() : endTrailerLine();
          if (!ok) return fail();
          break;
        }
        if (c == '\r') {
          sawCr_ = true;
          break;
        }
        if (c == '\n' || c == '\0') return fail();
        line_.push_back(c);
        if (state_ == State::SizeLine ? line_.size() > kMaxLine : ++trailerBytes_ > kMaxTrailerBytes)
          return fail();
        break;
      }
    }
  }
  return state_ == State::Failed ? Status::Malformed : Status::Ok;
}

}  // namespace hinternet
