#pragma once
// Comparing a raw HTTP head a DLL reports with the one the server received.
#include <algorithm>
#include <string>
#include <vector>

// ASCII text of a wide string (heads in these tests are ASCII).
inline std::string narrow(const std::wstring& text) { return std::string(text.begin(), text.end()); }

// The lines of a head ("first line\r\n" fields "\r\n"), without trailing
// spaces ("Name:" and "Name: " are one empty field) and with the fields
// sorted: curl writes its own Content-Length last, wherever the list has it.
inline std::vector<std::string> headLines(const std::string& raw) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = raw.find("\r\n", start)) != std::string::npos; start = end + 2) {
    std::string line = raw.substr(start, end - start);
    if (line.empty()) break;
    line.erase(line.find_last_not_of(' ') + 1);
    lines.push_back(line);
  }
  if (!lines.empty()) std::sort(lines.begin() + 1, lines.end());
  return lines;
}
