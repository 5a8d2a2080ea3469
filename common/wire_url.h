#pragma once
#include <functional>
#include <string>
#include <string_view>

// InternetConvertUrlFromWireToWideChar: a URL as a server sent it (a
// Location header's raw bytes, maybe relative, maybe not ASCII) as UTF-16
// text. Each part's bytes beyond ASCII are read in a code page of its own;
// the code pages themselves are the caller's (Windows has them, the core
// does not), through `Decode`.
namespace hinternet {

// Turns bytes into UTF-16 under `codePage`; false when the bytes are not
// valid there.
using Decode = std::function<bool(std::string_view bytes, unsigned codePage, std::u16string& out)>;

struct WireUrlCodePages {
  unsigned host = 0;   // "scheme://user:password@host:port"
  unsigned path = 0;   // up to '?' or '#'
  unsigned extra = 0;  // the query and fragment
  // The path and extra keep their non-ASCII bytes as "%XX" instead of
  // being decoded.
  bool encodePathExtra = false;
};

// The wire URL as text: the authority (everything before the path of a URL
// with "//"), the path and the extra information each decoded in its own
// code page, or, for the path and extra when asked, with their bytes beyond
// ASCII (and controls and spaces) escaped as "%XX". Bytes that are not
// valid in their code page are escaped too, so nothing is lost. Escapes
// already in the text stay as they are.
std::u16string wireUrlToUtf16(std::string_view url, const WireUrlCodePages& pages, const Decode& decode);

}  // namespace hinternet
