// demo: fetch a URL through hinternet's winhttp.dll or wininet.dll.
//   demo.exe --winhttp|--wininet URL
#include <windows.h>

#include <cstdio>
#include <cwchar>

#include "fetch.h"

int wmain(int argc, wchar_t** argv) {
  if (argc != 3 || (std::wcscmp(argv[1], L"--winhttp") && std::wcscmp(argv[1], L"--wininet"))) {
    std::fprintf(stderr, "usage: demo.exe --winhttp|--wininet URL\n");
    return 2;
  }
  return std::wcscmp(argv[1], L"--winhttp") == 0 ? fetchWithWinHttp(argv[2]) : fetchWithWinInet(argv[2]);
}
