#pragma once
#include <windows.h>

#include <string>

#include "text.h"

namespace hinternet::winhttp {

// WinHTTP's default proxy (WinHttpSettings in HKLM), as WinHttpOpen with
// WINHTTP_ACCESS_TYPE_DEFAULT_PROXY and WinHttpGetDefaultProxyConfiguration
// read it. Empty proxy: direct.
struct DefaultProxy {
  std::wstring proxy;
  std::wstring bypass;
};
DefaultProxy readDefaultProxy();

// The proxy functions return their strings as GlobalAlloc'd copies.
using win32::globalString;

}  // namespace hinternet::winhttp
