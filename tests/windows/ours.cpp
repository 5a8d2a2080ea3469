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
  // VerQueryValue may write into the block, so work on a copy. The A form
  // converts a Unicode block into space after it, as GetFileVersionInfo
  // provides (twice the resource and more): without that room it
  // overruns the heap.
  std::vector<char> copy(size * 3);
  std::memcpy(copy.data(), data, size);
  char* value = nullptr;
  UINT length = 0;
  if (!VerQueryValueA(copy.data(), "\\StringFileInfo\\040904b0\\ProductName", reinterpret_cast<void**>(&value),
                      &length) || !value)
    return {};
  return value;
}
