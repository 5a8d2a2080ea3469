// Where the user's persistent WinINet cookies live, and the process's store.
#include "cookie_jar.h"

#include <windows.h>

#include <mutex>
#include <string>

#include "cookie_decisions.h"
#include "cookie_jar_file.h"
#include "handles.h"
#include "log.h"
#include "text.h"

namespace hinternet::wininet {
namespace {

// The user's local application data folder: LOCALAPPDATA, which Windows
// sets for every process from the profile, else the shell's own setting.
std::wstring localAppData() {
  wchar_t buffer[MAX_PATH * 2];
  DWORD length = GetEnvironmentVariableW(L"LOCALAPPDATA", buffer, ARRAYSIZE(buffer));
  if (length && length < ARRAYSIZE(buffer)) return std::wstring(buffer, length);
  DWORD bytes = sizeof(buffer);
  if (RegGetValueW(HKEY_CURRENT_USER, L"Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders",
                   L"Local AppData", RRF_RT_REG_SZ, nullptr, buffer, &bytes) == ERROR_SUCCESS)
    return buffer;
  return std::wstring();
}

}  // namespace

std::shared_ptr<CookieStore> processCookies() {
  static std::once_flag once;
  static std::shared_ptr<CookieStore> store;
  std::call_once(once, [] {
    const std::wstring folder = localAppData();
    std::unique_ptr<CookieJarFile> file;
    if (folder.empty()) {
      LOG_WARN("cookies: no local application data folder; persistent cookies last until the process ends");
    } else {
      file = std::make_unique<CookieJarFile>(win32::utf8FromWide((folder + L"\\hinternet\\WinINet\\cookies.txt").c_str()));
      LOG_INFO("cookies: persistent cookies in %s", file->path().c_str());
    }
    store = std::make_shared<CookieStore>(std::move(file));
    store->setRefusedSites([](const std::string& host) { return siteCookieDecision(host) == COOKIE_STATE_REJECT; });
  });
  return store;
}

void addStoredCookies(Request& request) {
  const std::string url =
      makeUrl(request.flags & INTERNET_FLAG_SECURE, request.server().host, request.server().port, request.path);
  const std::string cookies = processCookies()->headerForUrl(url);
  if (!cookies.empty()) request.addHeaders({{"Cookie", cookies}}, kAddHeaderAdd | kAddHeaderReplace);
}

}  // namespace hinternet::wininet
