// WinHttpQueryAuthSchemes, WinHttpSetCredentials.
#include "api_guard.h"
#include "handles.h"
#include "text.h"

using namespace hinternet;
using namespace hinternet::winhttp;
using win32::guardedCall;

namespace {

std::vector<std::string> headerValues(const ResponseHead& head, const char* name) {
  std::vector<std::string> values;
  for (std::size_t i = 0; const HeaderList::Field* field = head.headers.find(name, i); ++i)
    values.push_back(field->value);
  return values;
}

bool isOneScheme(DWORD scheme) {
  return scheme == WINHTTP_AUTH_SCHEME_BASIC || scheme == WINHTTP_AUTH_SCHEME_NTLM ||
         scheme == WINHTTP_AUTH_SCHEME_PASSPORT || scheme == WINHTTP_AUTH_SCHEME_DIGEST ||
         scheme == WINHTTP_AUTH_SCHEME_NEGOTIATE;
}

}  // namespace

extern "C" BOOL WINAPI WinHttpQueryAuthSchemes(HINTERNET requestHandle, LPDWORD supported, LPDWORD first,
                                               LPDWORD target) {
  LOG_TRACE("WinHttpQueryAuthSchemes(%p, %p, %p, %p)", requestHandle, static_cast<void*>(supported),
            static_cast<void*>(first), static_cast<void*>(target));
  return guardedCall("WinHttpQueryAuthSchemes", FALSE, [&]() -> BOOL {
    auto request = find<Request>(requestHandle, {HandleKind::Request});
    if (!request) return FALSE;
    if (!supported || !first || !target) return fail(Error::InvalidParameter);
    // Before a response, or when it carries no challenge, Windows answers
    // ERROR_INVALID_OPERATION and leaves the outputs alone.
    if (!request->exchange.responseReceived()) {
      SetLastError(ERROR_INVALID_OPERATION);
      return FALSE;
    }
    const ResponseHead head = request->exchange.response();
    DWORD authTarget = WINHTTP_AUTH_TARGET_SERVER;
    std::vector<std::string> challenges = headerValues(head, "WWW-Authenticate");
    if (challenges.empty()) {
      authTarget = WINHTTP_AUTH_TARGET_PROXY;
      challenges = headerValues(head, "Proxy-Authenticate");
    }
    if (challenges.empty()) {
      SetLastError(ERROR_INVALID_OPERATION);
      return FALSE;
    }
    const OfferedSchemes offered = offeredSchemes(challenges);
    *supported = offered.supported;
    *first = offered.first;
    *target = authTarget;
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  });
}

extern "C" BOOL WINAPI WinHttpSetCredentials(HINTERNET requestHandle, DWORD authTargets, DWORD authScheme,
                                             LPCWSTR userName, LPCWSTR password, LPVOID authParams) {
  LOG_TRACE("WinHttpSetCredentials(%p, %lu, 0x%lx, %s, %p, %p)", requestHandle, authTargets, authScheme,
            win32::utf8FromWide(userName).c_str(), static_cast<const void*>(password), authParams);
  return guardedCall("WinHttpSetCredentials", FALSE, [&]() -> BOOL {
    auto request = find<Request>(requestHandle, {HandleKind::Request});
    if (!request) return FALSE;
    if (!isOneScheme(authScheme)) return fail(Error::InvalidParameter);
    // NTLM, Negotiate and Passport accept NULL for the logged-on user.
    const bool needsPassword = authScheme == WINHTTP_AUTH_SCHEME_BASIC || authScheme == WINHTTP_AUTH_SCHEME_DIGEST;
    if (needsPassword && (!userName || !password)) return fail(Error::InvalidParameter);
    if (authTargets != WINHTTP_AUTH_TARGET_SERVER && authTargets != WINHTTP_AUTH_TARGET_PROXY)
      return fail(Error::InvalidParameter);
    HttpAuth credentials{authScheme, win32::utf8FromWide(userName), win32::utf8FromWide(password)};
    if (authTargets == WINHTTP_AUTH_TARGET_SERVER)
      request->serverCredentials = std::move(credentials);
    else
      request->proxyCredentials = std::move(credentials);
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  });
}
