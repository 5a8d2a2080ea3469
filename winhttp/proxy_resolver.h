#pragma once
#include <windows.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "connection_settings.h"
#include "handles.h"

namespace hinternet::winhttp {

// The handle WinHttpCreateProxyResolver makes under an asynchronous session.
// One query runs on it at a time; its outcome is reported through the
// status callback (set on the resolver, or inherited from the session).
struct ProxyResolver : HandleObject {
  explicit ProxyResolver(std::shared_ptr<Session> session)
      : HandleObject(HandleKind::ProxyResolver, std::move(session)) {}

  // Runs `work` on this handle's queue, then delivers `completeStatus` if it
  // returned ERROR_SUCCESS, or REQUEST_ERROR naming `api` with its error.
  // ERROR_IO_PENDING, or ERROR_WINHTTP_INCORRECT_HANDLE_STATE while another
  // query is running.
  DWORD begin(DWORD_PTR context, DWORD api, DWORD completeStatus, std::function<DWORD(ProxyResolver&)> work);

  std::mutex mutex;
  bool busy = false;  // guarded by mutex, as are the results below
  // The last WinHttpGetProxySettingsEx's outcome, for
  // WinHttpGetProxySettingsResultEx.
  bool settingsReady = false;
  ConnectionSettings settings;
  std::wstring settingsConnection;
};

}  // namespace hinternet::winhttp
