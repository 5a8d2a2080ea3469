#pragma once
#include <windows.h>

#include <atomic>
#include <random>
#include <string>

// Names no other run against the same servers and prefix uses: the edge
// server keeps gates and records, and the user's cookie jar keeps
// persistent cookies, for their whole life, while Wine hands out the same
// process ids again soon after a prefix starts. The random part keeps runs
// apart.
inline const std::string& runTag() {
  static const std::string tag = std::to_string(GetCurrentProcessId()) + "x" + std::to_string(std::random_device{}());
  return tag;
}

// A name no other test of this run uses either.
inline std::string runUniqueName(const char* what) {
  static std::atomic<int> counter{0};
  return std::string(what) + "-" + runTag() + "-" + std::to_string(++counter);
}
