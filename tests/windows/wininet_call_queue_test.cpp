// WinINet serialises the calls on one request (BEHAVIOUR rule 10): in
// asynchronous mode a call made while another pends is queued, not refused.
// It returns ERROR_IO_PENDING, runs once the calls before it have
// completed, and gets exactly one REQUEST_COMPLETE, in call order; closing
// the handle completes the waiting calls as cancelled before HANDLE_CLOSING.
// And a call given its own context (InternetReadFileEx, HttpSendRequestEx,
// HttpEndRequest) has its notifications and REQUEST_COMPLETE carry it.
// Proven by events: the edge server holds a body until the test opens its
// gate; each context is a recorder of its own.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <algorithm>
#include <string>
#include <vector>

#include "test_servers.h"
#include "wininet_async_helpers.h"
#include "wininet_helpers.h"
#include "wininet_status_recorder.h"

namespace {

// The notices `recorders` got for `handle` after the `after`-th one of the
// first recorder, in the order they came.
std::vector<Notice> noticesOf(HINTERNET handle, std::initializer_list<StatusRecorder*> recorders,
                              unsigned long after = 0) {
  std::vector<Notice> all;
  for (StatusRecorder* recorder : recorders)
    for (const Notice& notice : recorder->notices())
      if (notice.handle == handle && notice.order > after) all.push_back(notice);
  std::sort(all.begin(), all.end(), [](const Notice& a, const Notice& b) { return a.order < b.order; });
  return all;
}

struct Step {
  DWORD status;
  DWORD_PTR context;
  DWORD error;
  bool operator==(const Step& other) const {
    return status == other.status && context == other.context && error == other.error;
  }
};

std::vector<Step> stepsOf(const std::vector<Notice>& notices) {
  std::vector<Step> steps;
  for (const Notice& notice : notices) steps.push_back({notice.status, notice.context, notice.error});
  return steps;
}

// The notifications of a send before REQUEST_SENT: those of a new
// connection, if the send made one.
std::vector<DWORD> connectionSteps(const std::vector<DWORD>& seen) {
  if (!seen.empty() && seen.front() == INTERNET_STATUS_RESOLVING_NAME)
    return {INTERNET_STATUS_RESOLVING_NAME, INTERNET_STATUS_NAME_RESOLVED, INTERNET_STATUS_CONNECTING_TO_SERVER,
            INTERNET_STATUS_CONNECTED_TO_SERVER};
  return {};
}

std::vector<DWORD> concat(std::vector<DWORD> a, const std::vector<DWORD>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// An asynchronous request for the edge server's /gate/<gate>, sent, its
// response head in; the body waits for the gate.
HINTERNET sentGateRequest(RecordedConnection& server, StatusRecorder& recorder, const std::string& gate) {
  HINTERNET request = HttpOpenRequestA(server.connect, "GET", ("/gate/" + gate).c_str(), nullptr, nullptr, nullptr,
                                       INTERNET_FLAG_RELOAD, recorder.context());
  REQUIRE(request);
  REQUIRE_FALSE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  REQUIRE(recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE, 1));
  REQUIRE(recorder.last(INTERNET_STATUS_REQUEST_COMPLETE).error == ERROR_SUCCESS);
  return request;
}

const DWORD kComplete = INTERNET_STATUS_REQUEST_COMPLETE;

// The REQUEST_COMPLETEs `recorder` got for `handle`, in order.
std::vector<Notice> completionsOf(HINTERNET handle, StatusRecorder& recorder) {
  std::vector<Notice> out;
  for (const Notice& notice : noticesOf(handle, {&recorder}))
    if (notice.status == kComplete) out.push_back(notice);
  return out;
}

// A POST to the edge server's /echo, which answers with what it got.
HINTERNET openEcho(RecordedConnection& server, StatusRecorder& recorder) {
  HINTERNET request = HttpOpenRequestA(server.connect, "POST", "/echo", nullptr, nullptr, nullptr,
                                       INTERNET_FLAG_RELOAD, recorder.context());
  REQUIRE(request);
  return request;
}

INTERNET_BUFFERSA bodyStart(char* data, DWORD length, DWORD total) {
  INTERNET_BUFFERSA in{};
  in.dwStructSize = sizeof(in);
  in.lpvBuffer = data;
  in.dwBufferLength = length;
  in.dwBufferTotal = total;
  return in;
}

}  // namespace

