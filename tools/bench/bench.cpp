#include "bench.h"

#include <psapi.h>
#include <tlhelp32.h>

#include <cstdio>
#include <cstring>

#include "ours.h"

namespace bench {

Args::Args(int argc, wchar_t** argv) {
  for (int i = 1; i < argc; ++i) {
    char text[1024] = {};
    WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, text, sizeof(text) - 1, nullptr, nullptr);
    if (std::strncmp(text, "--", 2) != 0) continue;
    std::string key = text + 2, value;
    if (i + 1 < argc && std::wcsncmp(argv[i + 1], L"--", 2) != 0) {
      char next[1024] = {};
      WideCharToMultiByte(CP_UTF8, 0, argv[++i], -1, next, sizeof(next) - 1, nullptr, nullptr);
      value = next;
    }
    values_[key] = value;
  }
}

std::string Args::str(const char* key, const char* fallback) const {
  auto it = values_.find(key);
  return it == values_.end() ? fallback : it->second;
}

long long Args::num(const char* key, long long fallback) const {
  auto it = values_.find(key);
  return it == values_.end() ? fallback : std::strtoll(it->second.c_str(), nullptr, 10);
}

double now() {
  static const double frequency = [] {
    LARGE_INTEGER f;
    QueryPerformanceFrequency(&f);
    return static_cast<double>(f.QuadPart);
  }();
  LARGE_INTEGER c;
  QueryPerformanceCounter(&c);
  return c.QuadPart / frequency;
}

std::wstring wide(const std::string& utf8) {
  std::wstring out(utf8.size(), L'\0');
  out.resize(MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), &out[0],
                                 static_cast<int>(out.size())));
  return out;
}

uint32_t crc32(uint32_t crc, const void* data, size_t size) {
  static const auto table = [] {
    std::vector<uint32_t> t(256);
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  auto* p = static_cast<const unsigned char*>(data);
  crc = ~crc;
  for (size_t i = 0; i < size; ++i) crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

const char* patternAt(uint64_t offset, size_t length) {
  static const std::vector<char> pattern = [] {
    std::vector<char> p(kPatternSpan + 26);
    for (size_t i = 0; i < p.size(); ++i) p[i] = static_cast<char>('a' + i % 26);
    return p;
  }();
  return length <= kPatternSpan ? pattern.data() + offset % 26 : nullptr;
}

Sampler::Sampler(unsigned intervalMs) {
  sample(false);
  thread_ = std::thread([this, intervalMs] {
    while (running_) {
      Sleep(intervalMs);
      sample(true);
    }
  });
}

Sampler::~Sampler() { stop(); }

void Sampler::stop() {
  if (!thread_.joinable()) return;
  running_ = false;
  thread_.join();
  sample(false);
}

void Sampler::sample(bool fromSampler) {
  const DWORD pid = GetCurrentProcessId();
  int threads = 0;
  HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
  if (snapshot != INVALID_HANDLE_VALUE) {
    THREADENTRY32 entry = {};
    entry.dwSize = sizeof(entry);
    for (BOOL more = Thread32First(snapshot, &entry); more; more = Thread32Next(snapshot, &entry))
      threads += entry.th32OwnerProcessID == pid;
    CloseHandle(snapshot);
  }
  if (fromSampler) --threads;
  if (threads > peakThreads_) peakThreads_ = threads;
  PROCESS_MEMORY_COUNTERS_EX memory = {};
  memory.cb = sizeof(memory);
  if (GetProcessMemoryInfo(GetCurrentProcess(), reinterpret_cast<PROCESS_MEMORY_COUNTERS*>(&memory),
                           sizeof(memory))) {
    // Windows reports private bytes in both fields; Wine 8 leaves
    // PrivateUsage 0 and puts the anonymous resident memory (RssAnon +
    // VmSwap) in PagefileUsage, the same measure curlbench reads natively.
    const uint64_t privateBytes = memory.PrivateUsage ? memory.PrivateUsage : memory.PagefileUsage;
    if (privateBytes > peakPrivate_) peakPrivate_ = privateBytes;
    if (memory.PeakWorkingSetSize > peakWorkingSet_) peakWorkingSet_ = memory.PeakWorkingSetSize;
  }
}

namespace {

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char escape[8];
      std::snprintf(escape, sizeof(escape), "\\u%04x", c);
      out += escape;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

Result::Result(const char* scenario, const Args& args) {
  const std::string api = args.str("api", "winhttp");
  set("scenario", scenario);
  set("case", args.str("case", "default"));
  set("api", api);
  set("arch", sizeof(void*) == 8 ? "x86_64" : "i686");
  const std::string product = productNameOf((api + ".dll").c_str());
  set("dll", product.empty() ? "unknown" : product);
}

Result& Result::set(const char* key, const std::string& value) {
  fields_.emplace_back(key, quoted(value));
  return *this;
}

Result& Result::set(const char* key, double value) {
  char text[64];
  std::snprintf(text, sizeof(text), "%.6g", value);
  fields_.emplace_back(key, text);
  return *this;
}

Result& Result::set(const char* key, long long value) {
  fields_.emplace_back(key, std::to_string(value));
  return *this;
}

Result& Result::set(const char* key, bool value) {
  fields_.emplace_back(key, value ? "true" : "false");
  return *this;
}

Result& Result::samples(const Sampler& sampler) {
  set("peak_threads", sampler.peakThreads());
  set("peak_private_mib", sampler.peakPrivateMiB());
  return set("peak_working_set_mib", sampler.peakWorkingSetMiB());
}

int Result::print(const char* status) {
  std::string line = "{\"status\": " + quoted(status);
  for (auto& field : fields_) line += ", " + quoted(field.first) + ": " + field.second;
  std::printf("%s}\n", line.c_str());
  std::fflush(stdout);
  return std::strcmp(status, "error") == 0 ? 1 : 0;
}

int Result::fail(const std::string& what, DWORD error) {
  set("error", what + ": error " + std::to_string(error));
  return print(error == ERROR_CALL_NOT_IMPLEMENTED ? "not-implemented" : "error");
}

}  // namespace bench
