// Status callbacks of synchronous WinHTTP sessions (no WINHTTP_FLAG_ASYNC):
// Windows calls them on the calling thread, during the call they report
// on, and sends only the informational notifications: never
// SENDREQUEST_COMPLETE, HEADERS_AVAILABLE, DATA_AVAILABLE, READ_COMPLETE,
// WRITE_COMPLETE or REQUEST_ERROR, whose news is the call's own return
// (Wine's winhttp notification tests record these sequences from Windows).
// HANDLE_CREATED comes from WinHttpConnect and WinHttpOpenRequest on the
// calling thread in asynchronous mode too.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <string>
#include <vector>

#include "test_servers.h"
#include "winhttp_helpers.h"

namespace {

// What the callback saw, each notification filed under the call that was
// in progress on the test thread when it came ("between" outside any).
struct Recorder {
  struct Note {
    std::string call;
    HINTERNET handle;
    DWORD status;
    bool onCallingThread;
    std::wstring text;  // the string notifications' text
    bool createdRight;  // HANDLE_CREATED: its information is the handle
    DWORD bytes;        // REQUEST_SENT, RESPONSE_RECEIVED: the byte count
  };
  const DWORD thread = GetCurrentThreadId();
  std::string call = "between";
  std::vector<Note> notes;

  // The statuses `handle` got during call `name`; every one of them, and
  // nothing else, must have come on this thread while the call ran.
  template <class Call>
  std::vector<DWORD> during(const char* name, HINTERNET handle, Call&& run) {
    const std::size_t from = notes.size();
    call = name;
    run();
    call = "between";
    std::vector<DWORD> statuses;
    for (std::size_t i = from; i < notes.size(); ++i) {
      INFO(name << ": status 0x" << std::hex << notes[i].status);
      REQUIRE(notes[i].onCallingThread);
      REQUIRE(notes[i].call == name);
      if (notes[i].handle == handle) statuses.push_back(notes[i].status);
    }
    return statuses;
  }
  const Note* find(DWORD status) const {
    for (const Note& note : notes)
      if (note.status == status) return &note;
    return nullptr;
  }
};

void CALLBACK record(HINTERNET handle, DWORD_PTR context, DWORD status, LPVOID info, DWORD length) {
  auto* recorder = reinterpret_cast<Recorder*>(context);
  if (!recorder) return;
  std::wstring text;
  switch (status) {
    case WINHTTP_CALLBACK_STATUS_RESOLVING_NAME:
    case WINHTTP_CALLBACK_STATUS_NAME_RESOLVED:
    case WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER:
    case WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER:
    case WINHTTP_CALLBACK_STATUS_REDIRECT:
      if (info && length) text.assign(static_cast<const wchar_t*>(info), length - 1);
      break;
  }
  DWORD bytes = 0;
  if ((status == WINHTTP_CALLBACK_STATUS_REQUEST_SENT || status == WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED) &&
      info && length == sizeof(DWORD))
    bytes = *static_cast<DWORD*>(info);
  const bool createdRight = status != WINHTTP_CALLBACK_STATUS_HANDLE_CREATED ||
                            (length == sizeof(HINTERNET) && *static_cast<HINTERNET*>(info) == handle);
  recorder->notes.push_back(
      {recorder->call, handle, status, GetCurrentThreadId() == recorder->thread, text, createdRight, bytes});
}

// A synchronous session whose handles all report to `recorder`: the
// callback and the context are set on the session and inherited.
struct SyncSession {
  HINTERNET session = nullptr;
  HINTERNET connect = nullptr;
  SyncSession(Recorder& recorder, unsigned short port, LPCWSTR host = L"127.0.0.1") {
    session = WinHttpOpen(L"hinternet-sync", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0);
    REQUIRE(session);
    REQUIRE(WinHttpSetStatusCallback(session, record, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0) == nullptr);
    Recorder* context = &recorder;
    REQUIRE(WinHttpSetOption(session, WINHTTP_OPTION_CONTEXT_VALUE, &context, sizeof(context)));
    recorder.call = "WinHttpConnect";
    connect = WinHttpConnect(session, host, port, 0);
    recorder.call = "between";
    REQUIRE(connect);
  }
  ~SyncSession() {
    if (connect) WinHttpCloseHandle(connect);
    if (session) WinHttpCloseHandle(session);
  }
};

using Statuses = std::vector<DWORD>;

const Statuses kNewConnection = {
    WINHTTP_CALLBACK_STATUS_RESOLVING_NAME, WINHTTP_CALLBACK_STATUS_NAME_RESOLVED,
    WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER, WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER,
    WINHTTP_CALLBACK_STATUS_SENDING_REQUEST, WINHTTP_CALLBACK_STATUS_REQUEST_SENT};
const Statuses kReusedConnection = {WINHTTP_CALLBACK_STATUS_SENDING_REQUEST, WINHTTP_CALLBACK_STATUS_REQUEST_SENT};
const Statuses kResponse = {WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED};
const Statuses kNothing;

Statuses operator+(Statuses a, const Statuses& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// Windows sends HANDLE_CREATED for a new connect or request handle, from
// the call that made it, in either mode: the one notification that `make`
// (the call, named `name`) brings.
template <class Make>
HINTERNET created(Recorder& recorder, const char* name, Make&& make) {
  const std::size_t from = recorder.notes.size();
  recorder.call = name;
  HINTERNET handle = make();
  recorder.call = "between";
  REQUIRE(handle);
  REQUIRE(recorder.notes.size() == from + 1);
  const Recorder::Note& note = recorder.notes.back();
  REQUIRE(note.status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED);
  REQUIRE(note.handle == handle);
  REQUIRE(note.createdRight);
  REQUIRE(note.onCallingThread);
  REQUIRE(note.call == name);
  return handle;
}

HINTERNET openRecorded(Recorder& recorder, HINTERNET connect, LPCWSTR path) {
  return created(recorder, "WinHttpOpenRequest", [&] { return openGet(connect, path); });
}

BOOL sendGet(HINTERNET request) { return WinHttpSendRequest(request, nullptr, 0, nullptr, 0, 0, 0); }

// Reads the rest of the body with WinHttpQueryDataAvailable and
// WinHttpReadData, as synchronous programs do; returns it.
std::string readAll(Recorder& recorder, HINTERNET request) {
  std::string body;
  for (;;) {
    DWORD available = 0;
    REQUIRE(recorder.during("WinHttpQueryDataAvailable", request,
                            [&] { REQUIRE(WinHttpQueryDataAvailable(request, &available)); }) == kNothing);
    char buffer[4096];
    DWORD read = 0xdeadbeef;
    REQUIRE(recorder.during("WinHttpReadData", request, [&] {
      REQUIRE(WinHttpReadData(request, buffer, sizeof(buffer), &read));
    }) == kNothing);
    if (!read) return body;
    body.append(buffer, read);
  }
}

// Closes `request`: its HANDLE_CLOSING, and nothing else, comes before
// WinHttpCloseHandle returns, on the calling thread.
void closeRequest(Recorder& recorder, HINTERNET request) {
  REQUIRE(recorder.during("WinHttpCloseHandle", request, [&] { REQUIRE(WinHttpCloseHandle(request)); }) ==
          Statuses{WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING});
}

}  // namespace

TEST_CASE("WinHTTP sync callbacks: a GET reports on the calling thread, during each call, with no completions") {
  Recorder recorder;
  SyncSession s(recorder, httpPort());
  // The connect handle's HANDLE_CREATED came from WinHttpConnect.
  REQUIRE(recorder.notes.size() == 1);
  REQUIRE(recorder.notes[0].status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED);
  REQUIRE(recorder.notes[0].handle == s.connect);
  REQUIRE(recorder.notes[0].call == "WinHttpConnect");
  REQUIRE(recorder.notes[0].createdRight);
  REQUIRE(recorder.notes[0].onCallingThread);
  HINTERNET request = openRecorded(recorder, s.connect, L"/hello.txt");

  // A context of 0 in WinHttpSendRequest keeps the one the handle has.
  REQUIRE(recorder.during("WinHttpSendRequest", request, [&] { REQUIRE(sendGet(request)); }) == kNewConnection);
  REQUIRE(GetLastError() == ERROR_SUCCESS);
  REQUIRE(recorder.find(WINHTTP_CALLBACK_STATUS_RESOLVING_NAME)->text == L"127.0.0.1");
  REQUIRE(recorder.find(WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER)->text == L"127.0.0.1");
  REQUIRE(recorder.during("WinHttpReceiveResponse", request,
                          [&] { REQUIRE(WinHttpReceiveResponse(request, nullptr)); }) == kResponse);
  REQUIRE(GetLastError() == ERROR_SUCCESS);
  REQUIRE(statusCode(request) == 200);
  REQUIRE(readAll(recorder, request) == "hello from hinternet\n");
  closeRequest(recorder, request);

  // The next request of the connect handle goes over the same connection.
  request = openRecorded(recorder, s.connect, L"/hello.txt");
  REQUIRE(recorder.during("WinHttpSendRequest", request, [&] { REQUIRE(sendGet(request)); }) == kReusedConnection);
  REQUIRE(recorder.during("WinHttpReceiveResponse", request,
                          [&] { REQUIRE(WinHttpReceiveResponse(request, nullptr)); }) == kResponse);
  REQUIRE(readAll(recorder, request) == "hello from hinternet\n");
  closeRequest(recorder, request);

  // Closing the session closes its connect handle too: both HANDLE_CLOSINGs
  // come before it returns, the child's first.
  HINTERNET connect = s.connect, session = s.session;
  s.connect = s.session = nullptr;
  REQUIRE(recorder.during("WinHttpCloseHandle", connect, [&] { REQUIRE(WinHttpCloseHandle(connect)); }) ==
          Statuses{WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING});
  REQUIRE(recorder.during("WinHttpCloseHandle", session, [&] { REQUIRE(WinHttpCloseHandle(session)); }) ==
          Statuses{WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING});
  REQUIRE(recorder.notes.back().handle == session);
}

TEST_CASE("WinHTTP sync callbacks: closing the session delivers every HANDLE_CLOSING, children first, before it returns") {
  Recorder recorder;
  SyncSession s(recorder, httpPort());
  HINTERNET request = openRecorded(recorder, s.connect, L"/hello.txt");
  REQUIRE(sendAndReceive(request));
  recorder.notes.clear();
  HINTERNET session = s.session, connect = s.connect;
  s.connect = s.session = nullptr;
  recorder.during("WinHttpCloseHandle", session, [&] { REQUIRE(WinHttpCloseHandle(session)); });
  std::vector<HINTERNET> closing;
  for (const auto& note : recorder.notes) {
    REQUIRE(note.status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
    closing.push_back(note.handle);
  }
  REQUIRE(closing == std::vector<HINTERNET>{request, connect, session});
}

TEST_CASE("WinHTTP sync callbacks: an upload through WinHttpWriteData reports nothing for the writes") {
  Recorder recorder;
  SyncSession s(recorder, edgePort());
  HINTERNET request = created(recorder, "WinHttpOpenRequest", [&] {
    return WinHttpOpenRequest(s.connect, L"POST", L"/echo", nullptr, nullptr, nullptr, 0);
  });
  const std::string payload(100000, 'w');
  REQUIRE(recorder.during("WinHttpSendRequest", request, [&] {
    REQUIRE(WinHttpSendRequest(request, nullptr, 0, nullptr, 0, DWORD(payload.size()), 0));
  }) == kNewConnection);
  for (std::size_t at = 0; at < payload.size(); at += 65536) {
    const DWORD chunk = DWORD(std::min<std::size_t>(65536, payload.size() - at));
    DWORD written = 0;
    REQUIRE(recorder.during("WinHttpWriteData", request, [&] {
      REQUIRE(WinHttpWriteData(request, payload.data() + at, chunk, &written));
    }) == kNothing);
    REQUIRE(written == chunk);
  }
  REQUIRE(recorder.during("WinHttpReceiveResponse", request,
                          [&] { REQUIRE(WinHttpReceiveResponse(request, nullptr)); }) == kResponse);
  REQUIRE(statusCode(request) == 200);
  // /echo answers with the request head, then the body it got.
  const std::string echoed = readAll(recorder, request);
  REQUIRE(echoed.size() > payload.size());
  REQUIRE(echoed.substr(echoed.size() - payload.size()) == payload);
  closeRequest(recorder, request);
}

TEST_CASE("WinHTTP sync callbacks: a redirect reports its own response, REDIRECT, then the next hop, in WinHttpReceiveResponse") {
  Recorder recorder;
  SyncSession s(recorder, edgePort());
  HINTERNET request = openRecorded(recorder, s.connect, L"/redirect/302/1");
  REQUIRE(recorder.during("WinHttpSendRequest", request, [&] { REQUIRE(sendGet(request)); }) == kNewConnection);
  // The second hop goes to the same server, over the same connection.
  REQUIRE(recorder.during("WinHttpReceiveResponse", request,
                          [&] { REQUIRE(WinHttpReceiveResponse(request, nullptr)); }) ==
          kResponse + Statuses{WINHTTP_CALLBACK_STATUS_REDIRECT} + kReusedConnection + kResponse);
  const std::wstring target = L"http://127.0.0.1:" + std::to_wstring(edgePort()) + L"/redirect/302/0";
  REQUIRE(recorder.find(WINHTTP_CALLBACK_STATUS_REDIRECT)->text == target);
  // Every request and response head, the redirect's included, is counted.
  for (const auto& note : recorder.notes) {
    if (note.status != WINHTTP_CALLBACK_STATUS_REQUEST_SENT && note.status != WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED)
      continue;
    INFO("status 0x" << std::hex << note.status);
    REQUIRE(note.bytes > 0);
  }
  REQUIRE(statusCode(request) == 200);
  readAll(recorder, request);
  closeRequest(recorder, request);
}

TEST_CASE("WinHTTP sync callbacks: credentials answering a challenge resend the request within WinHttpReceiveResponse") {
  Recorder recorder;
  SyncSession s(recorder, edgePort());

  SECTION("set before the first send: the 401 is answered without the program") {
    HINTERNET request = openRecorded(recorder, s.connect, L"/auth/digest/sam/pw");
    REQUIRE(WinHttpSetCredentials(request, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_DIGEST, L"sam", L"pw",
                                  nullptr));
    REQUIRE(recorder.during("WinHttpSendRequest", request, [&] { REQUIRE(sendGet(request)); }) == kNewConnection);
    REQUIRE(recorder.during("WinHttpReceiveResponse", request,
                            [&] { REQUIRE(WinHttpReceiveResponse(request, nullptr)); }) ==
            kResponse + kReusedConnection + kResponse);
    REQUIRE(statusCode(request) == 200);
    REQUIRE(readAll(recorder, request) == "authenticated Digest sam\n");
    closeRequest(recorder, request);
  }
  SECTION("set after the 401, as the documentation's sample does: the next send reports as any other") {
    HINTERNET request = openRecorded(recorder, s.connect, L"/auth/basic/bob/pw");
    REQUIRE(recorder.during("WinHttpSendRequest", request, [&] { REQUIRE(sendGet(request)); }) == kNewConnection);
    REQUIRE(recorder.during("WinHttpReceiveResponse", request,
                            [&] { REQUIRE(WinHttpReceiveResponse(request, nullptr)); }) == kResponse);
    REQUIRE(statusCode(request) == 401);
    readAll(recorder, request);
    REQUIRE(WinHttpSetCredentials(request, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, L"bob", L"pw",
                                  nullptr));
    REQUIRE(recorder.during("WinHttpSendRequest", request, [&] { REQUIRE(sendGet(request)); }) ==
            kReusedConnection);
    REQUIRE(recorder.during("WinHttpReceiveResponse", request,
                            [&] { REQUIRE(WinHttpReceiveResponse(request, nullptr)); }) == kResponse);
    REQUIRE(statusCode(request) == 200);
    REQUIRE(readAll(recorder, request) == "authenticated Basic bob\n");
    closeRequest(recorder, request);
  }
}

TEST_CASE("WinHTTP sync callbacks: a failed send reports what it got to, then fails, with no REQUEST_ERROR") {
  Recorder recorder;
  SyncSession s(recorder, 1);  // nothing listens on port 1
  HINTERNET request = openRecorded(recorder, s.connect, L"/");
  REQUIRE(recorder.during("WinHttpSendRequest", request, [&] {
    REQUIRE_FALSE(sendGet(request));
    REQUIRE(GetLastError() == ERROR_WINHTTP_CANNOT_CONNECT);
  }) == Statuses{WINHTTP_CALLBACK_STATUS_RESOLVING_NAME, WINHTTP_CALLBACK_STATUS_NAME_RESOLVED,
                 WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER});
  closeRequest(recorder, request);
}

namespace {

// A request whose callback closes it from SENDING_REQUEST.
struct Closer {
  HINTERNET request = nullptr;
  DWORD thread = GetCurrentThreadId();
  bool closedHere = false;
  int closing = 0;
  bool afterClosing = false;  // anything after HANDLE_CLOSING
  HANDLE closed = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  ~Closer() { CloseHandle(closed); }
};

void CALLBACK closeOnSending(HINTERNET handle, DWORD_PTR context, DWORD status, LPVOID, DWORD) {
  auto* c = reinterpret_cast<Closer*>(context);
  if (!c || handle != c->request) return;
  c->afterClosing |= c->closing > 0;
  if (status == WINHTTP_CALLBACK_STATUS_SENDING_REQUEST) {
    c->closedHere = GetCurrentThreadId() == c->thread;
    WinHttpCloseHandle(handle);
  }
  if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) {
    ++c->closing;
    SetEvent(c->closed);
  }
}

}  // namespace

TEST_CASE("WinHTTP sync callbacks: a callback may close its own request during the call; the call fails cancelled") {
  Closer closer;
  WinHttpHandle session(WinHttpOpen(L"hinternet-sync", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  WinHttpSetStatusCallback(session, closeOnSending, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  WinHttpHandle connect(WinHttpConnect(session, L"127.0.0.1", httpPort(), 0));
  closer.request = openGet(connect, L"/hello.txt");
  REQUIRE_FALSE(WinHttpSendRequest(closer.request, nullptr, 0, nullptr, 0, 0, reinterpret_cast<DWORD_PTR>(&closer)));
  REQUIRE(GetLastError() == ERROR_WINHTTP_OPERATION_CANCELLED);
  REQUIRE(closer.closedHere);
  // HANDLE_CLOSING comes once the call has let go of the handle, the last
  // notification, exactly once.
  REQUIRE(WaitForSingleObject(closer.closed, 10000) == WAIT_OBJECT_0);
  SetLastError(0);
  REQUIRE_FALSE(WinHttpReceiveResponse(closer.request, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
  REQUIRE(closer.closing == 1);
  REQUIRE_FALSE(closer.afterClosing);
}

TEST_CASE("WinHTTP callbacks: HANDLE_CREATED comes from WinHttpConnect and WinHttpOpenRequest in async mode too") {
  // Never freed: asynchronous HANDLE_CLOSINGs may come after the test.
  Recorder& recorder = *new Recorder;
  WinHttpHandle session(WinHttpOpen(L"hinternet-async", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr,
                                    WINHTTP_FLAG_ASYNC));
  REQUIRE(session.h);
  // Only HANDLE_CREATED and HANDLE_CLOSING: nothing is sent.
  WinHttpSetStatusCallback(session, record, WINHTTP_CALLBACK_FLAG_HANDLES, 0);
  Recorder* context = &recorder;
  REQUIRE(WinHttpSetOption(session, WINHTTP_OPTION_CONTEXT_VALUE, &context, sizeof(context)));
  WinHttpHandle connect(created(recorder, "WinHttpConnect", [&] {
    return WinHttpConnect(session, L"127.0.0.1", httpPort(), 0);
  }));
  WinHttpHandle request(openRecorded(recorder, connect, L"/hello.txt"));
}
