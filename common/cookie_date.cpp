#include "cookie_date.h"

#include <cstring>
#include <vector>

namespace hinternet {
namespace {

bool isDelimiter(unsigned char c) {
  return c == 0x09 || (c >= 0x20 && c <= 0x2f) || (c >= 0x3b && c <= 0x40) || (c >= 0x5b && c <= 0x60) ||
         (c >= 0x7b && c <= 0x7e);
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Reads 1 to maxDigits digits at the start of `token`; the rest must not be
// a digit.
bool leadingNumber(const std::string& token, std::size_t maxDigits, unsigned& value, std::size_t& used) {
  used = 0;
  value = 0;
  while (used < token.size() && isDigit(token[used])) {
    if (used == maxDigits) return false;
    value = value * 10 + static_cast<unsigned>(token[used] - '0');
    ++used;
  }
  return used > 0;
}

bool readTime(const std::string& token, unsigned& hour, unsigned& minute, unsigned& second) {
  unsigned parts[3];
  std::size_t at = 0;
  for (int i = 0; i < 3; ++i) {
    std::size_t used = 0;
    if (!leadingNumber(token.substr(at), 2, parts[i], used)) return false;
    at += used;
    if (i < 2) {
      if (at >= token.size() || token[at] != ':') return false;
      ++at;
    }
  }
  hour = parts[0];
  minute = parts[1];
  second = parts[2];
  return true;
}

int monthFrom(const std::string& token) {
  static const char* const names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                      "jul", "aug", "sep", "oct", "nov", "dec"};
  if (token.size() < 3) return 0;
  char prefix[4] = {};
  for (int i = 0; i < 3; ++i) prefix[i] = static_cast<char>(token[i] | 0x20);
  for (int i = 0; i < 12; ++i)
    if (std::strcmp(prefix, names[i]) == 0) return i + 1;
  return 0;
}

}  // namespace

std::int64_t daysFromCivil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool parseCookieDate(const std::string& text, std::int64_t& unixSeconds) {
  std::vector<std::string> tokens;
  std::string current;
  for (char c : text) {
    if (isDelimiter(static_cast<unsigned char>(c))) {
      if (!current.empty()) tokens.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));

  bool haveTime = false, haveDay = false, haveMonth = false, haveYear = false;
  unsigned hour = 0, minute = 0, second = 0, day = 0, month = 0, year = 0;
  for (const std::string& token : tokens) {
    unsigned value = 0;
    std::size_t used = 0;
    if (!haveTime && readTime(token, hour, minute, second)) {
      haveTime = true;
    } else if (!haveDay && leadingNumber(token, 2, value, used)) {
      haveDay = true;
      day = value;
    } else if (!haveMonth && monthFrom(token)) {
      haveMonth = true;
      month = static_cast<unsigned>(monthFrom(token));
    } else if (!haveYear && leadingNumber(token, 4, value, used) && used >= 2) {
      haveYear = true;
      year = value;
    }
  }
  if (!(haveTime && haveDay && haveMonth && haveYear)) return false;
  if (year >= 70 && year <= 99) year += 1900;
  if (year <= 69) year += 2000;
  if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) return false;
  static const unsigned monthDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day > monthDays[month - 1]) return false;
  unixSeconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return true;
}

}  // namespace hinternet
