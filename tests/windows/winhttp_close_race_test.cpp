// A synchronous session's request closed from one thread just as another
// thread's call on it starts. Whoever wins, the request's HANDLE_CLOSING has
// come, exactly once and last, by the time both the call and the close have
// returned: the close waits for the call to let go of the handle, and a
// call that found the handle before the close marked it runs its own
// notifications first rather than waiting behind the close.
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

// Runs `call` on another thread released together with the close; the
// thread waits `spins` turns of a busy loop first, so that the rounds sweep
// the call's start across the close's.
template <class Call>
void raceClose(HINTERNET request, int spins, Call&& call) {
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::thread caller([&] {
    ++ready;
    while (!go.load()) {
    }
    for (volatile int spin = 0; spin < spins; ++spin) {
    }
    call();
  });
  while (ready.load() < 1) {
  }
  go = true;
  REQUIRE(WinHttpCloseHandle(request));
  caller.join();
}

}  // namespace

TEST_CASE("WinHTTP sync close race: HANDLE_CLOSING has come once a call racing the close and the close have returned") {
  WinHttpHandle session(WinHttpOpen(L"hinternet-race", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  REQUIRE(session.h);
  WinHttpHandle connect(WinHttpConnect(session, L"127.0.0.1", httpPort(), 0));
  REQUIRE(connect.h);
  constexpr int kRounds = 150;
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
    REQUIRE(sendAndReceive(request));
    BOOL ok = FALSE;
    DWORD error = 0;
    // Alternate a call that completes from what is buffered and one that
    // reads it: both wait on the request's notifications.
    raceClose(request, (i % 30) * 500, [&] {
      if (i % 2) {
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
    REQUIRE(round.closing.load() == 1);
    REQUIRE_FALSE(round.afterClosing.load());
  }
  INFO("calls that got through: " << callSucceeded << ", refused: " << callRefused);
  CHECK(callSucceeded + callRefused == kRounds);
}
