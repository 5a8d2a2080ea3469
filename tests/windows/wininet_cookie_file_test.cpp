// ImportCookieFileA/W and ExportCookieFileA/W (ordinals 108-111, no names)
// and InternalInternetGetCookie: the process's cookies to and from a
// Netscape cookies.txt file, and the cookie text as an error-code call.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "run_unique_name.h"
#include "wininet_helpers.h"

namespace {

using ImportA = BOOL(WINAPI*)(LPCSTR);
using ImportW = BOOL(WINAPI*)(LPCWSTR);
using ExportA = BOOL(WINAPI*)(LPCSTR, BOOL);
using ExportW = BOOL(WINAPI*)(LPCWSTR, BOOL);
using InternalGet = DWORD(WINAPI*)(LPCSTR, LPSTR, DWORD*);

template <class F>
F byOrdinal(WORD ordinal) {
  auto f = reinterpret_cast<F>(
      reinterpret_cast<void*>(GetProcAddress(GetModuleHandleA("wininet.dll"), MAKEINTRESOURCEA(ordinal))));
  REQUIRE(f);
  return f;
}

ImportA importA() { return byOrdinal<ImportA>(108); }
ExportA exportA() { return byOrdinal<ExportA>(109); }
ImportW importW() { return byOrdinal<ImportW>(110); }
ExportW exportW() { return byOrdinal<ExportW>(111); }

// Names unique to this run: the user's jar keeps cookies of earlier runs.
std::string domain(const std::string& name) { return name + "-" + runTag() + ".test"; }

std::wstring wide(const std::string& text) { return std::wstring(text.begin(), text.end()); }

// A file in the temporary folder, removed at the end of its scope.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& name) {
    char folder[MAX_PATH];
    GetTempPathA(MAX_PATH, folder);
    path = std::string(folder) + name + "-" + std::to_string(GetCurrentProcessId()) + ".txt";
    DeleteFileA(path.c_str());
  }
  ~TempFile() { DeleteFileA(path.c_str()); }
  std::string read() const {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  void write(const std::string& text) const {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
  }
};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

const char kLater[] = "; expires=Fri, 01 Jan 2100 00:00:00 GMT";
const char kGone[] = "; expires=Thu, 01 Jan 1970 00:00:00 GMT";

}  // namespace

TEST_CASE("WinINet cookie files: export writes the persistent cookies as Netscape lines") {
  const std::string d = domain("export");
  REQUIRE(InternetSetCookieA(("http://www." + d + "/").c_str(), nullptr, (std::string("host=only") + kLater).c_str()));
  REQUIRE(InternetSetCookieA(("http://www." + d + "/").c_str(), nullptr,
                             ("wide=1; domain=" + d + "; path=/p" + kLater).c_str()));
  REQUIRE(InternetSetCookieA(("https://www." + d + "/").c_str(), nullptr, (std::string("safe=1; secure") + kLater).c_str()));
  REQUIRE(InternetSetCookieExA(("http://www." + d + "/").c_str(), nullptr,
                               (std::string("hidden=1; httponly") + kLater).c_str(), INTERNET_COOKIE_HTTPONLY, 0) ==
          COOKIE_STATE_ACCEPT);
  REQUIRE(InternetSetCookieA(("http://www." + d + "/").c_str(), nullptr, "session=1"));

  TempFile file("hinternet-export");
  REQUIRE(exportA()(file.path.c_str(), FALSE));
  const std::string text = file.read();
  REQUIRE(text.rfind("# Netscape HTTP Cookie File\r\n", 0) == 0);
  REQUIRE(has(text, "www." + d + "\tFALSE\t/\tFALSE\t4102444800\thost\tonly\r\n"));
  REQUIRE(has(text, "\n." + d + "\tTRUE\t/p\tFALSE\t4102444800\twide\t1\r\n"));
  REQUIRE(has(text, "\nwww." + d + "\tFALSE\t/\tTRUE\t4102444800\tsafe\t1\r\n"));
  REQUIRE(has(text, "\n#HttpOnly_www." + d + "\tFALSE\t/\tFALSE\t4102444800\thidden\t1\r\n"));
  REQUIRE_FALSE(has(text, "\tsession\t"));  // session cookies end with the process

  // W, and exporting again replaces the file.
  REQUIRE(exportW()(wide(file.path).c_str(), FALSE));
  REQUIRE(count(file.read(), "# Netscape HTTP Cookie File") == 1);
  REQUIRE(count(file.read(), d + "\tFALSE\t/\tFALSE\t4102444800\thost\tonly\r\n") == 1);
}