TEST_CASE("WinINet async: calls made while one pends wait their turn, then complete once each, in call order") {
  StatusRecorder& recorder = newRecorder();
  StatusRecorder& readContext = newRecorder();  // the second read's own context
  const std::string gate = gateName("turns");
  RecordedConnection server(recorder, edgePort(), INTERNET_FLAG_ASYNC);
  InetHandle request(sentGateRequest(server, recorder, gate));
  const unsigned long sent = recorder.last(kComplete).order;

  char first[5];
  DWORD firstRead = 1234;
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetReadFile(request, first, sizeof(first), &firstRead));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  // Made while the read pends: each returns ERROR_IO_PENDING and waits.
  char second[64];
  INTERNET_BUFFERSA buffers{};
  buffers.dwStructSize = sizeof(buffers);
  buffers.lpvBuffer = second;
  buffers.dwBufferLength = sizeof(second);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetReadFileExA(request, &buffers, IRF_ASYNC, readContext.context()));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  DWORD available = 1234;
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetQueryDataAvailable(request, &available, 0, 0));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  // The body is held: nothing has completed; the first read, which waits
  // for it, said so before it returned.
  REQUIRE(stepsOf(noticesOf(request, {&recorder, &readContext}, sent)) ==
          std::vector<Step>{{INTERNET_STATUS_RECEIVING_RESPONSE, recorder.context(), 0}});

  openGate(gate);
  REQUIRE(recorder.waitFor(kComplete, 3));
  REQUIRE(readContext.waitFor(kComplete, 1));
  std::vector<Notice> after = noticesOf(request, {&recorder, &readContext}, sent);
  // The first read's data came in before its completion; the calls after it
  // wait for the network or not as the body arrives (not looked at here).
  REQUIRE(after.size() >= 3);
  REQUIRE(stepsOf({after[1], after[2]}) == std::vector<Step>{{INTERNET_STATUS_RESPONSE_RECEIVED, recorder.context(), 0},
                                                             {kComplete, recorder.context(), ERROR_SUCCESS}});
  after.erase(std::remove_if(after.begin(), after.end(),
                             [](const Notice& notice) {
                               return notice.status == INTERNET_STATUS_RECEIVING_RESPONSE ||
                                      notice.status == INTERNET_STATUS_RESPONSE_RECEIVED;
                             }),
              after.end());
  REQUIRE(stepsOf(after) == std::vector<Step>{{kComplete, recorder.context(), ERROR_SUCCESS},
                                              {kComplete, readContext.context(), ERROR_SUCCESS},
                                              {kComplete, recorder.context(), ERROR_SUCCESS}});
  for (const Notice& notice : after) REQUIRE(notice.result == TRUE);
  // Each call's results went where it asked, in the order of the calls.
  const std::string body = "gate " + gate + "\n";
  REQUIRE(firstRead >= 1);
  REQUIRE(firstRead <= sizeof(first));
  std::string got(first, firstRead);
  got.append(second, buffers.dwBufferLength);
  REQUIRE(available <= body.size() - got.size());
  got += readAllAsync(request, recorder);
  REQUIRE(got == body);
}

