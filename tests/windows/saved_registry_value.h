#pragma once
// A registry value saved on construction and put back on destruction, so
// tests leave the prefix as they found it.
#include <catch.hpp>
#include <windows.h>

#include <cwchar>
#include <string>
#include <vector>

struct SavedValue {
  HKEY root;
  std::wstring path, name;
  REGSAM view;
  bool existed = false;
  DWORD type = 0;
  std::vector<BYTE> data;
  SavedValue(HKEY root, LPCWSTR path, LPCWSTR name, REGSAM view = 0)
      : root(root), path(path), name(name), view(view) {
    HKEY key;
    if (RegOpenKeyExW(root, path, 0, KEY_READ | view, &key) != ERROR_SUCCESS) return;
    DWORD size = 0;
    if (RegQueryValueExW(key, name, nullptr, &type, nullptr, &size) == ERROR_SUCCESS) {
      data.resize(size);
      existed = RegQueryValueExW(key, name, nullptr, &type, data.data(), &size) == ERROR_SUCCESS;
    }
    RegCloseKey(key);
  }
  ~SavedValue() {
    if (existed) set(type, data.data(), static_cast<DWORD>(data.size()));
    else remove();
  }
  void set(DWORD valueType, const void* bytes, DWORD size) const {
    HKEY key;
    REQUIRE(RegCreateKeyExW(root, path.c_str(), 0, nullptr, 0, KEY_WRITE | view, nullptr, &key, nullptr) ==
            ERROR_SUCCESS);
    RegSetValueExW(key, name.c_str(), 0, valueType, static_cast<const BYTE*>(bytes), size);
    RegCloseKey(key);
  }
  void setString(LPCWSTR text) const {
    set(REG_SZ, text, static_cast<DWORD>((wcslen(text) + 1) * sizeof(wchar_t)));
  }
  void remove() const {
    HKEY key;
    if (RegOpenKeyExW(root, path.c_str(), 0, KEY_WRITE | view, &key) != ERROR_SUCCESS) return;
    RegDeleteValueW(key, name.c_str());
    RegCloseKey(key);
  }
};

