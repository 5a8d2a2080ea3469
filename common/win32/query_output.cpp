#include "query_output.h"

#include <cstdlib>
#include <cstring>

#include "system_time.h"
#include "text.h"

namespace hinternet::win32 {
namespace {

constexpr DWORD kFlagNumber = 0x20000000;
constexpr DWORD kFlagNumber64 = 0x08000000;
constexpr DWORD kFlagSystemTime = 0x40000000;

bool copyOut(const void* data, DWORD bytes, DWORD terminatorBytes, LPVOID buffer, LPDWORD bufferLength) {
  const DWORD needed = bytes + terminatorBytes;
  if (!buffer || *bufferLength < needed) {
    *bufferLength = needed;
    SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return false;
  }
  std::memcpy(buffer, data, bytes);
  std::memset(static_cast<char*>(buffer) + bytes, 0, terminatorBytes);
  *bufferLength = bytes;
  SetLastError(ERROR_SUCCESS);
  return true;
}

}  // namespace

bool writeQueryResult(const std::string& text, DWORD modifiers, bool wide, LPVOID buffer, LPDWORD bufferLength) {
  if (modifiers & kFlagNumber) {
    const DWORD number = static_cast<DWORD>(std::strtoul(text.c_str(), nullptr, 10));
    return copyOut(&number, sizeof(number), 0, buffer, bufferLength);
  }
  if (modifiers & kFlagNumber64) {
    const ULONGLONG number = std::strtoull(text.c_str(), nullptr, 10);
    return copyOut(&number, sizeof(number), 0, buffer, bufferLength);
  }
  if (modifiers & kFlagSystemTime) {
    const SYSTEMTIME time = systemTimeFromHttpText(text);
    return copyOut(&time, sizeof(time), 0, buffer, bufferLength);
  }
  if (wide) {
    const std::wstring w = wideFromUtf8(text);
    return copyOut(w.data(), DWORD(w.size() * sizeof(wchar_t)), sizeof(wchar_t), buffer, bufferLength);
  }
  const std::string a = ansiFromUtf8(text);
  return copyOut(a.data(), DWORD(a.size()), 1, buffer, bufferLength);
}

}  // namespace hinternet::win32
