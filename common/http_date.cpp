#include "http_date.h"

#include <cstdio>

namespace hinternet {
namespace {

constexpr const char* kWeekdays[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

// Index of the name whose three letters start `word`, or -1.
template <std::size_t N>
int findName(std::string_view word, const char* const (&names)[N]) {
  if (word.size() < 3) return -1;
  for (std::size_t i = 0; i < N; ++i) {
    if (lower(word[0]) == lower(names[i][0]) && lower(word[1]) == lower(names[i][1]) &&
        lower(word[2]) == lower(names[i][2]))
      return static_cast<int>(i);
  }
  return -1;
}

// A cursor over the text. Windows skips anything between fields, so each
// read first moves past what cannot start the field it wants.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool atEnd() const { return pos_ >= text_.size(); }
  bool atAlpha() const { return !atEnd() && isAlpha(text_[pos_]); }
  bool atDigit() const { return !atEnd() && isDigit(text_[pos_]); }

  void skipToAlnum() {
    while (!atEnd() && !isAlpha(text_[pos_]) && !isDigit(text_[pos_])) ++pos_;
  }

  std::string_view word() {
    const std::size_t start = pos_;
    while (atAlpha()) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  // The next run of digits, skipping anything before it. Values saturate at
  // 65535, the largest a SYSTEMTIME field holds.
  bool number(unsigned& value, std::size_t* digits = nullptr) {
    while (!atEnd() && !isDigit(text_[pos_])) ++pos_;
    if (atEnd()) return false;
    const std::size_t start = pos_;
    unsigned v = 0;
    for (; atDigit(); ++pos_) v = v >= 6554 ? 65535 : v * 10 + unsigned(text_[pos_] - '0');
    value = v > 65535 ? 65535 : v;
    if (digits) *digits = pos_ - start;
    return true;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

bool readMonth(Reader& in, unsigned& month) {
  in.skipToAlnum();
  if (in.atAlpha()) {
    const int index = findName(in.word(), kMonths);
    if (index < 0) return false;
    month = unsigned(index) + 1;
    return true;
  }
  unsigned number = 0;
  if (!in.number(number) || number < 1 || number > 12) return false;
  month = number;
  return true;
}

bool readYear(Reader& in, unsigned& year, unsigned centuryPivot) {
  std::size_t digits = 0;
  if (!in.number(year, &digits)) return false;
  if (digits <= 2) year += year < centuryPivot ? 2000 : 1900;  // RFC 850's two-digit years
  return true;
}

bool readClock(Reader& in, HttpDate& date) {
  return in.number(date.hour) && in.number(date.minute) && in.number(date.second);
}

}  // namespace

bool formatHttpDate(const HttpDate& date, std::string& text) {
  if (date.month < 1 || date.month > 12 || date.dayOfWeek > 6) return false;
  if (date.year > 9999 || date.day > 99 || date.hour > 99 || date.minute > 99 || date.second > 99) return false;
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%s, %02u %s %04u %02u:%02u:%02u GMT", kWeekdays[date.dayOfWeek], date.day,
                kMonths[date.month - 1], date.year, date.hour, date.minute, date.second);
  text = buffer;
  return true;
}

bool parseHttpDate(std::string_view text, HttpDate& date, unsigned centuryPivot) {
  Reader in(text);
  in.skipToAlnum();
  if (in.atAlpha()) {
    const int index = findName(in.word(), kWeekdays);
    if (index < 0) return false;
    date.dayOfWeek = unsigned(index);
  } else {
    unsigned weekday = 0;
    if (!in.number(weekday) || weekday > 6) return false;
    date.dayOfWeek = weekday;
  }

  in.skipToAlnum();
  if (in.atAlpha()) {
    // asctime: "Sun Nov  6 08:49:37 1994"
    if (!readMonth(in, date.month)) return false;
    if (!in.number(date.day)) return false;
    if (!readClock(in, date)) return false;
    if (!readYear(in, date.year, centuryPivot)) return false;
  } else {
    // RFC 1123 "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 "Sunday, 06-Nov-94 ..."
    if (!in.number(date.day)) return false;
    if (!readMonth(in, date.month)) return false;
    if (!readYear(in, date.year, centuryPivot)) return false;
    if (!readClock(in, date)) return false;
  }
  date.millisecond = 0;
  return true;
}

}  // namespace hinternet
