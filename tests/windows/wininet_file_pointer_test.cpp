// InternetSetFilePointer on HTTP requests whose body may be cached.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>

#include "test_servers.h"
#include "wininet_helpers.h"

namespace {

std::string nginxUrl(const std::string& path) { return "http://127.0.0.1:" + std::to_string(httpPort()) + path; }
std::string readSome(HINTERNET file, DWORD count) {
  std::string out(count, '\0');
  DWORD read = 0;
  REQUIRE(InternetReadFile(file, &out[0], count, &read));
  out.resize(read);
  return out;
}

DWORD seek(HINTERNET file, LONG distance, DWORD method) {
  return InternetSetFilePointer(file, distance, nullptr, method, 0);
}

}  // namespace

TEST_CASE("WinINet: InternetSetFilePointer moves over the body of a cached request") {
  InetHandle session(InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  std::string whole;
  {
    InetHandle file(InternetOpenUrlA(session, nginxUrl("/hello.txt").c_str(), nullptr, 0, INTERNET_FLAG_RELOAD, 0));
    REQUIRE(file.h);
    whole = readAll(file);
  }
  REQUIRE(whole.size() > 8);
  const LONG size = static_cast<LONG>(whole.size());

  InetHandle file(InternetOpenUrlA(session, nginxUrl("/hello.txt").c_str(), nullptr, 0, INTERNET_FLAG_RELOAD, 0));
  REQUIRE(file.h);
  CHECK(readSome(file, 5) == whole.substr(0, 5));

  SECTION("back to the start re-reads the same bytes") {
    CHECK(seek(file, 0, FILE_BEGIN) == 0);
    CHECK(readAll(file) == whole);
  }
  SECTION("FILE_CURRENT moves back and forward") {
    CHECK(seek(file, -3, FILE_CURRENT) == 2);
    CHECK(readSome(file, 2) == whole.substr(2, 2));
    CHECK(seek(file, 3, FILE_CURRENT) == 7);
    CHECK(readAll(file) == whole.substr(7));
    LONG high = 0;
    CHECK(InternetSetFilePointer(file, 0, &high, FILE_CURRENT, 0) == static_cast<DWORD>(size));
  }
  SECTION("FILE_END counts from the end of the body") {
    CHECK(seek(file, 0, FILE_END) == static_cast<DWORD>(size));
    CHECK(readSome(file, 16).empty());
    CHECK(seek(file, -4, FILE_END) == static_cast<DWORD>(size - 4));
    CHECK(readAll(file) == whole.substr(whole.size() - 4));
  }
  SECTION("InternetQueryDataAvailable counts the bytes kept after the position") {
    CHECK(seek(file, 1, FILE_BEGIN) == 1);
    DWORD available = 0;
    REQUIRE(InternetQueryDataAvailable(file, &available, 0, 0));
    CHECK(available == 4);
    INTERNET_BUFFERSA buffers = {};
    buffers.dwStructSize = sizeof(buffers);
    char data[64];
    buffers.lpvBuffer = data;
    buffers.dwBufferLength = 3;
    REQUIRE(InternetReadFileExA(file, &buffers, 0, 0));
    CHECK(std::string(data, buffers.dwBufferLength) == whole.substr(1, 3));
  }
  SECTION("a move before the start fails and keeps the position") {
    // Windows reads a cached body from its cache file, and SetFilePointer
    // refuses a negative position with ERROR_NEGATIVE_SEEK, the file
    // pointer unmoved (SetFilePointer's documentation).
    SetLastError(0);
    CHECK(seek(file, -6, FILE_CURRENT) == INVALID_SET_FILE_POINTER);
    CHECK(GetLastError() == ERROR_NEGATIVE_SEEK);
    CHECK(readAll(file) == whole.substr(5));
  }
  SECTION("a move past the end reads nothing more") {
    CHECK(seek(file, size + 10, FILE_BEGIN) == static_cast<DWORD>(size + 10));
    CHECK(readSome(file, 16).empty());
    CHECK(seek(file, 0, FILE_BEGIN) == 0);
    CHECK(readAll(file) == whole);
  }
  SECTION("a bad move method fails with ERROR_INVALID_PARAMETER") {
    // As SetFilePointer answers a move method it does not know.
    for (DWORD method : {DWORD(3), DWORD(0xFFFFFFFF)}) {
      SetLastError(0);
      CHECK(seek(file, 0, method) == INVALID_SET_FILE_POINTER);
      CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
    }
    CHECK(readAll(file) == whole.substr(5));
  }
  SECTION("success clears the last error: the position 0xFFFFFFFF is valid") {
    // "the caller must check both the return value and the error code"
    // (InternetSetFilePointer's documentation).
    SetLastError(ERROR_INVALID_PARAMETER);
    CHECK(seek(file, 2, FILE_BEGIN) == 2u);
    CHECK(GetLastError() == ERROR_SUCCESS);
  }
  SECTION("the high part makes a 64-bit move and receives the new position's") {
    LONG high = -1;
    CHECK(InternetSetFilePointer(file, -2, &high, FILE_CURRENT, 0) == 3u);
    CHECK(high == 0);
    CHECK(readAll(file) == whole.substr(3));
    high = 0;
    CHECK(InternetSetFilePointer(file, 1, &high, FILE_BEGIN, 0) == 1u);
    CHECK(high == 0);
    CHECK(readAll(file) == whole.substr(1));
  }
}

TEST_CASE("WinINet: InternetSetFilePointer reads ahead a large body and comes back") {
  InetHandle session(InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle connect(
      InternetConnectA(session, "127.0.0.1", httpPort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  InetHandle request(HttpOpenRequestA(connect, "GET", "/big.bin", nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD, 0));
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  // big.bin: 64 KiB blocks whose first byte is the block's number.
  CHECK(seek(request, 3 * 65536, FILE_BEGIN) == 3u * 65536);
  CHECK(readSome(request, 1) == std::string(1, '\3'));
  CHECK(seek(request, 65536, FILE_BEGIN) == 65536u);
  CHECK(readSome(request, 1) == std::string(1, '\1'));
  CHECK(seek(request, 0, FILE_END) == 16u << 20);
}

TEST_CASE("WinINet: InternetSetFilePointer on a chunked body from the edge server once it has ended") {
  InetHandle session(InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle file(InternetOpenUrlA(session, edgeUrl("/chunked/4/10").c_str(), nullptr, 0, INTERNET_FLAG_RELOAD, 0));
  REQUIRE(file.h);
  const std::string whole = readAll(file);
  REQUIRE(whole.size() == 40);
  // Without a Content-Length, the end is known once the body has ended.
  CHECK(seek(file, -10, FILE_END) == 30u);
  CHECK(readAll(file) == whole.substr(30));
  CHECK(seek(file, 12, FILE_BEGIN) == 12u);
  CHECK(readSome(file, 8) == whole.substr(12, 8));
}

TEST_CASE("WinINet: InternetSetFilePointer refuses requests not cached and handles of other kinds") {
  InetHandle session(InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle connect(
      InternetConnectA(session, "127.0.0.1", httpPort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  for (DWORD flag : {static_cast<DWORD>(INTERNET_FLAG_NO_CACHE_WRITE), static_cast<DWORD>(INTERNET_FLAG_DONT_CACHE)}) {
    InetHandle request(HttpOpenRequestA(connect, "GET", "/hello.txt", nullptr, nullptr, nullptr, flag, 0));
    REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
    SetLastError(0);
    CHECK(seek(request, 0, FILE_BEGIN) == INVALID_SET_FILE_POINTER);
    CHECK(GetLastError() == ERROR_INTERNET_INVALID_OPERATION);
  }
  SetLastError(0);
  CHECK(seek(nullptr, 0, FILE_BEGIN) == INVALID_SET_FILE_POINTER);
  CHECK(GetLastError() == ERROR_INVALID_HANDLE);
  for (HINTERNET wrong : {session.h, connect.h}) {
    SetLastError(0);
    CHECK(seek(wrong, 0, FILE_BEGIN) == INVALID_SET_FILE_POINTER);
    CHECK(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    // WinINet checks the handle's type before the other arguments (wine
    // wininet tests, ftp.c: "handle type is checked before parameters").
    SetLastError(0);
    CHECK(seek(wrong, -1, 7) == INVALID_SET_FILE_POINTER);
    CHECK(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  }
  // A request not sent yet has no body to move over.
  {
    InetHandle unsent(HttpOpenRequestA(connect, "GET", "/hello.txt", nullptr, nullptr, nullptr, 0, 0));
    SetLastError(0);
    CHECK(seek(unsent, 0, FILE_BEGIN) == INVALID_SET_FILE_POINTER);
    CHECK(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_STATE);
  }
  HINTERNET closed = HttpOpenRequestA(connect, "GET", "/hello.txt", nullptr, nullptr, nullptr, 0, 0);
  REQUIRE(closed);
  REQUIRE(InternetCloseHandle(closed));
  SetLastError(0);
  CHECK(seek(closed, 0, FILE_BEGIN) == INVALID_SET_FILE_POINTER);
  CHECK(GetLastError() == ERROR_INVALID_HANDLE);
}
