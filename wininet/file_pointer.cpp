// InternetSetFilePointer: moves where the next read of a request's body
// starts, over the bytes kept by BodyReplay. Moving past what is kept reads
// the body ahead into it: at once in synchronous mode; in asynchronous mode
// the call never waits ("a synchronous call", says its page), and the reads
// after it skip up to the position as the body comes, pending meanwhile.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "api_guard.h"
#include "handles.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::guardedCall;

namespace {

constexpr DWORD kFailed = INVALID_SET_FILE_POINTER;

DWORD failWith(DWORD error) {
  SetLastError(error);
  return kFailed;
}

// Reads the body ahead into the replay until `target` bytes are kept or the
// body ends (`target` 0: to the end).
Error readAhead(Request& request, Transfer& transfer, std::uint64_t target) {
  std::vector<char> chunk(64 * 1024);
  const long idleMs = static_cast<long>(optionValue(request, INTERNET_OPTION_RECEIVE_TIMEOUT));
  while (!target || request.replay.kept() < target) {
    std::size_t available = 0;
    const Error error = transfer.waitForData(idleMs, available);
    if (error != Error::None) return error;
    if (!available) return Error::None;
    std::size_t wanted = chunk.size();
    if (target) wanted = static_cast<std::size_t>(std::min<std::uint64_t>(wanted, target - request.replay.kept()));
    const std::size_t got = transfer.read(chunk.data(), wanted);
    if (!request.replay.record(chunk.data(), static_cast<DWORD>(got))) return Error::NotEnoughMemory;
  }
  return Error::None;
}

// Reads what `transfer` already holds into the replay, up to its position;
// false while the position is still ahead of what is kept.
bool fillToPosition(Request& request, Transfer& transfer) {
  std::vector<char> chunk;
  for (;;) {
    const std::uint64_t kept = request.replay.kept();
    const std::uint64_t position = request.replay.position();
    if (position <= kept) return true;
    if (chunk.empty()) chunk.resize(64 * 1024);
    const std::size_t wanted = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), position - kept));
    const std::size_t got = transfer.read(chunk.data(), wanted);
    if (!got || !request.replay.record(chunk.data(), static_cast<DWORD>(got))) return false;
  }
}

// The body's length for FILE_END: the Content-Length of a body not decoded,
// else what is kept once the whole body has arrived; -1 when not known yet.
std::int64_t bodyLength(Request& request, Transfer& transfer) {
  const ResponseHead head = request.exchange.response();
  const auto* length = head.headers.find("Content-Length");
  if (length && !head.headers.find("Content-Encoding")) {
    char* end = nullptr;
    const unsigned long long value = std::strtoull(length->value.c_str(), &end, 10);
    if (end != length->value.c_str() && !*end) return static_cast<std::int64_t>(value);
  }
  bool ended = false;
  Error error = Error::None;
  transfer.available(ended, error);
  if (!ended || error != Error::None) return -1;
  if (readAhead(request, transfer, 0) != Error::None) return -1;
  return static_cast<std::int64_t>(request.replay.kept());
}

}  // namespace

namespace hinternet::wininet {

std::size_t Request::bodyAvailable(Transfer& transfer, bool& ended, Error& error) {
  const std::uint64_t kept = replaysBody() ? replay.remaining() : 0;
  const bool reached = !replaysBody() || kept || fillToPosition(*this, transfer);
  const std::size_t available = transfer.available(ended, error);
  if (kept) return static_cast<std::size_t>(std::min<std::uint64_t>(kept, SIZE_MAX));
  if (reached) return available;
  // Short of the position: nothing to read yet, or the end; or the bytes
  // on the way could not be kept, which ends the body with an error.
  if (replay.broken()) {
    ended = true;
    error = Error::NotEnoughMemory;
  }
  return 0;
}

std::size_t Request::readBody(Transfer& transfer, void* buffer, std::size_t length) {
  if (!replaysBody()) return transfer.read(buffer, length);
  const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(length, MAXDWORD));
  if (const DWORD served = replay.serve(buffer, chunk)) return served;
  if (!fillToPosition(*this, transfer)) return 0;
  const std::size_t got = transfer.read(buffer, chunk);
  replay.record(buffer, static_cast<DWORD>(got));
  return got;
}

}  // namespace hinternet::wininet

extern "C" DWORD WINAPI InternetSetFilePointer(HINTERNET file, LONG distance, PVOID reserved, DWORD method,
                                               DWORD_PTR context) {
  LOG_TRACE("InternetSetFilePointer(%p, %ld, %p, %lu, %p)", file, distance, reserved, method, (void*)context);
  return guardedCall("InternetSetFilePointer", kFailed, [&]() -> DWORD {
    auto request = find<Request>(file, {HandleKind::Request});
    if (!request) return kFailed;
    if (!request->replaysBody()) return failWith(ERROR_INTERNET_INVALID_OPERATION);
    // Not under a read or query that is still pending.
    if (request->async() && request->callPending()) return failWith(ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    if (method != FILE_BEGIN && method != FILE_CURRENT && method != FILE_END)
      return failWith(ERROR_INVALID_PARAMETER);
    std::shared_ptr<Transfer> transfer;
    if (!api().findReceiving<Request>(file, transfer)) return kFailed;
    if (request->replay.broken()) return failWith(ERROR_INTERNET_INVALID_OPERATION);
    // MinGW's header calls it pReserved; Microsoft's, lpDistanceToMoveHigh:
    // the high half of a 64-bit move, and of the new position on return.
    auto* distanceHigh = static_cast<LONG*>(reserved);
    const std::int64_t move = distanceHigh
        ? static_cast<std::int64_t>((static_cast<std::uint64_t>(static_cast<DWORD>(*distanceHigh)) << 32) |
                                    static_cast<DWORD>(distance))
        : distance;
    struct CatchUp {
      Request& request;
      ~CatchUp() { request.catchUp(); }
    } catchUp{*request};
    // A failed move leaves the position where it was.
    const std::uint64_t before = request->replay.position();
    auto refuse = [&](DWORD error) {
      request->replay.setPosition(before);
      return failWith(error);
    };
    std::int64_t base = 0;
    if (method == FILE_CURRENT) base = static_cast<std::int64_t>(before);
    if (method == FILE_END) {
      // Once the whole body is in, reading it to its end does not wait.
      base = bodyLength(*request, *transfer);
      if (base < 0) return refuse(ERROR_INTERNET_INVALID_OPERATION);
    }
    // FILE_BEGIN takes the distance as an unsigned position.
    const std::int64_t target = method == FILE_BEGIN && !distanceHigh ? static_cast<DWORD>(distance) : base + move;
    if (target < 0) return refuse(ERROR_NEGATIVE_SEEK);
    if (!request->async() && static_cast<std::uint64_t>(target) > request->replay.kept()) {
      if (const Error error = readAhead(*request, *transfer, static_cast<std::uint64_t>(target));
          error != Error::None)
        return refuse(errorCode(error));
    }
    request->replay.setPosition(static_cast<std::uint64_t>(target));
    if (request->async()) fillToPosition(*request, *transfer);
    if (distanceHigh) *distanceHigh = static_cast<LONG>(static_cast<std::uint64_t>(target) >> 32);
    SetLastError(ERROR_SUCCESS);
    return static_cast<DWORD>(target);
  });
}
