// Per-site cookie decisions: the sites a user always accepts or refuses
// cookies from. Windows keeps them in the registry for Internet Explorer's
// privacy settings; here they last for the process. A refused site's
// cookies are not stored, from the API or from responses; an accepted one's
// are stored even as a third party.
#include <map>
#include <mutex>
#include <string>

#include "api_guard.h"
#include "cookie_decisions.h"
#include "handles.h"
#include "text.h"

using namespace hinternet;
using win32::guardedCall;
using win32::utf8FromAnsi;
using win32::utf8FromWide;

namespace {

struct Decisions {
  std::mutex mutex;
  std::map<std::string, DWORD> bySite;  // lower-case host name
};

Decisions& decisions() {
  static Decisions table;
  return table;
}

std::string siteKey(std::string host) {
  for (char& c : host)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return host;
}

BOOL failWith(DWORD error) {
  SetLastError(error);
  return FALSE;
}

BOOL setDecision(const char* api, const void* hostGiven, const std::string& host, DWORD decision) {
  LOG_TRACE("%s(%s, %lu)", api, host.c_str(), decision);
  return guardedCall(api, FALSE, [&]() -> BOOL {
    if (!hostGiven || host.empty()) return failWith(ERROR_INVALID_PARAMETER);
    Decisions& table = decisions();
    std::lock_guard<std::mutex> lock(table.mutex);
    if (decision == COOKIE_STATE_UNKNOWN) {
      table.bySite.erase(siteKey(host));
    } else if (decision == COOKIE_STATE_ACCEPT || decision == COOKIE_STATE_REJECT) {
      table.bySite[siteKey(host)] = decision;
    } else {
      return failWith(ERROR_INVALID_PARAMETER);
    }
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  });
}

BOOL getDecision(const char* api, const void* hostGiven, const std::string& host, unsigned long* result) {
  LOG_TRACE("%s(%s, %p)", api, host.c_str(), static_cast<void*>(result));
  return guardedCall(api, FALSE, [&]() -> BOOL {
    if (!hostGiven || host.empty() || !result) return failWith(ERROR_INVALID_PARAMETER);
    Decisions& table = decisions();
    std::lock_guard<std::mutex> lock(table.mutex);
    const auto found = table.bySite.find(siteKey(host));
    if (found == table.bySite.end()) return failWith(ERROR_NO_MORE_ITEMS);
    *result = found->second;
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  });
}

// The index-th decision, its site name copied like a string option: the
// size in characters, terminator included when it is too small.
template <class Char, class Convert>
BOOL enumDecision(const char* api, Char* site, unsigned long* siteSize, unsigned long* decision, unsigned long index,
                  Convert convert) {
  LOG_TRACE("%s(%p, %p, %p, %lu)", api, static_cast<void*>(site), static_cast<void*>(siteSize),
            static_cast<void*>(decision), index);
  return guardedCall(api, FALSE, [&]() -> BOOL {
    if (!siteSize || !decision) return failWith(ERROR_INVALID_PARAMETER);
    Decisions& table = decisions();
    std::lock_guard<std::mutex> lock(table.mutex);
    if (index >= table.bySite.size()) return failWith(ERROR_NO_MORE_ITEMS);
    auto entry = table.bySite.begin();
    std::advance(entry, index);
    const auto name = convert(entry->first);
    const unsigned long needed = static_cast<unsigned long>(name.size() + 1);
    if (!site || *siteSize < needed) {
      *siteSize = needed;
      return failWith(site ? ERROR_INSUFFICIENT_BUFFER : ERROR_INVALID_PARAMETER);
    }
    std::copy(name.c_str(), name.c_str() + needed, site);
    *siteSize = needed - 1;
    *decision = entry->second;
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  });
}

std::string ansiText(const std::string& utf8) { return win32::ansiFromUtf8(utf8); }
std::wstring wideText(const std::string& utf8) { return win32::wideFromUtf8(utf8); }

}  // namespace

DWORD hinternet::wininet::siteCookieDecision(const std::string& host) {
  Decisions& table = decisions();
  std::lock_guard<std::mutex> lock(table.mutex);
  const auto found = table.bySite.find(siteKey(host));
  return found == table.bySite.end() ? DWORD(COOKIE_STATE_UNKNOWN) : found->second;
}

extern "C" BOOL WINAPI InternetSetPerSiteCookieDecisionA(LPCSTR host, DWORD decision) {
  return setDecision("InternetSetPerSiteCookieDecisionA", host, utf8FromAnsi(host), decision);
}

extern "C" BOOL WINAPI InternetSetPerSiteCookieDecisionW(LPCWSTR host, DWORD decision) {
  return setDecision("InternetSetPerSiteCookieDecisionW", host, utf8FromWide(host), decision);
}

extern "C" BOOL WINAPI InternetGetPerSiteCookieDecisionA(LPCSTR host, unsigned long* result) {
  return getDecision("InternetGetPerSiteCookieDecisionA", host, utf8FromAnsi(host), result);
}

extern "C" BOOL WINAPI InternetGetPerSiteCookieDecisionW(LPCWSTR host, unsigned long* result) {
  return getDecision("InternetGetPerSiteCookieDecisionW", host, utf8FromWide(host), result);
}

extern "C" BOOL WINAPI InternetClearAllPerSiteCookieDecisions() {
  LOG_TRACE("InternetClearAllPerSiteCookieDecisions()");
  return guardedCall("InternetClearAllPerSiteCookieDecisions", FALSE, []() -> BOOL {
    Decisions& table = decisions();
    std::lock_guard<std::mutex> lock(table.mutex);
    table.bySite.clear();
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  });
}

extern "C" BOOL WINAPI InternetEnumPerSiteCookieDecisionA(LPSTR site, unsigned long* siteSize, unsigned long* decision,
                                                          unsigned long index) {
  return enumDecision("InternetEnumPerSiteCookieDecisionA", site, siteSize, decision, index, ansiText);
}

extern "C" BOOL WINAPI InternetEnumPerSiteCookieDecisionW(LPWSTR site, unsigned long* siteSize,
                                                          unsigned long* decision, unsigned long index) {
  return enumDecision("InternetEnumPerSiteCookieDecisionW", site, siteSize, decision, index, wideText);
}
