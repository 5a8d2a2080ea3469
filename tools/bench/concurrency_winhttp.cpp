#include <windows.h>

#include <winhttp.h>

#include "concurrency.h"

namespace bench {
namespace {

void finish(Batch& batch, AsyncRequest& request, DWORD error) {
  WinHttpCloseHandle(request.handle);
  batch.finish(request, error);
}

Batch* theBatch = nullptr;

void CALLBACK onStatus(HINTERNET handle, DWORD_PTR context, DWORD status, LPVOID info, DWORD length) {
  if (!context) return;
  Batch& batch = *theBatch;
  AsyncRequest& request = *reinterpret_cast<AsyncRequest*>(context);
  auto read = [&] {
    if (!WinHttpReadData(handle, request.buffer.data(), static_cast<DWORD>(request.buffer.size()), nullptr))
      finish(batch, request, GetLastError());
  };
  switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
      if (!WinHttpReceiveResponse(handle, nullptr)) finish(batch, request, GetLastError());
      break;
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE: {
      DWORD size = sizeof(request.status);
      WinHttpQueryHeaders(handle, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                          WINHTTP_HEADER_NAME_BY_INDEX, &request.status, &size, WINHTTP_NO_HEADER_INDEX);
      read();
      break;
    }
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
      if (length == 0) {
        finish(batch, request, request.status == 200 ? 0 : ERROR_INVALID_DATA);
      } else {
        batch.consume(request, length);
        read();
      }
      break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
      finish(batch, request, static_cast<WINHTTP_ASYNC_RESULT*>(info)->dwError);
      break;
  }
}

}  // namespace

bool startWinHttpBatch(Batch& batch) {
  theBatch = &batch;
  HINTERNET session =
      WinHttpOpen(L"hinternet-bench", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, WINHTTP_FLAG_ASYNC);
  HINTERNET connect = nullptr;
  if (!session || WinHttpSetStatusCallback(session, onStatus, WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS, 0) ==
                      WINHTTP_INVALID_STATUS_CALLBACK ||
      !(connect = WinHttpConnect(session, wide(batch.host).c_str(), static_cast<INTERNET_PORT>(batch.port), 0))) {
    batch.failedError = GetLastError();
    batch.failedCall = !session ? "WinHttpOpen" : "WinHttpSetStatusCallback/WinHttpConnect";
    return false;
  }
  batch.pending = static_cast<long>(batch.requests.size());
  const std::wstring path = wide(batch.path);
  for (AsyncRequest& request : batch.requests) {
    request.handle = WinHttpOpenRequest(connect, L"GET", path.c_str(), nullptr, WINHTTP_NO_REFERER,
                                        WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
    if (!request.handle) {
      batch.finish(request, GetLastError());
      continue;
    }
    if (!WinHttpSendRequest(request.handle, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0,
                            reinterpret_cast<DWORD_PTR>(&request)))
      finish(batch, request, GetLastError());
  }
  // The session and connection stay open until the process exits.
  return true;
}

}  // namespace bench
