#include "cookie_jar_file.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "log.h"
#include "netscape_cookie_line.h"

namespace hinternet {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHeader = "# hinternet cookie jar v1";

fs::path nativePath(const std::string& utf8) {
#if defined(__cpp_char8_t)
  return fs::path(std::u8string(utf8.begin(), utf8.end()));
#else
  return fs::u8path(utf8);
#endif
}

std::string line(const Cookie& c) {
  std::ostringstream out;
  out << c.domain << '\t' << (c.hostOnly ? 1 : 0) << '\t' << c.path << '\t' << (c.secure ? 1 : 0) << '\t'
      << (c.httpOnly ? 1 : 0) << '\t' << c.expires << '\t' << c.created << '\t' << c.name << '\t' << c.value;
  return out.str();
}

bool parseLine(const std::string& text, Cookie& c) {
  const std::vector<std::string> fields = tabFields(text);
  if (fields.size() != 9 || fields[0].empty() || fields[2].empty() || fields[2][0] != '/') return false;
  try {
    c.domain = fields[0];
    c.hostOnly = fields[1] == "1";
    c.path = fields[2];
    c.secure = fields[3] == "1";
    c.httpOnly = fields[4] == "1";
    c.expires = std::stoll(fields[5]);
    c.created = std::stoll(fields[6]);
  } catch (...) {
    return false;
  }
  c.name = fields[7];
  c.value = fields[8];
  c.persistent = true;
  return !(c.name.empty() && c.value.empty());
}

std::string uniqueSuffix() {
  // Names unique among this process's threads and, by the random part,
  // among processes.
  static const unsigned processTag = std::random_device()();
  static std::atomic<unsigned> counter{0};
  const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
  std::ostringstream out;
  out << ".tmp-" << processTag << '-' << std::hash<std::thread::id>()(std::this_thread::get_id()) << '-' << ticks << '-'
      << counter.fetch_add(1);
  return out.str();
}

}  // namespace

CookieJarFile::CookieJarFile(std::string path) : path_(std::move(path)) {}

std::vector<Cookie> CookieJarFile::load(std::int64_t now) const {
  std::vector<Cookie> cookies;
  std::ifstream in(nativePath(path_), std::ios::binary);
  std::string text;
  while (in && std::getline(in, text)) {
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.empty() || text[0] == '#') continue;
    Cookie cookie;
    if (!parseLine(text, cookie) || cookie.expires <= now) continue;
    bool replaced = false;
    for (Cookie& old : cookies) {
      if (old.sameKey(cookie)) {
        old = cookie;
        replaced = true;
      }
    }
    if (!replaced) cookies.push_back(std::move(cookie));
  }
  return cookies;
}

bool CookieJarFile::apply(const std::vector<Cookie>& changes, std::int64_t now) {
  std::vector<Cookie> cookies = load(now);
  for (const Cookie& change : changes) {
    for (std::size_t i = cookies.size(); i-- > 0;)
      if (cookies[i].sameKey(change)) cookies.erase(cookies.begin() + static_cast<std::ptrdiff_t>(i));
    if (change.persistent && change.expires > now) cookies.push_back(change);
  }
  const fs::path target = nativePath(path_);
  std::error_code error;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), error);
  fs::path temporary = target;
  temporary += uniqueSuffix();
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << kHeader << '\n';
    for (const Cookie& cookie : cookies) out << line(cookie) << '\n';
    out.flush();
    if (!out) {
      LOG_WARN("cookie jar: cannot write %s", path_.c_str());
      out.close();
      fs::remove(temporary, error);
      return false;
    }
  }
  // On Windows a rename over a file that another process is reading fails
  // for a moment; try again a few times, briefly (this may run on the event
  // thread).
  for (int attempt = 1; attempt <= 10; ++attempt) {
    error.clear();
    fs::rename(temporary, target, error);
    if (!error) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(attempt));
  }
  LOG_WARN("cookie jar: cannot replace %s: %s", path_.c_str(), error.message().c_str());
  fs::remove(temporary, error);
  return false;
}

}  // namespace hinternet
