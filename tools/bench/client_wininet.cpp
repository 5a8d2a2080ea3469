#include <windows.h>

#include <wininet.h>

#include <vector>

#include "client.h"

namespace bench {
namespace {

// No disk cache: Wine's builtin would otherwise write every body into the
// URL cache, which is not what is being measured.
constexpr DWORD kRequestFlags =
    INTERNET_FLAG_KEEP_CONNECTION | INTERNET_FLAG_NO_CACHE_WRITE | INTERNET_FLAG_RELOAD | INTERNET_FLAG_NO_UI;

class WinInetClient : public Client {
 public:
  ~WinInetClient() override {
    if (connect_) InternetCloseHandle(connect_);
    if (session_) InternetCloseHandle(session_);
  }

  bool open(const Target& target) override {
    target_ = target;
    session_ = InternetOpenA("hinternet-bench", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0);
    if (!session_) return failed("InternetOpenA");
    if (target.http2) {
      DWORD protocols = HTTP_PROTOCOL_FLAG_HTTP2;
      InternetSetOptionA(session_, INTERNET_OPTION_ENABLE_HTTP_PROTOCOL, &protocols, sizeof(protocols));
    }
    connect_ = InternetConnectA(session_, target.host.c_str(), static_cast<INTERNET_PORT>(target.port), nullptr,
                                nullptr, INTERNET_SERVICE_HTTP, 0, 0);
    return connect_ ? true : failed("InternetConnectA");
  }

  bool get(const std::string& path, size_t buffer, bool verify, Response& response) override {
    HINTERNET request = openRequest("GET", path);
    if (!request) return false;
    const double sent = now();
    bool ok = HttpSendRequestA(request, nullptr, 0, nullptr, 0) ? receive(request, buffer, verify, sent, response)
                                                                : failed("HttpSendRequestA");
    InternetCloseHandle(request);
    return ok;
  }

  bool post(const std::string& path, uint64_t length, size_t chunk, Response& response) override {
    HINTERNET request = openRequest("POST", path);
    if (!request) return false;
    INTERNET_BUFFERSA buffers = {};
    buffers.dwStructSize = sizeof(buffers);
    buffers.dwBufferTotal = static_cast<DWORD>(length);
    bool ok = HttpSendRequestExA(request, &buffers, nullptr, 0, 0) ? true : failed("HttpSendRequestExA");
    for (uint64_t offset = 0; ok && offset < length;) {
      DWORD size = static_cast<DWORD>(std::min<uint64_t>(chunk, length - offset)), written = 0;
      if (!InternetWriteFile(request, patternAt(offset, size), size, &written)) ok = failed("InternetWriteFile");
      offset += written;
      if (ok && written == 0) ok = failed("InternetWriteFile wrote nothing");
    }
    if (ok && !HttpEndRequestA(request, nullptr, 0, 0)) ok = failed("HttpEndRequestA");
    ok = ok && receive(request, 64 * 1024, false, now(), response);
    InternetCloseHandle(request);
    return ok;
  }

 private:
  HINTERNET openRequest(const char* verb, const std::string& path) {
    HINTERNET request = HttpOpenRequestA(connect_, verb, path.c_str(), "HTTP/1.1", nullptr, nullptr,
                                         kRequestFlags | (target_.tls ? INTERNET_FLAG_SECURE : 0), 0);
    if (!request) failed("HttpOpenRequestA");
    return request;
  }

  bool receive(HINTERNET request, size_t buffer, bool verify, double sent, Response& response) {
    DWORD size = sizeof(response.status);
    HttpQueryInfoA(request, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &response.status, &size, nullptr);
    char version[32] = {};
    size = sizeof(version) - 1;
    if (HttpQueryInfoA(request, HTTP_QUERY_VERSION, version, &size, nullptr)) response.version = version;
    if (buffer_.size() != buffer) buffer_.assign(buffer, 0);
    for (;;) {
      DWORD read = 0;
      if (!InternetReadFile(request, buffer_.data(), static_cast<DWORD>(buffer_.size()), &read))
        return failed("InternetReadFile");
      if (!read) return true;
      consume(response, buffer_.data(), read, verify, sent);
    }
  }

  Target target_;
  HINTERNET session_ = nullptr, connect_ = nullptr;
  std::vector<char> buffer_;
};

}  // namespace

std::unique_ptr<Client> makeWinInetClient() { return std::unique_ptr<Client>(new WinInetClient); }

}  // namespace bench
