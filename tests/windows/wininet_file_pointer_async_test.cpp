// InternetSetFilePointer in an INTERNET_FLAG_ASYNC session. The call itself
// never pends ("a synchronous call"); the reads after it return what is
// kept at once and pend (ERROR_IO_PENDING, then REQUEST_COMPLETE) while the
// body has not reached the position. Bodies are held by the edge server's
// gates, so what has arrived is decided by events, not by time.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>

#include "test_servers.h"
#include "wininet_async_helpers.h"
#include "wininet_helpers.h"
#include "wininet_status_recorder.h"

namespace {

std::string nginxUrl(const std::string& path) { return "http://127.0.0.1:" + std::to_string(httpPort()) + path; }

DWORD seek(HINTERNET file, LONG distance, DWORD method) {
  return InternetSetFilePointer(file, distance, nullptr, method, 0);
}

// An asynchronous InternetOpenUrl, completed; `flags` are its.
struct AsyncFile {
  StatusRecorder& recorder = newRecorder();
  InetHandle session;
  HINTERNET file = nullptr;

  explicit AsyncFile(const std::string& url, DWORD flags = INTERNET_FLAG_RELOAD)
      : session(InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, INTERNET_FLAG_ASYNC)) {
    REQUIRE(session.h);
    InternetSetStatusCallbackA(session, StatusRecorder::callbackA);
    SetLastError(0xdeadbeef);
    REQUIRE(InternetOpenUrlA(session, url.c_str(), nullptr, 0, flags, recorder.context()) == nullptr);
    REQUIRE(GetLastError() == ERROR_IO_PENDING);
    REQUIRE(recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE));
    file = reinterpret_cast<HINTERNET>(recorder.last(INTERNET_STATUS_REQUEST_COMPLETE).result);
    REQUIRE(file);
  }
  ~AsyncFile() {
    if (file) InternetCloseHandle(file);
  }
  std::size_t completions() { return recorder.countOf(INTERNET_STATUS_REQUEST_COMPLETE); }

  // One InternetReadFile of up to `size` bytes: at once (no completion
  // comes for it) or pending (exactly one does, successful).
  std::string read(DWORD size, bool* pended = nullptr) {
    std::string buffer(size, '\0');
    DWORD got = 0xdeadbeef;
    const std::size_t before = completions();
    SetLastError(0xdeadbeef);
    const BOOL ok = InternetReadFile(file, &buffer[0], size, &got);
    if (pended) *pended = !ok;
    if (ok) {
      REQUIRE(GetLastError() == ERROR_SUCCESS);
      REQUIRE(completions() == before);
    } else {
      REQUIRE(GetLastError() == ERROR_IO_PENDING);
      REQUIRE(recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE, before + 1));
      const Notice done = recorder.last(INTERNET_STATUS_REQUEST_COMPLETE);
      REQUIRE(done.result == TRUE);
      REQUIRE(done.error == ERROR_SUCCESS);
    }
    buffer.resize(got);
    return buffer;
  }
  std::string readAll() {
    std::string body;
    for (std::string piece = read(4096); !piece.empty(); piece = read(4096)) body += piece;
    return body;
  }
};

}  // namespace

