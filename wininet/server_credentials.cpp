// HttpGetServerCredentials, and the per-process record it answers from:
// the credentials last offered to each server (scheme, host and port), from
// InternetConnect, the USERNAME/PASSWORD options or a URL's user part.
#include "server_credentials.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <utility>

#include "api_guard.h"
#include "handles.h"
#include "text.h"
#include "url_target.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::guardedCall;

namespace {

struct Credentials {
  std::string user;
  std::string password;
};

struct CredentialRecord {
  std::mutex mutex;
  std::map<std::string, Credentials> byServer;
};

CredentialRecord& record() {
  static CredentialRecord* const instance = new CredentialRecord;  // lives as long as the process
  return *instance;
}

std::string serverKey(const UrlTarget& target) {
  std::string host = target.host;
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::string(target.secure ? "https://" : "http://") + host + ":" + std::to_string(target.port);
}

// A copy the caller frees with LocalFree, WinINet's habit for strings it
// hands over without a free function of its own.
LPWSTR localCopy(const std::string& utf8) { return win32::localString(win32::wideFromUtf8(utf8)); }

}  // namespace

namespace hinternet::wininet {

void rememberServerCredentials(const std::string& url, const std::string& user, const std::string& password) {
  UrlTarget target;
  if (urlTarget(url, target) != Error::None) return;
  CredentialRecord& r = record();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.byServer[serverKey(target)] = Credentials{user, password};
}

void forgetServerCredentials() {
  CredentialRecord& r = record();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.byServer.clear();
}

}  // namespace hinternet::wininet

extern "C" DWORD WINAPI HttpGetServerCredentials(PWSTR url, PWSTR* user, PWSTR* password) {
  return guardedCall("HttpGetServerCredentials", DWORD(ERROR_NOT_ENOUGH_MEMORY), [&]() -> DWORD {
    const std::string urlText = url ? win32::utf8FromWide(url) : std::string("(null)");
    LOG_TRACE("HttpGetServerCredentials(%s, %p, %p)", urlText.c_str(), static_cast<void*>(user),
              static_cast<void*>(password));
    if (!url || !user || !password) return ERROR_INVALID_PARAMETER;
    *user = nullptr;
    *password = nullptr;
    UrlTarget target;
    if (const Error error = urlTarget(urlText, target); error != Error::None) return errorCode(error);
    Credentials found;
    {
      CredentialRecord& r = record();
      std::lock_guard<std::mutex> lock(r.mutex);
      const auto it = r.byServer.find(serverKey(target));
      if (it == r.byServer.end()) return ERROR_NOT_FOUND;
      found = it->second;
    }
    LPWSTR userCopy = localCopy(found.user);
    LPWSTR passwordCopy = localCopy(found.password);
    if (!userCopy || !passwordCopy) {
      LocalFree(userCopy);
      LocalFree(passwordCopy);
      return ERROR_NOT_ENOUGH_MEMORY;
    }
    *user = userCopy;
    *password = passwordCopy;
    return ERROR_SUCCESS;
  });
}
