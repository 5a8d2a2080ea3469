#pragma once
#include <cstdint>
#include <string>

namespace hinternet {

// Reads a cookie's Expires date the way browsers do (RFC 6265 5.1.1): tokens
// in any order, "Wed, 09 Jun 2021 10:18:14 GMT", "Wednesday, 09-Jun-21
// 10:18:14 GMT" and asctime forms alike; two-digit years 70-99 are 19xx,
// 00-69 20xx. `unixSeconds` is set when the date is valid.
bool parseCookieDate(const std::string& text, std::int64_t& unixSeconds);

// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12).
std::int64_t daysFromCivil(std::int64_t year, unsigned month, unsigned day);

}  // namespace hinternet
