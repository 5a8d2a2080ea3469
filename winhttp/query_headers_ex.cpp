// WinHttpQueryHeadersEx: the fields WinHttpQueryHeaders reads, handed out
// parsed, as an array of name/value pairs in the caller's buffer.
#include <cstring>
#include <vector>

#include "api_guard.h"
#include "http_query.h"
#include "query_source.h"
#include "sdk_types.h"
#include "text.h"

using namespace hinternet;
using namespace hinternet::winhttp;
using win32::guardedCall;

namespace {

// What each documented as unsupported here asks for: one formatted value
// or the whole head as one string, not fields.
bool refused(DWORD infoLevel) {
  const unsigned id = infoLevel & kQueryIdMask;
  return id == kQueryVersion || id == kQueryStatusCode || id == kQueryStatusText || id == kQueryRawHeadersCrlf ||
         (infoLevel & (WINHTTP_QUERY_FLAG_NUMBER | WINHTTP_QUERY_FLAG_NUMBER64 | WINHTTP_QUERY_FLAG_SYSTEMTIME));
}

// A field's text as it goes out: the wire bytes, or UTF-16 by `codePage`.
struct Text {
  std::string narrow;
  std::wstring wide;
};

bool convert(const std::string& bytes, bool wire, UINT codePage, Text& out) {
  if (wire) {
    out.narrow = bytes;
    return true;
  }
  if (bytes.empty()) return true;
  const int n = MultiByteToWideChar(codePage, 0, bytes.data(), int(bytes.size()), nullptr, 0);
  if (n <= 0) return false;
  out.wide.resize(n);
  MultiByteToWideChar(codePage, 0, bytes.data(), int(bytes.size()), out.wide.data(), n);
  return true;
}

// Lays out the array first, then each name and value with its terminator.
DWORD writeHeaders(const std::vector<std::pair<Text, Text>>& fields, bool wire, void* buffer, DWORD& length,
                   PWINHTTP_EXTENDED_HEADER* headers) {
  const std::size_t unit = wire ? 1 : sizeof(wchar_t);
  std::size_t needed = fields.size() * sizeof(WINHTTP_EXTENDED_HEADER);
  auto chars = [wire](const Text& text) { return wire ? text.narrow.size() : text.wide.size(); };
  for (const auto& [name, value] : fields) needed += unit * (chars(name) + chars(value) + 2);
  if (needed > MAXDWORD) return ERROR_NOT_ENOUGH_MEMORY;
  if (!buffer || length < needed) {
    length = static_cast<DWORD>(needed);
    return ERROR_INSUFFICIENT_BUFFER;
  }
  auto* array = static_cast<WINHTTP_EXTENDED_HEADER*>(buffer);
  char* strings = static_cast<char*>(buffer) + fields.size() * sizeof(WINHTTP_EXTENDED_HEADER);
  auto put = [&](const Text& text) -> const void* {
    const void* start = strings;
    const std::size_t bytes = wire ? text.narrow.size() : text.wide.size() * unit;
    std::memcpy(strings, wire ? static_cast<const void*>(text.narrow.data()) : text.wide.data(), bytes);
    std::memset(strings + bytes, 0, unit);
    strings += bytes + unit;
    return start;
  };
  for (std::size_t i = 0; i < fields.size(); ++i) {
    // The union members alias: setting the narrow one sets both.
    array[i].pszName = static_cast<PCSTR>(put(fields[i].first));
    array[i].pszValue = static_cast<PCSTR>(put(fields[i].second));
  }
  length = static_cast<DWORD>(needed);
  if (headers) *headers = array;
  return ERROR_SUCCESS;
}

}  // namespace

extern "C" DWORD WINAPI WinHttpQueryHeadersEx(HINTERNET requestHandle, DWORD infoLevel, ULONGLONG flags,
                                              UINT codePage, PDWORD index, PWINHTTP_HEADER_NAME headerName,
                                              PVOID buffer, PDWORD bufferLength,
                                              PWINHTTP_EXTENDED_HEADER* headers, PDWORD headersCount) {
  LOG_TRACE("WinHttpQueryHeadersEx(%p, 0x%lx, 0x%llx, %u, %p, %p, %p, %p, %p, %p)", requestHandle, infoLevel,
            static_cast<unsigned long long>(flags), codePage, static_cast<void*>(index),
            static_cast<void*>(headerName), buffer, static_cast<void*>(bufferLength),
            static_cast<void*>(headers), static_cast<void*>(headersCount));
  return guardedCall("WinHttpQueryHeadersEx", DWORD(ERROR_WINHTTP_INTERNAL_ERROR), [&]() -> DWORD {
    if (headersCount) *headersCount = 0;
    if (headers) *headers = nullptr;
    auto request = find<Request>(requestHandle, {HandleKind::Request});
    if (!request) return GetLastError();
    const unsigned id = infoLevel & kQueryIdMask;
    const bool wire = infoLevel & WINHTTP_QUERY_FLAG_WIRE_ENCODING;
    if (!bufferLength || !headersCount || flags || refused(infoLevel)) return errorCode(Error::InvalidParameter);
    std::string name;
    if (id == kQueryCustom) {
      if (!headerName || !headerName->pszName) return errorCode(Error::InvalidParameter);
      name = wire ? std::string(headerName->pszName) : win32::utf8FromWide(headerName->pwszName);
    } else if (id != WINHTTP_QUERY_EX_ALL_HEADERS) {
      const char* known = headerNameForQuery(id);
      if (!known) return errorCode(Error::InvalidParameter);
      name = known;
    }
    QuerySource source;
    Error error = querySource(*request, infoLevel, source);
    if (error != Error::None) return errorCode(error);

    // All fields, or the index-th of one name as WinHttpQueryHeaders walks them.
    std::vector<HeaderList::Field> chosen;
    std::size_t position = index ? *index : 0;
    if (id == WINHTTP_QUERY_EX_ALL_HEADERS) {
      if (position) return errorCode(Error::HeaderNotFound);
      chosen = source.fields().fields();
    } else {
      const HeaderList::Field* field = source.fields().find(name, position);
      if (!field) return errorCode(Error::HeaderNotFound);
      chosen.push_back(*field);
      ++position;
    }
    std::vector<std::pair<Text, Text>> fields(chosen.size());
    const UINT page = codePage ? codePage : CP_ACP;
    for (std::size_t i = 0; i < chosen.size(); ++i) {
      if (!convert(chosen[i].name, wire, page, fields[i].first) ||
          !convert(chosen[i].value, wire, page, fields[i].second))
        return errorCode(Error::InvalidParameter);
    }
    const DWORD result = writeHeaders(fields, wire, buffer, *bufferLength, headers);
    if (result != ERROR_SUCCESS) return result;
    *headersCount = static_cast<DWORD>(fields.size());
    if (index && id != WINHTTP_QUERY_EX_ALL_HEADERS) *index = static_cast<DWORD>(position);
    return ERROR_SUCCESS;
  });
}
