// Windows-side test entry point. Before any test runs it proves that the
// wininet.dll and winhttp.dll this process loaded are hinternet's, by their
// version resource: no test may pass against Wine's builtin DLLs.
#define CATCH_CONFIG_RUNNER
#include <catch.hpp>
#include <windows.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "ours.h"

namespace {

// A crash ends the process before Catch2 writes its JUnit report, so the
// runner would not know which test died. With HINTERNET_TEST_PROGRESS set,
// each test's name is appended to that file as it starts: the last line
// names the test that was running.
struct ProgressListener : Catch::TestEventListenerBase {
  using TestEventListenerBase::TestEventListenerBase;

  void testCaseStarting(Catch::TestCaseInfo const& info) override {
    const char* path = std::getenv("HINTERNET_TEST_PROGRESS");
    if (path == nullptr || *path == '\0') return;
    if (FILE* file = std::fopen(path, "a")) {
      std::fprintf(file, "%s\n", info.name.c_str());
      std::fclose(file);
    }
  }
};

}  // namespace

CATCH_REGISTER_LISTENER(ProgressListener)

int main(int argc, char* argv[]) {
  bool allOurs = true;
  for (const char* dll : {"wininet.dll", "winhttp.dll"}) {
    const std::string product = productNameOf(dll);
    std::printf("%s: ProductName \"%s\"\n", dll, product.c_str());
    allOurs = allOurs && product == "hinternet";
  }
  if (!allOurs) {
    std::fprintf(stderr, "FATAL: a DLL under test is not hinternet's; refusing to run the tests\n");
    return 2;
  }
  return Catch::Session().run(argc, argv);
}
