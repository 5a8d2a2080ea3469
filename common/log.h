#pragma once
#include <atomic>
#include <string>

namespace hinternet::log {

enum class Level : int { Off = 0, Error = 1, Warn = 2, Info = 3, Trace = 4 };

// Level from HINTERNET_LOG, read once on first use. Checked inline so that a
// disabled level costs one relaxed load and no formatting.
Level threshold();
inline bool enabled(Level level) { return static_cast<int>(level) <= static_cast<int>(threshold()); }

void write(Level level, const std::string& message);

// printf-style formatting; only called behind enabled().
std::string format(const char* fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

}  // namespace hinternet::log

#define HINTERNET_LOG_AT(level, ...)                                      \
  do {                                                                    \
    if (::hinternet::log::enabled(level))                                 \
      ::hinternet::log::write(level, ::hinternet::log::format(__VA_ARGS__)); \
  } while (0)

#define LOG_ERROR(...) HINTERNET_LOG_AT(::hinternet::log::Level::Error, __VA_ARGS__)
#define LOG_WARN(...) HINTERNET_LOG_AT(::hinternet::log::Level::Warn, __VA_ARGS__)
#define LOG_INFO(...) HINTERNET_LOG_AT(::hinternet::log::Level::Info, __VA_ARGS__)
#define LOG_TRACE(...) HINTERNET_LOG_AT(::hinternet::log::Level::Trace, __VA_ARGS__)
