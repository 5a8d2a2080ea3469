#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "header_list.h"

namespace hinternet {

// Reads a request body that the application framed with chunked
// transfer-coding itself (WinHTTP passes such bytes through untouched), in
// pieces of any size, and yields the payload: curl frames it again on the
// wire, so the framing must come off first. Strict on syntax, so a program
// that frames badly learns it at the write that went wrong rather than from
// a server that waits for bytes that never come.
class ChunkedUploadDecoder {
 public:
  enum class Status { Ok, Malformed };
  // Longest size line (extensions included) and trailer section accepted.
  static constexpr std::size_t kMaxLine = 4096;
  static constexpr std::size_t kMaxTrailerBytes = 64 * 1024;

  // Appends the payload found in `data` to `payload`. Once Malformed, every
  // later call is Malformed too; bytes after the final CRLF are Malformed.
  Status feed(const char* data, std::size_t length, std::string& payload);
  // The last chunk and the trailer section's closing CRLF have been read.
  bool finished() const { return state_ == State::Done; }
  bool failed() const { return state_ == State::Failed; }
  // Trailer fields, complete once finished().
  const HeaderList& trailers() const { return trailers_; }

 private:
  enum class State { SizeLine, Data, DataCr, DataLf, TrailerLine, Done, Failed };
  bool endSizeLine();
  bool endTrailerLine();
  Status fail();

  State state_ = State::SizeLine;
  std::string line_;               // the line being read, without CRLF
  bool sawCr_ = false;             // line_ ended with CR; LF must follow
  std::uint64_t chunkLeft_ = 0;
  std::size_t trailerBytes_ = 0;
  HeaderList trailers_;
};

}  // namespace hinternet
