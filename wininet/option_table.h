#pragma once
// WinINet's options: which handles may query and set each, how its value
// travels in the caller's buffer, and its handlers (option_table.cpp).
#include <windows.h>

#include <cstdint>
#include <memory>
#include <string>

#include "handles.h"
#include "option_lookup.h"

namespace hinternet::wininet {

// Every handle kind WinINet's options apply to (OptionKind bits), and those
// with the NULL handle.
constexpr unsigned kHandles = kSession | kConnect | kRequest;
constexpr unsigned kAny = kGlobal | kHandles;

// How an option's value travels in the caller's buffer.
enum class Shape {
  Dword,    // a DWORD (or BOOL)
  Pointer,  // a DWORD_PTR
  Text,     // a string of the call's character type
  Custom,   // the handlers size and fill the buffer themselves
  None,     // no value (set only)
};

struct OptionDef;

// What an option call works on.
struct OptionTarget {
  std::shared_ptr<HandleObject> object;  // null for the NULL handle
  unsigned kind = kGlobal;               // one OptionKind bit
  bool wide = false;                     // the W export
  const OptionDef* def = nullptr;

  Session* session() const;  // the session of any handle, or null
  Connect* connect() const;  // the connect handle of a connect or request
  Request* request() const;  // null unless kind == kRequest
  // Where numeric values live: the handle's, or the process-wide store.
  OptionStore& store() const;
};

// A value in or out. Custom handlers use buffer and length directly; on
// a query `length` is the caller's size in, the size to report out.
struct OptionIo {
  void* buffer = nullptr;
  DWORD length = 0;
  std::uint64_t number = 0;  // Dword, Pointer
  std::string text;          // Text, UTF-8
};

// Both return a Win32 error code (ERROR_SUCCESS when done).
using OptionGetter = DWORD (*)(const OptionTarget&, OptionIo&);
using OptionSetter = DWORD (*)(const OptionTarget&, const OptionIo&);

struct OptionDef {
  DWORD id;
  const char* name;
  unsigned query;           // kinds that may query it
  unsigned set;             // kinds that may set it
  Shape shape;
  DWORD badSize;            // the error for a set of the wrong size
  DWORD wrongHandle;        // the error for a handle of the wrong kind
  OptionGetter get;         // null: read the store
  OptionSetter put;         // null: Dword/Pointer to the store
};

// The option with this id, or null when WinINet has none.
const OptionDef* findOption(DWORD id);

// The process-wide options of the NULL handle; sessions start with a copy.
OptionStore& globalOptions();

// The protocols a request may use: HTTP_PROTOCOL_FLAG_* of its own, its
// parents' or the process's ENABLE_HTTP_PROTOCOL.
bool http2Enabled(const HandleObject& object);

// Whether requests must come from the cache (INTERNET_FLAG_OFFLINE on the
// request or its session, or the process set offline through
// INTERNET_OPTION_CONNECTED_STATE). There is no cache here, so such a
// request fails as Windows fails one without a cache entry.
bool offline(const Request& request);
bool globallyOffline();
void setGloballyOffline(bool offline);

}  // namespace hinternet::wininet
