#include "ours.h"

#include <windows.h>

#include <vector>

std::string productNameOf(const char* dll) {
  HMODULE module = GetModuleHandleA(dll);
  if (!module) return {};
  char path[MAX_PATH];
  if (!GetModuleFileNameA(module, path, MAX_PATH)) return {};
  DWORD ignored = 0;
  const DWORD size = GetFileVersionInfoSizeA(path, &ignored);
  if (!size) return {};
  std::vector<char> data(size);
  if (!GetFileVersionInfoA(path, 0, size, data.data())) return {};
  char* value = nullptr;
  UINT length = 0;
  if (!VerQueryValueA(data.data(), "\\StringFileInfo\\040904b0\\ProductName", reinterpret_cast<void**>(&value),
                      &length) || !value)
    return {};
  return value;
}
