#pragma once
#include <windows.h>

#include <cstdint>
#include <memory>
#include <string>

#include "handles.h"
#include "option_lookup.h"

namespace hinternet::winhttp {

// Every handle kind WinHTTP's options apply to (OptionKind bits).
constexpr unsigned kHandles = kSession | kConnect | kRequest | kWebSocket;

// How an option's value travels in the caller's buffer.
enum class Shape {
  Dword,    // a DWORD (or BOOL)
  Pointer,  // a pointer-sized value
  String,   // UTF-16: set lengths count characters, query lengths bytes
  Struct,   // `size` bytes
  None,     // no value (set only)
};

struct OptionDef;

// What an option call works on.
struct OptionTarget {
  std::shared_ptr<HandleObject> object;  // null for the NULL handle
  unsigned kind = kGlobal;               // one OptionKind bit
  const OptionDef* def = nullptr;

  Session* session() const;  // the session of any handle, or null
  Request* request() const;  // null unless kind == kRequest
  // Where numeric values live: connect handles show their session's.
  OptionStore& store() const;
};

struct OptionInput {
  const void* buffer = nullptr;
  DWORD length = 0;
  std::uint64_t number = 0;  // Dword, Pointer
  std::wstring text;         // String, cut at its first NUL
};

struct OptionOutput {
  std::uint64_t number = 0;  // Dword, Pointer
  std::wstring text;         // String
  void* buffer = nullptr;    // Struct: `size` bytes, already checked
};

// Both return a Win32 error code (ERROR_SUCCESS when done).
using OptionGetter = DWORD (*)(const OptionTarget&, OptionOutput&);
using OptionSetter = DWORD (*)(const OptionTarget&, const OptionInput&);

struct OptionDef {
  DWORD id;
  const char* name;
  unsigned query;  // kinds that may query it
  unsigned set;    // kinds that may set it
  Shape shape;
  DWORD size;              // Struct only
  std::uint64_t fallback;  // a stored value's default
  DWORD badSize;           // the error for a set of the wrong size
  bool sizeAtLeast;        // a set may pass more than the value's size
  OptionGetter get;        // null: read the store
  OptionSetter put;        // null: Dword/Pointer to the store, others ignored
};

// The option with this id, or null when WinHTTP has none.
const OptionDef* findOption(DWORD id);

// The stored value of option `id` with its table default.
std::uint64_t optionValue(const OptionStore& store, DWORD id);
std::uint64_t optionValue(const HandleObject& object, DWORD id);

// A timeout option as the core takes it: Windows' 0 and INFINITE mean no
// limit, which the core spells -1.
long timeoutOption(const HandleObject& object, DWORD id);
// The receive-response timeout as Windows reports it: never below the
// receive timeout.
DWORD receiveResponseTimeout(const OptionStore& store);

// What requests opened without a version use ("HTTP/1.1" unless the
// process-wide WINHTTP_OPTION_HTTP_VERSION says otherwise).
std::string defaultHttpVersion();

// Puts what the request's options ask for into the spec of its next send
// (request_options.cpp).
void applyRequestOptions(const Request& request, RequestSpec& spec);

// The process-wide options of the NULL handle.
OptionStore& globalOptions();

}  // namespace hinternet::winhttp
