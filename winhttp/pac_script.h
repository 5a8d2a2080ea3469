#pragma once
#include <windows.h>
#include <winhttp.h>

#include <string>

namespace hinternet::winhttp {

// Finds (auto-detection) and fetches (configured URL) the script the options
// name, then would run it for `url`: the Win32 error of the first step that
// fails. Auto-detection finds nothing yet, and a fetched script cannot be
// run yet (ERROR_WINHTTP_BAD_AUTO_PROXY_SCRIPT).
DWORD resolveProxy(const std::wstring& url, const WINHTTP_AUTOPROXY_OPTIONS& options);

}  // namespace hinternet::winhttp
