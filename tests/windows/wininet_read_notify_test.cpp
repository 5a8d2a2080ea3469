// What WinINet tells about a read that waits for the network, and about
// the writes of a streamed body (Wine's wininet http.c tests record
// Windows doing this):
// - A read (InternetReadFile, InternetReadFileEx, InternetQueryDataAvailable)
//   that finds no body data buffered sends RECEIVING_RESPONSE before it
//   blocks (synchronous mode) or returns ERROR_IO_PENDING (asynchronous
//   mode), then RESPONSE_RECEIVED with a DWORD count of what came, before
//   its REQUEST_COMPLETE. Both carry the call's context.
// - A read served from what is buffered sends neither.
// - Each InternetWriteFile on a request sent with HttpSendRequestEx sends
//   SENDING_REQUEST, then REQUEST_SENT with the bytes written.
// Proven by events: the edge server holds a body until the test opens its
// gate, and the gate opens only once the read has said it waits.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>
#include <thread>
#include <vector>

#include "test_servers.h"
#include "wininet_async_helpers.h"
#include "wininet_helpers.h"
#include "wininet_status_recorder.h"

namespace {

// The notices `recorder` got for `handle` after the first `skip`.
std::vector<Notice> noticesSince(StatusRecorder& recorder, HINTERNET handle, std::size_t skip) {
  std::vector<Notice> out;
  for (const Notice& notice : recorder.notices())
    if (notice.handle == handle) out.push_back(notice);
  out.erase(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(std::min(skip, out.size())));
  return out;
}

std::size_t noticeCount(StatusRecorder& recorder, HINTERNET handle) { return recorder.statuses(handle).size(); }

// A call that succeeds: at once in synchronous mode; pending, then by the
// `completion`-th REQUEST_COMPLETE of `recorder`, in asynchronous mode.
void requireDone(BOOL ok, bool async, StatusRecorder& recorder, std::size_t completion) {
  if (!async) {
    REQUIRE(ok);
    return;
  }
  REQUIRE_FALSE(ok);
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  REQUIRE(recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE, completion));
  REQUIRE(recorder.last(INTERNET_STATUS_REQUEST_COMPLETE).error == ERROR_SUCCESS);
}

// A request for the edge server's /gate/<gate>, sent: the response head is
// in, the body waits for the gate.
HINTERNET sentGateRequest(RecordedConnection& server, StatusRecorder& recorder, const std::string& gate,
                          bool async) {
  HINTERNET request = HttpOpenRequestA(server.connect, "GET", ("/gate/" + gate).c_str(), nullptr, nullptr, nullptr,
                                       INTERNET_FLAG_RELOAD, recorder.context());
  REQUIRE(request);
  requireDone(HttpSendRequestA(request, nullptr, 0, nullptr, 0), async, recorder, 1);
  return request;
}

// Opens the gate from another thread once `recorder` has seen
// RECEIVING_RESPONSE `count` times: a synchronous read blocked on the gate
// gets its data only if it said first that it waits.
class GateOpener {
 public:
  GateOpener(StatusRecorder& recorder, std::string gate, std::size_t count)
      : thread_([this, &recorder, gate, count] {
          told_ = recorder.waitFor(INTERNET_STATUS_RECEIVING_RESPONSE, count);
          opened_ = gateOpened(gate);  // either way: the read must not stay blocked
        }) {}
  ~GateOpener() {
    if (thread_.joinable()) thread_.join();
  }
  // Whether the read said it waits before the gate opened.
  bool told() {
    thread_.join();
    REQUIRE(opened_);
    return told_;
  }

 private:
  bool told_ = false;
  bool opened_ = false;
  std::thread thread_;
};

// `notices` are RECEIVING_RESPONSE / RESPONSE_RECEIVED pairs, as many as
// the network made the call wait, each with `context`; their counts add
// up to `total`.
void requireWaits(const std::vector<Notice>& notices, DWORD_PTR context, DWORD total) {
  REQUIRE(!notices.empty());
  REQUIRE(notices.size() % 2 == 0);
  DWORD sum = 0;
  for (std::size_t i = 0; i < notices.size(); i += 2) {
    REQUIRE(notices[i].status == INTERNET_STATUS_RECEIVING_RESPONSE);
    REQUIRE(notices[i + 1].status == INTERNET_STATUS_RESPONSE_RECEIVED);
    REQUIRE(notices[i + 1].lengthRight);
    REQUIRE(notices[i].context == context);
    REQUIRE(notices[i + 1].context == context);
    sum += notices[i + 1].number;
  }
  REQUIRE(sum == total);
}

