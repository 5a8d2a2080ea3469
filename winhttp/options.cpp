// WinHttpQueryOption, WinHttpSetOption, WinHttpSetTimeouts: the checks all
// options share, in the order Windows makes them. The options themselves
// are rows of option_table.cpp.
#include <cstring>

#include "api_guard.h"
#include "option_table.h"

using namespace hinternet;
using namespace hinternet::winhttp;
using win32::failWith;
using win32::guardedCall;
using win32::succeed;

namespace {

constexpr std::initializer_list<HandleKind> kAnyHandle = {HandleKind::Session, HandleKind::Connect,
                                                         HandleKind::Request, HandleKind::WebSocket};

// False with the last error set when `handle` is neither NULL (the
// process-wide options) nor a live handle.
bool resolve(HINTERNET handle, OptionTarget& target) {
  if (!handle) return true;
  target.object = find<HandleObject>(handle, kAnyHandle);
  if (!target.object) return false;
  target.kind = optionKindBit(target.object->kind());
  return true;
}

DWORD valueSize(const OptionDef& def) {
  switch (def.shape) {
    case Shape::Dword: return sizeof(DWORD);
    case Shape::Pointer: return sizeof(void*);
    case Shape::Struct: return def.size;
    default: return 0;
  }
}

BOOL queryValue(const OptionTarget& target, void* buffer, DWORD* length) {
  const OptionDef& def = *target.def;
  OptionOutput out;
  if (def.shape == Shape::String) {
    // Sized once the text is known: the terminator counts when asking for
    // room, not in what was written.
    if (const DWORD error = def.get(target, out)) return failWith(error);
    const DWORD need = static_cast<DWORD>((out.text.size() + 1) * sizeof(wchar_t));
    if (!buffer || *length < need) {
      *length = need;
      return failWith(ERROR_INSUFFICIENT_BUFFER);
    }
    std::memcpy(buffer, out.text.c_str(), need);
    *length = need - sizeof(wchar_t);
    return succeed();
  }
  // Fixed sizes are checked first, so nothing is made for a short buffer.
  const DWORD need = valueSize(def);
  if (!buffer || *length < need) {
    *length = need;
    return failWith(ERROR_INSUFFICIENT_BUFFER);
  }
  out.number = target.store().get(def.id, def.fallback);
  out.buffer = buffer;
  if (def.get) {
    if (const DWORD error = def.get(target, out)) return failWith(error);
  }
  if (def.shape == Shape::Dword) {
    const DWORD value = static_cast<DWORD>(out.number);
    std::memcpy(buffer, &value, sizeof(value));
  } else if (def.shape == Shape::Pointer) {
    const auto value = static_cast<std::uintptr_t>(out.number);
    std::memcpy(buffer, &value, sizeof(value));
  }
  *length = need;
  return succeed();
}

BOOL setValue(const OptionTarget& target, const void* buffer, DWORD length) {
  const OptionDef& def = *target.def;
  OptionInput in;
  in.buffer = buffer;
  in.length = length;
  switch (def.shape) {
    case Shape::Dword:
    case Shape::Pointer:
    case Shape::Struct: {
      const DWORD need = valueSize(def);
      if (def.sizeAtLeast ? length < need : length != need) return failWith(def.badSize);
      if (def.shape == Shape::Dword) {
        DWORD value;
        std::memcpy(&value, buffer, sizeof(value));
        in.number = value;
      } else if (def.shape == Shape::Pointer) {
        std::uintptr_t value;
        std::memcpy(&value, buffer, sizeof(value));
        in.number = value;
      }
      break;
    }
    case Shape::String:
      // Lengths of strings count characters, with or without a terminator.
      in.text.assign(static_cast<const wchar_t*>(buffer), length);
      in.text.resize(std::wcslen(in.text.c_str()));
      break;
    case Shape::None:
      break;
  }
  if (def.put) {
    if (const DWORD error = def.put(target, in)) return failWith(error);
  } else {
    target.store().set(def.id, in.number);
  }
  return succeed();
}

}  // namespace

extern "C" BOOL WINAPI WinHttpQueryOption(HINTERNET handle, DWORD option, LPVOID buffer, LPDWORD length) {
  LOG_TRACE("WinHttpQueryOption(%p, %lu, %p, %p)", handle, option, buffer, static_cast<void*>(length));
  return guardedCall("WinHttpQueryOption", FALSE, [&]() -> BOOL {
    OptionTarget target;
    if (!resolve(handle, target)) return FALSE;
    if (!length) return failWith(ERROR_INVALID_PARAMETER);
    target.def = findOption(option);
    // Unknown, set-only and other handles' options are all just invalid here.
    if (!target.def || !(target.def->query & target.kind)) return failWith(ERROR_INVALID_PARAMETER);
    return queryValue(target, buffer, length);
  });
}

extern "C" BOOL WINAPI WinHttpSetOption(HINTERNET handle, DWORD option, LPVOID buffer, DWORD length) {
  LOG_TRACE("WinHttpSetOption(%p, %lu, %p, %lu)", handle, option, buffer, length);
  return guardedCall("WinHttpSetOption", FALSE, [&]() -> BOOL {
    OptionTarget target;
    if (!resolve(handle, target)) return FALSE;
    if (!buffer && length) return failWith(ERROR_INVALID_PARAMETER);
    target.def = findOption(option);
    if (!target.def) return failWith(ERROR_WINHTTP_INVALID_OPTION);
    // Options no handle may set are read-only; the others belong elsewhere
    // (connections read their session's timeouts but take none).
    if (!target.def->set) return failWith(ERROR_WINHTTP_OPTION_NOT_SETTABLE);
    if (!(target.def->set & target.kind)) return failWith(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    return setValue(target, buffer, length);
  });
}

extern "C" BOOL WINAPI WinHttpSetTimeouts(HINTERNET handle, int resolveMs, int connectMs, int sendMs,
                                          int receiveMs) {
  LOG_TRACE("WinHttpSetTimeouts(%p, %d, %d, %d, %d)", handle, resolveMs, connectMs, sendMs, receiveMs);
  return guardedCall("WinHttpSetTimeouts", FALSE, [&]() -> BOOL {
    // Windows checks the values before the handle.
    if (resolveMs < -1 || connectMs < -1 || sendMs < -1 || receiveMs < -1) return failWith(ERROR_INVALID_PARAMETER);
    auto object = find<HandleObject>(handle, kAnyHandle);
    if (!object) return FALSE;
    if (object->kind() != HandleKind::Session && object->kind() != HandleKind::Request)
      return failWith(ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    // -1 is kept as INFINITE: both it and 0 mean no limit.
    object->options.set(WINHTTP_OPTION_RESOLVE_TIMEOUT, static_cast<DWORD>(resolveMs));
    object->options.set(WINHTTP_OPTION_CONNECT_TIMEOUT, static_cast<DWORD>(connectMs));
    object->options.set(WINHTTP_OPTION_SEND_TIMEOUT, static_cast<DWORD>(sendMs));
    object->options.set(WINHTTP_OPTION_RECEIVE_TIMEOUT, static_cast<DWORD>(receiveMs));
    return succeed();
  });
}
