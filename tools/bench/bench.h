#pragma once
// Shared by the benchmark programs: arguments, clock, checksums, the upload
// pattern, the thread/memory sampler and the JSON result line.
#include <windows.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace bench {

// "--key value" and bare "--flag" arguments.
class Args {
 public:
  Args(int argc, wchar_t** argv);
  std::string str(const char* key, const char* fallback = "") const;
  long long num(const char* key, long long fallback) const;
  bool flag(const char* key) const { return values_.count(key) != 0; }

 private:
  std::map<std::string, std::string> values_;
};

double now();  // seconds, monotonic

std::wstring wide(const std::string& utf8);

uint32_t crc32(uint32_t crc, const void* data, size_t size);  // zlib's CRC-32

// Upload bodies are the edge server's pattern: byte i is 'a' + i % 26.
// Returns at least `length` (<= kPatternSpan) bytes of it from `offset`.
constexpr size_t kPatternSpan = 1 << 20;
const char* patternAt(uint64_t offset, size_t length);

// Peak thread count and memory of this process, sampled on a thread of its
// own (Wine reports current, not peak, private usage). The sampler's own
// thread is not counted.
class Sampler {
 public:
  explicit Sampler(unsigned intervalMs = 20);
  ~Sampler();
  void stop();
  int peakThreads() const { return peakThreads_; }
  double peakPrivateMiB() const { return peakPrivate_ / 1048576.0; }
  double peakWorkingSetMiB() const { return peakWorkingSet_ / 1048576.0; }

 private:
  void sample(bool fromSampler);
  std::atomic<bool> running_{true};
  std::atomic<int> peakThreads_{0};
  std::atomic<uint64_t> peakPrivate_{0}, peakWorkingSet_{0};
  std::thread thread_;
};

// One JSON object on one line of stdout.
class Result {
 public:
  Result(const char* scenario, const Args& args);
  Result& set(const char* key, const std::string& value);
  Result& set(const char* key, const char* value) { return set(key, std::string(value)); }
  Result& set(const char* key, double value);
  Result& set(const char* key, long long value);
  Result& set(const char* key, uint64_t value) { return set(key, static_cast<long long>(value)); }
  Result& set(const char* key, int value) { return set(key, static_cast<long long>(value)); }
  Result& set(const char* key, DWORD value) { return set(key, static_cast<long long>(value)); }
  Result& set(const char* key, bool value);
  Result& samples(const Sampler& sampler);
  // Prints the line; returns the exit code for its status.
  int print(const char* status);
  // Status "error", or "not-implemented" when the DLL said so.
  int fail(const std::string& what, DWORD error);

 private:
  std::vector<std::pair<std::string, std::string>> fields_;  // values already JSON
};

}  // namespace bench
