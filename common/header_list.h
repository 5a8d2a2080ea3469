#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace hinternet {

// HTTP header fields in order of arrival, matched by name without regard to
// case. Repeated names stay separate entries so callers can walk them with
// an index, as HttpQueryInfo and WinHttpQueryHeaders do.
class HeaderList {
 public:
  struct Field {
    std::string name;
    std::string value;
  };

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  void add(std::string name, std::string value);
  // Parses "Name: value"; false when the line has no colon or an empty name.
  bool addLine(const std::string& line);
  void clear() { fields_.clear(); }
  void erase(std::size_t position) { fields_.erase(fields_.begin() + static_cast<std::ptrdiff_t>(position)); }
  Field& at(std::size_t position) { return fields_.at(position); }

  // The index-th field with this name, or nullptr.
  const Field* find(const std::string& name, std::size_t index = 0) const;
  // Where the first field with this name stands, or npos.
  std::size_t position(const std::string& name) const;
  std::size_t count(const std::string& name) const;
  // Whether a field with this name lists `token` among its comma-separated
  // values ("Connection: keep-alive, Upgrade"), ignoring case and spaces.
  bool hasToken(const std::string& name, const std::string& token) const;
  const std::vector<Field>& fields() const { return fields_; }
  bool empty() const { return fields_.empty(); }

 private:
  std::vector<Field> fields_;
};

bool equalsIgnoreCase(const std::string& a, const std::string& b);
// Whether `text` starts with `lowerPrefix` (given in lower case), in any case.
bool startsWithIgnoreCase(const std::string& text, const char* lowerPrefix);

// "http://host:port/path", bracketing IPv6 literals; port 0 means the
// scheme's default.
std::string makeUrl(bool secure, const std::string& host, unsigned port, const std::string& path);

// The Host header both DLLs send: the host, bracketed if IPv6, with ":port"
// only when it is not the scheme's default (port 0 means the default).
std::string hostHeaderValue(bool secure, const std::string& host, unsigned port);

// A head as HTTP writes it: the first line, then each field, every line
// ending in CRLF, then an empty line.
std::string rawHeaderText(const std::string& firstLine, const HeaderList& headers);

// Status line and header fields of one HTTP response.
struct ResponseHead {
  int status = 0;
  std::string version;  // "HTTP/1.1", "HTTP/2"
  std::string reason;
  std::string statusLine;
  HeaderList headers;

  // Parses "HTTP/x.y NNN reason"; false if malformed.
  bool parseStatusLine(const std::string& line);
  std::string rawText() const { return rawHeaderText(statusLine, headers); }
};

// The request line and the header fields of the request a handle sends.
struct RequestHead {
  std::string method;
  std::string target;   // the path as it goes on the request line
  std::string version;  // "HTTP/1.1"
  HeaderList headers;

  std::string requestLine() const { return method + ' ' + target + ' ' + version; }
  std::string rawText() const { return rawHeaderText(requestLine(), headers); }
};

}  // namespace hinternet
