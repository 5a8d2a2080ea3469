#include <windows.h>

#include <wininet.h>

#include "concurrency.h"

namespace bench {
namespace {

enum State { kSending, kReading };

Batch* theBatch = nullptr;

void finish(AsyncRequest& request, DWORD error) {
  InternetCloseHandle(request.handle);
  theBatch->finish(request, error);
}

// Reads what is there; returns when a read is pending (its completion comes
// back through onStatus) or the request has finished.
void readOn(AsyncRequest& request) {
  request.state = kReading;
  for (;;) {
    if (!InternetReadFile(request.handle, request.buffer.data(), static_cast<DWORD>(request.buffer.size()),
                          &request.lastRead)) {
      if (GetLastError() != ERROR_IO_PENDING) finish(request, GetLastError());
      return;
    }
    if (request.lastRead == 0) return finish(request, request.status == 200 ? 0 : ERROR_INVALID_DATA);
    theBatch->consume(request, request.lastRead);
  }
}

void sent(AsyncRequest& request) {
  DWORD size = sizeof(request.status);
  HttpQueryInfoA(request.handle, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &request.status, &size, nullptr);
  readOn(request);
}

void CALLBACK onStatus(HINTERNET, DWORD_PTR context, DWORD status, LPVOID info, DWORD) {
  if (!context || status != INTERNET_STATUS_REQUEST_COMPLETE) return;
  AsyncRequest& request = *reinterpret_cast<AsyncRequest*>(context);
  auto* result = static_cast<INTERNET_ASYNC_RESULT*>(info);
  if (!result->dwResult) return finish(request, result->dwError ? result->dwError : ERROR_INTERNET_INTERNAL_ERROR);
  if (request.state == kSending) return sent(request);
  if (request.lastRead == 0) return finish(request, request.status == 200 ? 0 : ERROR_INVALID_DATA);
  theBatch->consume(request, request.lastRead);
  readOn(request);
}

}  // namespace

bool startWinInetBatch(Batch& batch) {
  theBatch = &batch;
  HINTERNET session = InternetOpenA("hinternet-bench", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr,
                                    INTERNET_FLAG_ASYNC);
  if (!session) {
    batch.failedError = GetLastError();
    batch.failedCall = "InternetOpenA(INTERNET_FLAG_ASYNC)";
    return false;
  }
  InternetSetStatusCallbackA(session, onStatus);
  HINTERNET connect = InternetConnectA(session, batch.host.c_str(), static_cast<INTERNET_PORT>(batch.port), nullptr,
                                       nullptr, INTERNET_SERVICE_HTTP, 0, 0);
  if (!connect) {
    batch.failedError = GetLastError();
    batch.failedCall = "InternetConnectA";
    return false;
  }
  batch.pending = static_cast<long>(batch.requests.size());
  const DWORD flags = INTERNET_FLAG_KEEP_CONNECTION | INTERNET_FLAG_NO_CACHE_WRITE | INTERNET_FLAG_RELOAD;
  for (AsyncRequest& request : batch.requests) {
    request.state = kSending;
    request.handle = HttpOpenRequestA(connect, "GET", batch.path.c_str(), "HTTP/1.1", nullptr, nullptr, flags,
                                      reinterpret_cast<DWORD_PTR>(&request));
    if (!request.handle) {
      batch.finish(request, GetLastError());
      continue;
    }
    if (HttpSendRequestA(request.handle, nullptr, 0, nullptr, 0))
      sent(request);
    else if (GetLastError() != ERROR_IO_PENDING)
      finish(request, GetLastError());
  }
  return true;
}

}  // namespace bench