enum class ReadKind { ReadFile, ReadFileExA, ReadFileExWNoWait, QueryData };

const char* nameOf(ReadKind kind) {
  switch (kind) {
    case ReadKind::ReadFile: return "InternetReadFile";
    case ReadKind::ReadFileExA: return "InternetReadFileExA";
    case ReadKind::ReadFileExWNoWait: return "InternetReadFileExW IRF_NO_WAIT";
    case ReadKind::QueryData: return "InternetQueryDataAvailable";
  }
  return "";
}

// One read of `kind` on `request`, its buffers kept by the caller until it
// completes. `context`: the call's own (ReadFileEx), else the handle's.
struct Read {
  char buffer[8] = {};
  DWORD count = 1234;  // InternetReadFile's count, QueryData's bytes
  INTERNET_BUFFERSA buffersA{};
  INTERNET_BUFFERSW buffersW{};

  BOOL start(ReadKind kind, HINTERNET request, DWORD_PTR context) {
    SetLastError(0xdeadbeef);
    switch (kind) {
      case ReadKind::ReadFile:
        return InternetReadFile(request, buffer, sizeof(buffer), &count);
      case ReadKind::ReadFileExA:
        buffersA.dwStructSize = sizeof(buffersA);
        buffersA.lpvBuffer = buffer;
        buffersA.dwBufferLength = sizeof(buffer);
        return InternetReadFileExA(request, &buffersA, IRF_ASYNC, context);
      case ReadKind::ReadFileExWNoWait:
        buffersW.dwStructSize = sizeof(buffersW);
        buffersW.lpvBuffer = buffer;
        buffersW.dwBufferLength = sizeof(buffer);
        return InternetReadFileExW(request, &buffersW, IRF_NO_WAIT, context);
      case ReadKind::QueryData:
        return InternetQueryDataAvailable(request, &count, 0, 0);
    }
    return FALSE;
  }

  // What the call got: bytes read, or (IRF_NO_WAIT's wait, QueryData) bytes there to read.
  DWORD got(ReadKind kind) const {
    switch (kind) {
      case ReadKind::ReadFileExA: return buffersA.dwBufferLength;
      case ReadKind::ReadFileExWNoWait: return buffersW.dwBufferLength;
      default: return count;
    }
  }
};

bool ownContext(ReadKind kind) { return kind == ReadKind::ReadFileExA || kind == ReadKind::ReadFileExWNoWait; }

}  // namespace

TEST_CASE("WinINet read notifications: a synchronous read that waits for the body says RECEIVING_RESPONSE "
          "before it blocks, then RESPONSE_RECEIVED with what came") {
  for (const ReadKind kind : {ReadKind::ReadFile, ReadKind::ReadFileExA, ReadKind::QueryData}) {
    INFO(nameOf(kind));
    StatusRecorder& recorder = newRecorder();
    StatusRecorder& callContext = newRecorder();
    const std::string gate = gateName("sync-wait");
    RecordedConnection server(recorder, edgePort());
    InetHandle request(sentGateRequest(server, recorder, gate, false));
    const std::size_t sent = noticeCount(recorder, request.h);
    StatusRecorder& told = ownContext(kind) ? callContext : recorder;
    GateOpener opener(told, gate, told.countOf(INTERNET_STATUS_RECEIVING_RESPONSE) + 1);
    Read read;
    REQUIRE(read.start(kind, request, callContext.context()));
    REQUIRE(opener.told());
    REQUIRE(read.got(kind) > 0);
    REQUIRE(read.got(kind) <= ("gate " + gate + "\n").size());
    if (ownContext(kind)) {
      requireWaits(noticesSince(callContext, request.h, 0), callContext.context(), read.got(kind));
      REQUIRE(noticeCount(recorder, request.h) == sent);
    } else {
      requireWaits(noticesSince(recorder, request.h, sent), recorder.context(), read.got(kind));
    }
    for (const Notice& notice : told.notices()) REQUIRE(notice.thread == GetCurrentThreadId());
  }
}

