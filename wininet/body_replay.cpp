#include "body_replay.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace hinternet::wininet {

namespace {

HANDLE createReplayFile() {
  wchar_t dir[MAX_PATH + 1];
  wchar_t path[MAX_PATH + 1];
  const DWORD length = GetTempPathW(MAX_PATH + 1, dir);
  if (!length || length > MAX_PATH || !GetTempFileNameW(dir, L"inb", 0, path)) return INVALID_HANDLE_VALUE;
  // The file goes away with its handle, even should the process die.
  return CreateFileW(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_DELETE, nullptr, CREATE_ALWAYS,
                     FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE, nullptr);
}

bool seekTo(HANDLE file, std::uint64_t offset) {
  LARGE_INTEGER to;
  to.QuadPart = static_cast<LONGLONG>(offset);
  return SetFilePointerEx(file, to, nullptr, FILE_BEGIN);
}

}  // namespace

BodyReplay::~BodyReplay() {
  if (file_ != INVALID_HANDLE_VALUE) CloseHandle(file_);
}

bool BodyReplay::record(const void* data, DWORD count) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (broken_) return false;
  if (!count) return true;
  const char* bytes = static_cast<const char*>(data);
  if (file_ == INVALID_HANDLE_VALUE && memory_.size() + count <= kMemoryLimit) {
    memory_.insert(memory_.end(), bytes, bytes + count);
  } else {
    DWORD written = 0;
    if (file_ == INVALID_HANDLE_VALUE) {
      file_ = createReplayFile();
      if (file_ != INVALID_HANDLE_VALUE && !memory_.empty() &&
          (!WriteFile(file_, memory_.data(), static_cast<DWORD>(memory_.size()), &written, nullptr) ||
           written != memory_.size())) {
        broken_ = true;
        return false;
      }
      std::vector<char>().swap(memory_);
    }
    if (file_ == INVALID_HANDLE_VALUE || !seekTo(file_, kept_) ||
        !WriteFile(file_, bytes, count, &written, nullptr) || written != count) {
      broken_ = true;
      return false;
    }
  }
  // A position past what is kept (a move ahead, in asynchronous mode)
  // stays where it is while the bytes before it come in.
  if (position_ == kept_) position_ += count;
  kept_ += count;
  return true;
}

DWORD BodyReplay::serve(void* buffer, DWORD length) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (position_ >= kept_ || !length) return 0;
  const DWORD wanted = static_cast<DWORD>(std::min<std::uint64_t>(length, kept_ - position_));
  DWORD read = 0;
  if (file_ == INVALID_HANDLE_VALUE) {
    std::memcpy(buffer, memory_.data() + position_, wanted);
    read = wanted;
  } else if (!seekTo(file_, position_) || !ReadFile(file_, buffer, wanted, &read, nullptr)) {
    return 0;
  }
  position_ += read;
  return read;
}

std::uint64_t BodyReplay::remaining() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return position_ < kept_ ? kept_ - position_ : 0;
}

std::uint64_t BodyReplay::kept() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return kept_;
}

std::uint64_t BodyReplay::position() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return position_;
}

void BodyReplay::setPosition(std::uint64_t position) {
  std::lock_guard<std::mutex> lock(mutex_);
  position_ = position;
}

bool BodyReplay::broken() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return broken_;
}

}  // namespace hinternet::wininet