TEST_CASE("WinINet cookie files: append adds to the file and keeps its header") {
  const std::string d = domain("append");
  REQUIRE(InternetSetCookieA(("http://" + d + "/").c_str(), "twice", (std::string("yes") + kLater).c_str()));
  TempFile file("hinternet-append");
  // Appending to a file that does not exist makes it, header first.
  REQUIRE(exportA()(file.path.c_str(), TRUE));
  REQUIRE(exportW()(wide(file.path).c_str(), TRUE));
  const std::string text = file.read();
  REQUIRE(count(text, "# Netscape HTTP Cookie File") == 1);
  REQUIRE(count(text, d + "\tFALSE\t/\tFALSE\t4102444800\ttwice\tyes\r\n") == 2);

  // The program's own text before stays.
  file.write("# my cookies\n");
  REQUIRE(exportA()(file.path.c_str(), TRUE));
  REQUIRE(file.read().rfind("# my cookies\n", 0) == 0);
  REQUIRE(count(file.read(), "# Netscape HTTP Cookie File") == 0);
  REQUIRE(count(file.read(), d + "\tFALSE\t/\tFALSE\t4102444800\ttwice\tyes\r\n") == 1);
}

TEST_CASE("WinINet cookie files: what was exported comes back on import, A and W") {
  const std::string d = domain("roundtrip");
  const std::string www = "http://www." + d + "/";
  REQUIRE(InternetSetCookieA(www.c_str(), nullptr, (std::string("a=1") + kLater).c_str()));
  REQUIRE(InternetSetCookieA(www.c_str(), nullptr, ("b=2; domain=" + d + kLater).c_str()));
  REQUIRE(InternetSetCookieA(("https://www." + d + "/").c_str(), nullptr, (std::string("c=3; secure") + kLater).c_str()));
  REQUIRE(InternetSetCookieExA(www.c_str(), nullptr, (std::string("h=4; httponly") + kLater).c_str(),
                               INTERNET_COOKIE_HTTPONLY, 0) == COOKIE_STATE_ACCEPT);
  TempFile file("hinternet-roundtrip");
  REQUIRE(exportA()(file.path.c_str(), FALSE));

  for (bool useWide : {false, true}) {
    INFO(useWide);
    // Delete them all, as a new profile would start.
    REQUIRE(InternetSetCookieA(www.c_str(), nullptr, (std::string("a=") + kGone).c_str()));
    REQUIRE(InternetSetCookieA(www.c_str(), nullptr, ("b=; domain=" + d + kGone).c_str()));
    REQUIRE(InternetSetCookieA(("https://www." + d + "/").c_str(), nullptr, (std::string("c=; secure") + kGone).c_str()));
    InternetSetCookieExA(www.c_str(), nullptr, (std::string("h=; httponly") + kGone).c_str(), INTERNET_COOKIE_HTTPONLY,
                         0);
    REQUIRE(cookiesFor("https://www." + d + "/", INTERNET_COOKIE_HTTPONLY) == "<none>");

    const BOOL imported = useWide ? importW()(wide(file.path).c_str()) : importA()(file.path.c_str());
    REQUIRE(imported);
    REQUIRE(cookiesFor(www) == "a=1; b=2");
    REQUIRE(cookiesFor("https://www." + d + "/", INTERNET_COOKIE_HTTPONLY) == "a=1; b=2; c=3; h=4");
    REQUIRE(cookiesFor("http://other." + d + "/") == "b=2");  // still a domain cookie
  }
}