TEST_CASE("WinINet async: a move past what has arrived returns at once; the read after it pends until the body gets there") {
  const std::string gate = gateName("seek");
  const std::string body = "gate " + gate + "\n";
  AsyncFile f(edgeUrl("/gate/" + gate));
  // Nothing of the body has come; the move does not wait for it.
  SetLastError(0xdeadbeef);
  REQUIRE(seek(f.file, 3, FILE_BEGIN) == 3u);
  REQUIRE(GetLastError() == ERROR_SUCCESS);
  REQUIRE(seek(f.file, 0, FILE_CURRENT) == 3u);
  REQUIRE(f.completions() == 1);

  std::string buffer(64, '\0');
  DWORD got = 0xdeadbeef;
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetReadFile(f.file, &buffer[0], 64, &got));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  // A move while the read is pending is refused and changes nothing.
  SetLastError(0xdeadbeef);
  REQUIRE(seek(f.file, 0, FILE_BEGIN) == INVALID_SET_FILE_POINTER);
  REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_STATE);

  openGate(gate);
  REQUIRE(f.recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE, 2));
  const Notice done = f.recorder.last(INTERNET_STATUS_REQUEST_COMPLETE);
  REQUIRE(done.result == TRUE);
  REQUIRE(done.error == ERROR_SUCCESS);
  REQUIRE(buffer.substr(0, got) == body.substr(3));
  REQUIRE(f.read(64).empty());  // the end, at once or not

  // Back to the start: everything was kept, the bytes moved over included,
  // and comes at once, with no completion.
  REQUIRE(seek(f.file, 0, FILE_BEGIN) == 0u);
  DWORD available = 0;
  const std::size_t before = f.completions();
  REQUIRE(InternetQueryDataAvailable(f.file, &available, 0, 0));
  REQUIRE(available == body.size());
  bool pended = true;
  REQUIRE(f.read(64, &pended) == body);
  REQUIRE_FALSE(pended);
  REQUIRE(seek(f.file, -4, FILE_END) == DWORD(body.size() - 4));
  REQUIRE(f.read(64, &pended) == body.substr(body.size() - 4));
  REQUIRE_FALSE(pended);
  REQUIRE(f.completions() == before);
}

TEST_CASE("WinINet async: FILE_END with a Content-Length answers at once; the read there pends, then reports the end") {
  const std::string gate = gateName("seek");
  const std::string body = "gate " + gate + "\n";
  AsyncFile f(edgeUrl("/gate/" + gate));
  REQUIRE(seek(f.file, 0, FILE_END) == DWORD(body.size()));
  std::string buffer(16, '\0');
  DWORD got = 0xdeadbeef;
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetReadFile(f.file, &buffer[0], 16, &got));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  openGate(gate);
  REQUIRE(f.recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE, 2));
  REQUIRE(f.recorder.last(INTERNET_STATUS_REQUEST_COMPLETE).result == TRUE);
  REQUIRE(got == 0);
  REQUIRE(seek(f.file, 5, FILE_BEGIN) == 5u);
  REQUIRE(f.readAll() == body.substr(5));
}

TEST_CASE("WinINet async: moves over a large body that is still arriving, forward and back") {
  // big.bin: 16 MiB in 64 KiB blocks whose first byte is the block's number.
  AsyncFile f(nginxUrl("/big.bin"));
  REQUIRE(seek(f.file, 3 * 65536, FILE_BEGIN) == 3u * 65536);
  REQUIRE(f.read(1) == std::string(1, '\3'));
  REQUIRE(seek(f.file, 65536, FILE_BEGIN) == 65536u);
  bool pended = true;
  REQUIRE(f.read(1, &pended) == std::string(1, '\1'));
  REQUIRE_FALSE(pended);
  REQUIRE(seek(f.file, 9 * 65536, FILE_BEGIN) == 9u * 65536);
  REQUIRE(f.read(1) == std::string(1, '\t'));
  // The Content-Length gives the end at once; reading there waits for the
  // rest of the body, then reports the end.
  REQUIRE(seek(f.file, 0, FILE_END) == 16u << 20);
  REQUIRE(f.read(64).empty());
  REQUIRE(seek(f.file, 2 * 65536, FILE_BEGIN) == 2u * 65536);
  REQUIRE(f.read(1, &pended) == std::string(1, '\2'));
  REQUIRE_FALSE(pended);
}

