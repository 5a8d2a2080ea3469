// InternetQueryOption, InternetSetOption, InternetSetOptionEx: the checks
// all options share, in the order Windows makes them. The options
// themselves are rows of option_table.cpp.
#include <cstring>

#include "api_guard.h"
#include "option_table.h"
#include "text.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::failWith;
using win32::guardedCall;
using win32::succeed;

namespace {

// False with the last error set when `handle` is neither NULL (the
// process-wide options) nor a live handle.
bool resolve(HINTERNET handle, OptionTarget& target) {
  if (!handle) return true;
  target.object = find<HandleObject>(handle, {HandleKind::Session, HandleKind::Connect, HandleKind::Request});
  if (!target.object) return false;
  target.kind = optionKindBit(target.object->kind());
  return true;
}

BOOL queryFixed(const OptionTarget& target, void* buffer, DWORD* length, DWORD size) {
  const OptionDef& def = *target.def;
  if (!buffer || *length < size) {
    *length = size;
    return failWith(ERROR_INSUFFICIENT_BUFFER);
  }
  OptionIo io;
  io.number = target.store().get(def.id, optionDefault(def.id));
  if (def.get) {
    if (const DWORD error = def.get(target, io)) return failWith(error);
  }
  if (size == sizeof(DWORD)) {
    const DWORD value = static_cast<DWORD>(io.number);
    std::memcpy(buffer, &value, sizeof(value));
  } else {
    const auto value = static_cast<DWORD_PTR>(io.number);
    std::memcpy(buffer, &value, sizeof(value));
  }
  *length = size;
  return succeed();
}

// Text: on a short buffer the size needed in bytes with the terminator; on
// success the length without it, in characters of the call's type.
BOOL queryText(const OptionTarget& target, void* buffer, DWORD* length) {
  OptionIo io;
  if (const DWORD error = target.def->get(target, io)) return failWith(error);
  std::string bytes;
  DWORD characters;
  if (target.wide) {
    const std::wstring text = win32::wideFromUtf8(io.text);
    bytes.assign(reinterpret_cast<const char*>(text.c_str()), (text.size() + 1) * sizeof(wchar_t));
    characters = static_cast<DWORD>(text.size());
  } else {
    const std::string text = win32::ansiFromUtf8(io.text);
    bytes.assign(text.c_str(), text.size() + 1);
    characters = static_cast<DWORD>(text.size());
  }
  if (!buffer || *length < bytes.size()) {
    *length = static_cast<DWORD>(bytes.size());
    return failWith(ERROR_INSUFFICIENT_BUFFER);
  }
  std::memcpy(buffer, bytes.data(), bytes.size());
  *length = characters;
  return succeed();
}

BOOL queryOption(const char* api, HINTERNET handle, DWORD option, void* buffer, DWORD* length, bool wide) {
  LOG_TRACE("%s(%p, %lu, %p, %p)", api, handle, option, buffer, static_cast<void*>(length));
  return guardedCall(api, FALSE, [&]() -> BOOL {
    OptionTarget target;
    target.wide = wide;
    if (!resolve(handle, target)) return FALSE;
    if (!length) return failWith(ERROR_INVALID_PARAMETER);
    target.def = findOption(option);
    if (!target.def || !target.def->query) return failWith(ERROR_INTERNET_INVALID_OPTION);
    if (!(target.def->query & target.kind)) {
      if (!handle) *length = 0;
      return failWith(target.def->wrongHandle);
    }
    switch (target.def->shape) {
      case Shape::Dword: return queryFixed(target, buffer, length, sizeof(DWORD));
      case Shape::Pointer: return queryFixed(target, buffer, length, sizeof(DWORD_PTR));
      case Shape::Text: return queryText(target, buffer, length);
      default: break;
    }
    OptionIo io;
    io.buffer = buffer;
    io.length = *length;
    const DWORD error = target.def->get(target, io);
    *length = io.length;
    return error ? failWith(error) : succeed();
  });
}

// The text of a string option: NUL-terminated, within the length given in
// characters when there is one.
std::string setText(const void* buffer, DWORD length, bool wide) {
  if (wide) {
    const auto* text = static_cast<const wchar_t*>(buffer);
    int n = 0;
    while ((!length || static_cast<DWORD>(n) < length) && text[n]) ++n;
    return win32::utf8FromWide(text, n);
  }
  const auto* text = static_cast<const char*>(buffer);
  int n = 0;
  while ((!length || static_cast<DWORD>(n) < length) && text[n]) ++n;
  return win32::utf8FromAnsi(text, n);
}

BOOL setOption(const char* api, HINTERNET handle, DWORD option, void* buffer, DWORD length, bool wide) {
  OptionTarget target;
  target.wide = wide;
  if (!resolve(handle, target)) return FALSE;
  target.def = findOption(option);
  if (!target.def) return failWith(ERROR_INTERNET_INVALID_OPTION);
  if (!target.def->set) return failWith(ERROR_INTERNET_OPTION_NOT_SETTABLE);
  if (!(target.def->set & target.kind)) return failWith(target.def->wrongHandle);
  const OptionDef& def = *target.def;
  OptionIo io;
  io.buffer = buffer;
  io.length = length;
  switch (def.shape) {
    case Shape::Dword:
    case Shape::Pointer: {
      const DWORD size = def.shape == Shape::Dword ? sizeof(DWORD) : sizeof(DWORD_PTR);
      if (!buffer) return failWith(ERROR_INVALID_PARAMETER);
      if (length != size) return failWith(def.badSize);
      if (def.shape == Shape::Dword) {
        DWORD value;
        std::memcpy(&value, buffer, sizeof(value));
        io.number = value;
      } else {
        DWORD_PTR value;
        std::memcpy(&value, buffer, sizeof(value));
        io.number = value;
      }
      break;
    }
    case Shape::Text:
      if (!buffer) return failWith(ERROR_INVALID_PARAMETER);
      io.text = setText(buffer, length, wide);
      break;
    default:
      break;
  }
  if (def.put) {
    if (const DWORD error = def.put(target, io)) return failWith(error);
  } else {
    target.store().set(def.id, io.number);
  }
  (void)api;
  return succeed();
}

BOOL setOptionGuarded(const char* api, HINTERNET handle, DWORD option, void* buffer, DWORD length, DWORD flags,
                      bool wide) {
  LOG_TRACE("%s(%p, %lu, %p, %lu, 0x%lx)", api, handle, option, buffer, length, flags);
  return guardedCall(api, FALSE, [&]() -> BOOL {
    if (flags & ~DWORD(ISO_VALID_FLAGS)) return failWith(ERROR_INVALID_PARAMETER);
    return setOption(api, handle, option, buffer, length, wide);
  });
}

}  // namespace

