// A transfer fed by a cookie store (RequestSpec::cookieStore) instead of
// curl's cookie engine. curl follows redirects itself, so the Cookie header
// is set again for every hop: once the head that redirects is in, before
// curl builds the next request, which reads CURLOPT_COOKIE then.
#include <curl/curl.h>

#include "cookie_store.h"
#include "transfer.h"

namespace hinternet {

std::string Transfer::currentUrl() const {
  char* url = nullptr;
  curl_easy_getinfo(static_cast<CURL*>(easy_), CURLINFO_EFFECTIVE_URL, &url);
  return url ? url : spec_.url;
}

std::string Transfer::resolveLocation(const std::string& location) const {
  std::string resolved;
  CURLU* parsed = curl_url();
  if (parsed && curl_url_set(parsed, CURLUPART_URL, currentUrl().c_str(), 0) == CURLUE_OK &&
      curl_url_set(parsed, CURLUPART_URL, location.c_str(), CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK) {
    char* text = nullptr;
    if (curl_url_get(parsed, CURLUPART_URL, &text, 0) == CURLUE_OK && text) resolved = text;
    curl_free(text);
  }
  curl_url_cleanup(parsed);
  return resolved;
}

void Transfer::sendStoredCookies(const std::string& url) {
  std::string cookies = callerCookies_;
  const std::string stored = url.empty() ? std::string() : spec_.cookieStore->headerForUrl(url);
  if (!stored.empty()) cookies += (cookies.empty() ? "" : "; ") + stored;
  // An empty CURLOPT_COOKIE would still send an empty Cookie header.
  curl_easy_setopt(static_cast<CURL*>(easy_), CURLOPT_COOKIE, cookies.empty() ? nullptr : cookies.c_str());
}

void Transfer::keepResponseCookies(const ResponseHead& head) {
  const std::string url = currentUrl();
  bool any = false;
  for (const HeaderList::Field& field : head.headers.fields()) {
    if (!equalsIgnoreCase(field.name, "Set-Cookie")) continue;
    spec_.cookieStore->receivedFrom(url, field.value);
    any = true;
  }
  // A request answered again (authentication) sends what it just got.
  if (any) sendStoredCookies(url);
}

}  // namespace hinternet
