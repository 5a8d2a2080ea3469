#pragma once
// InternetGetProxyForUrl's structures (Windows 10's wininet.h), which
// MinGW-w64's wininet.h lacks. Shared by the DLL and the tests; with a
// wininet.h that has them, it adds nothing.
#include <windows.h>
#include <wininet.h>

#ifndef HINTERNET_HAS_WININET_PROXY_INFO
#define HINTERNET_HAS_WININET_PROXY_INFO

typedef struct _WININET_PROXY_INFO {
  BOOL fProxy;
  BOOL fBypass;
  INTERNET_SCHEME ProxyScheme;
  PWSTR pwszProxy;
  INTERNET_PORT ProxyPort;
} WININET_PROXY_INFO;

typedef struct _WININET_PROXY_INFO_LIST {
  DWORD dwProxyInfoCount;
  WININET_PROXY_INFO* pProxyInfo;
} WININET_PROXY_INFO_LIST;

#endif
