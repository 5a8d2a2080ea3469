// HttpSendRequestExA/W, InternetWriteFile, HttpEndRequestA/W: a request
// whose body the caller streams. The send returns once the request is on
// its way; the writes feed the body; the end waits for the response.
#include "api_guard.h"
#include "client_certificate.h"
#include "handles.h"
#include "text.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::guardedCall;

namespace {

template <class Buffers>
BOOL sendRequestEx(const char* api, HINTERNET requestHandle, Buffers* in, Buffers* out, DWORD flags,
                   DWORD_PTR context) {
  LOG_TRACE("%s(%p, %p, %p, 0x%lx, %p)", api, requestHandle, static_cast<void*>(in), static_cast<void*>(out),
            flags, (void*)context);
  return guardedCall(api, FALSE, [&]() -> BOOL {
    auto request = find<Request>(requestHandle, {HandleKind::Request});
    if (!request) return FALSE;
    if (in && in->dwStructSize != sizeof(Buffers)) return fail(Error::InvalidParameter);
    std::string headers;
    std::string body;
    DWORD total = 0;
    if (in) {
      if (in->dwBufferLength && !in->lpvBuffer) return fail(Error::InvalidParameter);
      if (in->lpcszHeader) headers = win32::utf8FromCounted(in->lpcszHeader, in->dwHeadersLength);
      body.assign(static_cast<const char*>(in->lpvBuffer), in->lpvBuffer ? in->dwBufferLength : 0);
      total = std::max<DWORD>(in->dwBufferTotal, in->dwBufferLength);
    }
    // The context (when not 0) is this call's: its notifications and its
    // REQUEST_COMPLETE carry it.
    return request->inTurn(
        [request = request.get(), headers = std::move(headers), body = std::move(body), total, context]() mutable -> BOOL {
          win32::ClientCredential credential;
          if (const DWORD error = exportClientCredential(*request, credential)) {
            SetLastError(error);
            return FALSE;
          }
          PendingCall call;
          call.kind = PendingCall::Kind::Send;
          call.context = context;
          return request->run(std::move(call), [&] {
            RequestSpec spec = prepareSend(*request, headers, std::move(body));
            presentClientCredential(*request, std::move(credential), spec);
            if (total) {
              // Content-Length announces the whole body, not just the first part.
              request->addHeaders({{"Content-Length", std::to_string(total)}}, kAddHeaderAdd | kAddHeaderReplace);
              spec.headers = request->requestHead().headers;
              spec.uploadLength = total;
            }
            return request->start(std::make_shared<Transfer>(std::move(spec)), true);
          });
        },
        context);
  });
}

BOOL endRequest(const char* api, HINTERNET requestHandle, void* out, DWORD flags, DWORD_PTR context) {
  LOG_TRACE("%s(%p, %p, 0x%lx, %p)", api, requestHandle, out, flags, (void*)context);
  return guardedCall(api, FALSE, [&]() -> BOOL {
    auto request = find<Request>(requestHandle, {HandleKind::Request});
    if (!request) return FALSE;
    return request->inTurn(
        [request = request.get(), context]() -> BOOL {
          const auto transfer = request->exchange.transfer();
          // Windows waits for no response while the announced body is incomplete.
          if (!transfer || request->exchange.responseReceived() || !transfer->uploadComplete())
            return fail(Error::IncorrectState);
          PendingCall call;
          call.kind = PendingCall::Kind::Receive;
          call.context = context;
          return request->run(std::move(call));
        },
        context);
  });
}

}  // namespace

extern "C" BOOL WINAPI HttpSendRequestExA(HINTERNET request, LPINTERNET_BUFFERSA in, LPINTERNET_BUFFERSA out,
                                          DWORD flags, DWORD_PTR context) {
  return sendRequestEx("HttpSendRequestExA", request, in, out, flags, context);
}

extern "C" BOOL WINAPI HttpSendRequestExW(HINTERNET request, LPINTERNET_BUFFERSW in, LPINTERNET_BUFFERSW out,
                                          DWORD flags, DWORD_PTR context) {
  return sendRequestEx("HttpSendRequestExW", request, in, out, flags, context);
}

extern "C" BOOL WINAPI HttpEndRequestA(HINTERNET request, LPINTERNET_BUFFERSA out, DWORD flags, DWORD_PTR context) {
  return endRequest("HttpEndRequestA", request, out, flags, context);
}

extern "C" BOOL WINAPI HttpEndRequestW(HINTERNET request, LPINTERNET_BUFFERSW out, DWORD flags, DWORD_PTR context) {
  return endRequest("HttpEndRequestW", request, out, flags, context);
}

extern "C" BOOL WINAPI InternetWriteFile(HINTERNET file, LPCVOID buffer, DWORD toWrite, LPDWORD written) {
  LOG_TRACE("InternetWriteFile(%p, %p, %lu, %p)", file, buffer, toWrite, static_cast<void*>(written));
  return guardedCall("InternetWriteFile", FALSE, [&]() -> BOOL {
    auto request = find<Request>(file, {HandleKind::Request});
    if (!request) return FALSE;
    if (!written || (toWrite && !buffer)) return fail(Error::InvalidParameter);
    *written = 0;
    return request->inTurn([request = request.get(), buffer, toWrite, written]() -> BOOL {
      const auto transfer = request->exchange.transfer();
      if (!transfer || request->exchange.responseReceived() || transfer->spec().uploadLength < 0)
        return fail(Error::IncorrectState);
      // Each write is reported as a send of its own: SENDING_REQUEST, then
      // REQUEST_SENT with the bytes written (for one that pends, before its
      // REQUEST_COMPLETE).
      notify(*request, INTERNET_STATUS_SENDING_REQUEST);
      // Asynchronously a write that fits is done at once; one that must wait
      // for room pends, and the caller keeps its buffer until REQUEST_COMPLETE.
      const long limit =
          request->async() ? 0 : static_cast<long>(optionValue(*request, INTERNET_OPTION_SEND_TIMEOUT));
      std::size_t accepted = 0;
      const Error error = transfer->write(buffer, toWrite, limit, accepted);
      if (error == Error::Timeout && request->async()) {
        PendingCall call;
        call.kind = PendingCall::Kind::Write;
        call.buffer = const_cast<LPVOID>(buffer);
        call.length = toWrite;
        call.countOut = written;
        return request->run(std::move(call));
      }
      if (error == Error::None) notifyCount(*request, INTERNET_STATUS_REQUEST_SENT, static_cast<DWORD>(accepted));
      request->catchUp();
      if (error != Error::None) return fail(error);
      *written = static_cast<DWORD>(accepted);
      SetLastError(ERROR_SUCCESS);
      return TRUE;
    });
  });
}
