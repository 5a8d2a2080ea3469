#include "dav_compliance.h"

namespace hinternet {
namespace {

std::string_view trimmed(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

// Where the list element starting at `from` ends: the next comma outside a
// Coded-URL, whose URI may hold commas (RFC 3986 sub-delims).
std::size_t elementEnd(std::string_view list, std::size_t from) {
  bool inCodedUrl = false;
  for (std::size_t i = from; i < list.size(); ++i) {
    if (list[i] == '<') inCodedUrl = true;
    else if (list[i] == '>') inCodedUrl = false;
    else if (list[i] == ',' && !inCodedUrl) return i;
  }
  return list.size();
}

}  // namespace

bool davClassesContain(const std::vector<std::string>& headerValues, std::string_view compliance) {
  const std::string_view wanted = trimmed(compliance);
  if (wanted.empty()) return false;
  for (const std::string& value : headerValues) {
    const std::string_view list(value);
    for (std::size_t start = 0; start <= list.size();) {
      const std::size_t end = elementEnd(list, start);
      if (trimmed(list.substr(start, end - start)) == wanted) return true;
      start = end + 1;
    }
  }
  return false;
}

}  // namespace hinternet
