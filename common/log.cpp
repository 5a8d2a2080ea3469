#include "log.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

#ifdef _WIN32
#include <windows.h>
#endif

namespace hinternet::log {
namespace {

Level parseLevel(const char* text) {
  if (!text) return Level::Off;
  if (!std::strcmp(text, "error")) return Level::Error;
  if (!std::strcmp(text, "warn")) return Level::Warn;
  if (!std::strcmp(text, "info")) return Level::Info;
  if (!std::strcmp(text, "trace")) return Level::Trace;
  return Level::Off;
}

const char* levelName(Level level) {
  switch (level) {
    case Level::Error: return "err";
    case Level::Warn: return "warn";
    case Level::Info: return "info";
    case Level::Trace: return "trace";
    default: return "";
  }
}

struct Sink {
  std::mutex mutex;
  std::FILE* file = nullptr;
#ifdef _WIN32
  // Under Wine, messages also go to Wine's own debug output so they line up
  // with WINEDEBUG traces; on Windows the symbol is absent and this is null.
  using WineDebugOutput = int(__cdecl*)(const char*);
  WineDebugOutput wineOutput = nullptr;
#endif

  Sink() {
    if (const char* path = std::getenv("HINTERNET_LOG_FILE")) file = std::fopen(path, "a");
    if (!file) file = stderr;
#ifdef _WIN32
    if (HMODULE ntdll = GetModuleHandleA("ntdll.dll"))
      wineOutput = reinterpret_cast<WineDebugOutput>(
          reinterpret_cast<void*>(GetProcAddress(ntdll, "__wine_dbg_output")));
#endif
  }
};

Sink& sink() {
  static Sink instance;
  return instance;
}

}  // namespace

Level threshold() {
  static const Level level = parseLevel(std::getenv("HINTERNET_LOG"));
  return level;
}

std::string format(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  va_list copy;
  va_copy(copy, args);
  const int needed = std::vsnprintf(nullptr, 0, fmt, copy);
  va_end(copy);
  std::string out(needed > 0 ? static_cast<std::size_t>(needed) : 0, '\0');
  if (needed > 0) std::vsnprintf(out.data(), out.size() + 1, fmt, args);
  va_end(args);
  return out;
}

void write(Level level, const std::string& message) {
  Sink& s = sink();
  std::lock_guard<std::mutex> lock(s.mutex);
  bool toFile = true;
#ifdef _WIN32
  if (s.wineOutput) {
    std::string line = "hinternet:" + std::string(levelName(level)) + ": " + message + "\n";
    s.wineOutput(line.c_str());
    toFile = s.file != stderr;  // Wine's channel already reaches stderr
  }
#endif
  if (toFile) {
    std::fprintf(s.file, "hinternet:%s: %s\n", levelName(level), message.c_str());
    std::fflush(s.file);
  }
}

}  // namespace hinternet::log
