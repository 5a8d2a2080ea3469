#pragma once
// Web Proxy Auto-Discovery, which both DLLs' auto-proxy exports ask
// (WinHttpDetectAutoProxyConfigUrl, WinINet's DetectAutoProxyUrl).
#include <windows.h>

#include <string>

namespace hinternet::win32 {

// The script URL auto-detection finds for these detection flags, or "".
// WinHTTP's WINHTTP_AUTO_DETECT_TYPE_* and WinINet's
// PROXY_AUTO_DETECT_TYPE_* share their values (DHCP 1, DNS_A 2).
std::wstring detectScriptUrl(DWORD flags);

}  // namespace hinternet::win32
