// A synchronous session's request closed from one thread just as another
// thread's call on it starts. Whoever wins, the request's HANDLE_CLOSING has
// come, exactly once and last, by the time the close has returned (and the
// call too): the close waits for the call to let go of the handle, and a
// call that found the handle before the close marked it runs its own
// notifications first rather than waiting behind the close (which, before
// it gave way, stalled both for the close's 5 s limit and left the
// HANDLE_CLOSING to come later).
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <atomic>
#include <thread>
#include <vector>

#include "test_servers.h"
#include "winhttp_helpers.h"

namespace {

struct RaceRound {
  std::atomic<int> closing{0};
  std::atomic<bool> afterClosing{false};  // a notification after HANDLE_CLOSING
};

void CALLBACK countClosing(HINTERNET, DWORD_PTR context, DWORD status, LPVOID, DWORD) {
  auto* round = reinterpret_cast<RaceRound*>(context);
  if (!round) return;
  if (round->closing.load() > 0) round->afterClosing = true;
  if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) ++round->closing;
}

// Runs `call` on another thread released together with the close. One of
// the two first waits `spins` turns of a busy loop (the close when `spins`
// is positive, the call when negative), so that the rounds sweep the
// call's start across the close's. Returns how many HANDLE_CLOSINGs had
// come when WinHttpCloseHandle returned.
template <class Call>
int raceClose(HINTERNET request, const RaceRound& round, int spins, Call&& call) {
  std::atomic<bool> ready{false}, go{false};
  auto wait = [](int turns) {
    for (volatile int spin = 0; spin < turns; ++spin) {
    }
  };
  std::thread caller([&] {
    ready = true;
    while (!go.load()) {
    }
    wait(-spins);
    call();
  });
  while (!ready.load()) {
  }
  go = true;
  wait(spins);
  REQUIRE(WinHttpCloseHandle(request));
  const int closedBeforeReturn = round.closing.load();
  caller.join();
  return closedBeforeReturn;
}

}  // namespace

TEST_CASE("WinHTTP sync close race: HANDLE_CLOSING has come once a call racing the close and the close have returned") {
  WinHttpHandle session(WinHttpOpen(L"hinternet-race", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  WinHttpHandle connect(WinHttpConnect(session, L"127.0.0.1", httpPort(), 0));
  REQUIRE((session.h && connect.h));
  constexpr int kRounds = 300;
  // Never freed: should a HANDLE_CLOSING come late after all, it must not
  // find its context gone.
  auto* rounds = new std::vector<RaceRound>(kRounds);
  int callSucceeded = 0, callRefused = 0;
  for (int i = 0; i < kRounds; ++i) {
    INFO("round " << i);
    RaceRound& round = (*rounds)[i];
    HINTERNET request = openGet(connect, L"/hello.txt");
    REQUIRE(WinHttpSetStatusCallback(request, countClosing, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0) == nullptr);
    RaceRound* context = &round;
    REQUIRE(WinHttpSetOption(request, WINHTTP_OPTION_CONTEXT_VALUE, &context, sizeof(context)));
    // The send, whose way from finding the handle to waiting on it is the
    // longest (it starts a transfer first); a query and a read served from
    // what is buffered. All three wait on the request's notifications.
    const int kind = i % 3;
    if (kind) REQUIRE(sendAndReceive(request));
    BOOL ok = FALSE;
    DWORD error = 0;
    const int closedBeforeReturn = raceClose(request, round, (i / 3 % 100 - 10) * 100, [&] {
      if (kind == 0) {
        ok = WinHttpSendRequest(request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0);
      } else if (kind == 1) {
        DWORD available = 0;
        ok = WinHttpQueryDataAvailable(request, &available);
      } else {
        char buffer[64];
        DWORD read = 0;
        ok = WinHttpReadData(request, buffer, sizeof(buffer), &read);
      }
      error = ok ? ERROR_SUCCESS : GetLastError();
    });
    if (ok) {
      ++callSucceeded;
    } else {
      ++callRefused;
      CHECK((error == ERROR_INVALID_HANDLE || error == ERROR_WINHTTP_OPERATION_CANCELLED));
    }
    // A synchronous handle's HANDLE_CLOSING comes before the close
    // returns; the close waited for the call to let go if it had to.
    REQUIRE(closedBeforeReturn == 1);
    REQUIRE(round.closing.load() == 1);
    REQUIRE_FALSE(round.afterClosing.load());
  }
  INFO("calls that got through: " << callSucceeded << ", refused: " << callRefused);
  CHECK(callSucceeded + callRefused == kRounds);
}
