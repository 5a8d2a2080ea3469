#pragma once
// What InternetGetConnectedState reports, for the exports that decide from
// it (connection_state.cpp, dial_up.cpp).
#include <windows.h>

namespace hinternet::wininet {

// The INTERNET_CONNECTION_* / INTERNET_RAS_INSTALLED flags, and whether
// this machine is online: not in offline mode and with a network address
// other than loopback.
bool connectedState(DWORD& flags);

}  // namespace hinternet::wininet
