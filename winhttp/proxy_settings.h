#pragma once
#include <windows.h>

#include <string>

namespace hinternet::winhttp {

// WinHTTP's default proxy (WinHttpSettings in HKLM), as WinHttpOpen with
// WINHTTP_ACCESS_TYPE_DEFAULT_PROXY and WinHttpGetDefaultProxyConfiguration
// read it. Empty proxy: direct.
struct DefaultProxy {
  std::wstring proxy;
  std::wstring bypass;
};
DefaultProxy readDefaultProxy();

// A GlobalAlloc'd copy of `text`, or NULL for an empty one, as the proxy
// functions return their strings.
LPWSTR globalString(const std::wstring& text);

}  // namespace hinternet::winhttp
