#include "netscape_cookie_line.h"

#include <cctype>

#include "header_list.h"

namespace hinternet {
namespace {

constexpr const char* kHttpOnlyMark = "#HttpOnly_";

bool isTrue(const std::string& field) { return equalsIgnoreCase(field, "TRUE"); }

// A non-negative decimal number and nothing else.
bool parseSeconds(const std::string& text, std::int64_t& out) {
  if (text.empty() || text.size() > 18) return false;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

}  // namespace

const char* const kNetscapeCookieFileHeader = "# Netscape HTTP Cookie File";

std::vector<std::string> tabFields(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (;;) {
    const auto tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) return fields;
    start = tab + 1;
  }
}

std::string netscapeCookieLine(const Cookie& cookie) {
  std::string line = cookie.httpOnly ? kHttpOnlyMark : "";
  line += (cookie.hostOnly ? "" : ".") + cookie.domain;
  line += cookie.hostOnly ? "\tFALSE\t" : "\tTRUE\t";
  line += cookie.path;
  line += cookie.secure ? "\tTRUE\t" : "\tFALSE\t";
  line += std::to_string(cookie.persistent ? cookie.expires : 0);
  line += '\t' + cookie.name + '\t' + cookie.value;
  return line;
}

std::optional<Cookie> parseNetscapeCookieLine(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  Cookie cookie;
  if (line.compare(0, std::char_traits<char>::length(kHttpOnlyMark), kHttpOnlyMark) == 0) {
    cookie.httpOnly = true;
    line.erase(0, std::char_traits<char>::length(kHttpOnlyMark));
  } else if (line.empty() || line[0] == '#') {
    return std::nullopt;
  }
  std::vector<std::string> fields = tabFields(line);
  if (fields.size() == 6) fields.emplace_back();  // a cookie without a value
  if (fields.size() != 7) return std::nullopt;
  std::string domain = fields[0];
  if (!domain.empty() && domain[0] == '.') domain.erase(0, 1);
  if (domain.empty() || fields[2].empty() || fields[2][0] != '/') return std::nullopt;
  std::int64_t expires = 0;
  if (!parseSeconds(fields[4], expires)) return std::nullopt;
  if (fields[5].empty() && fields[6].empty()) return std::nullopt;
  for (char& c : domain) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  cookie.domain = domain;
  cookie.hostOnly = !isTrue(fields[1]);
  cookie.path = fields[2];
  cookie.secure = isTrue(fields[3]);
  cookie.persistent = expires != 0;
  cookie.expires = expires;
  cookie.name = fields[5];
  cookie.value = fields[6];
  return cookie;
}

}  // namespace hinternet