extern "C" BOOL WINAPI InternetQueryOptionA(HINTERNET handle, DWORD option, LPVOID buffer, LPDWORD length) {
  return queryOption("InternetQueryOptionA", handle, option, buffer, length, false);
}

extern "C" BOOL WINAPI InternetQueryOptionW(HINTERNET handle, DWORD option, LPVOID buffer, LPDWORD length) {
  return queryOption("InternetQueryOptionW", handle, option, buffer, length, true);
}

extern "C" BOOL WINAPI InternetSetOptionA(HINTERNET handle, DWORD option, LPVOID buffer, DWORD length) {
  return setOptionGuarded("InternetSetOptionA", handle, option, buffer, length, 0, false);
}

extern "C" BOOL WINAPI InternetSetOptionW(HINTERNET handle, DWORD option, LPVOID buffer, DWORD length) {
  return setOptionGuarded("InternetSetOptionW", handle, option, buffer, length, 0, true);
}

extern "C" BOOL WINAPI InternetSetOptionExA(HINTERNET handle, DWORD option, LPVOID buffer, DWORD length,
                                            DWORD flags) {
  return setOptionGuarded("InternetSetOptionExA", handle, option, buffer, length, flags, false);
}

extern "C" BOOL WINAPI InternetSetOptionExW(HINTERNET handle, DWORD option, LPVOID buffer, DWORD length,
                                            DWORD flags) {
  return setOptionGuarded("InternetSetOptionExW", handle, option, buffer, length, flags, true);
}
