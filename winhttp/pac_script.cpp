// Finding and fetching proxy auto-configuration scripts. There is no PAC
// interpreter yet: a script that was fetched cannot be run.
#include "pac_script.h"

#include <cctype>

#include "log.h"
#include "text.h"
#include "transfer.h"
#include "trust_store.h"
#include "wpad_detect.h"

namespace hinternet::winhttp {
namespace {

constexpr long kScriptTimeoutMs = 30000;
constexpr std::size_t kMaxScript = 1u << 20;

DWORD downloadScript(const std::wstring& url, std::string& script) {
  std::string address = win32::utf8FromWide(url.c_str());
  std::string scheme = address.substr(0, address.find("://"));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (address.find("://") == std::string::npos || (scheme != "http" && scheme != "https"))
    return ERROR_WINHTTP_UNRECOGNIZED_SCHEME;
  RequestSpec spec;
  spec.url = address;
  spec.caPem = &trustAnchorsPem();
  spec.connectTimeoutMs = kScriptTimeoutMs;
  auto transfer = std::make_shared<Transfer>(std::move(spec));
  transfer->start();
  if (transfer->waitForHeaders(kScriptTimeoutMs) != Error::None || transfer->head().status != 200)
    return ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT;
  for (;;) {
    std::size_t available = 0;
    if (transfer->waitForData(kScriptTimeoutMs, available) != Error::None || script.size() > kMaxScript) {
      transfer->cancel();
      return ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT;
    }
    if (!available) break;
    std::string chunk(available, '\0');
    chunk.resize(transfer->read(chunk.data(), chunk.size()));
    script += chunk;
  }
  return ERROR_SUCCESS;
}

}  // namespace

// Finds and fetches the script the options name, then would run it for
// `url`: the Win32 error of the first step that fails.
DWORD resolveProxy(const std::wstring& url, const WINHTTP_AUTOPROXY_OPTIONS& options) {
  DWORD error = ERROR_WINHTTP_AUTODETECTION_FAILED;
  std::string script;
  if (options.dwFlags & WINHTTP_AUTOPROXY_AUTO_DETECT) {
    const std::wstring scriptUrl = win32::detectScriptUrl(options.dwAutoDetectFlags);
    if (!scriptUrl.empty()) error = downloadScript(scriptUrl, script);
  }
  if (error != ERROR_SUCCESS && (options.dwFlags & WINHTTP_AUTOPROXY_CONFIG_URL))
    error = downloadScript(options.lpszAutoConfigUrl, script);
  if (error != ERROR_SUCCESS) return error;
  LOG_WARN("proxy auto-configuration: %lu byte script for %s found, but PAC scripts cannot be run yet",
           static_cast<unsigned long>(script.size()), win32::utf8FromWide(url.c_str()).c_str());
  return ERROR_WINHTTP_BAD_AUTO_PROXY_SCRIPT;
}


}  // namespace hinternet::winhttp
