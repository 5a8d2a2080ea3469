#include "wininet_async_helpers.h"

#include <catch.hpp>

#include "run_unique_name.h"
#include "test_servers.h"
#include "wininet_helpers.h"

std::string gateName(const char* what) { return runUniqueName(what); }

bool gateOpened(const std::string& name) {
  InetHandle session(InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle file(InternetOpenUrlA(session, edgeUrl("/gate-open/" + name).c_str(), nullptr, 0, INTERNET_FLAG_RELOAD, 0));
  return file.h && bodyOf(file) == "opened " + name + "\n";
}

void openGate(const std::string& name) { REQUIRE(gateOpened(name)); }

std::string readAllAsync(HINTERNET file, StatusRecorder& recorder) {
  std::string body;
  char buffer[64];
  for (;;) {
    DWORD read = 0;
    const std::size_t completions = recorder.countOf(INTERNET_STATUS_REQUEST_COMPLETE);
    if (!InternetReadFile(file, buffer, sizeof(buffer), &read)) {
      REQUIRE(GetLastError() == ERROR_IO_PENDING);
      REQUIRE(recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE, completions + 1));
      const Notice done = recorder.last(INTERNET_STATUS_REQUEST_COMPLETE);
      REQUIRE(done.result == TRUE);
      REQUIRE(done.error == ERROR_SUCCESS);
    }
    if (!read) return body;
    body.append(buffer, read);
  }
}
