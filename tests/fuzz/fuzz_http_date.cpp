// parseHttpDate with both century pivots, then formatHttpDate: a date that
// parses completely formats to at most 29 characters or is refused, and a
// formatted date parses back to the same fields.
#include "fuzz_input.h"
#include "http_date.h"

using namespace hinternet;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::narrow(data, size);
  for (unsigned pivot : {50u, 80u}) {
    HttpDate date;
    date.year = 2000;
    date.month = 1;
    date.day = 1;
    if (!parseHttpDate(text, date, pivot)) continue;
    FUZZ_CHECK(date.year <= 65535 && date.day <= 65535 && date.hour <= 65535);
    std::string formatted;
    if (!formatHttpDate(date, formatted)) continue;
    FUZZ_CHECK(formatted.size() == 29);
    HttpDate again;
    FUZZ_CHECK(parseHttpDate(formatted, again, pivot));
    FUZZ_CHECK(again.day == date.day && again.month == date.month && again.hour == date.hour &&
               again.minute == date.minute && again.second == date.second && again.dayOfWeek == date.dayOfWeek);
    FUZZ_CHECK(again.year == date.year || (date.year < 100));
  }
  return 0;
}
