#pragma once
#include <string>

// Fetches `url`, printing the status line, the headers and the body's byte
// count. Returns the process exit code. (wininet.h and winhttp.h cannot
// share a translation unit, hence one file per DLL.)
int fetchWithWinHttp(const std::wstring& url);
int fetchWithWinInet(const std::wstring& url);
