#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <mutex>
#include <string>
#include <vector>

#include "test_servers.h"

namespace {

// One asynchronous request driven entirely from its status callback, the
// way asynchronous WinHTTP programs are written.
struct AsyncRun {
  HANDLE done = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  HANDLE closed = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  std::mutex mutex;
  std::vector<DWORD> statuses;  // request handle only
  std::string body;
  char buffer[4096];
  HINTERNET request = nullptr;
  DWORD errorApi = 0, errorCode = 0;
  bool afterClosing = false;  // any callback after HANDLE_CLOSING
  bool chain = true;          // make the next call from each completion

  ~AsyncRun() {
    // A failed REQUIRE leaves the request open, its context this record:
    // closed here, and its HANDLE_CLOSING waited for, before the record goes.
    if (request && WaitForSingleObject(closed, 0) != WAIT_OBJECT_0 && WinHttpCloseHandle(request))
      WaitForSingleObject(closed, 10000);
    CloseHandle(done);
    CloseHandle(closed);
  }
  void record(DWORD status) {
    std::lock_guard<std::mutex> lock(mutex);
    if (!statuses.empty() && statuses.back() == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) afterClosing = true;
    statuses.push_back(status);
  }
  bool saw(DWORD status) {
    std::lock_guard<std::mutex> lock(mutex);
    for (DWORD s : statuses)
      if (s == status) return true;
    return false;
  }
  std::size_t indexOf(DWORD status) {
    std::lock_guard<std::mutex> lock(mutex);
    for (std::size_t i = 0; i < statuses.size(); ++i)
      if (statuses[i] == status) return i;
    return SIZE_MAX;
  }
};

void CALLBACK onStatus(HINTERNET handle, DWORD_PTR context, DWORD status, LPVOID info, DWORD length) {
  auto* run = reinterpret_cast<AsyncRun*>(context);
  if (!run || handle != run->request) return;
  run->record(status);
  if (!run->chain && status != WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) return;
  switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
      if (!WinHttpReceiveResponse(handle, nullptr)) SetEvent(run->done);
      break;
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE:
      if (!WinHttpQueryDataAvailable(handle, nullptr)) SetEvent(run->done);
      break;
    case WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE: {
      const DWORD count = *static_cast<DWORD*>(info);
      if (count == 0) {
        SetEvent(run->done);
      } else if (!WinHttpReadData(handle, run->buffer, sizeof(run->buffer), nullptr)) {
        SetEvent(run->done);
      }
      break;
    }
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
      run->body.append(static_cast<char*>(info), length);
      if (length == 0 || !WinHttpQueryDataAvailable(handle, nullptr)) SetEvent(run->done);
      break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR: {
      auto* result = static_cast<WINHTTP_ASYNC_RESULT*>(info);
      run->errorApi = static_cast<DWORD>(result->dwResult);
      run->errorCode = result->dwError;
      SetEvent(run->done);
      break;
    }
    case WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING:
      SetEvent(run->closed);
      break;
  }
}

struct AsyncSession {
  HINTERNET session = WinHttpOpen(L"hinternet-async", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr,
                                  WINHTTP_FLAG_ASYNC);
  HINTERNET connect = nullptr;
  explicit AsyncSession(unsigned short port, LPCWSTR host = L"127.0.0.1") {
    REQUIRE(session);
    REQUIRE(WinHttpSetStatusCallback(session, onStatus, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0) == nullptr);
    connect = WinHttpConnect(session, host, port, 0);
    REQUIRE(connect);
  }
  ~AsyncSession() {
    WinHttpCloseHandle(connect);
    WinHttpCloseHandle(session);
  }
};

void closeAndWait(AsyncRun& run) {
  REQUIRE(WinHttpCloseHandle(run.request));
  REQUIRE(WaitForSingleObject(run.closed, 10000) == WAIT_OBJECT_0);
  Sleep(50);  // nothing may follow HANDLE_CLOSING
  std::lock_guard<std::mutex> lock(run.mutex);
  REQUIRE(run.statuses.back() == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
  REQUIRE_FALSE(run.afterClosing);
}

}  // namespace