TEST_CASE("WinINet async: closing cancels the calls waiting their turn, each before HANDLE_CLOSING") {
  StatusRecorder& recorder = newRecorder();
  StatusRecorder& readContext = newRecorder();
  const std::string gate = gateName("turns-close");
  RecordedConnection server(recorder, edgePort(), INTERNET_FLAG_ASYNC);
  HINTERNET request = sentGateRequest(server, recorder, gate);
  const unsigned long sent = recorder.last(kComplete).order;

  // Whatever the calls point at must stay valid until their completion.
  static char first[8], second[8];
  static DWORD firstRead = 0, available = 0, written = 0;
  static INTERNET_BUFFERSW buffers{};
  buffers.dwStructSize = sizeof(buffers);
  buffers.lpvBuffer = second;
  buffers.dwBufferLength = sizeof(second);
  REQUIRE_FALSE(InternetReadFile(request, first, sizeof(first), &firstRead));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  REQUIRE_FALSE(InternetReadFileExW(request, &buffers, 0, readContext.context()));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  REQUIRE_FALSE(InternetQueryDataAvailable(request, &available, 0, 0));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  // A write on a GET would fail when its turn came; closed first, it is
  // cancelled like the others.
  REQUIRE_FALSE(InternetWriteFile(request, "x", 1, &written));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);

  REQUIRE(InternetCloseHandle(request));
  REQUIRE(recorder.waitFor(INTERNET_STATUS_HANDLE_CLOSING));
  const std::vector<Notice> after = noticesOf(request, {&recorder, &readContext}, sent);
  const DWORD cancelled = ERROR_INTERNET_OPERATION_CANCELLED;
  // Only the first read ran: it waited for the body, and no data came.
  REQUIRE(stepsOf(after) == std::vector<Step>{{INTERNET_STATUS_RECEIVING_RESPONSE, recorder.context(), 0},
                                              {kComplete, recorder.context(), cancelled},
                                              {kComplete, readContext.context(), cancelled},
                                              {kComplete, recorder.context(), cancelled},
                                              {kComplete, recorder.context(), cancelled},
                                              {INTERNET_STATUS_HANDLE_CLOSING, recorder.context(), 0}});
  for (std::size_t i = 1; i < 5; ++i) REQUIRE(after[i].result == FALSE);
  REQUIRE(buffers.dwBufferLength == sizeof(second));  // untouched
  openGate(gate);
}

TEST_CASE("WinINet async: HttpSendRequestEx, InternetWriteFile and HttpEndRequest made at once run in turn") {
  StatusRecorder& recorder = newRecorder();
  RecordedConnection server(recorder, edgePort(), INTERNET_FLAG_ASYNC);
  InetHandle request(openEcho(server, recorder));
  char first[] = "first-";
  INTERNET_BUFFERSA in = bodyStart(first, 6, 6 + 5 + 5);
  REQUIRE_FALSE(HttpSendRequestExA(request, &in, nullptr, 0, 0));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  DWORD written = 1234;
  REQUIRE_FALSE(InternetWriteFile(request, "part1", 5, &written));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  // Its turn comes after the write, when the body still lacks its last
  // part: the state is checked then, and the failure is its completion.
  REQUIRE_FALSE(HttpEndRequestA(request, nullptr, 0, 0));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  REQUIRE(recorder.waitFor(kComplete, 3));
  {
    const std::vector<Notice> notices = noticesOf(request, {&recorder});
    std::vector<DWORD> seen;
    for (const Notice& notice : notices) seen.push_back(notice.status);
    seen = without(seen, {INTERNET_STATUS_COOKIE_SENT});
    // The write, in its turn, is a send of its own.
    REQUIRE(seen == concat(connectionSteps(seen), {INTERNET_STATUS_SENDING_REQUEST, INTERNET_STATUS_REQUEST_SENT,
                                                   kComplete, INTERNET_STATUS_SENDING_REQUEST,
                                                   INTERNET_STATUS_REQUEST_SENT, kComplete, kComplete}));
    REQUIRE(recorder.last(INTERNET_STATUS_REQUEST_SENT).number == 5);
    const std::vector<Notice> completions = completionsOf(request, recorder);
    REQUIRE(completions[0].error == ERROR_SUCCESS);
    REQUIRE(completions[1].error == ERROR_SUCCESS);
    REQUIRE(completions[1].result == TRUE);
    REQUIRE(completions[2].result == FALSE);
    REQUIRE(completions[2].error == ERROR_INTERNET_INCORRECT_HANDLE_STATE);
  }
  REQUIRE(written == 5);

  // The last part, then the end; a read made meanwhile waits for the end.
  REQUIRE(InternetWriteFile(request, "part2", 5, &written));
  REQUIRE(written == 5);
  REQUIRE_FALSE(HttpEndRequestA(request, nullptr, 0, 0));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  char echoed[1024];
  DWORD read = 0;
  const bool readPended = !InternetReadFile(request, echoed, sizeof(echoed), &read);
  if (readPended) REQUIRE(GetLastError() == ERROR_IO_PENDING);
  // The end could have completed already; the read then ran at once.
  REQUIRE(recorder.waitFor(kComplete, readPended ? 5 : 4));
  const std::vector<Notice> completions = completionsOf(request, recorder);
  REQUIRE(completions.size() == (readPended ? 5u : 4u));
  for (std::size_t i = 3; i < completions.size(); ++i) {
    REQUIRE(completions[i].result == TRUE);
    REQUIRE(completions[i].error == ERROR_SUCCESS);
  }
  REQUIRE(statusOf(request) == 200);
  const std::string body = std::string(echoed, read) + readAllAsync(request, recorder);
  REQUIRE(body.substr(body.size() - 16) == "first-part1part2");
}

