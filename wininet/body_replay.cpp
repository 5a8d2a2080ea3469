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

BodyReplay::Storage::~Storage() {
  if (file != INVALID_HANDLE_VALUE) CloseHandle(file);
}

bool BodyReplay::record(const void* data, DWORD count) {
  Storage& s = *storage_;
  std::lock_guard<std::mutex> lock(s.mutex);
  if (s.broken) return false;
  if (!count) return true;
  const char* bytes = static_cast<const char*>(data);
  if (s.file == INVALID_HANDLE_VALUE && s.memory.size() + count <= kMemoryLimit) {
    s.memory.insert(s.memory.end(), bytes, bytes + count);
  } else {
    DWORD written = 0;
    if (s.file == INVALID_HANDLE_VALUE) {
      s.file = createReplayFile();
      if (s.file != INVALID_HANDLE_VALUE && !s.memory.empty() &&
          (!WriteFile(s.file, s.memory.data(), static_cast<DWORD>(s.memory.size()), &written, nullptr) ||
           written != s.memory.size())) {
        s.broken = true;
        return false;
      }
      std::vector<char>().swap(s.memory);
    }
    if (s.file == INVALID_HANDLE_VALUE || !seekTo(s.file, s.kept) ||
        !WriteFile(s.file, bytes, count, &written, nullptr) || written != count) {
      s.broken = true;
      return false;
    }
  }
  // A position past what is kept (a move ahead, in asynchronous mode)
  // stays where it is while the bytes before it come in.
  if (s.position == s.kept) s.position += count;
  s.kept += count;
  return true;
}

DWORD BodyReplay::serve(void* buffer, DWORD length) {
  Storage& s = *storage_;
  std::lock_guard<std::mutex> lock(s.mutex);
  if (s.position >= s.kept || !length) return 0;
  const DWORD wanted = static_cast<DWORD>(std::min<std::uint64_t>(length, s.kept - s.position));
  DWORD read = 0;
  if (s.file == INVALID_HANDLE_VALUE) {
    std::memcpy(buffer, s.memory.data() + s.position, wanted);
    read = wanted;
  } else if (!seekTo(s.file, s.position) || !ReadFile(s.file, buffer, wanted, &read, nullptr)) {
    return 0;
  }
  s.position += read;
  return read;
}

std::uint64_t BodyReplay::remaining() const {
  Storage& s = *storage_;
  std::lock_guard<std::mutex> lock(s.mutex);
  return s.position < s.kept ? s.kept - s.position : 0;
}

std::uint64_t BodyReplay::kept() const {
  Storage& s = *storage_;
  std::lock_guard<std::mutex> lock(s.mutex);
  return s.kept;
}

std::uint64_t BodyReplay::position() const {
  Storage& s = *storage_;
  std::lock_guard<std::mutex> lock(s.mutex);
  return s.position;
}

void BodyReplay::setPosition(std::uint64_t position) {
  Storage& s = *storage_;
  std::lock_guard<std::mutex> lock(s.mutex);
  s.position = position;
}

bool BodyReplay::broken() const {
  Storage& s = *storage_;
  std::lock_guard<std::mutex> lock(s.mutex);
  return s.broken;
}

}  // namespace hinternet::wininet
