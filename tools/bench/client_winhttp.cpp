#include <windows.h>

#include <winhttp.h>

#include <vector>

#include "client.h"

namespace bench {
namespace {

class WinHttpClient : public Client {
 public:
  ~WinHttpClient() override {
    if (connect_) WinHttpCloseHandle(connect_);
    if (session_) WinHttpCloseHandle(session_);
  }

  bool open(const Target& target) override {
    target_ = target;
    session_ = WinHttpOpen(L"hinternet-bench", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0);
    if (!session_) return failed("WinHttpOpen");
    if (target.http2) {
      // Not fatal: the response's version tells whether HTTP/2 was used.
      DWORD protocols = WINHTTP_PROTOCOL_FLAG_HTTP2;
      WinHttpSetOption(session_, WINHTTP_OPTION_ENABLE_HTTP_PROTOCOL, &protocols, sizeof(protocols));
    }
    connect_ = WinHttpConnect(session_, wide(target.host).c_str(), static_cast<INTERNET_PORT>(target.port), 0);
    return connect_ ? true : failed("WinHttpConnect");
  }

  bool get(const std::string& path, size_t buffer, bool verify, Response& response) override {
    HINTERNET request = openRequest(L"GET", path);
    if (!request) return false;
    const double sent = now();
    bool ok = WinHttpSendRequest(request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0)
                  ? receive(request, buffer, verify, sent, response)
                  : failed("WinHttpSendRequest");
    WinHttpCloseHandle(request);
    return ok;
  }

  bool post(const std::string& path, uint64_t length, size_t chunk, Response& response) override {
    HINTERNET request = openRequest(L"POST", path);
    if (!request) return false;
    bool ok = WinHttpSendRequest(request, L"Content-Type: application/octet-stream", DWORD(-1),
                                 WINHTTP_NO_REQUEST_DATA, 0, static_cast<DWORD>(length), 0)
                  ? true
                  : failed("WinHttpSendRequest");
    for (uint64_t offset = 0; ok && offset < length;) {
      DWORD size = static_cast<DWORD>(std::min<uint64_t>(chunk, length - offset)), written = 0;
      if (!WinHttpWriteData(request, patternAt(offset, size), size, &written)) ok = failed("WinHttpWriteData");
      offset += written;
      if (ok && written == 0) ok = failed("WinHttpWriteData wrote nothing");
    }
    ok = ok && receive(request, 64 * 1024, false, now(), response);
    WinHttpCloseHandle(request);
    return ok;
  }

 private:
  HINTERNET openRequest(const wchar_t* verb, const std::string& path) {
    HINTERNET request = WinHttpOpenRequest(connect_, verb, wide(path).c_str(), nullptr, WINHTTP_NO_REFERER,
                                           WINHTTP_DEFAULT_ACCEPT_TYPES, target_.tls ? WINHTTP_FLAG_SECURE : 0);
    if (!request) failed("WinHttpOpenRequest");
    return request;
  }

  bool receive(HINTERNET request, size_t buffer, bool verify, double sent, Response& response) {
    if (!WinHttpReceiveResponse(request, nullptr)) return failed("WinHttpReceiveResponse");
    DWORD size = sizeof(response.status);
    WinHttpQueryHeaders(request, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                        WINHTTP_HEADER_NAME_BY_INDEX, &response.status, &size, WINHTTP_NO_HEADER_INDEX);
    wchar_t version[32] = {};
    size = sizeof(version) - sizeof(wchar_t);
    if (WinHttpQueryHeaders(request, WINHTTP_QUERY_VERSION, WINHTTP_HEADER_NAME_BY_INDEX, version, &size,
                            WINHTTP_NO_HEADER_INDEX)) {
      for (const wchar_t* c = version; *c; ++c) response.version += static_cast<char>(*c);
    }
    if (buffer_.size() != buffer) buffer_.assign(buffer, 0);
    for (;;) {
      DWORD read = 0;
      if (!WinHttpReadData(request, buffer_.data(), static_cast<DWORD>(buffer_.size()), &read))
        return failed("WinHttpReadData");
      if (!read) return true;
      consume(response, buffer_.data(), read, verify, sent);
    }
  }

  Target target_;
  HINTERNET session_ = nullptr, connect_ = nullptr;
  std::vector<char> buffer_;
};

}  // namespace

std::unique_ptr<Client> makeWinHttpClient() { return std::unique_ptr<Client>(new WinHttpClient); }

}  // namespace bench