TEST_CASE("WinINet async: FILE_END without a length needs the whole body; then every move works") {
  AsyncFile f(edgeUrl("/chunked/4/10"));
  const std::string whole = f.readAll();
  REQUIRE(whole.size() == 40);
  REQUIRE(seek(f.file, -10, FILE_END) == 30u);
  bool pended = true;
  REQUIRE(f.read(64, &pended) == whole.substr(30));
  REQUIRE_FALSE(pended);
  REQUIRE(seek(f.file, -25, FILE_CURRENT) == 15u);
  REQUIRE(f.read(5, &pended) == whole.substr(15, 5));
  REQUIRE_FALSE(pended);
  // Past the end: nothing more, and the position holds.
  REQUIRE(seek(f.file, 100, FILE_BEGIN) == 100u);
  REQUIRE(f.read(64).empty());
  SetLastError(0xdeadbeef);
  REQUIRE(seek(f.file, -101, FILE_CURRENT) == INVALID_SET_FILE_POINTER);
  REQUIRE(GetLastError() == ERROR_NEGATIVE_SEEK);
  REQUIRE(seek(f.file, 0, FILE_CURRENT) == 100u);
}

TEST_CASE("WinINet async: FILE_END fails while a body without a length is still coming; the position stays") {
  // Ten-byte chunks a minute apart: the body is far from its end here.
  AsyncFile f(edgeUrl("/slow/20/60000?chunk=10&chunked=1"));
  REQUIRE(seek(f.file, 2, FILE_BEGIN) == 2u);
  SetLastError(0xdeadbeef);
  REQUIRE(seek(f.file, -1, FILE_END) == INVALID_SET_FILE_POINTER);
  REQUIRE(GetLastError() == ERROR_INTERNET_INVALID_OPERATION);
  REQUIRE(seek(f.file, 0, FILE_CURRENT) == 2u);
  // Closing cancels what is pending, and HANDLE_CLOSING comes last.
  std::string buffer(64, '\0');
  DWORD got = 0;
  const std::size_t before = f.completions();
  // What came of the first piece, past the two bytes moved over, is read
  // at once; the second piece is a minute away.
  DWORD total = 0;
  while (InternetReadFile(f.file, &buffer[0], 64, &got)) {
    REQUIRE(got > 0);
    total += got;
    REQUIRE(total <= 8);
  }
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  REQUIRE(InternetCloseHandle(f.file));
  f.file = nullptr;
  REQUIRE(f.recorder.waitFor(INTERNET_STATUS_HANDLE_CLOSING));
  REQUIRE(f.completions() == before + 1);
  const Notice cancelled = f.recorder.last(INTERNET_STATUS_REQUEST_COMPLETE);
  REQUIRE(cancelled.result == FALSE);
  REQUIRE(cancelled.error == ERROR_INTERNET_OPERATION_CANCELLED);
  REQUIRE(f.recorder.statuses().back() == INTERNET_STATUS_HANDLE_CLOSING);
}

TEST_CASE("WinINet async: a request not cached refuses every move, and bad handles are refused") {
  const std::string gate = gateName("seek");
  AsyncFile f(edgeUrl("/gate/" + gate), INTERNET_FLAG_RELOAD | INTERNET_FLAG_NO_CACHE_WRITE);
  for (DWORD method : {DWORD(FILE_BEGIN), DWORD(FILE_CURRENT), DWORD(FILE_END)}) {
    SetLastError(0xdeadbeef);
    REQUIRE(seek(f.file, 0, method) == INVALID_SET_FILE_POINTER);
    REQUIRE(GetLastError() == ERROR_INTERNET_INVALID_OPERATION);
  }
  SetLastError(0xdeadbeef);
  REQUIRE(seek(f.session, 0, FILE_BEGIN) == INVALID_SET_FILE_POINTER);
  REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  openGate(gate);
  REQUIRE(f.readAll() == "gate " + gate + "\n");
  HINTERNET closed = f.file;
  REQUIRE(InternetCloseHandle(closed));
  f.file = nullptr;
  SetLastError(0xdeadbeef);
  REQUIRE(seek(closed, 0, FILE_BEGIN) == INVALID_SET_FILE_POINTER);
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
}