TEST_CASE("WinINet: a call given its own context notifies and completes with it, sync and async") {
  for (const bool async : {false, true}) {
    INFO((async ? "async" : "sync"));
    StatusRecorder& recorder = newRecorder();     // the handles' context
    StatusRecorder& sendContext = newRecorder();  // HttpSendRequestEx's
    StatusRecorder& endContext = newRecorder();   // HttpEndRequest's
    RecordedConnection server(recorder, edgePort(), async ? INTERNET_FLAG_ASYNC : 0);
    InetHandle request(openEcho(server, recorder));
    char data[] = "abcd";
    INTERNET_BUFFERSA in = bodyStart(data, 4, 4);
    const BOOL sentNow = HttpSendRequestExA(request, &in, nullptr, 0, sendContext.context());
    if (async) {
      REQUIRE_FALSE(sentNow);
      REQUIRE(GetLastError() == ERROR_IO_PENDING);
      REQUIRE(sendContext.waitFor(kComplete));
    } else {
      REQUIRE(sentNow);
    }
    std::vector<DWORD> seen = without(sendContext.statuses(request.h), {INTERNET_STATUS_COOKIE_SENT});
    std::vector<DWORD> expected =
        concat(connectionSteps(seen), {INTERNET_STATUS_SENDING_REQUEST, INTERNET_STATUS_REQUEST_SENT});
    if (async) expected.push_back(kComplete);
    REQUIRE(seen == expected);
    REQUIRE(recorder.statuses(request.h).empty());

    const BOOL endedNow = HttpEndRequestA(request, nullptr, 0, endContext.context());
    if (async) {
      REQUIRE_FALSE(endedNow);
      REQUIRE(GetLastError() == ERROR_IO_PENDING);
      REQUIRE(endContext.waitFor(kComplete));
      REQUIRE(endContext.last(kComplete).error == ERROR_SUCCESS);
    } else {
      REQUIRE(endedNow);
    }
    expected = {INTERNET_STATUS_RECEIVING_RESPONSE, INTERNET_STATUS_RESPONSE_RECEIVED};
    if (async) expected.push_back(kComplete);
    REQUIRE(without(endContext.statuses(request.h), {INTERNET_STATUS_COOKIE_RECEIVED}) == expected);
    REQUIRE(statusOf(request) == 200);
    // Each notice went to its own recorder through its own context.
    for (StatusRecorder* each : {&sendContext, &endContext})
      for (const Notice& notice : each->notices()) REQUIRE(notice.context == each->context());
    // A context of 0 is the handle's.
    REQUIRE(recorder.statuses(request.h).empty());
  }
}
