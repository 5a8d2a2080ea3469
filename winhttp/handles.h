#pragma once
#include <windows.h>
#include <winhttp.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "session_share.h"
#include "handle_api.h"
#include "http_auth.h"
#include "async_request.h"
#include "http_objects.h"

namespace hinternet::winhttp {

// Proxy settings of a session, or a request's own (WINHTTP_OPTION_PROXY).
struct ProxySetting {
  DWORD accessType = WINHTTP_ACCESS_TYPE_DEFAULT_PROXY;
  std::string proxy;
  std::string bypass;
};

// Numeric options live in HandleObject::options under their option ids
// (defaults in option_table.cpp); the rest are the fields below, guarded by
// `settingsMutex` because WinHttpSetOption may run during other calls.
struct Session : HandleObject {
  Session() : HandleObject(HandleKind::Session, nullptr) {}
  ~Session() override;
  DWORD flags = 0;
  mutable std::mutex settingsMutex;
  std::string agent;
  ProxySetting proxy;
  HANDLE unloadEvent = nullptr;  // WINHTTP_OPTION_UNLOAD_NOTIFY_EVENT

  // The session's connections and cookies, made on first use; every
  // request of the session shares them.
  std::shared_ptr<SessionShare> share();

 private:
  std::mutex shareMutex_;
  std::shared_ptr<SessionShare> share_;
};

struct Connect : HttpConnectObject {
  explicit Connect(std::shared_ptr<Session> session) : HttpConnectObject(std::move(session)) {}
  Session& session() const { return static_cast<Session&>(*parent()); }
};

struct Request : AsyncRequestObject {
  explicit Request(std::shared_ptr<Connect> connect)
      : AsyncRequestObject(std::move(connect), HeaderRules::winHttp()) {}
  ~Request() override;
  Connect& connect() const { return static_cast<Connect&>(*parent()); }
  bool async() const { return connect().session().flags & WINHTTP_FLAG_ASYNC; }
  // Set by WinHttpSetOption, guarded by settingsMutex. The credentials are
  // what WINHTTP_OPTION_(PROXY_)USERNAME/PASSWORD store, for authentication.
  mutable std::mutex settingsMutex;
  std::string username, password, proxyUsername, proxyPassword;
  bool hasProxy = false;  // `proxy` replaces the session's
  ProxySetting proxy;
  std::string resolutionHostname;
  std::string annotation;
  PCCERT_CONTEXT clientCertificate = nullptr;
  // CLIENT_CERT_CONTEXT was set, to a certificate or to none: until then a
  // server's request for one fails the send with CLIENT_AUTH_CERT_NEEDED.
  bool clientCertificateChosen = false;
  bool upgradeToWebSocket = false;
  // WinHttpSetCredentials, per target (the last call wins); they take
  // precedence over the USERNAME/PASSWORD options above.
  HttpAuth serverCredentials;
  HttpAuth proxyCredentials;

  // Starts an exchange whose progress is reported through this request's
  // status callback (in synchronous mode always: the calls wait on it).
  Error start(const std::shared_ptr<Transfer>& transfer);
  // Runs a call that waits on the transfer. Asynchronous mode records it
  // (FALSE with ERROR_WINHTTP_INCORRECT_HANDLE_STATE if one is pending) and
  // returns TRUE; its completion comes through the status callback.
  // Synchronous mode waits here, delivering the call's informational
  // notifications on this thread, and returns its outcome, with the count
  // of a QueryData, Read or Write through `count`.
  BOOL run(PendingCall::Kind kind, void* buffer = nullptr, DWORD length = 0, bool fill = true,
           DWORD* count = nullptr);

 private:
  void report(TransferEvent event, const std::string& detail) override;
  void callSucceeded(const PendingCall& call, std::uint32_t count) override;
  void callFailed(const PendingCall& call, Error error) override;
  void reportSecureFailure();
  // RECEIVING_RESPONSE, then RESPONSE_RECEIVED with the head's size.
  void reportResponseReceived(DWORD bytes);
  // Ends the call in progress: its outcome to a waiting caller, else this
  // notification.
  void complete(DWORD status, void* info, DWORD length, DWORD error);
  // The time limits of a call of this kind, lifted by its completion.
  void watchFor(PendingCall::Kind kind);
};

DWORD errorCode(Error error);
win32::HandleApi& api();

// Shorthands for the exports of this DLL; see HandleApi.
inline BOOL fail(Error error) { return api().fail(error); }
// Whether the handle keeps its notifications for its caller's thread: the
// handles of a synchronous session, and a WebSocket handle made by one
// (it has no parent: its own mode says).
bool holdsNotifications(const HandleObject& object);
inline HINTERNET publish(const std::shared_ptr<HandleObject>& object) {
  if (holdsNotifications(*object)) object->queue->hold(true);
  return static_cast<HINTERNET>(api().publish(object));
}
// publish(), then HANDLE_CREATED with the new handle, delivered on the
// calling thread before the export returns, in either mode, as
// WinHttpConnect and WinHttpOpenRequest do on Windows.
HINTERNET publishCreated(const std::shared_ptr<HandleObject>& object);
template <class T>
std::shared_ptr<T> find(HINTERNET handle, std::initializer_list<HandleKind> kinds) {
  return api().find<T>(handle, kinds);
}

}  // namespace hinternet::winhttp
