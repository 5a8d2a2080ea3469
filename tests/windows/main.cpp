// Windows-side test entry point. Before any test runs it proves that the
// wininet.dll and winhttp.dll this process loaded are hinternet's, by their
// version resource: no test may pass against Wine's builtin DLLs.
#define CATCH_CONFIG_RUNNER
#include <catch.hpp>
#include <windows.h>

#include <cstdio>
#include <string>

#include "ours.h"

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