TEST_CASE("WinINet read notifications: an asynchronous read that pends says RECEIVING_RESPONSE before it "
          "returns, then RESPONSE_RECEIVED with what came, then REQUEST_COMPLETE") {
  for (const ReadKind kind :
       {ReadKind::ReadFile, ReadKind::ReadFileExA, ReadKind::ReadFileExWNoWait, ReadKind::QueryData}) {
    INFO(nameOf(kind));
    StatusRecorder& recorder = newRecorder();
    StatusRecorder& callContext = newRecorder();
    const std::string gate = gateName("async-wait");
    RecordedConnection server(recorder, edgePort(), INTERNET_FLAG_ASYNC);
    InetHandle request(sentGateRequest(server, recorder, gate, true));
    const std::size_t sent = noticeCount(recorder, request.h);
    StatusRecorder& told = ownContext(kind) ? callContext : recorder;
    const std::size_t before = ownContext(kind) ? 0 : sent;
    static Read read;  // the call may complete after a failed check
    read = Read{};
    REQUIRE_FALSE(read.start(kind, request, callContext.context()));
    REQUIRE(GetLastError() == ERROR_IO_PENDING);
    // Said before the call returned, on this thread.
    std::vector<Notice> notices = noticesSince(told, request.h, before);
    REQUIRE(notices.size() == 1);
    REQUIRE(notices[0].status == INTERNET_STATUS_RECEIVING_RESPONSE);
    REQUIRE(notices[0].context == told.context());
    REQUIRE(notices[0].thread == GetCurrentThreadId());

    openGate(gate);
    REQUIRE(told.waitFor(INTERNET_STATUS_REQUEST_COMPLETE, ownContext(kind) ? 1 : 2));
    notices = noticesSince(told, request.h, before);
    REQUIRE(notices.size() == 3);
    REQUIRE(notices[1].status == INTERNET_STATUS_RESPONSE_RECEIVED);
    REQUIRE(notices[1].lengthRight);
    REQUIRE(notices[1].context == told.context());
    REQUIRE(notices[2].status == INTERNET_STATUS_REQUEST_COMPLETE);
    REQUIRE(notices[2].context == told.context());
    REQUIRE(notices[2].result == TRUE);
    REQUIRE(notices[2].error == ERROR_SUCCESS);
    REQUIRE(notices[1].number > 0);
    if (kind == ReadKind::ReadFileExWNoWait) {
      // The wait completes without reading: the buffer is as it was.
      REQUIRE(read.got(kind) == sizeof(read.buffer));
    } else {
      REQUIRE(notices[1].number == read.got(kind));
    }
    if (ownContext(kind)) REQUIRE(noticeCount(recorder, request.h) == sent);
  }
}

TEST_CASE("WinINet read notifications: a read served from what is buffered says nothing, sync and async") {
  for (const bool async : {false, true}) {
    INFO((async ? "async" : "sync"));
    StatusRecorder& recorder = newRecorder();
    const std::string gate = gateName("buffered");
    RecordedConnection server(recorder, edgePort(), async ? INTERNET_FLAG_ASYNC : 0);
    InetHandle request(sentGateRequest(server, recorder, gate, async));
    // A query that waits for the body leaves what it counted buffered.
    DWORD available = 0;
    std::size_t completions = recorder.countOf(INTERNET_STATUS_REQUEST_COMPLETE);
    if (async) {
      REQUIRE_FALSE(InternetQueryDataAvailable(request, &available, 0, 0));
      REQUIRE(GetLastError() == ERROR_IO_PENDING);
      openGate(gate);
      REQUIRE(recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE, ++completions));
    } else {
      GateOpener opener(recorder, gate, recorder.countOf(INTERNET_STATUS_RECEIVING_RESPONSE) + 1);
      REQUIRE(InternetQueryDataAvailable(request, &available, 0, 0));
      REQUIRE(opener.told());
    }
    REQUIRE(available > 0);
    REQUIRE(recorder.last(INTERNET_STATUS_RESPONSE_RECEIVED).number == available);
    const std::size_t queried = noticeCount(recorder, request.h);

    // Reading it, in two reads and with each form, never waits.
    std::string got(available, '\0');
    const DWORD half = available / 2;
    DWORD read = 0;
    REQUIRE(InternetReadFile(request, &got[0], half, &read));
    REQUIRE(read == half);
    INTERNET_BUFFERSW buffers{};
    buffers.dwStructSize = sizeof(buffers);
    buffers.lpvBuffer = &got[half];
    buffers.dwBufferLength = available - half;
    REQUIRE(InternetReadFileExW(request, &buffers, IRF_ASYNC, recorder.context()));
    REQUIRE(buffers.dwBufferLength == available - half);
    REQUIRE(got == ("gate " + gate + "\n").substr(0, available));
    REQUIRE(noticeCount(recorder, request.h) == queried);
    REQUIRE(recorder.countOf(INTERNET_STATUS_REQUEST_COMPLETE) == completions);
  }
}

