// InternetReadFile, InternetReadFileExA/W, InternetQueryDataAvailable.
// Buffered data is returned at once; with none, synchronous mode waits and
// asynchronous mode pends. TRUE with no bytes means the body has ended.
#include <climits>

#include "api_guard.h"
#include "handles.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::guardedCall;

namespace {

long receiveTimeout(const Request& request) {
  return static_cast<long>(optionValue(request, INTERNET_OPTION_RECEIVE_TIMEOUT));
}

// Whether a read would have to wait: nothing buffered and the body not over.
bool mustWait(Transfer& transfer) {
  bool ended = false;
  Error error = Error::None;
  return !transfer.available(ended, error) && !ended;
}

// Windows tells when a read has to wait for the network: RECEIVING_RESPONSE
// before it waits (or pends), RESPONSE_RECEIVED with the bytes that came
// (0: the end) once they are in, before its REQUEST_COMPLETE. A read served
// from what is buffered tells nothing. Both carry the call's context.
void notifyReceiving(Request& request, DWORD_PTR context) {
  notify(request, INTERNET_STATUS_RECEIVING_RESPONSE, nullptr, 0, context);
}

// Reads into `buffer`: `fill` waits for `toRead` bytes or the end, as
// InternetReadFile does synchronously; otherwise the first data returns.
// `wait`: with nothing buffered, wait (synchronous mode) or pend with
// `pending` (asynchronous mode); IRF_NO_WAIT's asynchronous pend completes
// without reading, and the caller reads again.
BOOL readInto(Request& request, Transfer& transfer, void* buffer, DWORD toRead, DWORD* read, bool fill,
              PendingCall pending) {
  const DWORD_PTR context = pending.context;
  if (request.async()) {
    // What InternetSetFilePointer kept comes first, at once.
    bool ended = false;
    Error error = Error::None;
    const std::size_t available = request.bodyAvailable(transfer, ended, error);
    if (available || ended) {
      if (!available && error != Error::None) return fail(error);
      *read = static_cast<DWORD>(request.readBody(transfer, buffer, toRead));
      SetLastError(ERROR_SUCCESS);
      return TRUE;
    }
    *read = 0;
    notifyReceiving(request, context);
    return request.run(std::move(pending));
  }
  // After InternetSetFilePointer moved back, the kept bytes come first.
  DWORD total = request.replay.serve(buffer, toRead);
  if (total && !fill) {
    *read = total;
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  }
  struct CatchUp {
    Request& request;
    ~CatchUp() { request.catchUp(); }
  } catchUp{request};
  while (total < toRead) {
    const bool waits = mustWait(transfer);
    if (waits) notifyReceiving(request, context);
    std::size_t available = 0;
    const Error error = transfer.waitForData(receiveTimeout(request), available);
    // Data already read is returned; the error comes with the next read.
    if (error != Error::None && !total) return fail(error);
    if (error != Error::None) break;
    const DWORD got = static_cast<DWORD>(transfer.read(static_cast<char*>(buffer) + total, toRead - total));
    if (request.replaysBody()) request.replay.record(static_cast<char*>(buffer) + total, got);
    total += got;
    if (waits) {
      // What the wait brought (the connection closing first), as in asynchronous mode.
      request.catchUp();
      notifyCount(request, INTERNET_STATUS_RESPONSE_RECEIVED, got, context);
    }
    if (available == 0 || !fill) break;
  }
  *read = total;
  SetLastError(ERROR_SUCCESS);
  return TRUE;
}

// The response's transfer, or FALSE with the last error set (no response
// yet: ERROR_INTERNET_INCORRECT_HANDLE_STATE).
bool receiving(Request& request, std::shared_ptr<Transfer>& transfer) {
  Error error = Error::None;
  transfer = request.exchange.receivedTransfer(error);
  if (!transfer) fail(error);
  return transfer != nullptr;
}

template <class Buffers>
BOOL readFileEx(const char* api, HINTERNET file, Buffers* out, DWORD flags, DWORD_PTR context) {
  LOG_TRACE("%s(%p, %p, 0x%lx, %p)", api, file, static_cast<void*>(out), flags, (void*)context);
  return guardedCall(api, FALSE, [&]() -> BOOL {
    auto request = find<Request>(file, {HandleKind::Request});
    if (!request) return FALSE;
    if (!out || out->dwStructSize != sizeof(Buffers) || (out->dwBufferLength && !out->lpvBuffer))
      return fail(Error::InvalidParameter);
    // The context (when not 0) is this call's: its notifications and its
    // REQUEST_COMPLETE carry it.
    return request->inTurn(
        [request = request.get(), out, flags, context]() -> BOOL {
          std::shared_ptr<Transfer> transfer;
          if (!receiving(*request, transfer)) return FALSE;
          PendingCall pending;
          pending.context = context;
          if (flags & IRF_NO_WAIT) {
            pending.kind = PendingCall::Kind::QueryData;
          } else {
            pending.kind = PendingCall::Kind::Read;
            pending.buffer = out->lpvBuffer;
            pending.length = out->dwBufferLength;
            pending.fill = false;
            pending.countOut = &out->dwBufferLength;
          }
          DWORD read = 0;
          const BOOL ok = readInto(*request, *transfer, out->lpvBuffer, out->dwBufferLength, &read,
                                   !(flags & IRF_NO_WAIT), std::move(pending));
          if (ok) out->dwBufferLength = read;
          return ok;
        },
        context);
  });
}

BOOL queryDataAvailable(Request& request, Transfer& transfer, LPDWORD available) {
  if (request.async()) {
    bool ended = false;
    Error error = Error::None;
    const std::size_t count = request.bodyAvailable(transfer, ended, error);
    if (count || (ended && error == Error::None)) {
      *available = static_cast<DWORD>(std::min<std::size_t>(count, ULONG_MAX));
      SetLastError(ERROR_SUCCESS);
      return TRUE;
    }
    if (ended) return fail(error);
    // The count comes with REQUEST_COMPLETE, written where the caller asked.
    *available = 0;
    notifyReceiving(request, 0);
    PendingCall pending;
    pending.kind = PendingCall::Kind::QueryData;
    pending.countOut = available;
    return request.run(std::move(pending));
  }
  if (const std::uint64_t kept = request.replay.remaining()) {
    *available = static_cast<DWORD>(std::min<std::uint64_t>(kept, ULONG_MAX));
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  }
  const bool waits = mustWait(transfer);
  if (waits) notifyReceiving(request, 0);
  std::size_t count = 0;
  const Error error = transfer.waitForData(receiveTimeout(request), count);
  request.catchUp();
  if (error != Error::None) return fail(error);
  *available = static_cast<DWORD>(std::min<std::size_t>(count, ULONG_MAX));
  if (waits) notifyCount(request, INTERNET_STATUS_RESPONSE_RECEIVED, *available);
  SetLastError(ERROR_SUCCESS);
  return TRUE;
}

}  // namespace

