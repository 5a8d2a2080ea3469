#pragma once
// Where the edge server the test runner started answers.
#include <catch.hpp>

#include <cstdlib>
#include <string>

inline std::string edgeServerUrl(const std::string& path) {
  const char* base = std::getenv("HINTERNET_TEST_EDGE");
  if (!base) FAIL("HINTERNET_TEST_EDGE is not set: run the tests through tools/test");
  return base + path;
}
