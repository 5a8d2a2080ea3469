// InternetSetDialState(A/W): how a custom dial handler told WinINet the
// state of the connection it dialed (INTERNET_DIALSTATE_DISCONNECTED).
// Microsoft documents it as obsolete, every parameter unused and no value
// returned. Like the rest of the dial-up family (dial_up.cpp) this DLL
// dials nothing and knows no connectoid, so there is no state a handler
// could change: the call succeeds whatever it is given, and changes
// nothing InternetGetConnectedState reports.
#include "api_guard.h"
#include "handles.h"

using namespace hinternet;
using win32::guardedCall;

namespace {

BOOL setDialState(const char* api, const void* connectoid, DWORD state, DWORD reserved) {
  LOG_TRACE("%s(%p, %lu, %lu)", api, connectoid, state, reserved);
  return guardedCall(api, FALSE, [&]() -> BOOL { return win32::succeed(); });
}

}  // namespace

extern "C" BOOL WINAPI InternetSetDialStateA(LPCSTR connectoid, DWORD state, DWORD reserved) {
  return setDialState("InternetSetDialStateA", connectoid, state, reserved);
}

extern "C" BOOL WINAPI InternetSetDialStateW(LPCWSTR connectoid, DWORD state, DWORD reserved) {
  return setDialState("InternetSetDialStateW", connectoid, state, reserved);
}