TEST_CASE("WinHTTP async: a GET driven from the callback sees every notification in order") {
  for (bool secure : {false, true}) {
    INFO((secure ? "https" : "http"));
    AsyncSession s(secure ? httpsPort() : httpPort(), secure ? L"localhost" : L"127.0.0.1");
    AsyncRun run;
    run.request = WinHttpOpenRequest(s.connect, L"GET", L"/hello.txt", nullptr, nullptr, nullptr,
                                     secure ? WINHTTP_FLAG_SECURE : 0);
    REQUIRE(run.request);
    REQUIRE(WinHttpSendRequest(run.request, nullptr, 0, nullptr, 0, 0, reinterpret_cast<DWORD_PTR>(&run)));
    REQUIRE(WaitForSingleObject(run.done, 30000) == WAIT_OBJECT_0);
    REQUIRE(run.errorApi == 0);
    REQUIRE(run.body == "hello from hinternet\n");
    const DWORD order[] = {
        WINHTTP_CALLBACK_STATUS_SENDING_REQUEST,    WINHTTP_CALLBACK_STATUS_REQUEST_SENT,
        WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE, WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE,
        WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED,  WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE,
        WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE,     WINHTTP_CALLBACK_STATUS_READ_COMPLETE,
    };
    std::size_t previous = 0;
    for (DWORD status : order) {
      INFO("status 0x" << std::hex << status);
      const std::size_t at = run.indexOf(status);
      REQUIRE(at != SIZE_MAX);
      REQUIRE(at >= previous);
      previous = at;
    }
    // A new connection reports resolving and connecting before sending.
    REQUIRE(run.indexOf(WINHTTP_CALLBACK_STATUS_RESOLVING_NAME) < run.indexOf(WINHTTP_CALLBACK_STATUS_NAME_RESOLVED));
    REQUIRE(run.indexOf(WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER) <
            run.indexOf(WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER));
    REQUIRE(run.indexOf(WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER) <
            run.indexOf(WINHTTP_CALLBACK_STATUS_SENDING_REQUEST));
    closeAndWait(run);
  }
}

TEST_CASE("WinHTTP async: a failed connection completes with REQUEST_ERROR for WinHttpSendRequest") {
  AsyncSession s(1);
  AsyncRun run;
  run.request = WinHttpOpenRequest(s.connect, nullptr, nullptr, nullptr, nullptr, nullptr, 0);
  REQUIRE(WinHttpSendRequest(run.request, nullptr, 0, nullptr, 0, 0, reinterpret_cast<DWORD_PTR>(&run)));
  REQUIRE(WaitForSingleObject(run.done, 30000) == WAIT_OBJECT_0);
  REQUIRE(run.errorApi == API_SEND_REQUEST);
  REQUIRE(run.errorCode == ERROR_WINHTTP_CANNOT_CONNECT);
  REQUIRE_FALSE(run.saw(WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE));
  closeAndWait(run);
}

TEST_CASE("WinHTTP async: closing with a call pending still delivers one completion, then HANDLE_CLOSING") {
  for (int i = 0; i < 20; ++i) {
    AsyncSession s(httpPort());
    AsyncRun run;
    run.chain = false;  // exactly one call is made: WinHttpSendRequest
    run.request = WinHttpOpenRequest(s.connect, nullptr, L"/big.bin", nullptr, nullptr, nullptr, 0);
    REQUIRE(WinHttpSendRequest(run.request, nullptr, 0, nullptr, 0, 0, reinterpret_cast<DWORD_PTR>(&run)));
    if (i % 2) Sleep(5);
    closeAndWait(run);
    std::size_t completions = 0;
    for (DWORD status : run.statuses)
      completions += status == WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE ||
                     status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR;
    REQUIRE(completions == 1);
  }
}

