#include "header_list.h"

#include <cctype>

namespace hinternet {

bool equalsIgnoreCase(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

bool startsWithIgnoreCase(const std::string& text, const char* lowerPrefix) {
  for (std::size_t i = 0; lowerPrefix[i]; ++i) {
    if (i >= text.size() || std::tolower(static_cast<unsigned char>(text[i])) != lowerPrefix[i]) return false;
  }
  return true;
}

static std::string trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  return s.substr(b, e - b);
}

static bool isIpv6Literal(const std::string& host) {
  return !host.empty() && host.front() != '[' && host.find(':') != std::string::npos;
}

std::string makeUrl(bool secure, const std::string& host, unsigned port, const std::string& path) {
  std::string url = secure ? "https://" : "http://";
  url += isIpv6Literal(host) ? "[" + host + "]" : host;
  if (port == 0) port = secure ? 443 : 80;
  url += ":" + std::to_string(port);
  if (path.empty() || path.front() != '/') url += '/';
  url += path;
  return url;
}

std::string hostHeaderValue(bool secure, const std::string& host, unsigned port) {
  std::string value = isIpv6Literal(host) ? "[" + host + "]" : host;
  if (port != 0 && port != (secure ? 443u : 80u)) value += ":" + std::to_string(port);
  return value;
}

std::string rawHeaderText(const std::string& firstLine, const HeaderList& headers) {
  std::string out = firstLine + "\r\n";
  for (const auto& f : headers.fields()) out += f.name + ": " + f.value + "\r\n";
  out += "\r\n";
  return out;
}

void HeaderList::add(std::string name, std::string value) {
  fields_.push_back({std::move(name), std::move(value)});
}

bool HeaderList::addLine(const std::string& line) {
  const auto colon = line.find(':');
  if (colon == std::string::npos) return false;
  std::string name = trim(line.substr(0, colon));
  if (name.empty()) return false;
  add(std::move(name), trim(line.substr(colon + 1)));
  return true;
}

const HeaderList::Field* HeaderList::find(const std::string& name, std::size_t index) const {
  for (const auto& f : fields_) {
    if (equalsIgnoreCase(f.name, name) && index-- == 0) return &f;
  }
  return nullptr;
}

bool HeaderList::hasToken(const std::string& name, const std::string& token) const {
  for (const auto& f : fields_) {
    if (!equalsIgnoreCase(f.name, name)) continue;
    const std::string& list = f.value;
    for (std::size_t start = 0; start <= list.size();) {
      std::size_t end = list.find(',', start);
      if (end == std::string::npos) end = list.size();
      std::size_t first = start, last = end;
      while (first < last && (list[first] == ' ' || list[first] == '\t')) ++first;
      while (last > first && (list[last - 1] == ' ' || list[last - 1] == '\t')) --last;
      if (equalsIgnoreCase(list.substr(first, last - first), token)) return true;
      start = end + 1;
    }
  }
  return false;
}

std::size_t HeaderList::position(const std::string& name) const {
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    if (equalsIgnoreCase(fields_[i].name, name)) return i;
  }
  return npos;
}

std::size_t HeaderList::count(const std::string& name) const {
  std::size_t n = 0;
  for (const auto& f : fields_) n += equalsIgnoreCase(f.name, name);
  return n;
}

bool ResponseHead::parseStatusLine(const std::string& line) {
  const std::string text = trim(line);
  if (text.compare(0, 5, "HTTP/") != 0) return false;
  const auto sp1 = text.find(' ');
  if (sp1 == std::string::npos) return false;
  std::size_t pos = sp1 + 1;
  int code = 0, digits = 0;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) && digits < 3) {
    code = code * 10 + (text[pos++] - '0');
    ++digits;
  }
  if (digits != 3 || (pos < text.size() && text[pos] != ' ')) return false;
  version = text.substr(0, sp1);
  status = code;
  reason = pos < text.size() ? trim(text.substr(pos + 1)) : std::string();
  statusLine = text;
  headers.clear();
  return true;
}

}  // namespace hinternet
