#pragma once
#include <cstddef>
#include <string>

#include "error.h"
#include "header_list.h"

namespace hinternet {

// Query ids shared by HttpQueryInfo and WinHttpQueryHeaders (the two DLLs
// use the same numbers), without their modifier flags.
enum QueryId : unsigned {
  kQueryVersion = 18,
  kQueryStatusCode = 19,
  kQueryStatusText = 20,
  kQueryRawHeaders = 21,
  kQueryRawHeadersCrlf = 22,
  kQueryRequestMethod = 45,
  kQueryCustom = 65535,
};
constexpr unsigned kQueryIdMask = 0xFFFF;

// The header field name a plain query id stands for, or nullptr.
const char* headerNameForQuery(unsigned id);

// Answers a query against one response head, as UTF-8 text. `index` walks
// repeated fields: on success it is advanced to the next one. Raw headers
// come NUL-separated (the caller adds the final terminator) or CRLF-separated.
Error answerQuery(const ResponseHead& head, unsigned id, const std::string& customName,
                  std::size_t& index, std::string& text);

// The same for a query with FLAG_REQUEST_HEADERS: the raw forms start with
// the request line, and there is no status to ask for.
Error answerRequestQuery(const RequestHead& head, unsigned id, const std::string& customName,
                         std::size_t& index, std::string& text);

}  // namespace hinternet
