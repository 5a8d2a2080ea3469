#include "proxy_registry.h"

#include <cstring>
#include <cwchar>
#include <new>
#include <vector>

namespace hinternet::winhttp {
namespace {

constexpr const wchar_t* kPolicyPath = L"Software\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";
constexpr const wchar_t* kDefaultConnection = L"DefaultConnectionSettings";

const wchar_t* valueName(const wchar_t* connection) {
  return connection && *connection ? connection : kDefaultConnection;
}

}  // namespace

HKEY connectionsRoot() {
  DWORD perUser = 1, size = sizeof(perUser);
  // Absent, the policy means per-user settings.
  if (RegGetValueW(HKEY_LOCAL_MACHINE, kPolicyPath, L"ProxySettingsPerUser", RRF_RT_REG_DWORD, nullptr, &perUser,
                   &size) != ERROR_SUCCESS)
    perUser = 1;
  return perUser ? HKEY_CURRENT_USER : HKEY_LOCAL_MACHINE;
}

DWORD readConnection(const wchar_t* connection, ConnectionSettings& settings) {
  DWORD size = 0;
  const HKEY root = connectionsRoot();
  LSTATUS status = RegGetValueW(root, kConnectionsPath, valueName(connection), RRF_RT_REG_BINARY, nullptr, nullptr,
                                &size);
  if (status != ERROR_SUCCESS) return status;
  std::vector<unsigned char> blob(size);
  status = RegGetValueW(root, kConnectionsPath, valueName(connection), RRF_RT_REG_BINARY, nullptr, blob.data(), &size);
  if (status != ERROR_SUCCESS) return status;
  blob.resize(size);
  return decodeConnectionSettings(blob, settings) ? ERROR_SUCCESS : ERROR_INVALID_DATA;
}

DWORD writeConnection(const wchar_t* connection, const ConnectionSettings& settings) {
  HKEY key = nullptr;
  LSTATUS status = RegCreateKeyExW(connectionsRoot(), kConnectionsPath, 0, nullptr, 0, KEY_SET_VALUE, nullptr, &key,
                                   nullptr);
  if (status != ERROR_SUCCESS) return status;
  const std::vector<unsigned char> blob = encodeConnectionSettings(settings);
  status = RegSetValueExW(key, valueName(connection), 0, REG_BINARY, blob.data(), static_cast<DWORD>(blob.size()));
  RegCloseKey(key);
  return status;
}

DWORD setProxySettingsPerUser(bool perUser) {
  HKEY key = nullptr;
  LSTATUS status =
      RegCreateKeyExW(HKEY_LOCAL_MACHINE, kPolicyPath, 0, nullptr, 0, KEY_SET_VALUE, nullptr, &key, nullptr);
  if (status != ERROR_SUCCESS) return status;
  const DWORD value = perUser ? 1 : 0;
  status = RegSetValueExW(key, L"ProxySettingsPerUser", 0, REG_DWORD, reinterpret_cast<const BYTE*>(&value),
                          sizeof(value));
  RegCloseKey(key);
  return status;
}

LPWSTR globalWide(const std::string& text) {
  if (text.empty()) return nullptr;
  // The registry keeps these strings in single bytes of the ANSI code page.
  const int n = MultiByteToWideChar(CP_ACP, 0, text.data(), static_cast<int>(text.size()), nullptr, 0);
  auto* copy = static_cast<LPWSTR>(GlobalAlloc(GPTR, (n + 1) * sizeof(wchar_t)));
  if (!copy) throw std::bad_alloc();
  MultiByteToWideChar(CP_ACP, 0, text.data(), static_cast<int>(text.size()), copy, n);
  return copy;
}

LPWSTR globalWide(const wchar_t* text) {
  if (!text || !*text) return nullptr;
  const std::size_t bytes = (wcslen(text) + 1) * sizeof(wchar_t);
  auto* copy = static_cast<LPWSTR>(GlobalAlloc(GMEM_FIXED, bytes));
  if (!copy) throw std::bad_alloc();
  memcpy(copy, text, bytes);
  return copy;
}

}  // namespace hinternet::winhttp
