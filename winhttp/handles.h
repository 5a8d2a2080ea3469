#pragma once
#include <windows.h>
#include <winhttp.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "handle_api.h"
#include "http_objects.h"

namespace hinternet::winhttp {

struct Session : HandleObject {
  Session() : HandleObject(HandleKind::Session, nullptr) {}
  std::string agent;
  DWORD accessType = WINHTTP_ACCESS_TYPE_DEFAULT_PROXY;
  std::string proxy;
  std::string bypass;
  DWORD flags = 0;
  int connectTimeoutMs = 60000;
  int receiveTimeoutMs = 30000;
};

struct Connect : HttpConnectObject {
  explicit Connect(std::shared_ptr<Session> session) : HttpConnectObject(std::move(session)) {}
  Session& session() const { return static_cast<Session&>(*parent()); }
};

// The asynchronous call in progress on a request (one at a time).
struct PendingCall {
  enum class Kind { None, Send, Receive, QueryData, Read, Write };
  Kind kind = Kind::None;
  void* buffer = nullptr;  // Read: where to; Write: what
  DWORD length = 0;
  // Holds the request until the call's completion has been delivered, so a
  // closed handle still gets its completion before HANDLE_CLOSING.
  std::shared_ptr<HandleObject> keepAlive;
};

struct Request : HttpRequestObject, TransferObserver {
  explicit Request(std::shared_ptr<Connect> connect) : HttpRequestObject(std::move(connect)) {}
  Connect& connect() const { return static_cast<Connect&>(*parent()); }
  bool async() const { return connect().session().flags & WINHTTP_FLAG_ASYNC; }
  // WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET was set.
  std::atomic<bool> upgradeToWebSocket{false};

  // Starts an exchange whose progress is reported through this request's
  // status callback.
  Error start(const std::shared_ptr<Transfer>& transfer);
  // Asynchronous mode: records the call (FALSE with
  // ERROR_WINHTTP_INCORRECT_HANDLE_STATE if one is pending) and schedules
  // its completion notification.
  BOOL beginAsync(PendingCall::Kind kind, void* buffer = nullptr, DWORD length = 0);

  void onTransferEvent(TransferEvent event, const std::string& detail) override;

 private:
  void report(TransferEvent event, const std::string& detail);
  void pump();
  void complete(DWORD status, void* info, DWORD length);
  void completeWithError(DWORD api, Error error);

  std::mutex asyncMutex_;
  PendingCall pending_;
  // What the queue has reported so far. Completions follow these, not the
  // transfer's live state, so they never overtake the notifications that
  // lead up to them.
  bool sentSeen_ = false;
  bool headersSeen_ = false;
  bool doneSeen_ = false;
};

DWORD errorCode(Error error);
win32::HandleApi& api();

// Shorthands for the exports of this DLL; see HandleApi.
inline BOOL fail(Error error) { return api().fail(error); }
inline HINTERNET publish(const std::shared_ptr<HandleObject>& object) {
  return static_cast<HINTERNET>(api().publish(object));
}
template <class T>
std::shared_ptr<T> find(HINTERNET handle, std::initializer_list<HandleKind> kinds) {
  return api().find<T>(handle, kinds);
}
DWORD errorCode(Error error);

}  // namespace hinternet::winhttp