TEST_CASE("WinINet cookie files: import passes over comments, malformed and expired lines") {
  const std::string d = domain("lenient");
  TempFile file("hinternet-lenient");
  file.write("# Netscape HTTP Cookie File\n"
             "\n"
             "# a comment\n"
             "." + d + "\tTRUE\t/\tFALSE\t4102444800\tgood\tyes\n"
             + d + "\tFALSE\t/\tFALSE\t4102444800\tcrlf\tyes\r\n"
             + d + " FALSE / FALSE 4102444800 spaces yes\n"
             + d + "\tFALSE\t/\tFALSE\tsoon\tdate\tbad\n"
             + d + "\tFALSE\tnoslash\tFALSE\t4102444800\tpath\tbad\n"
             + d + "\tFALSE\t/\tFALSE\t4102444800\tshort\n"
             + d + "\tFALSE\t/\tFALSE\t1000\told\tgone\n"
             "com\tTRUE\t/\tFALSE\t4102444800\tsuffix\tbad\n"
             + d + "\tFALSE\t/\tFALSE\t0\tsession\tyes");  // no newline at the end
  REQUIRE(importA()(file.path.c_str()));
  REQUIRE(cookiesFor("http://" + d + "/") == "good=yes; crlf=yes; short=; session=yes");
  REQUIRE(cookiesFor("http://x." + d + "/") == "good=yes");

  // An empty file imports nothing, and succeeds.
  file.write("");
  REQUIRE(importW()(wide(file.path).c_str()));
}

TEST_CASE("WinINet cookie files: missing files, bad paths and NULL") {
  TempFile missing("hinternet-missing");
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(importA()(missing.path.c_str()));
  REQUIRE(GetLastError() == ERROR_FILE_NOT_FOUND);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(importW()(wide(missing.path).c_str()));
  REQUIRE(GetLastError() == ERROR_FILE_NOT_FOUND);

  const std::string noFolder = missing.path + "-folder\\cookies.txt";
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(exportA()(noFolder.c_str(), FALSE));
  REQUIRE(GetLastError() == ERROR_PATH_NOT_FOUND);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(exportW()(wide(noFolder).c_str(), TRUE));
  REQUIRE(GetLastError() == ERROR_PATH_NOT_FOUND);

  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(importA()(nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(importW()(nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(exportA()(nullptr, FALSE));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(exportW()(nullptr, TRUE));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
}

TEST_CASE("WinINet cookies: InternalInternetGetCookie returns the cookie text's error as its result") {
  auto internalGet = reinterpret_cast<InternalGet>(
      reinterpret_cast<void*>(GetProcAddress(GetModuleHandleA("wininet.dll"), "InternalInternetGetCookie")));
  REQUIRE(internalGet);
  const std::string url = "http://" + domain("internal") + "/";
  DWORD size = 100;
  char buffer[64];
  REQUIRE(internalGet(url.c_str(), buffer, &size) == ERROR_NO_MORE_ITEMS);

  REQUIRE(InternetSetCookieA(url.c_str(), "x", "1"));
  REQUIRE(InternetSetCookieA(url.c_str(), "y", "22"));
  size = 0;
  REQUIRE(internalGet(url.c_str(), nullptr, &size) == ERROR_SUCCESS);
  REQUIRE(size == std::strlen("x=1; y=22") + 1);
  size = 4;
  REQUIRE(internalGet(url.c_str(), buffer, &size) == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == std::strlen("x=1; y=22") + 1);
  size = sizeof(buffer);
  REQUIRE(internalGet(url.c_str(), buffer, &size) == ERROR_SUCCESS);
  REQUIRE(std::string(buffer) == "x=1; y=22");
  REQUIRE(size == std::strlen("x=1; y=22") + 1);

  REQUIRE(internalGet(nullptr, buffer, &size) == ERROR_INVALID_PARAMETER);
  REQUIRE(internalGet(url.c_str(), buffer, nullptr) == ERROR_INVALID_PARAMETER);
}
