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

  void add(std::string name, std::string value);
  // Parses "Name: value"; false when the line has no colon or an empty name.
  bool addLine(const std::string& line);
  void clear() { fields_.clear(); }

  // The index-th field with this name, or nullptr.
  const Field* find(const std::string& name, std::size_t index = 0) const;
  std::size_t count(const std::string& name) const;
  const std::vector<Field>& fields() const { return fields_; }

 private:
  std::vector<Field> fields_;
};

bool equalsIgnoreCase(const std::string& a, const std::string& b);

// Splits a CRLF- (or LF-) separated block of header lines, dropping empty ones.
std::vector<std::string> splitHeaderLines(const std::string& block);

// "http://host:port/path", bracketing IPv6 literals; port 0 means the
// scheme's default.
std::string makeUrl(bool secure, const std::string& host, unsigned port, const std::string& path);

// Status line and header fields of one HTTP response.
struct ResponseHead {
  int status = 0;
  std::string version;  // "HTTP/1.1", "HTTP/2"
  std::string reason;
  std::string statusLine;
  HeaderList headers;

  // Parses "HTTP/x.y NNN reason"; false if malformed.
  bool parseStatusLine(const std::string& line);
  // Status line then each field, every line ending in CRLF, then CRLF.
  std::string rawText() const;
};

}  // namespace hinternet
