#pragma once
// The part of a response body the program has already read, kept in a
// temporary file so InternetSetFilePointer can move back over it: Windows
// re-reads from its URL cache, which this DLL does not have.
#include <windows.h>

#include <cstdint>
#include <mutex>
#include <vector>

namespace hinternet::wininet {

class BodyReplay {
 public:
  BodyReplay() = default;
  BodyReplay(const BodyReplay&) = delete;
  BodyReplay& operator=(const BodyReplay&) = delete;
  ~BodyReplay();

  // Bytes added at the end of what is kept, which the position follows if
  // it was there: in memory up to kMemoryLimit, then in the file, made
  // then. False when it cannot be written.
  bool record(const void* data, DWORD count);
  // Copies kept bytes from the current position, if the position is before
  // the end of what is kept; the count copied.
  DWORD serve(void* buffer, DWORD length);
  // Kept bytes after the current position.
  std::uint64_t remaining() const;
  std::uint64_t kept() const;
  std::uint64_t position() const;
  void setPosition(std::uint64_t position);
  // Whether recording failed: the kept bytes no longer match the body.
  bool broken() const;

 private:
  static constexpr std::size_t kMemoryLimit = 64 * 1024;
  mutable std::mutex mutex_;
  std::vector<char> memory_;  // what is kept, until the file is made
  HANDLE file_ = INVALID_HANDLE_VALUE;
  std::uint64_t kept_ = 0;
  std::uint64_t position_ = 0;
  bool broken_ = false;
};

}  // namespace hinternet::wininet
