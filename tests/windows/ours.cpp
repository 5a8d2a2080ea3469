#include "ours.h"

#include <windows.h>

#include <cstring>
#include <vector>

// Reads the version resource from the module image in memory, not from the
// file: under Wine a builtin DLL can be loaded while GetModuleFileName still
// names the native file beside the executable.
std::string productNameOf(const char* dll) {
  HMODULE module = GetModuleHandleA(dll);
  if (!module) return {};
  HRSRC info = FindResourceW(module, MAKEINTRESOURCEW(VS_VERSION_INFO), MAKEINTRESOURCEW(16) /* RT_VERSION */);
  if (!info) return {};
  HGLOBAL loaded = LoadResource(module, info);
  const DWORD size = SizeofResource(module, info);
  const void* data = loaded ? LockResource(loaded) : nullptr;
  if (!data || !size) return {};
  // VerQueryValue may write into the block, so work on a copy. The wide
  // form: VerQueryValueA stores ANSI translations past the resource's end,
  // in the slack GetFileVersionInfo leaves and a plain copy lacks.
  std::vector<char> copy(static_cast<const char*>(data), static_cast<const char*>(data) + size);
  wchar_t* value = nullptr;
  UINT length = 0;
  if (!VerQueryValueW(copy.data(), L"\\StringFileInfo\\040904b0\\ProductName", reinterpret_cast<void**>(&value),
                      &length) || !value)
    return {};
  char narrow[256] = {};
  WideCharToMultiByte(CP_ACP, 0, value, -1, narrow, sizeof(narrow) - 1, nullptr, nullptr);
  return narrow;
}
