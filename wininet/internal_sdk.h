#pragma once
// The SDK wininet.h's declarations for the push channel (Windows 8) and
// P3P, which MinGW-w64's wininet.h lacks. Kept in their own namespace so
// that a wininet.h that has them does not clash. Shared by
// wininet/internal.cpp and its tests.
#include <windows.h>

namespace wininet_sdk {

struct HTTP_PUSH_TRANSPORT_SETTING {
  GUID TransportSettingId;
  GUID BrokerEventId;
};

struct HTTP_PUSH_NOTIFICATION_STATUS {
  BOOL ChannelStatusValid;
  DWORD ChannelStatus;
};

// P3PStatus (the ones used here).
constexpr int P3P_Done = 0x0;
constexpr int P3P_Error = 0xFF;

struct P3PResource {
  const char* pszLocation;
  char* pszVerb;
  const char* pszP3PHeaderRef;
  const char* pszLinkTagRef;
  P3PResource* pContainer;
};

struct P3PSignal {
  HWND hwnd;
  unsigned int message;
  HANDLE hEvent;
  void* pContext;
  void* hRequest;  // out: the request handle
};

}  // namespace wininet_sdk