TEST_CASE("WinINet write notifications: each InternetWriteFile of a streamed body says SENDING_REQUEST, then "
          "REQUEST_SENT with the bytes written, before it returns, sync and async") {
  for (const bool async : {false, true}) {
    INFO((async ? "async" : "sync"));
    StatusRecorder& recorder = newRecorder();
    RecordedConnection server(recorder, edgePort(), async ? INTERNET_FLAG_ASYNC : 0);
    InetHandle request(HttpOpenRequestA(server.connect, "POST", "/echo", nullptr, nullptr, nullptr,
                                        INTERNET_FLAG_RELOAD, recorder.context()));
    REQUIRE(request.h);
    INTERNET_BUFFERSA in{};
    in.dwStructSize = sizeof(in);
    in.dwBufferTotal = 3 + 4;
    requireDone(HttpSendRequestExA(request, &in, nullptr, 0, 0), async, recorder, 1);
    for (const std::string part : {"abc", "defg"}) {
      const std::size_t before = noticeCount(recorder, request.h);
      DWORD written = 0;
      REQUIRE(InternetWriteFile(request, part.data(), static_cast<DWORD>(part.size()), &written));
      REQUIRE(written == part.size());
      const std::vector<Notice> notices = noticesSince(recorder, request.h, before);
      REQUIRE(notices.size() == 2);
      REQUIRE(notices[0].status == INTERNET_STATUS_SENDING_REQUEST);
      REQUIRE(notices[1].status == INTERNET_STATUS_REQUEST_SENT);
      REQUIRE(notices[1].lengthRight);
      REQUIRE(notices[1].number == written);
      for (const Notice& notice : notices) {
        REQUIRE(notice.context == recorder.context());
        REQUIRE(notice.thread == GetCurrentThreadId());
      }
    }
    requireDone(HttpEndRequestA(request, nullptr, 0, 0), async, recorder, 2);
    REQUIRE(statusOf(request) == 200);
    const std::string echoed = async ? readAllAsync(request, recorder) : readAll(request);
    REQUIRE(echoed.substr(echoed.size() - 7) == "abcdefg");
  }
}

TEST_CASE("WinINet read notifications: a read that waits and meets the end says RESPONSE_RECEIVED with 0, "
          "sync and async") {
  for (const bool async : {false, true}) {
    INFO((async ? "async" : "sync"));
    StatusRecorder& recorder = newRecorder();
    const std::string gate = gateName("end");
    RecordedConnection server(recorder, edgePort(), async ? INTERNET_FLAG_ASYNC : 0);
    // The body ends when the server closes the connection, once the gate opens.
    InetHandle request(HttpOpenRequestA(server.connect, "GET", ("/gate-end/" + gate).c_str(), nullptr, nullptr,
                                        nullptr, INTERNET_FLAG_RELOAD, recorder.context()));
    REQUIRE(request.h);
    requireDone(HttpSendRequestA(request, nullptr, 0, nullptr, 0), async, recorder, 1);
    const std::size_t sent = noticeCount(recorder, request.h);
    static char buffer[8];
    static DWORD read = 1234;
    read = 1234;
    if (async) {
      REQUIRE_FALSE(InternetReadFile(request, buffer, sizeof(buffer), &read));
      REQUIRE(GetLastError() == ERROR_IO_PENDING);
      REQUIRE(recorder.statuses(request.h).back() == INTERNET_STATUS_RECEIVING_RESPONSE);
      openGate(gate);
      REQUIRE(recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE, 2));
      REQUIRE(recorder.last(INTERNET_STATUS_REQUEST_COMPLETE).result == TRUE);
      REQUIRE(recorder.last(INTERNET_STATUS_REQUEST_COMPLETE).error == ERROR_SUCCESS);
    } else {
      GateOpener opener(recorder, gate, recorder.countOf(INTERNET_STATUS_RECEIVING_RESPONSE) + 1);
      REQUIRE(InternetReadFile(request, buffer, sizeof(buffer), &read));
      REQUIRE(opener.told());
    }
    REQUIRE(read == 0);
    // The connection's closing comes with the end; it is not what is looked at here.
    std::vector<DWORD> seen = recorder.statuses(request.h);
    seen = without(std::vector<DWORD>(seen.begin() + static_cast<std::ptrdiff_t>(sent), seen.end()),
                   {INTERNET_STATUS_CLOSING_CONNECTION, INTERNET_STATUS_CONNECTION_CLOSED});
    std::vector<DWORD> expected = {INTERNET_STATUS_RECEIVING_RESPONSE, INTERNET_STATUS_RESPONSE_RECEIVED};
    if (async) expected.push_back(INTERNET_STATUS_REQUEST_COMPLETE);
    REQUIRE(seen == expected);
    const Notice received = recorder.last(INTERNET_STATUS_RESPONSE_RECEIVED);
    REQUIRE(received.lengthRight);
    REQUIRE(received.number == 0);
  }
}
