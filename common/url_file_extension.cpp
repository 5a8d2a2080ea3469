#include "url_file_extension.h"

namespace hinternet {

std::string_view urlFileExtension(std::string_view url) {
  std::string_view path = url.substr(0, url.find_first_of("?#"));
  // The host of "scheme://host/..." is no segment of the path, dots and all.
  const std::size_t slashes = path.find("://");
  if (slashes != std::string_view::npos && path.find_first_of("/\\") == slashes + 1) {
    const std::size_t pathStart = path.find_first_of("/\\", slashes + 3);
    path = pathStart == std::string_view::npos ? std::string_view() : path.substr(pathStart);
  }
  const std::size_t segmentStart = path.find_last_of("/\\");
  const std::string_view segment = segmentStart == std::string_view::npos ? path : path.substr(segmentStart + 1);
  const std::size_t dot = segment.rfind('.');
  if (dot == std::string_view::npos) return std::string_view();
  return segment.substr(dot + 1);
}

}  // namespace hinternet
