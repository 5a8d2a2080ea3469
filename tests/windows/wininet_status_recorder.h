#pragma once
// Records WinINet status notifications for the callback and async tests.
// The context of every handle under test points to its recorder.
#include <windows.h>
#include <wininet.h>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "wininet_helpers.h"

struct Notice {
  HINTERNET handle = nullptr;
  DWORD status = 0;
  std::string text;        // string information, converted to UTF-8
  bool lengthRight = true; // the length matches the string (bytes, terminator included)
  DWORD number = 0;        // DWORD information
  DWORD_PTR result = 0;    // INTERNET_ASYNC_RESULT, HANDLE_CREATED/CLOSING's handle
  DWORD error = 0;
  DWORD thread = 0;
  DWORD_PTR context = 0;   // the callback's dwContext: the recorder's, or a call's own
  unsigned long order = 0; // across all recorders, in the order the notices came
};

class StatusRecorder {
 public:
  // Runs inside the callback, after the notice is recorded.
  std::function<void(const Notice&)> onNotice;

  DWORD_PTR context() { return reinterpret_cast<DWORD_PTR>(this); }
  static void CALLBACK callbackA(HINTERNET handle, DWORD_PTR context, DWORD status, LPVOID info, DWORD length);
  static void CALLBACK callbackW(HINTERNET handle, DWORD_PTR context, DWORD status, LPVOID info, DWORD length);

  std::vector<Notice> notices();
  // The statuses of `handle` (all handles: null), in order.
  std::vector<DWORD> statuses(HINTERNET handle = nullptr);
  // Waits (20 s at most, a guard against hangs, never a measure) until
  // `status` has been seen `count` times; false if it was not.
  bool waitFor(DWORD status, std::size_t count = 1);
  std::size_t countOf(DWORD status);
  // The last notice with `status`.
  Notice last(DWORD status);

 private:
  void record(HINTERNET handle, DWORD_PTR context, DWORD status, LPVOID info, DWORD length, bool wide);

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Notice> notices_;
};

// A recorder that is never freed: a handle closed at the end of a test may
// still notify after the test has returned (asynchronous mode), and its
// context must stay valid until HANDLE_CLOSING.
StatusRecorder& newRecorder();

// Statuses that are expected in order, without the ones a test does not
// look at (COOKIE_*, DETECTING_PROXY, ...).
std::vector<DWORD> without(std::vector<DWORD> statuses, std::vector<DWORD> ignored);

// A session (flags of InternetOpen) whose callback is the recorder's, and a
// connect handle to 127.0.0.1:port with the recorder as its context.
struct RecordedConnection {
  RecordedConnection(StatusRecorder& recorder, unsigned short port, DWORD flags = 0);
  InetHandle session;
  InetHandle connect;
};
