// WinINet serialises the calls on a request (BEHAVIOUR rule 10): in
// asynchronous mode a call made while another is in progress is not
// refused but queued. It returns ERROR_IO_PENDING at once, runs once the
// calls before it have completed, and completes with its own
// REQUEST_COMPLETE, in call order; closing the handle cancels it (its
// REQUEST_COMPLETE then says ERROR_INTERNET_OPERATION_CANCELLED, before
// HANDLE_CLOSING). Its arguments are checked when it is made; the state of
// the request (response there, body complete...) when it runs.
#include "api_guard.h"
#include "handles.h"

namespace hinternet::wininet {

BOOL Request::inTurn(const std::function<BOOL()>& call, DWORD_PTR context) {
  if (!async()) return call();
  auto self = std::static_pointer_cast<Request>(shared_from_this());
  if (!turns_.take([self, call, context] { self->runInTurn(call, context); })) {
    SetLastError(ERROR_IO_PENDING);
    return FALSE;
  }
  const BOOL ok = call();
  // A call that pends keeps the turn until it completes (finish()).
  if (ok || GetLastError() != ERROR_IO_PENDING) {
    const DWORD error = GetLastError();
    endTurn();
    SetLastError(error);
  }
  return ok;
}

void Request::runInTurn(const std::function<BOOL()>& call, DWORD_PTR context) {
  BOOL ok = FALSE;
  DWORD error = ERROR_INTERNET_OPERATION_CANCELLED;
  if (!isClosed()) {
    ok = win32::guardedCall("queued call", FALSE, call);
    error = ok ? ERROR_SUCCESS : GetLastError();
    if (!ok && error == ERROR_IO_PENDING) return;
  }
  // The turn goes first, as in finish(): a call the callback makes waits
  // only for the calls made before it.
  endTurn();
  INTERNET_ASYNC_RESULT result{static_cast<DWORD_PTR>(ok ? TRUE : FALSE), error};
  notify(*this, INTERNET_STATUS_REQUEST_COMPLETE, &result, sizeof(result), context);
}

void Request::endTurn() {
  // On this handle's queue, behind what it has to deliver already.
  if (CallTurns::Task next = turns_.next()) queue->post(std::move(next));
}

}  // namespace hinternet::wininet
