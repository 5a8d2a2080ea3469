#pragma once
// The part of a response body the program has already read, kept in a
// temporary file so InternetSetFilePointer can move back over it: Windows
// re-reads from its URL cache, which this DLL does not have.
#include <windows.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace hinternet::wininet {

class BodyReplay {
 public:
  BodyReplay() = default;
  BodyReplay(const BodyReplay&) = delete;
  BodyReplay& operator=(const BodyReplay&) = delete;
  ~BodyReplay() = default;

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
  // Keeps the bytes kept so far, and what is recorded later, for as long as
  // the result is held, also after this BodyReplay is gone; its address
  // names the body.
  std::shared_ptr<const void> share() const { return storage_; }

 private:
  static constexpr std::size_t kMemoryLimit = 64 * 1024;
  // The kept bytes, shared with whoever holds them past the request
  // (InternetLockRequestFile); the file goes when the last holder lets go.
  struct Storage {
    Storage() = default;
    Storage(const Storage&) = delete;
    Storage& operator=(const Storage&) = delete;
    ~Storage();
    std::mutex mutex;
    std::vector<char> memory;  // what is kept, until the file is made
    HANDLE file = INVALID_HANDLE_VALUE;
    std::uint64_t kept = 0;
    std::uint64_t position = 0;
    bool broken = false;
  };
  std::shared_ptr<Storage> storage_ = std::make_shared<Storage>();
};

}  // namespace hinternet::wininet
