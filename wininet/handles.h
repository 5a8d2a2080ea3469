#pragma once
#include <windows.h>
// MinGW's wininet.h declares every function dllimport; here we define them,
// so declare them plain to keep the definitions consistent.
#pragma push_macro("DECLSPEC_IMPORT")
#undef DECLSPEC_IMPORT
#define DECLSPEC_IMPORT
#include <wininet.h>
#pragma pop_macro("DECLSPEC_IMPORT")

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "async_request.h"
#include "body_replay.h"
#include "call_turns.h"
#include "handle_api.h"
#include "http_objects.h"
#include "option_values.h"

namespace hinternet::wininet {

struct Session : HandleObject {
  Session() : HandleObject(HandleKind::Session, nullptr) { options.inherit(globalOptions()); }
  // agent, accessType, proxy and bypass change through InternetSetOption
  // during other calls: read and write them under settingsMutex.
  mutable std::mutex settingsMutex;
  std::string agent;
  DWORD accessType = INTERNET_OPEN_TYPE_PRECONFIG;  // as resolved: DIRECT or PROXY
  DWORD openedAccessType = INTERNET_OPEN_TYPE_PRECONFIG;  // as InternetOpen took it
  std::string proxy;
  std::string bypass;
  DWORD flags = 0;
};

struct Connect : HttpConnectObject {
  explicit Connect(std::shared_ptr<Session> session) : HttpConnectObject(session) {
    options.inherit(session->options);
  }
  Session& session() const { return static_cast<Session&>(*parent()); }
  // InternetConnect's credentials, which INTERNET_OPTION_USERNAME/PASSWORD
  // and PROXY_USERNAME/PROXY_PASSWORD replace later; guarded by
  // settingsMutex, since an option may be set during another call.
  mutable std::mutex settingsMutex;
  std::string user;
  std::string password;
  std::string proxyUser;
  std::string proxyPassword;
  DWORD service = INTERNET_SERVICE_HTTP;
  DWORD flags = 0;
  DWORD_PTR context = 0;
  // InternetOpenUrl's: never shown to the caller, closed with its request.
  bool hidden = false;
};

struct Request : AsyncRequestObject {
  explicit Request(std::shared_ptr<Connect> connect)
      : AsyncRequestObject(connect, HeaderRules::winInet()) {
    options.inherit(connect->options);
  }
  Connect& connect() const { return static_cast<Connect&>(*parent()); }
  bool async() const { return connect().session().flags & INTERNET_FLAG_ASYNC; }
  DWORD_PTR context = 0;
  // What a completed send or wait for data reports in dwResult: TRUE, or
  // the handle for a request of InternetOpenUrl.
  std::uintptr_t successValue = TRUE;
  // INTERNET_OPTION_CLIENT_CERT_CONTEXT (client_certificate.cpp).
  mutable std::mutex certificateMutex;
  std::shared_ptr<const CERT_CONTEXT> clientCertificate;
  bool clientCertificateChosen = false;  // set, to a certificate or to none
  // What InternetSetFilePointer moves over: the body read so far, kept for a
  // request that may be cached (no INTERNET_FLAG_NO_CACHE_WRITE).
  BodyReplay replay;
  bool replaysBody() const { return !(flags & INTERNET_FLAG_NO_CACHE_WRITE); }
  // Asynchronous mode: the body through the replay (file_pointer.cpp).
  // What it keeps after the position comes first; after a move past what
  // it keeps, the bytes up to the position are read into it and skipped.
  std::size_t bodyAvailable(Transfer& transfer, bool& ended, Error& error) override;
  std::size_t readBody(Transfer& transfer, void* buffer, std::size_t length) override;

  // Runs a call that waits on the transfer (async_request.cpp), after
  // `begin` (if any) has started what it waits for. Synchronous mode waits
  // here, delivering the notifications on this thread, and returns the
  // outcome; asynchronous mode returns FALSE with ERROR_IO_PENDING and
  // completes with INTERNET_STATUS_REQUEST_COMPLETE.
  BOOL run(PendingCall call, const std::function<Error()>& begin = nullptr);
  // Synchronous mode, after a call that waited on the transfer directly:
  // delivers here what the transfer has notified meanwhile.
  void catchUp();
  // Asynchronous mode: calls on a request take turns (call_turns.cpp). A
  // call made while another is in progress or waiting returns FALSE with
  // ERROR_IO_PENDING and runs `call` when its turn comes; its outcome then
  // comes as REQUEST_COMPLETE with `context` (0: the handle's), cancelled
  // if the handle was closed meanwhile. Otherwise `call` runs now.
  // Synchronous mode: runs `call`.
  BOOL inTurn(const std::function<BOOL()>& call, DWORD_PTR context = 0);

 private:
  void report(TransferEvent event, const std::string& detail) override;
  void callSucceeded(const PendingCall& call, std::uint32_t count) override;
  void callFailed(const PendingCall& call, Error error) override;
  // Ends the call in progress: its outcome to a waiting caller, else
  // REQUEST_COMPLETE with this INTERNET_ASYNC_RESULT.
  void finish(DWORD_PTR result, DWORD error);
  // A call's turn, when it had to wait for it.
  void runInTurn(const std::function<BOOL()>& call, DWORD_PTR context);
  // The call holding the turn has ended: the next waiting one runs.
  void endTurn();
  CallTurns turns_;
};
DWORD errorCode(Error error);
win32::HandleApi& api();

// Shorthands for the exports of this DLL; see HandleApi.
inline BOOL fail(Error error) { return api().fail(error); }
// A handle of a synchronous session keeps its notifications for its
// caller's thread (see Request::run); closing it hands them to the pool.
const Session& sessionOf(const HandleObject& object);
inline HINTERNET publish(const std::shared_ptr<HandleObject>& object) {
  if (!(sessionOf(*object).flags & INTERNET_FLAG_ASYNC)) object->queue->hold(true);
  return static_cast<HINTERNET>(api().publish(object));
}
template <class T>
std::shared_ptr<T> find(HINTERNET handle, std::initializer_list<HandleKind> kinds) {
  return api().find<T>(handle, kinds);
}

// The Host header WinINet gives a request from its open on.
void addHostHeader(Request& request);

// The transfer a request's send starts: the headers WinINet adds (the extra
// headers merged with ADD|REPLACE; lines that are no header are skipped, not
// sent) and the settings from its flags, options and parents.
RequestSpec prepareSend(Request& request, const std::string& extraHeaders, std::string body);

// HttpSendRequest and InternetOpenUrl: sends the request and waits for the
// response head (see Request::run).
BOOL sendRequest(Request& request, const std::string& extraHeaders, std::string body);

// Notifications (status.cpp), in the form of InternetSetStatusCallback the
// handle's callback was set with. Never call them with a lock held.
// `context`: the one the call in progress was given; 0: the handle's.
void notify(HandleObject& object, DWORD status, void* info = nullptr, DWORD length = 0, DWORD_PTR context = 0);
void notifyText(HandleObject& object, DWORD status, const std::string& utf8, DWORD_PTR context = 0);
// A status whose information is a DWORD count (REQUEST_SENT, RESPONSE_RECEIVED...).
void notifyCount(HandleObject& object, DWORD status, DWORD count, DWORD_PTR context = 0);
// INTERNET_STATUS_HANDLE_CREATED for `created` (whose value is `handle`),
// reported on its parent's handle `reportedOn` with the new handle's context.
void notifyHandleCreated(HandleObject& created, HINTERNET handle, HINTERNET reportedOn);

}  // namespace hinternet::wininet
