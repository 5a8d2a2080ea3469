#pragma once
#include <string_view>

// _GetFileExtensionFromUrl: the extension Internet Explorer's cache gives
// the file it stores a URL's body in.
namespace hinternet {

// The text after the last '.' of the URL path's last segment, without the
// dot: the path ends at '?' or '#', a segment at '/' or '\'; a URL with
// "scheme://" starts its path after the host. Empty when the last segment
// has no dot or ends with one.
std::string_view urlFileExtension(std::string_view url);

}  // namespace hinternet