namespace {

// Streams a body with WinHttpWriteData from the callback, then reads the echo.
struct Upload {
  HANDLE done = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  const std::string* payload = nullptr;
  std::size_t at = 0;
  std::string echoed;
  char buffer[8192];
  DWORD error = 0;
};

void writeNext(HINTERNET h, Upload* u) {
  if (u->at < u->payload->size()) {
    const DWORD chunk = DWORD(std::min<std::size_t>(65536, u->payload->size() - u->at));
    if (!WinHttpWriteData(h, u->payload->data() + u->at, chunk, nullptr)) SetEvent(u->done);
  } else if (!WinHttpReceiveResponse(h, nullptr)) {
    SetEvent(u->done);
  }
}

void CALLBACK onUploadStatus(HINTERNET h, DWORD_PTR context, DWORD status, LPVOID info, DWORD length) {
  auto* u = reinterpret_cast<Upload*>(context);
  switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
      writeNext(h, u);
      break;
    case WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE:
      u->at += *static_cast<DWORD*>(info);
      writeNext(h, u);
      break;
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
      if (!length) {
        SetEvent(u->done);
        break;
      }
      u->echoed.append(static_cast<char*>(info), length);
      [[fallthrough]];
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE:
      if (!WinHttpReadData(h, u->buffer, sizeof(u->buffer), nullptr)) SetEvent(u->done);
      break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
      u->error = static_cast<DWORD>(static_cast<WINHTTP_ASYNC_RESULT*>(info)->dwError);
      SetEvent(u->done);
      break;
  }
}

}  // namespace

TEST_CASE("WinHTTP: a body streamed with WinHttpWriteData arrives whole, sync and async") {
  std::string payload;
  for (int i = 0; i < 300000; ++i) payload += static_cast<char>('a' + i % 26);
  for (bool async : {false, true}) {
    INFO((async ? "async" : "sync"));
    HINTERNET session = WinHttpOpen(L"t", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, async ? WINHTTP_FLAG_ASYNC : 0);
    HINTERNET connect = WinHttpConnect(session, L"127.0.0.1", httpPort(), 0);
    HINTERNET request = WinHttpOpenRequest(connect, L"POST", L"/echo", nullptr, nullptr, nullptr, 0);
    REQUIRE(request);
    if (!async) {
      REQUIRE(WinHttpSendRequest(request, nullptr, 0, payload.data(), 1000, DWORD(payload.size()), 0));
      for (std::size_t at = 1000; at < payload.size();) {
        const DWORD chunk = DWORD(std::min<std::size_t>(65536, payload.size() - at));
        DWORD written = 0;
        REQUIRE(WinHttpWriteData(request, payload.data() + at, chunk, &written));
        REQUIRE(written == chunk);
        at += chunk;
      }
      REQUIRE(WinHttpReceiveResponse(request, nullptr));
      std::string echoed;
      char buffer[8192];
      for (DWORD read = 1; read;) {
        REQUIRE(WinHttpReadData(request, buffer, sizeof(buffer), &read));
        echoed.append(buffer, read);
      }
      REQUIRE(echoed.size() == payload.size());
      REQUIRE(echoed == payload);
    } else {
      Upload up;
      up.payload = &payload;
      WinHttpSetStatusCallback(request, onUploadStatus,
                               WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS, 0);
      REQUIRE(WinHttpSendRequest(request, nullptr, 0, nullptr, 0, DWORD(payload.size()),
                                 reinterpret_cast<DWORD_PTR>(&up)));
      REQUIRE(WaitForSingleObject(up.done, 30000) == WAIT_OBJECT_0);
      REQUIRE(up.error == 0);
      REQUIRE(up.echoed.size() == payload.size());
      REQUIRE(up.echoed == payload);
      CloseHandle(up.done);
    }
    WinHttpCloseHandle(request);
    WinHttpCloseHandle(connect);
    WinHttpCloseHandle(session);
  }
}