extern "C" BOOL WINAPI InternetReadFile(HINTERNET file, LPVOID buffer, DWORD toRead, LPDWORD read) {
  LOG_TRACE("InternetReadFile(%p, %p, %lu, %p)", file, buffer, toRead, static_cast<void*>(read));
  return guardedCall("InternetReadFile", FALSE, [&]() -> BOOL {
    auto request = find<Request>(file, {HandleKind::Request});
    if (!request) return FALSE;
    if (!read || (toRead && !buffer)) return fail(Error::InvalidParameter);
    return request->inTurn([request = request.get(), buffer, toRead, read]() -> BOOL {
      std::shared_ptr<Transfer> transfer;
      if (!receiving(*request, transfer)) return FALSE;
      // The count of a read that pends is written when it completes: the
      // caller keeps both buffers until REQUEST_COMPLETE.
      PendingCall pending;
      pending.kind = PendingCall::Kind::Read;
      pending.buffer = buffer;
      pending.length = toRead;
      pending.fill = false;
      pending.countOut = read;
      return readInto(*request, *transfer, buffer, toRead, read, true, std::move(pending));
    });
  });
}

extern "C" BOOL WINAPI InternetReadFileExA(HINTERNET file, LPINTERNET_BUFFERSA out, DWORD flags, DWORD_PTR context) {
  return readFileEx("InternetReadFileExA", file, out, flags, context);
}

extern "C" BOOL WINAPI InternetReadFileExW(HINTERNET file, LPINTERNET_BUFFERSW out, DWORD flags, DWORD_PTR context) {
  return readFileEx("InternetReadFileExW", file, out, flags, context);
}

extern "C" BOOL WINAPI InternetQueryDataAvailable(HINTERNET file, LPDWORD available, DWORD flags,
                                                  DWORD_PTR context) {
  LOG_TRACE("InternetQueryDataAvailable(%p, %p, 0x%lx, %p)", file, static_cast<void*>(available), flags,
            (void*)context);
  // dwContext is reserved (documented "must be 0"): the handle's context is
  // the one its notifications carry.
  return guardedCall("InternetQueryDataAvailable", FALSE, [&]() -> BOOL {
    auto request = find<Request>(file, {HandleKind::Request});
    if (!request) return FALSE;
    if (!available) return fail(Error::InvalidParameter);
    return request->inTurn([request = request.get(), available]() -> BOOL {
      std::shared_ptr<Transfer> transfer;
      if (!receiving(*request, transfer)) return FALSE;
      return queryDataAvailable(*request, *transfer, available);
    });
  });
}
